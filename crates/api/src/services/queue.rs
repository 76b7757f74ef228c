//! Runs the durable job queue: one worker per `Queue` (email, webhooks, interviews), each
//! under the supervisor (`crate::workers`), claiming due jobs of its kinds with the one claim
//! function (`db::background_jobs::claim`) and recording what came of each attempt: done
//! (deleted), tried again later per the kind's `RetryPolicy`, or given up (dead, kept with
//! its error and shown on the record it was about).
//!
//! Jobs run at least once: a worker that dies mid-job leaves it leased, and another takes it
//! when the lease runs out. So every job checks its record first and does nothing when its
//! work is already done.

use crate::services::context::Context;
use std::sync::Arc;

use actix_web::web;
use futures_util::StreamExt;

use super::mailer::Transport;
use crate::db::background_jobs::JobRow;
use crate::db::{self, DbConnection};
use crate::domain::jobs::{AfterFailure, Job, Queue, RetryPolicy};
use crate::errors::ApiError;
use crate::links::Links;
use crate::settings::Settings;
use crate::state::AppState;
use crate::workers::Heartbeat;

/// What a recruiter sees as the last error when the failure was ours, not the receiver's.
const INTERNAL_FAILURE: &str = "internal error on our side (logged); it will be retried";

/// Jobs claimed per pass, and run at once.
const BATCH: i64 = 20;
const CONCURRENCY: usize = 8;

/// What jobs need: the application state, the mail transport and the retry policy (from
/// the settings, built once).
pub struct JobContext {
    pub state: web::Data<AppState>,
    pub transport: Arc<Transport>,
    pub policy: RetryPolicy,
}

impl JobContext {
    pub fn new(state: web::Data<AppState>, transport: Arc<Transport>) -> JobContext {
        let policy = retry_policy(&state.settings);
        JobContext {
            state,
            transport,
            policy,
        }
    }
}

fn retry_policy(settings: &Settings) -> RetryPolicy {
    RetryPolicy {
        email_retry_base: settings.email.retry_base,
        email_max_age: settings.email.max_age,
        delivery_schedule: settings.webhook_retry_schedule.clone(),
        periodic_interval: settings.email.poll_interval,
    }
}

/// Runs `queue`'s jobs until the process stops: a pass every poll interval, and straight
/// away again while passes come back full.
pub async fn run_worker(context: Arc<JobContext>, queue: Queue, heartbeat: Heartbeat) {
    if let Err(error) = ensure_periodic(&context.state.context, queue).await {
        tracing::warn!(%error, queue = queue.name(), "could not queue the periodic jobs; retrying on restart");
    }
    let mut tick = tokio::time::interval(context.state.settings.email.poll_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        heartbeat.beat();
        loop {
            match work_once(&context, queue, &heartbeat).await {
                Ok(claimed) if claimed == BATCH as usize => continue,
                Ok(_) => break,
                Err(error) => {
                    tracing::warn!(%error, queue = queue.name(), "job queue pass failed; retrying next tick");
                    break;
                }
            }
        }
    }
}

/// The periodic jobs of `queue` exist (once, whichever node starts first).
async fn ensure_periodic(ctx: &Context, queue: Queue) -> Result<(), ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        for job in Job::periodic()
            .into_iter()
            .filter(|job| job.kind().queue() == queue)
        {
            db::background_jobs::ensure(conn, &job, now)?;
        }
        Ok(())
    })
    .await
}

/// One pass: claims due jobs of `queue` and runs them. Returns how many it claimed.
pub async fn work_once(
    context: &JobContext,
    queue: Queue,
    heartbeat: &Heartbeat,
) -> Result<usize, ApiError> {
    let kinds = queue.kinds();
    let ctx = &context.state.context;
    let now = ctx.now();
    let claimed = ctx
        .db(move |conn| Ok(db::background_jobs::claim(conn, &kinds, now, BATCH)?))
        .await?;
    let count = claimed.len();
    futures_util::stream::iter(claimed)
        .for_each_concurrent(CONCURRENCY, |row| {
            // A backlog of slow jobs keeps a pass busy longer than a poll interval.
            heartbeat.beat();
            run_one(context, row)
        })
        .await;
    Ok(count)
}

async fn run_one(context: &JobContext, row: JobRow) {
    let job = match Job::from_payload(row.kind, &row.payload) {
        Ok(job) => job,
        Err(error) => {
            tracing::error!(job_id = %row.id, kind = row.kind.as_str(), %error, "unreadable job; given up");
            let id = row.id.clone();
            let buried = context
                .state
                .context
                .db(move |conn| Ok(db::background_jobs::bury(conn, &id, &error)?))
                .await;
            if let Err(error) = buried {
                tracing::error!(%error, "could not record a job as dead");
            }
            return;
        }
    };
    let outcome = perform(context, &job, row.attempts).await;
    let recorded = match outcome {
        Ok(()) => record_success(context, row).await,
        Err(error) => record_failure(context, row, job, error).await,
    };
    if let Err(error) = recorded {
        // The lease runs out and the job is tried again.
        tracing::error!(%error, "could not record a job's outcome");
    }
}

/// Does the job's work; `attempt` counts from 1.
async fn perform(context: &JobContext, job: &Job, attempt: i32) -> Result<(), String> {
    let state = &context.state;
    let result = match job {
        Job::SendEmail { outbox_id } => {
            super::mailer::send(state, &context.transport, outbox_id, attempt).await
        }
        Job::DeliverWebhook { delivery_id } => {
            super::webhooks::deliver(state, delivery_id, attempt).await
        }
        Job::GreenhouseCallback { interview_id } => {
            super::greenhouse::send_completion_callback(state, interview_id, attempt).await
        }
        Job::EvaluateInterview { interview_id } => {
            super::evaluation::evaluate_interview(&state.context, interview_id).await
        }
        Job::ExpireInterviews => super::interviews::expire_unused(state).await,
        Job::QueueReminders => super::mailer::queue_reminders(&state.context).await,
        Job::FinishOverdueSessions => super::sessions::finish_overdue_sessions(&state.context)
            .await
            .map(|_| ())
            .map_err(JobError::from),
    };
    result.map_err(|error| match error {
        JobError::Failed(message) => message,
        // Our own failure (database, rendering): the details go to the log, not into the
        // last error a recruiter sees on the email or delivery.
        JobError::Api(error) => {
            tracing::error!(
                kind = job.kind().as_str(),
                subject = job.subject(),
                error = format!("{error:#}"),
                "job failed with an internal error"
            );
            INTERNAL_FAILURE.to_string()
        }
    })
}

/// Why an attempt failed: what the job found (kept as the record's last error), or an
/// error of our own (database, rendering).
#[derive(Debug)]
pub enum JobError {
    Failed(String),
    Api(ApiError),
}

impl From<ApiError> for JobError {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

async fn record_success(context: &JobContext, row: JobRow) -> Result<(), ApiError> {
    let next = context
        .policy
        .next_periodic_run(context.state.context.now());
    context
        .state
        .context
        .db(move |conn| {
            if row.kind.is_periodic() {
                // A periodic job's count starts afresh after each success.
                db::background_jobs::reschedule(conn, &row.id, next, None, 0)?;
            } else {
                db::background_jobs::complete(conn, &row.id)?;
            }
            Ok(())
        })
        .await
}

async fn record_failure(
    context: &JobContext,
    row: JobRow,
    job: Job,
    error: String,
) -> Result<(), ApiError> {
    let links = context.state.context.links.clone();
    let now = context.state.context.now();
    let next = context
        .policy
        .after_failure(row.kind, row.attempts, row.created_at, now);
    let retry_at = match next {
        AfterFailure::RetryAt(at) => Some(at),
        AfterFailure::GiveUp => None,
    };
    tracing::warn!(job_id = %row.id, kind = row.kind.as_str(), subject = %row.subject, attempts = row.attempts, %error, will_retry = retry_at.is_some(), "job attempt failed");
    context
        .state
        .context
        .db(move |conn| {
            db::transaction::<_, ApiError, _>(conn, |conn| {
                match retry_at {
                    Some(at) => db::background_jobs::reschedule(
                        conn,
                        &row.id,
                        at,
                        Some(&error),
                        row.attempts,
                    )?,
                    None => db::background_jobs::bury(conn, &row.id, &error)?,
                }
                show_failure(conn, &job, row.attempts, &error, retry_at, now, &links)
            })
        })
        .await
}

/// Shows a failed attempt on the record the job is about (what a recruiter sees), and when
/// the job is given up, what giving up means for that record.
fn show_failure(
    conn: &mut DbConnection,
    job: &Job,
    attempts: i32,
    error: &str,
    retry_at: Option<chrono::NaiveDateTime>,
    now: chrono::NaiveDateTime,
    links: &Links,
) -> Result<(), ApiError> {
    match job {
        Job::SendEmail { outbox_id } => {
            super::mailer::show_failure(conn, outbox_id, attempts, error, retry_at, links)
        }
        Job::DeliverWebhook { delivery_id } => Ok(db::webhooks::schedule_retry(
            conn,
            delivery_id,
            retry_at,
            now,
        )?),
        Job::GreenhouseCallback { interview_id } => Ok(super::greenhouse::show_callback_failure(
            conn,
            interview_id,
            attempts,
            error,
            retry_at,
        )?),
        Job::EvaluateInterview { interview_id } => {
            if retry_at.is_none() {
                tracing::error!(%interview_id, %error, "evaluation failed for good");
                db::evaluations::store(
                    conn,
                    interview_id,
                    interview_flow_shared::EvaluationStatus::Failed,
                    None,
                )?;
            }
            Ok(())
        }
        Job::ExpireInterviews | Job::QueueReminders | Job::FinishOverdueSessions => Ok(()),
    }
}

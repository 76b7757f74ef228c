//! Greenhouse assessment-partner API: Greenhouse lists our tests (the organisation's open jobs
//! with their interview set-up), orders one for a candidate (we create the candidate, fetch
//! the résumé, schedule the interview and email the invitation), polls its status, and is
//! told by a PATCH to its URL when the interview completes (retried until it answers 2xx).

use crate::services::context::Context;
use std::time::Duration;

use crate::domain::CallbackStatus;
use crate::domain::jobs::Job;
use chrono::TimeDelta;
use diesel::prelude::*;
use interview_flow_shared::{
    CreateInterviewRequest, GreenhouseSendTestRequest, GreenhouseSendTestResponse,
    GreenhouseTestDto, GreenhouseTestStatusDto, InterviewStatus, JobStatus, validation,
};
use serde_json::json;

use super::applications::{self, ResumeUpload};
use super::evaluation::StoredEvaluation;
use super::interviews::{
    self, Interviewee, NewInterview, effective_status, find_or_invite_candidate,
};
use super::queue::JobError;
use crate::auth::Recruiter;
use crate::db::schema::greenhouse_orders;
use crate::db::{self, DbConnection};
use crate::domain::ids::ApplicationId;
use crate::errors::ApiError;
use crate::outbound;
use crate::resume::MAX_RESUME_BYTES;
use crate::state::AppState;

const RESUME_FETCH_TIMEOUT: Duration = Duration::from_secs(10);
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(10);
const USER_AGENT: &str = "InterviewFlow-Greenhouse/1";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = greenhouse_orders)]
pub struct OrderRow {
    pub interview_id: String,
    pub organization_id: String,
    pub partner_test_id: String,
    pub callback_url: Option<String>,
    pub profile_url: Option<String>,
    pub sent_by: Option<String>,
    pub callback_status: CallbackStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<chrono::NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    /// Greenhouse's ids for the order (see `order_key`); unique per organisation.
    pub request_key: String,
}

pub async fn list_tests(
    ctx: &Context,
    recruiter: Recruiter,
) -> Result<Vec<GreenhouseTestDto>, ApiError> {
    ctx.db(move |conn| {
        Ok(
            db::jobs::list_for_organization(conn, &recruiter.organization_id)?
                .into_iter()
                .filter(|(job, _)| job.status == JobStatus::Open)
                .map(|(job, _)| GreenhouseTestDto {
                    partner_test_name: format!(
                        "AI interview: {} ({} questions, {} min)",
                        job.title, job.question_count, job.time_limit_minutes
                    ),
                    partner_test_id: job.id.to_string(),
                })
                .collect(),
        )
    })
    .await
}

/// How Greenhouse URLs (résumé links, completion callbacks) may be reached: through the SSRF
/// guard, never following redirects or proxies.
fn outbound_policy(state: &AppState, timeout: Duration) -> outbound::Policy {
    outbound::Policy {
        allow_private: state.settings.webhooks_allow_private_networks,
        timeout,
        user_agent: USER_AGENT,
    }
}

/// Fetches the résumé Greenhouse links to (size-capped, with a timeout, through the SSRF
/// guard: public addresses only unless private networks are allowed, no redirects). Failures
/// are logged: the test is still sent.
async fn fetch_resume(state: &AppState, url: &str) -> Option<Vec<u8>> {
    let result: Result<Vec<u8>, String> = async {
        let parsed = url::Url::parse(url).map_err(|e| format!("bad URL: {e}"))?;
        let client =
            outbound::client_for(&parsed, &outbound_policy(state, RESUME_FETCH_TIMEOUT)).await?;
        let mut response = client.get(parsed).send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        if status.is_redirection() {
            return Err(format!("HTTP {status}: redirects are not followed"));
        }
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
            if bytes.len() + chunk.len() > MAX_RESUME_BYTES {
                return Err("larger than 5 MB".into());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }
    .await;
    match result {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            tracing::warn!(%error, "could not fetch the résumé Greenhouse linked; sending the test without it");
            None
        }
    }
}

/// One completion PATCH (no body) through the SSRF guard, not following redirects.
async fn send_callback(state: &AppState, url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("bad URL: {e}"))?;
    let client = outbound::client_for(&parsed, &outbound_policy(state, CALLBACK_TIMEOUT))
        .await
        .map_err(|reason| format!("refused: {reason}"))?;
    let response = client
        .patch(parsed)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else if status.is_redirection() {
        Err(format!("HTTP {status}: redirects are not followed"))
    } else {
        Err(format!("HTTP {status}"))
    }
}

pub async fn send_test(
    state: &AppState,
    recruiter: Recruiter,
    request: GreenhouseSendTestRequest,
) -> Result<GreenhouseSendTestResponse, ApiError> {
    let candidate = &request.candidate;
    let email = validation::normalize_email(candidate.email.as_deref().unwrap_or("")).map_err(
        |mut e| {
            e.field = "candidate.email";
            e
        },
    )?;
    let name = candidate
        .preferred_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or(candidate.first_name.clone())
        .map(|first| {
            format!(
                "{first} {}",
                candidate.last_name.clone().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| email.clone());
    let full_name = validation::validate_full_name(&name).map_err(|mut e| {
        e.field = "candidate.first_name";
        e
    })?;
    if let Some(url) = &request.url {
        let parsed = url::Url::parse(url)
            .map_err(|_| ApiError::validation("url", "url must be an absolute URL."))?;
        // Refused now rather than on every retry; checked again before each attempt.
        outbound::check_destination(&parsed, state.settings.webhooks_allow_private_networks)
            .await
            .map_err(|reason| {
                ApiError::validation("url", format!("The callback URL cannot be used: {reason}."))
            })?;
    }
    let request_key = order_key(&request, &email);
    let (lookup_org, lookup_key) = (recruiter.organization_id.to_string(), request_key.clone());
    if let Some(interview_id) = state
        .context
        .db(move |conn| find_order(conn, &lookup_org, &lookup_key))
        .await?
    {
        return Ok(GreenhouseSendTestResponse {
            partner_interview_id: interview_id,
        });
    }
    // The network and the résumé's reading first, outside any transaction; then every row in
    // one: candidate, application, interview (with its invitation and event) and the order.
    let application_id = ApplicationId::generate();
    let resume = match &candidate.resume_url {
        Some(url) => match fetch_resume(state, url).await {
            Some(bytes) => {
                let upload = ResumeUpload {
                    filename: Some("greenhouse-resume".into()),
                    bytes,
                };
                match applications::store_resume(&state.settings.data_dir, &application_id, upload)
                    .await
                {
                    Ok(stored) => Some(stored),
                    Err(error) => {
                        tracing::warn!(%error, "the Greenhouse résumé was not stored; continuing without it");
                        None
                    }
                }
            }
            None => None,
        },
        None => None,
    };
    let now = state.context.now();
    let new = NewInterview::parse(
        CreateInterviewRequest {
            job_id: request.partner_test_id.clone(),
            application_id: None,
            candidate: Some(interview_flow_shared::CandidateInput {
                full_name: full_name.clone(),
                email: email.clone(),
                external_ids: None,
            }),
            // Greenhouse sends the test now: the link opens at once.
            scheduled_at: (now.and_utc() + TimeDelta::minutes(1)).to_rfc3339(),
            time_zone: None,
            opens_before_minutes: Some(15),
            expires_at: None,
            note: request
                .sent_by
                .as_ref()
                .map(|by| format!("Sent from Greenhouse by {by}")),
            external_ids: None,
        },
        now.and_utc(),
    )?;
    let resume_path = resume.as_ref().map(|stored| stored.path.clone());
    let links = state.context.links.clone();
    let order = OrderRow {
        interview_id: String::new(),
        organization_id: recruiter.organization_id.to_string(),
        partner_test_id: request.partner_test_id.clone(),
        callback_url: request.url.clone(),
        profile_url: candidate.greenhouse_profile_url.clone(),
        sent_by: request.sent_by.clone(),
        callback_status: CallbackStatus::None,
        attempts: 0,
        next_attempt_at: None,
        last_error: None,
        created_at: now,
        request_key,
    };
    let (order_org, order_key_copy) = (order.organization_id.clone(), order.request_key.clone());
    let outcome = state
        .context
        .db(move |conn| {
            db::transaction::<_, ApiError, _>(conn, |conn| {
                place_order(
                    conn,
                    &recruiter,
                    new,
                    resume,
                    application_id,
                    order,
                    &links,
                    now,
                )
            })
        })
        .await;
    let placed = match outcome {
        Ok(placed) => placed,
        // A retry running at the same time committed the order first (the unique key waits
        // for it): answer with its interview, as for any retry.
        Err(ApiError::Conflict {
            code: ORDER_RACED, ..
        }) => {
            if let Some(path) = &resume_path {
                let _ = std::fs::remove_file(path);
            }
            let (org, key) = (order_org, order_key_copy);
            let interview_id = state
                .context
                .db(move |conn| find_order(conn, &org, &key))
                .await?
                .ok_or_else(|| ApiError::internal("a raced Greenhouse order is not stored"))?;
            return Ok(GreenhouseSendTestResponse {
                partner_interview_id: interview_id,
            });
        }
        Err(error) => {
            // Nothing half-written: the stored résumé goes with the rolled-back rows.
            if let Some(path) = &resume_path {
                let _ = std::fs::remove_file(path);
            }
            return Err(error);
        }
    };
    if !placed.resume_used
        && let Some(path) = &resume_path
    {
        let _ = std::fs::remove_file(path);
    }
    Ok(GreenhouseSendTestResponse {
        partner_interview_id: placed.interview_id,
    })
}

/// How Greenhouse's own ids name an order: its callback URL (one per test it sends), else
/// the candidate's Greenhouse profile, else the candidate's email, for that test.
fn order_key(request: &GreenhouseSendTestRequest, email: &str) -> String {
    match (&request.url, &request.candidate.greenhouse_profile_url) {
        (Some(url), _) => format!("callback:{url}"),
        (None, Some(profile)) => format!("profile:{}:{profile}", request.partner_test_id),
        (None, None) => format!("email:{}:{email}", request.partner_test_id),
    }
}

fn find_order(
    conn: &mut DbConnection,
    organization_id: &str,
    request_key: &str,
) -> Result<Option<String>, ApiError> {
    Ok(greenhouse_orders::table
        .filter(greenhouse_orders::organization_id.eq(organization_id))
        .filter(greenhouse_orders::request_key.eq(request_key))
        .select(greenhouse_orders::interview_id)
        .first(conn)
        .optional()?)
}

/// The conflict `place_order` reports when a concurrent retry stored the same order first.
const ORDER_RACED: &str = "greenhouse_order_raced";

struct PlacedOrder {
    interview_id: String,
    /// Whether the fetched résumé became the application's (not when one existed already).
    resume_used: bool,
}

/// The order's rows, in the caller's transaction. A retry that committed before this one is
/// answered with its interview; one committing while this runs makes the order's insert fail
/// on its unique key (`ORDER_RACED`), and the caller answers with the winner's interview.
#[allow(clippy::too_many_arguments)]
fn place_order(
    conn: &mut DbConnection,
    recruiter: &Recruiter,
    mut new: NewInterview,
    resume: Option<applications::StoredResume>,
    application_id: ApplicationId,
    mut order: OrderRow,
    links: &crate::links::Links,
    now: chrono::NaiveDateTime,
) -> Result<PlacedOrder, ApiError> {
    if let Some(interview_id) = find_order(conn, &order.organization_id, &order.request_key)? {
        return Ok(PlacedOrder {
            interview_id,
            resume_used: false,
        });
    }
    let (job, _) = db::jobs::find_in_organization(conn, &recruiter.organization_id, &new.job_id)?
        .filter(|(job, _)| job.status == JobStatus::Open)
        .ok_or_else(|| ApiError::not_found("Unknown partner_test_id."))?;
    let Interviewee::Standalone { full_name, email } = &new.interviewee else {
        return Err(ApiError::internal("a Greenhouse order names its candidate"));
    };
    let candidate = find_or_invite_candidate(conn, full_name, email)?;
    let mut resume_used = false;
    if let Some(stored) = resume {
        let application = match db::applications::find_for_candidate(conn, &job.id, &candidate.id)?
        {
            Some(existing) => existing,
            None => {
                let row = stored.into_row(
                    application_id,
                    job.id.clone(),
                    candidate.id.clone(),
                    None,
                    now,
                );
                db::applications::insert(conn, &row)?;
                resume_used = true;
                row.id
            }
        };
        new.interviewee = Interviewee::Application(application.to_string());
    }
    let interview_id = interviews::schedule_in(conn, recruiter, &new, links, now)?;
    order.interview_id = interview_id.to_string();
    match diesel::insert_into(greenhouse_orders::table)
        .values(&order)
        .execute(conn)
    {
        Ok(_) => Ok(PlacedOrder {
            interview_id: order.interview_id,
            resume_used,
        }),
        Err(error) if db::is_unique_violation(&error) => Err(ApiError::Conflict {
            code: ORDER_RACED,
            message: "This test was sent by another request at the same time.".into(),
        }),
        Err(error) => Err(error.into()),
    }
}

pub async fn test_status(
    ctx: &Context,
    recruiter: Recruiter,
    id: String,
) -> Result<GreenhouseTestStatusDto, ApiError> {
    let links = ctx.links.clone();
    let now = ctx.now();
    ctx.db(move |conn| {
        let detail = db::interviews::find_in_organization(conn, &recruiter.organization_id, &id)?
            .ok_or_else(|| ApiError::not_found("Unknown partner_interview_id."))?;
        let row = &detail.interview;
        let stored: Option<StoredEvaluation> = db::evaluations::find(conn, &row.id)?
            .and_then(|e| e.result)
            .and_then(|j| serde_json::from_str(&j).ok());
        let status = match effective_status(&detail, now) {
            InterviewStatus::Scheduled => "sent",
            InterviewStatus::InProgress => "in_progress",
            InterviewStatus::Completed | InterviewStatus::Abandoned if stored.is_some() => {
                "complete"
            }
            InterviewStatus::Completed | InterviewStatus::Abandoned => "in_progress",
            InterviewStatus::Cancelled => "cancelled",
            InterviewStatus::Expired => "expired",
        };
        Ok(GreenhouseTestStatusDto {
            partner_status: status.into(),
            partner_profile_url: Some(links.report(&row.id)),
            partner_score: stored.as_ref().map(|e| e.overall),
            metadata: json!({
                "recommendation": stored.as_ref().map(|e| e.recommendation),
                "summary": stored.as_ref().map(|e| e.summary.clone()),
                "interview_status": effective_status(&detail, now).as_str(),
                "completed_at": detail.completed_at().map(super::rfc3339),
            }),
        })
    })
    .await
}

/// When an interview's evaluation is ready: queue the PATCH to Greenhouse (if it ordered it).
pub fn queue_completion_callback(conn: &mut DbConnection, interview_id: &str) -> QueryResult<()> {
    let now = db::now();
    let queued = diesel::update(
        greenhouse_orders::table
            .find(interview_id)
            .filter(greenhouse_orders::callback_url.is_not_null())
            .filter(greenhouse_orders::callback_status.eq(CallbackStatus::None)),
    )
    .set((
        greenhouse_orders::callback_status.eq(CallbackStatus::Pending),
        greenhouse_orders::next_attempt_at.eq(now),
    ))
    .execute(conn)?;
    if queued == 1 {
        let job = Job::GreenhouseCallback {
            interview_id: interview_id.to_string(),
        };
        db::background_jobs::enqueue(conn, &job, now)?;
    }
    Ok(())
}

/// The `greenhouse_callback` job: the completion callback (a PATCH with no body), unless it
/// was sent already. Retried on the webhook schedule (`services::queue`).
pub async fn send_completion_callback(
    state: &AppState,
    interview_id: &str,
    attempt: i32,
) -> Result<(), JobError> {
    let id = interview_id.to_string();
    let order: OrderRow = state
        .context
        .db(move |conn| {
            Ok(greenhouse_orders::table
                .find(&id)
                .select(OrderRow::as_select())
                .first(conn)?)
        })
        .await?;
    let (CallbackStatus::Pending, Some(url)) = (order.callback_status, order.callback_url) else {
        return Ok(());
    };
    send_callback(state, &url).await.map_err(JobError::Failed)?;
    let id = order.interview_id;
    state
        .context
        .db(move |conn| {
            diesel::update(greenhouse_orders::table.find(&id))
                .set((
                    greenhouse_orders::callback_status.eq(CallbackStatus::Sent),
                    greenhouse_orders::attempts.eq(attempt),
                    greenhouse_orders::last_error.eq(None::<String>),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Shows a failed callback attempt on the order: due again at `retry_at`, or failed.
pub fn show_callback_failure(
    conn: &mut DbConnection,
    interview_id: &str,
    attempts: i32,
    error: &str,
    retry_at: Option<chrono::NaiveDateTime>,
) -> QueryResult<()> {
    let status = if retry_at.is_some() {
        CallbackStatus::Pending
    } else {
        CallbackStatus::Failed
    };
    diesel::update(greenhouse_orders::table.find(interview_id))
        .set((
            greenhouse_orders::callback_status.eq(status),
            greenhouse_orders::attempts.eq(attempts),
            greenhouse_orders::last_error.eq(error),
            greenhouse_orders::next_attempt_at.eq(retry_at),
        ))
        .execute(conn)
        .map(|_| ())
}

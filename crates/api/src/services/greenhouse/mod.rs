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

mod orders;
pub use orders::send_test;

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

//! Interview scheduling: capability links, the candidate's window, reschedule / cancel /
//! resend, each writing its email into the outbox in the same transaction.

use crate::domain::ids::{InterviewId, JobId};
use crate::services::context::Context;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeDelta, Timelike, Utc};
use interview_flow_shared::validation::{self, FieldError};
use interview_flow_shared::{
    ApplicationStatus, CompanyBrandingDto, CreateInterviewRequest, DEFAULT_EXPIRY_DAYS,
    DEFAULT_OPENS_BEFORE_MINUTES, EmailStatus, ExternalIds, InterviewDto, InterviewJobDto,
    InterviewReadyDto, InterviewStatus, InterviewWindowDto, JobStatus, Page, PersonDto,
    ReadyJobDto, RescheduleInterviewRequest, Role, WebhookCandidateRef, WebhookEvent,
    WebhookInterviewData, WebhookJobRef, WindowState,
};

use super::{external_ids_from_json, external_ids_to_json, rfc3339};
use crate::auth::{AuthenticatedUser, Recruiter, refresh};
use crate::db::cursor::{self, Cursor};
use crate::db::interviews::{InterviewDetail, InterviewFilter, InterviewRow, ListOrder};
use crate::db::users::UserRow;
use crate::db::{self, DbConnection};
use crate::domain::interview::{self as lifecycle, Change, Fact, NotScheduled};
use crate::email::EmailKind;
use crate::errors::ApiError;
use crate::links::Links;
use crate::services::accounts::{self, SignedIn};

mod candidate_access;
mod changes;
mod request;

pub use candidate_access::{issue_access_token, link_sign_in, ready, request_sign_in_link};
pub use changes::{
    cancel, expire_unused, find_or_invite_candidate, reschedule, resend, schedule, schedule_in,
};
pub use request::{Interviewee, MAX_OPENS_BEFORE_MINUTES, NewInterview, Window};
use request::{parse_time, parse_time_zone};

/// The status as of `now`: a scheduled interview whose window closed is expired even before
/// the worker records it.
pub fn effective_status(detail: &InterviewDetail, now: NaiveDateTime) -> InterviewStatus {
    detail.lifecycle().status_at(now)
}

pub fn to_dto(detail: &InterviewDetail, links: &Links, now: NaiveDateTime) -> InterviewDto {
    let row = &detail.interview;
    let (email_status, email_error) = match &detail.email {
        Some((status, error)) => (*status, error.clone()),
        None => (EmailStatus::Queued, None),
    };
    InterviewDto {
        id: row.id.to_string(),
        link: links.interview(&row.id),
        status: effective_status(detail, now),
        job: InterviewJobDto {
            id: detail.job.id.to_string(),
            title: detail.job.title.clone(),
            company_name: detail.organization.name.clone(),
        },
        candidate: PersonDto {
            id: detail.candidate.id.to_string(),
            full_name: detail.candidate.full_name.clone(),
            email: detail.candidate.email.clone(),
        },
        application_id: row.application_id.clone().map(String::from),
        scheduled_at: scheduled_at_with_offset(row).to_rfc3339(),
        time_zone: row.time_zone.clone(),
        opens_at: rfc3339(row.opens_at),
        expires_at: rfc3339(row.expires_at),
        email_status,
        email_error,
        note: row.note.clone(),
        external_ids: external_ids_from_json(&row.external_ids),
        created_at: rfc3339(row.created_at),
        started_at: detail.started_at().map(rfc3339),
        completed_at: detail.completed_at().map(rfc3339),
    }
}

/// The scheduled time in the offset the recruiter used.
pub fn scheduled_at_with_offset(row: &InterviewRow) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(row.scheduled_offset_minutes * 60).unwrap_or(Utc.fix());
    row.scheduled_at.and_utc().with_timezone(&offset)
}

fn not_found() -> ApiError {
    ApiError::not_found("No such interview.")
}

/// What webhooks say about an interview: ids (ours and the ATS's), job, candidate, times.
pub fn event_payload(
    row: &InterviewRow,
    job: &crate::db::jobs::JobRow,
    candidate: &UserRow,
    links: &Links,
) -> WebhookInterviewData {
    let mut external_ids = external_ids_from_json(&job.external_ids);
    external_ids.extend(external_ids_from_json(&row.external_ids));
    WebhookInterviewData {
        interview_id: row.id.to_string(),
        link: links.interview(&row.id),
        status: row.status,
        job: WebhookJobRef {
            id: job.id.to_string(),
            title: job.title.clone(),
        },
        candidate: WebhookCandidateRef {
            id: candidate.id.to_string(),
            full_name: candidate.full_name.clone(),
            email: candidate.email.clone(),
        },
        scheduled_at: scheduled_at_with_offset(row).to_rfc3339(),
        opens_at: rfc3339(row.opens_at),
        expires_at: rfc3339(row.expires_at),
        external_ids,
        score: None,
        recommendation: None,
        report_url: None,
        report_api_url: None,
        email: None,
    }
}

/// Emits an interview event to the organisation's webhooks (inside the caller's transaction),
/// with the interview as it stands now; `complete` fills in the event's own fields.
pub fn emit_event(
    conn: &mut DbConnection,
    interview_id: &str,
    event: WebhookEvent,
    links: &Links,
    complete: impl FnOnce(&mut WebhookInterviewData),
) -> Result<(), ApiError> {
    let detail = db::interviews::find(conn, interview_id)?;
    emit_event_for(conn, &detail, event, links, complete)
}

fn emit_event_for(
    conn: &mut DbConnection,
    detail: &InterviewDetail,
    event: WebhookEvent,
    links: &Links,
    complete: impl FnOnce(&mut WebhookInterviewData),
) -> Result<(), ApiError> {
    let mut data = event_payload(&detail.interview, &detail.job, &detail.candidate, links);
    complete(&mut data);
    let data = serde_json::to_value(&data)
        .map_err(|e| anyhow::anyhow!("a webhook payload does not serialise: {e}"))?;
    super::webhooks::emit(
        conn,
        &detail.interview.organization_id,
        event.as_str(),
        data,
    )?;
    Ok(())
}

/// Records what a transition makes happen (`domain::interview::Fact`), in the caller's
/// transaction after the transition's own write: the interview is read once, as it stands
/// now, for the candidate to email and the events' payload.
pub fn record_facts(
    conn: &mut DbConnection,
    interview_id: &str,
    facts: &[Fact],
    links: &Links,
) -> Result<(), ApiError> {
    let detail = db::interviews::find(conn, interview_id)?;
    for fact in facts {
        match *fact {
            Fact::Email(kind) => enqueue_email(conn, interview_id, kind, &detail.candidate)?,
            Fact::Event(event) => emit_event_for(conn, &detail, event, links, |_| {})?,
        }
    }
    Ok(())
}

/// Queues one email about an interview (inside the caller's transaction).
pub fn enqueue_email(
    conn: &mut DbConnection,
    interview_id: &str,
    kind: EmailKind,
    to: &UserRow,
) -> diesel::QueryResult<()> {
    db::outbox::queue(conn, Some(interview_id), to, kind.as_str())
}

fn load_own(
    conn: &mut DbConnection,
    recruiter: &Recruiter,
    id: &str,
) -> Result<InterviewDetail, ApiError> {
    db::interviews::find_in_organization(conn, &recruiter.organization_id, id)?
        .ok_or_else(not_found)
}

/// May the recruiter make `change` now, and what to record.
fn allowed(
    detail: &InterviewDetail,
    change: Change,
    now: NaiveDateTime,
) -> Result<&'static [Fact], ApiError> {
    let action = match change {
        Change::Reschedule => "rescheduled",
        Change::Cancel => "cancelled",
        Change::Resend => "resent",
    };
    detail
        .lifecycle()
        .change(change, now)
        .map_err(|NotScheduled(status)| ApiError::Conflict {
            code: "interview_not_scheduled",
            message: format!(
                "Only a scheduled interview can be {action}; this one is {}.",
                status.as_str().replace('_', " ")
            ),
        })
}

pub async fn get(
    ctx: &Context,
    recruiter: Recruiter,
    id: InterviewId,
) -> Result<InterviewDto, ApiError> {
    let (links, now) = (ctx.links.clone(), ctx.now());
    ctx.db(move |conn| Ok(to_dto(&load_own(conn, &recruiter, &id)?, &links, now)))
        .await
}

pub struct ListQuery {
    /// `key:value`, e.g. `ats_application_id:123`.
    pub external_id: Option<String>,
    pub status: Option<String>,
    pub job_id: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

pub async fn list(
    ctx: &Context,
    recruiter: Recruiter,
    query: ListQuery,
) -> Result<Page<InterviewDto>, ApiError> {
    let (links, now) = (ctx.links.clone(), ctx.now());
    let limit = cursor::page_limit(query.limit)?;
    let after = query.cursor.as_deref().map(Cursor::decode).transpose()?;
    let statuses = match query.status.as_deref() {
        None | Some("") => Vec::new(),
        Some(raw) => raw
            .split(',')
            .map(|s| {
                InterviewStatus::parse(s.trim()).ok_or_else(|| {
                    ApiError::validation("status", format!("Unknown interview status \"{s}\"."))
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    // A job id that is not one of ours names no job: refused, as the document says (uuid).
    let job_id = query
        .job_id
        .as_deref()
        .map(|raw| {
            JobId::parse(raw)
                .ok_or_else(|| ApiError::validation("job_id", "job_id is not a valid job id."))
        })
        .transpose()?;
    let external_id_fragment = match query.external_id.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => {
            let (key, value) = raw.split_once(':').ok_or_else(|| {
                ApiError::validation(
                    "external_id",
                    "Filter by external id as key:value, e.g. ats_application_id:123.",
                )
            })?;
            Some(format!(
                "{}:{}",
                serde_json::to_string(key).unwrap_or_default(),
                serde_json::to_string(value).unwrap_or_default()
            ))
        }
    };
    let filter = InterviewFilter {
        id: None,
        organization_id: Some(recruiter.organization_id.to_string()),
        candidate_id: None,
        statuses,
        job_id: job_id.map(String::from),
        external_id_fragment,
    };
    ctx.db(move |conn| {
        let rows = db::interviews::list(
            conn,
            &filter,
            ListOrder::CreatedDesc,
            after.as_ref(),
            limit + 1,
        )?;
        let (rows, next_cursor) = cursor::paginate(rows, limit, |d| Cursor {
            created_at: d.interview.created_at,
            id: d.interview.id.to_string(),
        });
        Ok(Page {
            items: rows.iter().map(|d| to_dto(d, &links, now)).collect(),
            next_cursor,
        })
    })
    .await
}

pub fn window_state(detail: &InterviewDetail, now: NaiveDateTime) -> (WindowState, i64) {
    detail.lifecycle().window_at(now)
}

//! Interview scheduling: capability links, the candidate's window, reschedule / cancel /
//! resend, each writing its email into the outbox in the same transaction.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeDelta, Timelike, Utc};
use interview_flow_shared::validation::{self, FieldError};
use interview_flow_shared::{
    ApplicationStatus, CompanyBrandingDto, CreateInterviewRequest, DEFAULT_EXPIRY_DAYS,
    DEFAULT_OPENS_BEFORE_MINUTES, EmailStatus, ExternalIds, InterviewDto, InterviewJobDto,
    InterviewReadyDto, InterviewStatus, InterviewWindowDto, JobStatus, Page, PersonDto,
    ReadyJobDto, RescheduleInterviewRequest, Role, WindowState,
};

use super::{external_ids_from_json, external_ids_to_json, rfc3339};
use crate::auth::{AuthenticatedUser, Recruiter, refresh};
use crate::db::cursor::{self, Cursor};
use crate::db::interviews::{InterviewDetail, InterviewFilter, InterviewRow, ListOrder};
use crate::db::outbox::OutboxRow;
use crate::db::users::UserRow;
use crate::db::{self, DbConnection, DbPool};
use crate::domain::interview::NotScheduled;
use crate::email::EmailKind;
use crate::errors::ApiError;
use crate::services::accounts::{self, SignedIn};

const MAX_OPENS_BEFORE_MINUTES: u32 = 24 * 60;
const MAX_WINDOW_DAYS: i64 = 60;

/// When the interview happens and when its link works.
#[derive(Debug, Clone)]
pub struct Window {
    pub scheduled_at: DateTime<FixedOffset>,
    pub time_zone: Option<chrono_tz::Tz>,
    pub opens_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Window {
    fn parse(
        scheduled_at: DateTime<FixedOffset>,
        opens_before_minutes: u32,
        expires_at: Option<DateTime<FixedOffset>>,
        time_zone: Option<chrono_tz::Tz>,
        now: DateTime<Utc>,
    ) -> Result<Window, FieldError> {
        if scheduled_at.with_timezone(&Utc) <= now {
            return Err(FieldError::new(
                "scheduled_at",
                "The interview must be scheduled in the future.",
            ));
        }
        // The link's expiry is bounded by scheduled_at (below), so this bounds every date.
        validation::validate_time_bounds(
            scheduled_at.with_timezone(&Utc),
            now,
            TimeDelta::zero(),
            TimeDelta::days(validation::MAX_SCHEDULE_AHEAD_DAYS),
            "scheduled_at",
        )?;
        if opens_before_minutes > MAX_OPENS_BEFORE_MINUTES {
            return Err(FieldError::new(
                "opens_before_minutes",
                format!("The link can open at most {MAX_OPENS_BEFORE_MINUTES} minutes early."),
            ));
        }
        let scheduled_utc = scheduled_at.with_timezone(&Utc);
        let expires_at = expires_at
            .map(|e| e.with_timezone(&Utc))
            .unwrap_or(scheduled_utc + TimeDelta::days(DEFAULT_EXPIRY_DAYS));
        if expires_at <= scheduled_utc {
            return Err(FieldError::new(
                "expires_at",
                "The link must stay valid until after the scheduled time (expires_at is before scheduled_at).",
            ));
        }
        if expires_at > scheduled_utc + TimeDelta::days(MAX_WINDOW_DAYS) {
            return Err(FieldError::new(
                "expires_at",
                format!(
                    "The link can stay valid at most {MAX_WINDOW_DAYS} days after the scheduled time."
                ),
            ));
        }
        Ok(Window {
            scheduled_at,
            time_zone,
            opens_at: scheduled_utc - TimeDelta::minutes(i64::from(opens_before_minutes)),
            expires_at,
        })
    }
}

/// Parses an RFC 3339 time with its offset, to whole seconds (finer is meaningless here and
/// would not survive every database).
fn parse_time(field: &'static str, raw: &str) -> Result<DateTime<FixedOffset>, FieldError> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|at| at.with_nanosecond(0).unwrap_or(at))
        .map_err(|_| {
            FieldError::new(
                field,
                "Expected a date and time with its offset, like 2026-12-01T14:00:00+01:00.",
            )
        })
}

fn parse_time_zone(raw: Option<&str>) -> Result<Option<chrono_tz::Tz>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(name) => chrono_tz::Tz::from_str(name).map(Some).map_err(|_| {
            FieldError::new(
                "time_zone",
                format!("Unknown time zone \"{name}\"; use an IANA name like Europe/Berlin."),
            )
        }),
    }
}

/// Who is interviewed.
#[derive(Debug, Clone)]
pub enum Interviewee {
    Application(String),
    Standalone { full_name: String, email: String },
}

#[derive(Debug, Clone)]
pub struct NewInterview {
    pub job_id: String,
    pub interviewee: Interviewee,
    pub window: Window,
    pub note: Option<String>,
    pub external_ids: ExternalIds,
}

impl NewInterview {
    pub fn parse(
        request: CreateInterviewRequest,
        now: DateTime<Utc>,
    ) -> Result<NewInterview, FieldError> {
        // The interview's ids, plus the candidate's (e.g. ats_candidate_id).
        let mut external_ids = request.external_ids.clone().unwrap_or_default();
        if let Some(candidate_ids) = request
            .candidate
            .as_ref()
            .and_then(|c| c.external_ids.clone())
        {
            external_ids.extend(candidate_ids);
        }
        let external_ids = validation::validate_external_ids(&external_ids)?;
        let interviewee = match (request.application_id, request.candidate) {
            (Some(id), None) => Interviewee::Application(id),
            (None, Some(candidate)) => Interviewee::Standalone {
                full_name: validation::validate_full_name(&candidate.full_name).map_err(
                    |mut e| {
                        e.field = "candidate.full_name";
                        e
                    },
                )?,
                email: validation::normalize_email(&candidate.email).map_err(|mut e| {
                    e.field = "candidate.email";
                    e
                })?,
            },
            (Some(_), Some(_)) => {
                return Err(FieldError::new(
                    "candidate",
                    "Give either application_id or candidate, not both.",
                ));
            }
            (None, None) => {
                return Err(FieldError::new(
                    "candidate",
                    "Give application_id (an applicant) or candidate (full_name and email).",
                ));
            }
        };
        let scheduled_at = parse_time("scheduled_at", &request.scheduled_at)?;
        let expires_at = request
            .expires_at
            .as_deref()
            .map(|raw| parse_time("expires_at", raw))
            .transpose()?;
        let window = Window::parse(
            scheduled_at,
            request
                .opens_before_minutes
                .unwrap_or(DEFAULT_OPENS_BEFORE_MINUTES),
            expires_at,
            parse_time_zone(request.time_zone.as_deref())?,
            now,
        )?;
        Ok(NewInterview {
            job_id: request.job_id,
            interviewee,
            window,
            note: validation::validate_optional_text(
                request.note.as_deref().unwrap_or(""),
                "note",
                "Note",
                validation::MAX_NOTE_LEN,
            )?,
            external_ids,
        })
    }
}

/// The status as of `now`: a scheduled interview whose window closed is expired even before
/// the worker records it.
pub fn effective_status(row: &InterviewRow, now: NaiveDateTime) -> InterviewStatus {
    row.lifecycle().status_at(now)
}

pub fn link(public_url: &str, interview_id: &str) -> String {
    format!(
        "{}/interview/ready/{interview_id}",
        public_url.trim_end_matches('/')
    )
}

pub fn to_dto(detail: &InterviewDetail, public_url: &str) -> InterviewDto {
    let row = &detail.interview;
    let (email_status, email_error) = match &detail.email {
        Some((status, error)) => (*status, error.clone()),
        None => (EmailStatus::Queued, None),
    };
    InterviewDto {
        id: row.id.clone(),
        link: link(public_url, &row.id),
        status: effective_status(row, db::now()),
        job: InterviewJobDto {
            id: detail.job.id.clone(),
            title: detail.job.title.clone(),
            company_name: detail.organization.name.clone(),
        },
        candidate: PersonDto {
            id: detail.candidate.id.clone(),
            full_name: detail.candidate.full_name.clone(),
            email: detail.candidate.email.clone(),
        },
        application_id: row.application_id.clone(),
        scheduled_at: scheduled_at_with_offset(row).to_rfc3339(),
        time_zone: row.time_zone.clone(),
        opens_at: rfc3339(row.opens_at),
        expires_at: rfc3339(row.expires_at),
        email_status,
        email_error,
        note: row.note.clone(),
        external_ids: external_ids_from_json(&row.external_ids),
        created_at: rfc3339(row.created_at),
        started_at: row.started_at.map(rfc3339),
        completed_at: row.completed_at.map(rfc3339),
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
    public_url: &str,
) -> serde_json::Value {
    let mut external_ids = external_ids_from_json(&job.external_ids);
    external_ids.extend(external_ids_from_json(&row.external_ids));
    serde_json::json!({
        "interview_id": row.id,
        "link": link(public_url, &row.id),
        "status": row.status,
        "job": {"id": job.id, "title": job.title},
        "candidate": {"id": candidate.id, "full_name": candidate.full_name, "email": candidate.email},
        "scheduled_at": scheduled_at_with_offset(row).to_rfc3339(),
        "opens_at": rfc3339(row.opens_at),
        "expires_at": rfc3339(row.expires_at),
        "external_ids": external_ids,
    })
}

/// Emits an interview event to the organisation's webhooks (inside the caller's transaction).
pub fn emit_event(
    conn: &mut DbConnection,
    interview_id: &str,
    event_type: &str,
    public_url: &str,
    extra: Option<serde_json::Value>,
) -> Result<(), ApiError> {
    let detail = db::interviews::find(conn, interview_id)?;
    let mut data = event_payload(
        &detail.interview,
        &detail.job,
        &detail.candidate,
        public_url,
    );
    if let (Some(serde_json::Value::Object(extra)), Some(object)) = (extra, data.as_object_mut()) {
        object.extend(extra);
    }
    super::webhooks::emit(conn, &detail.interview.organization_id, event_type, data)?;
    Ok(())
}

/// Queues one email about an interview (inside the caller's transaction).
pub fn enqueue_email(
    conn: &mut DbConnection,
    interview_id: &str,
    kind: EmailKind,
    to: &UserRow,
) -> diesel::QueryResult<()> {
    let now = db::now();
    let id = db::new_id();
    db::outbox::insert(
        conn,
        &OutboxRow {
            message_id: format!("<{id}@interviewflow>"),
            id,
            interview_id: Some(interview_id.to_string()),
            user_id: Some(to.id.clone()),
            kind: kind.as_str().into(),
            to_email: to.email.clone(),
            to_name: to.full_name.clone(),
            status: EmailStatus::Queued,
            attempts: 0,
            next_attempt_at: now,
            locked_until: None,
            last_error: None,
            created_at: now,
            sent_at: None,
        },
    )
}

/// Schedules an interview and queues its invitation, in one transaction.
pub async fn schedule(
    pool: &DbPool,
    public_url: String,
    recruiter: Recruiter,
    new: NewInterview,
) -> Result<InterviewDto, ApiError> {
    db::run(pool, move |conn| {
        let interview_id = db::transaction::<_, ApiError, _>(conn, |conn| {
            let (job, _) = db::jobs::find(conn, &new.job_id).map_err(|_| ApiError::NotFound {
                message: "No job with this job_id in your organisation.".into(),
            })?;
            if job.organization_id != recruiter.organization_id {
                return Err(ApiError::not_found(
                    "No job with this job_id in your organisation.",
                ));
            }
            if job.status != JobStatus::Open {
                return Err(ApiError::validation(
                    "job_id",
                    "This job is closed; reopen it to schedule interviews.",
                ));
            }
            let (candidate, application_id) = match &new.interviewee {
                Interviewee::Application(application_id) => {
                    let (app, app_job, _, candidate) = db::applications::find(conn, application_id)
                        .map_err(|_| {
                            ApiError::not_found(
                                "No application with this application_id in your organisation.",
                            )
                        })?;
                    if app_job.organization_id != recruiter.organization_id {
                        return Err(ApiError::not_found(
                            "No application with this application_id in your organisation.",
                        ));
                    }
                    if app.job_id != job.id {
                        return Err(ApiError::validation(
                            "application_id",
                            "This application is for another job.",
                        ));
                    }
                    let status = app.status;
                    if matches!(
                        status,
                        ApplicationStatus::Applied | ApplicationStatus::Screening
                    ) {
                        db::applications::set_status(
                            conn,
                            &app.id,
                            ApplicationStatus::Interview.as_str(),
                            db::now(),
                        )?;
                    }
                    (candidate, Some(app.id))
                }
                Interviewee::Standalone { full_name, email } => {
                    (find_or_invite_candidate(conn, full_name, email)?, None)
                }
            };
            let now = db::now();
            let row = InterviewRow {
                id: uuid::Uuid::new_v4().to_string(),
                organization_id: recruiter.organization_id.clone(),
                job_id: job.id.clone(),
                application_id,
                candidate_id: candidate.id.clone(),
                created_by: recruiter.user_id.clone(),
                scheduled_at: new.window.scheduled_at.naive_utc(),
                scheduled_offset_minutes: new.window.scheduled_at.offset().local_minus_utc() / 60,
                time_zone: new.window.time_zone.map(|tz| tz.name().to_string()),
                opens_at: new.window.opens_at.naive_utc(),
                expires_at: new.window.expires_at.naive_utc(),
                status: InterviewStatus::Scheduled,
                note: new.note.clone(),
                external_ids: external_ids_to_json(&new.external_ids),
                ics_sequence: 0,
                reminder_24h_at: None,
                reminder_1h_at: None,
                created_at: now,
                updated_at: now,
                cancelled_at: None,
                started_at: None,
                completed_at: None,
                consent_at: None,
                deadline_at: None,
                end_reason: None,
                evaluation_status: None,
                evaluation_locked_until: None,
                evaluation_attempts: 0,
                evaluation: None,
            };
            db::interviews::insert(conn, &row)?;
            enqueue_email(conn, &row.id, EmailKind::Invitation, &candidate)?;
            emit_event(conn, &row.id, "interview.scheduled", &public_url, None)?;
            Ok(row.id)
        })?;
        Ok(to_dto(
            &db::interviews::find(conn, &interview_id)?,
            &public_url,
        ))
    })
    .await
}

/// The candidate's account: matched by email in any letter case, or created without a
/// password (they sign in through the emailed link and may set one later). Creation is
/// atomic, so two recruiters scheduling the same new address at once share one account.
///
/// An account someone registered for this address without ever proving it is not trusted
/// with the interview: its password is removed and its sessions end, so only the owner of
/// the mailbox gets in (through the emailed link, or by resetting the password).
pub fn find_or_invite_candidate(
    conn: &mut DbConnection,
    full_name: &str,
    email: &str,
) -> Result<UserRow, ApiError> {
    let now = db::now();
    let invited = UserRow {
        id: db::new_id(),
        email: email.to_string(),
        password_hash: None,
        full_name: full_name.to_string(),
        role: Role::Candidate,
        organization_id: None,
        created_at: now,
        updated_at: now,
        email_verified_at: None,
    };
    if db::users::insert_if_email_free(conn, &invited)? {
        return Ok(invited);
    }
    let user = db::users::find_by_email(conn, email)?
        .ok_or_else(|| ApiError::internal("a candidate's account vanished while scheduling"))?;
    if user.role != Role::Candidate {
        return Err(ApiError::validation(
            "candidate.email",
            "This email belongs to a recruiter account; use the candidate's own email.",
        ));
    }
    if user.is_unverified_self_registration() {
        tracing::warn!(user_id = %user.id, "scheduling for an unverified account: its password is removed");
        db::users::clear_password(conn, &user.id, now)?;
        db::refresh_tokens::revoke_all_for_user(conn, &user.id, None, now)?;
        db::account_tokens::spend_all(conn, &user.id, None, now)?;
        return Ok(UserRow {
            password_hash: None,
            ..user
        });
    }
    Ok(user)
}

fn load_own(
    conn: &mut DbConnection,
    recruiter: &Recruiter,
    id: &str,
) -> Result<InterviewDetail, ApiError> {
    let detail = db::interviews::find(conn, id).map_err(|_| not_found())?;
    if detail.interview.organization_id != recruiter.organization_id {
        return Err(not_found());
    }
    Ok(detail)
}

fn require_scheduled(row: &InterviewRow, action: &str) -> Result<(), ApiError> {
    row.lifecycle()
        .require_scheduled(db::now())
        .map_err(|NotScheduled(status)| ApiError::Conflict {
            code: "interview_not_scheduled",
            message: format!(
                "Only a scheduled interview can be {action}; this one is {}.",
                status.as_str().replace('_', " ")
            ),
        })
}

pub async fn get(
    pool: &DbPool,
    public_url: String,
    recruiter: Recruiter,
    id: String,
) -> Result<InterviewDto, ApiError> {
    db::run(pool, move |conn| {
        Ok(to_dto(&load_own(conn, &recruiter, &id)?, &public_url))
    })
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
    pool: &DbPool,
    public_url: String,
    recruiter: Recruiter,
    query: ListQuery,
) -> Result<Page<InterviewDto>, ApiError> {
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
        organization_id: Some(recruiter.organization_id),
        candidate_id: None,
        statuses,
        job_id: query.job_id,
        external_id_fragment,
    };
    db::run(pool, move |conn| {
        let rows = db::interviews::list(
            conn,
            &filter,
            ListOrder::CreatedDesc,
            after.as_ref(),
            limit + 1,
        )?;
        let (rows, next_cursor) = cursor::paginate(rows, limit, |d| Cursor {
            created_at: d.interview.created_at,
            id: d.interview.id.clone(),
        });
        Ok(Page {
            items: rows.iter().map(|d| to_dto(d, &public_url)).collect(),
            next_cursor,
        })
    })
    .await
}

pub async fn reschedule(
    pool: &DbPool,
    public_url: String,
    recruiter: Recruiter,
    id: String,
    request: RescheduleInterviewRequest,
) -> Result<InterviewDto, ApiError> {
    let now = Utc::now();
    let new_scheduled = request
        .scheduled_at
        .as_deref()
        .map(|raw| parse_time("scheduled_at", raw))
        .transpose()?;
    let new_expires = request
        .expires_at
        .as_deref()
        .map(|raw| parse_time("expires_at", raw))
        .transpose()?;
    let new_zone = parse_time_zone(request.time_zone.as_deref())?;
    db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let detail = load_own(conn, &recruiter, &id)?;
            let mut row = detail.interview.clone();
            require_scheduled(&row, "rescheduled")?;
            let old_scheduled = scheduled_at_with_offset(&row);
            let scheduled_at = new_scheduled.unwrap_or(old_scheduled);
            let opens_before = request.opens_before_minutes.unwrap_or_else(|| {
                u32::try_from((row.scheduled_at - row.opens_at).num_minutes())
                    .unwrap_or(DEFAULT_OPENS_BEFORE_MINUTES)
            });
            // Keep the link's validity after the interview as it was, unless given.
            let expires_at = new_expires
                .or_else(|| new_scheduled.map(|s| s + (row.expires_at - row.scheduled_at)));
            let zone = new_zone.or(row
                .time_zone
                .as_deref()
                .and_then(|z| chrono_tz::Tz::from_str(z).ok()));
            let window = Window::parse(
                scheduled_at,
                opens_before,
                expires_at.or(Some(row.expires_at.and_utc().fixed_offset())),
                zone,
                now,
            )?;
            row.scheduled_at = window.scheduled_at.naive_utc();
            row.scheduled_offset_minutes = window.scheduled_at.offset().local_minus_utc() / 60;
            row.time_zone = window.time_zone.map(|tz| tz.name().to_string());
            row.opens_at = window.opens_at.naive_utc();
            row.expires_at = window.expires_at.naive_utc();
            row.ics_sequence += 1;
            let at = db::now();
            db::interviews::reschedule(conn, &row, at)?;
            db::access_tokens::set_expiry_for_interview(conn, &row.id, row.expires_at)?;
            enqueue_email(conn, &row.id, EmailKind::Rescheduled, &detail.candidate)?;
            Ok(())
        })?;
        Ok(to_dto(&db::interviews::find(conn, &id)?, &public_url))
    })
    .await
}

pub async fn cancel(
    pool: &DbPool,
    public_url: String,
    recruiter: Recruiter,
    id: String,
) -> Result<InterviewDto, ApiError> {
    db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let detail = load_own(conn, &recruiter, &id)?;
            require_scheduled(&detail.interview, "cancelled")?;
            let at = db::now();
            if !db::interviews::cancel(conn, &id, detail.interview.ics_sequence + 1, at)? {
                return Err(ApiError::Conflict {
                    code: "interview_not_scheduled",
                    message: "The interview changed state meanwhile; reload it.".into(),
                });
            }
            db::access_tokens::revoke_for_interview(conn, &id, at)?;
            enqueue_email(conn, &id, EmailKind::Cancelled, &detail.candidate)?;
            emit_event(conn, &id, "interview.cancelled", &public_url, None)?;
            Ok(())
        })?;
        Ok(to_dto(&db::interviews::find(conn, &id)?, &public_url))
    })
    .await
}

pub async fn resend(
    pool: &DbPool,
    public_url: String,
    recruiter: Recruiter,
    id: String,
) -> Result<InterviewDto, ApiError> {
    db::run(pool, move |conn| {
        let detail = load_own(conn, &recruiter, &id)?;
        require_scheduled(&detail.interview, "resent")?;
        enqueue_email(conn, &id, EmailKind::Resend, &detail.candidate)?;
        Ok(to_dto(&db::interviews::find(conn, &id)?, &public_url))
    })
    .await
}

pub fn window_state(row: &InterviewRow, now: NaiveDateTime) -> (WindowState, i64) {
    row.lifecycle().window_at(now)
}

/// What the candidate's ready page needs. Only the interview's candidate may see it.
pub async fn ready(
    pool: &DbPool,
    user: AuthenticatedUser,
    id: String,
) -> Result<InterviewReadyDto, ApiError> {
    db::run(pool, move |conn| {
        let detail = db::interviews::find(conn, &id).map_err(|_| not_found())?;
        if detail.candidate.id != user.user_id {
            return Err(ApiError::Forbidden {
                code: "not_your_interview",
                message: "This interview link belongs to another candidate. Sign out and open it with the account it was sent to."
                    .into(),
            });
        }
        let row = &detail.interview;
        let now = db::now();
        let (state, seconds_until_open) = window_state(row, now);
        Ok(InterviewReadyDto {
            id: row.id.clone(),
            status: effective_status(row, now),
            job: ReadyJobDto {
                id: detail.job.id.clone(),
                title: detail.job.title.clone(),
                description: detail.job.description.clone(),
                location: detail.job.location.clone(),
            },
            company: CompanyBrandingDto {
                name: detail.organization.name.clone(),
                logo_url: detail.organization.logo_url.clone(),
                brand_color: detail.organization.brand_color.clone(),
            },
            candidate_name: detail.candidate.full_name.clone(),
            question_count: u32::try_from(detail.job.question_count).unwrap_or(8),
            time_limit_minutes: u32::try_from(detail.job.time_limit_minutes).unwrap_or(30),
            language: detail.job.language.clone(),
            scheduled_at: scheduled_at_with_offset(row).to_rfc3339(),
            window: InterviewWindowDto {
                opens_at: rfc3339(row.opens_at),
                expires_at: rfc3339(row.expires_at),
                state,
                seconds_until_open,
            },
            consent_at: None,
        })
    })
    .await
}

/// Creates the sign-in token an email carries (stored hashed, valid until the window closes).
/// A new invitation (first, resent or rescheduled) ends the links of the earlier ones.
pub fn issue_access_token(
    conn: &mut DbConnection,
    row: &InterviewRow,
    kind: EmailKind,
) -> diesel::QueryResult<String> {
    if kind.is_invitation() {
        db::access_tokens::revoke_for_interview(conn, &row.id, db::now())?;
    }
    let token = refresh::generate_token();
    db::access_tokens::insert(
        conn,
        &db::access_tokens::AccessTokenRow {
            id: db::new_id(),
            interview_id: row.id.clone(),
            user_id: row.candidate_id.clone(),
            token_hash: refresh::hash_token(&token),
            created_at: db::now(),
            expires_at: row.expires_at,
            last_used_at: None,
            revoked_at: None,
        },
    )?;
    Ok(token)
}

/// `POST /auth/link`: an emailed token signs its candidate in, with a session limited to
/// that interview. It stops working once the interview is over, a newer invitation was
/// sent, or the account set a password.
pub async fn link_sign_in(
    pool: &DbPool,
    token: String,
    refresh_ttl_days: u32,
) -> Result<(SignedIn, String), ApiError> {
    db::run(pool, move |conn| {
        let now = db::now();
        let invalid = || ApiError::Unauthorized {
            code: "invalid_link",
            message: "This sign-in link is invalid or no longer works. Open the interview page to have a new link emailed to you, or ask the recruiter to resend your invitation.".into(),
        };
        let row = db::access_tokens::find_live(conn, &refresh::hash_token(token.trim()), now)?
            .ok_or_else(invalid)?;
        if !accounts::link_token_usable(conn, &row.id, now)? {
            return Err(invalid());
        }
        db::access_tokens::touch(conn, &row.id, now)?;
        let user = db::users::find(conn, &row.user_id)?;
        let scope = accounts::LinkScope {
            interview_id: row.interview_id.clone(),
            access_token_id: row.id.clone(),
        };
        let signed_in = accounts::sign_in_user(conn, user, refresh_ttl_days, Some(scope))?;
        Ok((signed_in, row.interview_id))
    })
    .await
}

/// `POST /interviews/{id}/sign-in-link`: emails a fresh sign-in link for the interview, only
/// to its invited address and only while it can still be taken. Says nothing either way.
pub async fn request_sign_in_link(
    pool: &DbPool,
    interview_id: String,
    email: String,
) -> Result<(), ApiError> {
    db::run(pool, move |conn| {
        let Ok(detail) = db::interviews::find(conn, &interview_id) else {
            return Ok(());
        };
        if detail.candidate.email != email
            || effective_status(&detail.interview, db::now()).is_final()
        {
            return Ok(());
        }
        enqueue_email(
            conn,
            &interview_id,
            EmailKind::SignInLink,
            &detail.candidate,
        )?;
        Ok(())
    })
    .await
}

//! Outgoing email: the `send_email` job that sends one outbox message over SMTP or, in the
//! embedded default, writes it as an `.eml` file to DATA_DIR/outbox; and the periodic job that
//! queues reminders.
//!
//! Delivery is at-least-once per message and, across workers and nodes, never concurrent: the
//! job queue leases each job to one worker (see `services::queue`).

use crate::services::context::Context;
use std::path::PathBuf;
use std::str::FromStr;

use actix_web::web;
use chrono::{NaiveDateTime, TimeDelta};
use interview_flow_shared::EmailStatus;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::interviews::{enqueue_email, issue_access_token, scheduled_at_with_offset};
use super::queue::JobError;
use crate::db::outbox::OutboxRow;
use crate::db::{self, DbConnection};
use crate::email::{self, AccountEmail, AccountEmailKind, Branding, EmailKind, InterviewEmail};
use crate::errors::ApiError;
use crate::links::Links;
use crate::settings::Settings;
use crate::state::AppState;
use interview_flow_shared::{WebhookEmailFailure, WebhookEvent};

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Transport {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Transport> {
        match &settings.email.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("invalid setting SMTP_URL: {e}"))?
                    .timeout(Some(settings.email.smtp_timeout))
                    .build();
                Ok(Transport::Smtp(transport))
            }
            None => Ok(Transport::Files(settings.data_dir.join("outbox"))),
        }
    }

    async fn send(&self, message: lettre::Message, file_stem: &str) -> Result<(), String> {
        match self {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                let dir = dir.clone();
                let path = dir.join(format!("{file_stem}.eml"));
                web::block(move || {
                    std::fs::create_dir_all(&dir)?;
                    std::fs::write(&path, message.formatted())?;
                    Ok::<_, std::io::Error>(path)
                })
                .await
                .map_err(|e| e.to_string())?
                .map(|path| tracing::info!(path = %path.display(), "email written to the outbox folder"))
                .map_err(|e| e.to_string())
            }
        }
    }
}

/// 24-hour and 1-hour reminders, each at most once per interview (the slot is claimed with
/// a conditional update in the same transaction that queues the email).
pub async fn queue_reminders(ctx: &Context) -> Result<(), JobError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        for (hours, day) in [(24, true), (1, false)] {
            for row in db::interviews::due_reminders(conn, now, TimeDelta::hours(hours), day)? {
                db::transaction::<_, ApiError, _>(conn, |conn| {
                    if db::interviews::claim_reminder(conn, &row.id, day, now)? {
                        let candidate = db::users::find(conn, &row.candidate_id)?;
                        let kind = if day {
                            EmailKind::Reminder24h
                        } else {
                            EmailKind::Reminder1h
                        };
                        enqueue_email(conn, &row.id, kind, &candidate)?;
                    }
                    Ok(())
                })?;
            }
        }
        Ok(())
    })
    .await
    .map_err(JobError::from)
}

/// Sends outbox message `outbox_id` (attempt number `attempt`), unless it was sent already.
pub async fn send(
    state: &AppState,
    transport: &Transport,
    outbox_id: &str,
    attempt: i32,
) -> Result<(), JobError> {
    let id = outbox_id.to_string();
    let outbox = state
        .context
        .db(move |conn| Ok(db::outbox::find(conn, &id)?))
        .await?;
    if outbox.status != EmailStatus::Queued {
        return Ok(());
    }
    let prepared = prepare(state, outbox.clone()).await;
    let result = match prepared {
        Ok(Some(message)) => transport.send(message, &file_stem(&outbox)).await,
        Ok(None) => {
            tracing::info!(outbox_id = %outbox.id, kind = %outbox.kind, "email no longer needed; not sent");
            Ok(())
        }
        Err(error) => return Err(JobError::Api(error)),
    };
    result.map_err(JobError::Failed)?;
    tracing::info!(outbox_id = %outbox.id, kind = %outbox.kind, "email sent");
    let now = state.context.now();
    state
        .context
        .db(move |conn| Ok(db::outbox::mark_sent(conn, &outbox.id, attempt, now)?))
        .await?;
    Ok(())
}

/// Shows a failed attempt on the message; when it is given up (`retry_at` None) and about
/// an interview, emits `email.failed` so the recruiter's systems hear of it.
pub fn show_failure(
    conn: &mut DbConnection,
    outbox_id: &str,
    attempts: i32,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    links: &Links,
) -> Result<(), ApiError> {
    db::outbox::mark_attempt_failed(conn, outbox_id, attempts, error, retry_at.is_some())?;
    let outbox = db::outbox::find(conn, outbox_id)?;
    if let (None, Some(interview_id)) = (retry_at, outbox.interview_id) {
        let failure = WebhookEmailFailure {
            kind: outbox.kind.to_string(),
            error: error.to_string(),
        };
        super::interviews::emit_event(
            conn,
            &interview_id,
            WebhookEvent::EmailFailed,
            links,
            |data| data.email = Some(failure),
        )?;
    }
    Ok(())
}

fn file_stem(outbox: &OutboxRow) -> String {
    format!(
        "{}-{}-{}",
        outbox.created_at.format("%Y%m%dT%H%M%S"),
        outbox.kind,
        outbox.id
    )
}

/// Renders the message as things stand now: an interview email, or an account email (None
/// when it is no longer needed, e.g. a verification email for an address proven since).
async fn prepare(state: &AppState, outbox: OutboxRow) -> Result<Option<lettre::Message>, ApiError> {
    match outbox.interview_id.clone() {
        Some(interview_id) => prepare_interview_email(state, outbox, interview_id)
            .await
            .map(Some),
        None => prepare_account_email(state, outbox).await,
    }
}

/// A verification or password-reset email, with a fresh single-use token in its link.
async fn prepare_account_email(
    state: &AppState,
    outbox: OutboxRow,
) -> Result<Option<lettre::Message>, ApiError> {
    let kind = AccountEmailKind::parse(&outbox.kind)
        .ok_or_else(|| ApiError::internal(format!("unknown account email kind {}", outbox.kind)))?;
    let user_id = outbox
        .user_id
        .clone()
        .ok_or_else(|| ApiError::internal("an account email without an account"))?;
    let issued = state
        .context
        .db(move |conn| {
            let user = db::users::find(conn, &user_id)?;
            if kind == AccountEmailKind::VerifyEmail && user.email_verified_at.is_some() {
                return Ok(None);
            }
            Ok(Some(super::accounts::issue_account_token(
                conn, &user_id, kind,
            )?))
        })
        .await?;
    let Some((token, expires_at)) = issued else {
        return Ok(None);
    };
    let path = match kind {
        AccountEmailKind::VerifyEmail => "/verify-email",
        AccountEmailKind::PasswordReset => "/reset-password",
    };
    let email = AccountEmail {
        kind,
        name: outbox.to_name.clone(),
        link: format!("{}#token={token}", state.context.links.page(path)),
        expires_at: expires_at.and_utc(),
    };
    let from = state.settings.email.mail_from.clone();
    web::block(move || {
        let rendered =
            email::render_account(&email).map_err(|e| anyhow::anyhow!("rendering: {e}"))?;
        email::build_message(
            &from,
            &outbox.to_name,
            &outbox.to_email,
            None,
            &rendered.subject,
            &rendered.html,
            &rendered.text,
            None,
            &outbox.message_id,
        )
        .map(Some)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("building message: {e}")))
    })
    .await?
}

/// Renders the message from the interview as it stands now. A candidate without a password
/// or without a proven address gets a fresh sign-in token in the link (stored hashed, valid
/// until the window closes), and so does anyone who asked for a sign-in link.
async fn prepare_interview_email(
    state: &AppState,
    outbox: OutboxRow,
    interview_id: String,
) -> Result<lettre::Message, ApiError> {
    let links = state.context.links.clone();
    let mail_from = state.settings.email.mail_from.clone();
    let kind = EmailKind::parse(&outbox.kind)
        .ok_or_else(|| ApiError::internal(format!("unknown email kind {}", outbox.kind)))?;
    let (email, help) = state
        .context
        .db(move |conn| {
            let detail = db::interviews::find(conn, &interview_id)?;
            let recruiter = db::users::find(conn, &detail.interview.created_by)?;
            let row = &detail.interview;
            let mut url = links.interview(&row.id);
            // A sign-in token for whoever cannot sign in with a password they proved to own.
            let needs_link = detail.candidate.password_hash.is_none()
                || detail.candidate.email_verified_at.is_none();
            if kind == EmailKind::SignInLink || (kind != EmailKind::Cancelled && needs_link) {
                let token = issue_access_token(conn, row, kind)?;
                url = format!("{url}#token={token}");
            }
            let organizer = mail_from
                .parse::<lettre::message::Mailbox>()
                .map(|m| m.email.to_string())
                .unwrap_or_default();
            Ok((
                InterviewEmail {
                    kind,
                    interview_id: row.id.to_string(),
                    candidate_name: outbox.to_name.clone(),
                    candidate_email: outbox.to_email.clone(),
                    recruiter_name: recruiter.full_name.clone(),
                    help_email: recruiter.email.clone(),
                    job_title: detail.job.title.clone(),
                    branding: Branding {
                        company_name: detail.organization.name.clone(),
                        logo_url: detail.organization.logo_url.clone(),
                        brand_color: detail.organization.brand_color.clone(),
                    },
                    scheduled_at: scheduled_at_with_offset(row),
                    time_zone: row
                        .time_zone
                        .as_deref()
                        .and_then(|z| chrono_tz::Tz::from_str(z).ok()),
                    opens_at: row.opens_at.and_utc(),
                    expires_at: row.expires_at.and_utc(),
                    duration_minutes: detail.interview.time_limit_minutes.get(),
                    question_count: detail.interview.question_count.get(),
                    link: url,
                    sequence: row.ics_sequence.get(),
                    organizer_email: organizer,
                    note: row.note.clone(),
                },
                (recruiter.email, outbox.message_id),
            ))
        })
        .await?;
    let (reply_to, message_id) = help;
    let from = state.settings.email.mail_from.clone();
    web::block(move || {
        let rendered = email::render(&email).map_err(|e| anyhow::anyhow!("rendering: {e}"))?;
        email::build_message(
            &from,
            &email.candidate_name,
            &email.candidate_email,
            Some(&reply_to),
            &rendered.subject,
            &rendered.html,
            &rendered.text,
            Some((&rendered.ics, rendered.ics_method)),
            &message_id,
        )
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("building message: {e}")))
    })
    .await?
}

//! Outgoing email: the background worker that drains the outbox (and queues reminders,
//! and records expired interviews), sending over SMTP or, in the embedded default, writing
//! `.eml` files to DATA_DIR/outbox.
//!
//! Delivery is at-least-once per message and, across workers and nodes, never concurrent:
//! a worker holds a lease on each message it claims (see `db::outbox::claim_due`).

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use chrono::{NaiveDateTime, TimeDelta};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::interviews::{enqueue_email, issue_access_token, link, scheduled_at_with_offset};
use crate::db::outbox::OutboxRow;
use crate::db::{self, DbPool};
use crate::email::{self, AccountEmail, AccountEmailKind, Branding, EmailKind, InterviewEmail};
use crate::errors::ApiError;
use crate::settings::Settings;
use crate::state::AppState;

/// How long a claimed message is reserved for the worker sending it.
const LEASE: TimeDelta = TimeDelta::minutes(5);
const BATCH: i64 = 20;
const MAX_RETRY_DELAY: Duration = Duration::from_secs(3600);

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

/// Runs until the process stops.
pub async fn run_worker(
    state: web::Data<AppState>,
    transport: Arc<Transport>,
    heartbeat: crate::workers::Heartbeat,
) {
    let mut tick = tokio::time::interval(state.settings.email.poll_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        heartbeat.beat();
        if let Err(error) = work_once(&state, &transport).await {
            tracing::warn!(%error, "email worker pass failed; retrying next tick");
        }
    }
}

/// One pass: record expiries, queue due reminders, send due messages. Returns how many
/// messages it tried to send.
pub async fn work_once(state: &AppState, transport: &Transport) -> Result<usize, ApiError> {
    let pool = &state.pool;
    let public_url = state.settings.public_url.to_string();
    let expired = db::run(pool, move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let ids = db::interviews::expire_overdue(conn, db::now())?;
            for id in &ids {
                super::interviews::emit_event(conn, id, "interview.expired", &public_url, None)?;
            }
            Ok(ids)
        })
    })
    .await?;
    if !expired.is_empty() {
        tracing::info!(count = expired.len(), "interviews expired unused");
    }
    queue_reminders(pool).await?;
    let claimed = db::run(pool, |conn| {
        Ok(db::outbox::claim_due(conn, db::now(), LEASE, BATCH)?)
    })
    .await?;
    let count = claimed.len();
    for message in claimed {
        deliver(state, transport, message).await;
    }
    Ok(count)
}

/// 24-hour and 1-hour reminders, each at most once per interview (the slot is claimed with
/// a conditional update in the same transaction that queues the email).
async fn queue_reminders(pool: &DbPool) -> Result<(), ApiError> {
    db::run(pool, |conn| {
        for (hours, day) in [(24, true), (1, false)] {
            let now = db::now();
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
}

fn retry_delay(base: Duration, attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    base.saturating_mul(2u32.saturating_pow(exponent))
        .min(MAX_RETRY_DELAY)
}

async fn deliver(state: &AppState, transport: &Transport, outbox: OutboxRow) {
    let settings = &state.settings;
    let outbox_id = outbox.id.clone();
    let prepared = prepare(state, outbox.clone()).await;
    let result = match prepared {
        Ok(Some(message)) => transport.send(message, &file_stem(&outbox)).await,
        Ok(None) => {
            tracing::info!(outbox_id = %outbox.id, kind = %outbox.kind, "email no longer needed; not sent");
            Ok(())
        }
        Err(error) => Err(format!("could not prepare the message: {error}")),
    };
    let now = db::now();
    let outcome = match result {
        Ok(()) => {
            tracing::info!(outbox_id = %outbox.id, kind = %outbox.kind, "email sent");
            db::run(&state.pool, move |conn| {
                Ok(db::outbox::mark_sent(conn, &outbox_id, now)?)
            })
            .await
        }
        Err(error) => {
            let delay = retry_delay(settings.email.retry_base, outbox.attempts);
            let retry_at: Option<NaiveDateTime> = TimeDelta::from_std(delay)
                .ok()
                .map(|d| now + d)
                .filter(|at| *at <= outbox.created_at + settings.email.max_age);
            tracing::warn!(outbox_id = %outbox.id, attempts = outbox.attempts, %error, will_retry = retry_at.is_some(), "email delivery failed");
            let (interview_id, kind, public_url) = (
                outbox.interview_id.clone(),
                outbox.kind.clone(),
                settings.public_url.to_string(),
            );
            db::run(&state.pool, move |conn| {
                db::transaction::<_, ApiError, _>(conn, |conn| {
                    db::outbox::mark_attempt_failed(conn, &outbox_id, &error, retry_at)?;
                    if let (None, Some(interview_id)) = (retry_at, interview_id) {
                        let extra = serde_json::json!({"email": {"kind": kind, "error": error}});
                        super::interviews::emit_event(
                            conn,
                            &interview_id,
                            "email.failed",
                            &public_url,
                            Some(extra),
                        )?;
                    }
                    Ok(())
                })
            })
            .await
        }
    };
    if let Err(error) = outcome {
        tracing::error!(%error, "could not record an email's delivery state");
    }
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
    let issued = db::run(&state.pool, move |conn| {
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
        link: format!("{}#token={token}", state.settings.link(path)),
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
    let public_url = state
        .settings
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_string();
    let mail_from = state.settings.email.mail_from.clone();
    let kind = EmailKind::parse(&outbox.kind)
        .ok_or_else(|| ApiError::internal(format!("unknown email kind {}", outbox.kind)))?;
    let (email, help) = db::run(&state.pool, move |conn| {
        let detail = db::interviews::find(conn, &interview_id)?;
        let recruiter = db::users::find(conn, &detail.interview.created_by)?;
        let row = &detail.interview;
        let mut url = link(&public_url, &row.id);
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
                interview_id: row.id.clone(),
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
                duration_minutes: u32::try_from(detail.job.time_limit_minutes).unwrap_or(30),
                question_count: u32::try_from(detail.job.question_count).unwrap_or(8),
                link: url,
                sequence: u32::try_from(row.ics_sequence).unwrap_or(0),
                organizer_email: organizer,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(retry_delay(base, 1), Duration::from_secs(30));
        assert_eq!(retry_delay(base, 2), Duration::from_secs(60));
        assert_eq!(retry_delay(base, 4), Duration::from_secs(240));
        assert_eq!(retry_delay(base, 20), MAX_RETRY_DELAY);
    }
}

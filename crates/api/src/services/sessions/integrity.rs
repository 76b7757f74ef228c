//! Integrity events reported by the room (tab hidden, paste, …): rate-limited, capped per
//! interview, only while the interview runs.

use super::*;
use crate::services::context::Context;

/// Integrity events accepted per interview per minute.
const EVENTS_PER_MINUTE: i64 = 30;

/// Integrity events stored per interview; later ones are only counted.
pub const MAX_STORED_EVENTS: i64 = 500;

/// `POST /events`: an integrity signal, for a human to review (never used to reject anyone).
/// Only while the interview runs; the first [`MAX_STORED_EVENTS`] are stored, later ones
/// only counted (still 204, so a client has no reason to retry).
pub async fn record_event(
    ctx: &Context,
    user: AuthenticatedUser,
    id: InterviewId,
    event: IntegrityEventRequest,
) -> Result<(), ApiError> {
    let clock = ctx.clock.clone();
    let detail_text = event
        .detail
        .map(|d| d.chars().take(200).collect::<String>());
    if let Some(detail) = &detail_text {
        validation::reject_control_characters(detail, "detail")?;
    }
    let client_at = event
        .at
        .as_deref()
        .map(|raw| parse_client_time(raw, ctx.now().and_utc()))
        .transpose()?;
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            // Serialises events (and answers) of this interview, so the cap is exact.
            lock_interview(conn, &id)?;
            let detail = load_for_candidate(conn, &user, &id)?;
            let now = clock.now();
            if effective_status(&detail, now) != InterviewStatus::InProgress {
                return Err(conflict(
                    "interview_not_active",
                    "Integrity events are recorded only while the interview is in progress.",
                ));
            }
            if db::turns::count_events_since(conn, &id, now - TimeDelta::minutes(1))?
                >= EVENTS_PER_MINUTE
            {
                return Err(ApiError::RateLimited {
                    retry_after_secs: 60,
                });
            }
            let received = db::interview_sessions::events_total(conn, &id)?;
            if received == i32::MAX {
                return Ok(());
            }
            db::interview_sessions::count_event(conn, &id)?;
            if i64::from(received) < MAX_STORED_EVENTS {
                db::turns::insert_event(
                    conn,
                    &EventRow {
                        id: db::new_id(),
                        interview_id: id,
                        kind: event.kind.as_str().into(),
                        client_at,
                        detail: detail_text,
                        created_at: now,
                    },
                )?;
            }
            Ok(())
        })
    })
    .await
}

/// The browser's time of an event: RFC 3339 within a day of the server's clock (422 for
/// anything else), stored normalised to UTC.
fn parse_client_time(raw: &str, now: chrono::DateTime<chrono::Utc>) -> Result<String, ApiError> {
    let at = chrono::DateTime::parse_from_rfc3339(raw.trim())
        .map_err(|_| {
            ApiError::validation(
                "at",
                "Expected a date and time with its offset, like 2026-12-01T14:03:10Z.",
            )
        })?
        .with_timezone(&chrono::Utc);
    validation::validate_time_bounds(at, now, TimeDelta::days(1), TimeDelta::days(1), "at")?;
    Ok(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

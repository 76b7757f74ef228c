//! Parsing a scheduling request into checked values: the window (scheduled time with its
//! offset and time zone, opening and expiry bounds) and who is interviewed.

use super::*;

pub const MAX_OPENS_BEFORE_MINUTES: u32 = 24 * 60;

pub(super) const MAX_WINDOW_DAYS: i64 = 60;

/// When the interview happens and when its link works.
#[derive(Debug, Clone)]
pub struct Window {
    pub scheduled_at: DateTime<FixedOffset>,
    pub time_zone: Option<chrono_tz::Tz>,
    pub opens_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Window {
    pub(super) fn parse(
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
pub(super) fn parse_time(
    field: &'static str,
    raw: &str,
) -> Result<DateTime<FixedOffset>, FieldError> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|at| at.with_nanosecond(0).unwrap_or(at))
        .map_err(|_| {
            FieldError::new(
                field,
                "Expected a date and time with its offset, like 2026-12-01T14:00:00+01:00.",
            )
        })
}

pub(super) fn parse_time_zone(raw: Option<&str>) -> Result<Option<chrono_tz::Tz>, FieldError> {
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

//! Pure validation, run by the SPA for inline messages and by the API as the authority.
//! Each function returns the cleaned value or the field it rejects and why.

use std::fmt;

/// A rejected input: which field and a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// True for characters no text field may hold: every control character except the line
/// break, carriage return and tab. NUL in particular cannot be stored by PostgreSQL, and the
/// others have no place in names, titles, notes or answers. `\r` is allowed because browsers
/// send line breaks in form text as `\r\n`; single-line fields collapse it like any other
/// whitespace and multi-line ones normalise `\r\n` to `\n`.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// The message for a field holding a forbidden control character (shared so every entry
/// point says the same thing).
pub fn control_character_message(field: &str) -> String {
    format!(
        "\"{field}\" contains a control character (such as NUL); only line breaks and tabs are allowed."
    )
}

/// Refuses text holding a forbidden control character (see [`is_forbidden_control`]).
pub fn reject_control_characters(raw: &str, field: &'static str) -> Result<(), FieldError> {
    if raw.chars().any(is_forbidden_control) {
        return Err(FieldError::new(field, control_character_message(field)));
    }
    Ok(())
}

/// How far ahead anything may be scheduled.
pub const MAX_SCHEDULE_AHEAD_DAYS: i64 = 2 * 365;

/// A time a client gives must lie in `now - max_past ..= now + max_future`: far-off dates are
/// typos or probes, and years past 9999 cannot even be written as RFC 3339 (SQLite would
/// store `+10000-…` and sort it before today).
pub fn validate_time_bounds(
    at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
    max_past: chrono::TimeDelta,
    max_future: chrono::TimeDelta,
    field: &'static str,
) -> Result<(), FieldError> {
    if at > now + max_future {
        return Err(FieldError::new(
            field,
            format!(
                "{field} is too far in the future: at most {} days ahead.",
                max_future.num_days()
            ),
        ));
    }
    if at < now - max_past {
        return Err(FieldError::new(
            field,
            format!("{field} is too far in the past."),
        ));
    }
    Ok(())
}

pub const MIN_PASSWORD_LEN: usize = 10;
pub const MAX_PASSWORD_LEN: usize = 256;
pub const MAX_EMAIL_LEN: usize = 254;
pub const MAX_NAME_LEN: usize = 100;
pub const MAX_COMPANY_LEN: usize = 120;
pub const MAX_URL_LEN: usize = 500;
pub const DEFAULT_BRAND_COLOR: &str = "#2563eb";

/// Passwords so common that length alone does not make them safe.
const COMMON_PASSWORDS: &[&str] = &[
    "password123",
    "password1234",
    "passw0rd123",
    "1234567890",
    "12345678910",
    "qwertyuiop",
    "qwerty12345",
    "iloveyou123",
    "letmein1234",
    "welcome123",
    "admin12345",
    "abcdefghij",
    "0987654321",
    "1q2w3e4r5t",
];

/// Trims and lower-cases an email address; the result is how accounts are matched, so
/// `Ann@Example.com` and `ann@example.com` are one account. The domain is ASCII (an
/// international one in its `xn--` form). Stated as [`crate::patterns::EMAIL`].
pub fn normalize_email(raw: &str) -> Result<String, FieldError> {
    let invalid = || {
        FieldError::new(
            "email",
            "Enter a valid email address, like name@example.com.",
        )
    };
    if raw.chars().count() > MAX_EMAIL_LEN {
        return Err(FieldError::new(
            "email",
            format!("Email must be at most {MAX_EMAIL_LEN} characters."),
        ));
    }
    let email = raw.trim();
    if email.is_empty() {
        return Err(FieldError::new("email", "Email is required."));
    }
    let (local, domain) = email.rsplit_once('@').ok_or_else(invalid)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let local_ok = !local.is_empty()
        && !local.contains('@')
        && !local.chars().any(|c| c.is_whitespace() || c.is_control());
    if !domain_ok || !local_ok {
        return Err(invalid());
    }
    Ok(email.to_lowercase())
}

/// Minimum length, a maximum (hashing cost), and no well-known or one-note passwords.
pub fn validate_password(password: &str, field: &'static str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_LEN {
        return Err(FieldError::new(
            field,
            format!("Password must be at least {MIN_PASSWORD_LEN} characters."),
        ));
    }
    if chars > MAX_PASSWORD_LEN {
        return Err(FieldError::new(
            field,
            format!("Password must be at most {MAX_PASSWORD_LEN} characters."),
        ));
    }
    let lower = password.to_lowercase();
    let mut distinct: Vec<char> = lower.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 || COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err(FieldError::new(
            field,
            "This password is too easy to guess. Use a longer mix of words, numbers or symbols.",
        ));
    }
    Ok(())
}

/// A person's name as shown to recruiters and in emails.
pub fn validate_full_name(raw: &str) -> Result<String, FieldError> {
    bounded_text(raw, "full_name", "Full name", 1, MAX_NAME_LEN)
}

/// A company (organisation) name.
pub fn validate_company_name(raw: &str) -> Result<String, FieldError> {
    bounded_text(raw, "company_name", "Company name", 2, MAX_COMPANY_LEN)
}

/// `#rgb` or `#rrggbb`, returned as lower-case `#rrggbb`.
pub fn validate_brand_color(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().to_lowercase();
    let hex = value.strip_prefix('#').unwrap_or(&value);
    let expanded: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => String::new(),
    };
    if expanded.len() != 6 || !expanded.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(FieldError::new(
            "brand_color",
            "Brand colour must be a hex colour like #2563eb.",
        ));
    }
    Ok(format!("#{expanded}"))
}

/// An absolute http(s) URL of an image; empty means "no logo".
pub fn validate_logo_url(raw: &str) -> Result<Option<String>, FieldError> {
    if raw.chars().count() > MAX_URL_LEN {
        return Err(FieldError::new(
            "logo_url",
            format!("Logo URL must be at most {MAX_URL_LEN} characters."),
        ));
    }
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let valid = match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if !valid {
        return Err(FieldError::new(
            "logo_url",
            "Logo URL must be a full http:// or https:// address.",
        ));
    }
    Ok(Some(value.to_string()))
}

pub const MAX_JOB_TITLE_LEN: usize = 150;
pub const MAX_JOB_DESCRIPTION_LEN: usize = 20_000;
pub const MAX_SKILLS: usize = 30;
pub const MAX_SKILL_LEN: usize = 50;
pub const MAX_NOTE_LEN: usize = 2_000;
pub const MAX_LOCATION_LEN: usize = 150;

pub fn validate_job_title(raw: &str) -> Result<String, FieldError> {
    bounded_text(raw, "title", "Title", 3, MAX_JOB_TITLE_LEN)
}

/// Descriptions keep their line breaks (they are shown as paragraphs and given to the AI).
pub fn validate_job_description(raw: &str) -> Result<String, FieldError> {
    reject_control_characters(raw, "description")?;
    if raw.chars().count() > MAX_JOB_DESCRIPTION_LEN {
        return Err(FieldError::new(
            "description",
            format!("Description must be at most {MAX_JOB_DESCRIPTION_LEN} characters."),
        ));
    }
    let len = raw.trim().chars().count();
    if len < 20 {
        return Err(FieldError::new(
            "description",
            "Description must be at least 20 characters: the AI interviewer builds its questions from it.",
        ));
    }
    Ok(raw.trim().replace("\r\n", "\n"))
}

/// Optional short text: empty means none.
pub fn validate_optional_text(
    raw: &str,
    field: &'static str,
    label: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    if raw.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("{label} must be at most {max} characters."),
        ));
    }
    if raw.trim().is_empty() {
        return Ok(None);
    }
    bounded_text(raw, field, label, 1, max).map(Some)
}

/// Trimmed, de-duplicated (ignoring case), bounded list of skills.
pub fn validate_skills(raw: &[String]) -> Result<Vec<String>, FieldError> {
    if raw.len() > MAX_SKILLS {
        return Err(FieldError::new(
            "required_skills",
            format!("List at most {MAX_SKILLS} skills."),
        ));
    }
    let mut skills: Vec<String> = Vec::new();
    for skill in raw {
        reject_control_characters(skill, "required_skills")?;
        if skill.chars().count() > MAX_SKILL_LEN {
            return Err(FieldError::new(
                "required_skills",
                format!("Each skill must be at most {MAX_SKILL_LEN} characters."),
            ));
        }
        let skill = skill.split_whitespace().collect::<Vec<_>>().join(" ");
        if skill.is_empty() {
            continue;
        }
        if !skills
            .iter()
            .any(|s| s.to_lowercase() == skill.to_lowercase())
        {
            skills.push(skill);
        }
    }
    Ok(skills)
}

pub fn validate_question_count(value: u32) -> Result<u32, FieldError> {
    use crate::jobs::{MAX_QUESTION_COUNT, MIN_QUESTION_COUNT};
    if !(MIN_QUESTION_COUNT..=MAX_QUESTION_COUNT).contains(&value) {
        return Err(FieldError::new(
            "question_count",
            format!(
                "The number of questions must be between {MIN_QUESTION_COUNT} and {MAX_QUESTION_COUNT}."
            ),
        ));
    }
    Ok(value)
}

pub fn validate_time_limit(value: u32) -> Result<u32, FieldError> {
    use crate::jobs::{MAX_TIME_LIMIT_MINUTES, MIN_TIME_LIMIT_MINUTES};
    if !(MIN_TIME_LIMIT_MINUTES..=MAX_TIME_LIMIT_MINUTES).contains(&value) {
        return Err(FieldError::new(
            "time_limit_minutes",
            format!(
                "The time limit must be between {MIN_TIME_LIMIT_MINUTES} and {MAX_TIME_LIMIT_MINUTES} minutes."
            ),
        ));
    }
    Ok(value)
}

pub const MAX_LANGUAGE_LEN: usize = 20;

/// A BCP 47 language tag such as `en`, `de` or `pt-BR`.
pub fn validate_language(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    let too_long = raw.chars().count() > MAX_LANGUAGE_LEN;
    let mut parts = value.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !primary_ok || !rest_ok || too_long {
        return Err(FieldError::new(
            "language",
            "Language must be a language code such as en, de or pt-BR.",
        ));
    }
    Ok(value.to_string())
}

pub const MAX_EXTERNAL_IDS: usize = 10;
pub const MAX_EXTERNAL_ID_LEN: usize = 200;

/// External ids: up to 10 `snake_case` keys with short string values.
pub fn validate_external_ids(
    ids: &crate::jobs::ExternalIds,
) -> Result<crate::jobs::ExternalIds, FieldError> {
    if ids.len() > MAX_EXTERNAL_IDS {
        return Err(FieldError::new("external_ids", "At most 10 external ids."));
    }
    for (key, value) in ids {
        let key_ok = !key.is_empty()
            && key.len() <= 50
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return Err(FieldError::new(
                "external_ids",
                format!("External id names must be snake_case, like ats_job_id (got \"{key}\")."),
            ));
        }
        reject_control_characters(value, "external_ids")?;
        if value.is_empty() || value.chars().count() > MAX_EXTERNAL_ID_LEN {
            return Err(FieldError::new(
                "external_ids",
                format!("External id \"{key}\" must be 1 to 200 characters."),
            ));
        }
    }
    Ok(ids.clone())
}

fn bounded_text(
    raw: &str,
    field: &'static str,
    label: &str,
    min: usize,
    max: usize,
) -> Result<String, FieldError> {
    reject_control_characters(raw, field)?;
    // What was sent is bounded, not only what is kept: the document states the limit as the
    // length of the string a client sends.
    if raw.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("{label} must be at most {max} characters."),
        ));
    }
    let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = value.chars().count();
    if len == 0 {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    if len < min {
        return Err(FieldError::new(
            field,
            format!("{label} must be at least {min} characters."),
        ));
    }
    Ok(value)
}

#[cfg(test)]
#[path = "validation_tests.rs"]
mod tests;

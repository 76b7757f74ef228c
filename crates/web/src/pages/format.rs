//! Dates, times, time zones and status labels for the workspace pages. All times from the
//! server are RFC 3339; they are shown in the browser's own time zone.

use interview_flow_shared::{ApplicationStatus, EmailStatus, InterviewStatus, Recommendation};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

fn parse(rfc3339: &str) -> Option<js_sys::Date> {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    (!date.get_time().is_nan()).then_some(date)
}

fn locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en-GB".to_string())
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

/// The browser's IANA time zone, e.g. `Europe/Berlin` (`UTC` when it cannot be read).
pub fn local_time_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "UTC".to_string())
}

/// `+01:00` for a local offset in minutes east of UTC.
fn offset_text(minutes_east: i32) -> String {
    let sign = if minutes_east < 0 { '-' } else { '+' };
    let abs = minutes_east.abs();
    format!("{sign}{:02}:{:02}", abs / 60, abs % 60)
}

/// The browser's current offset, e.g. `UTC+01:00`.
pub fn local_offset_label() -> String {
    let now = js_sys::Date::new_0();
    format!("UTC{}", offset_text(-(now.get_timezone_offset() as i32)))
}

/// "Times are in Europe/Berlin (UTC+01:00)".
pub fn time_zone_sentence() -> String {
    format!(
        "Times are in {} ({})",
        local_time_zone(),
        local_offset_label()
    )
}

/// e.g. "Tue, 3 Mar 2026, 14:30" in the browser's locale and time zone.
pub fn format_datetime(rfc3339: &str) -> String {
    match parse(rfc3339) {
        Some(date) => date
            .to_locale_string(
                &locale(),
                &options(&[
                    ("weekday", "short"),
                    ("day", "numeric"),
                    ("month", "short"),
                    ("year", "numeric"),
                    ("hour", "2-digit"),
                    ("minute", "2-digit"),
                ]),
            )
            .into(),
        None => rfc3339.to_string(),
    }
}

/// e.g. "3 Mar 2026".
pub fn format_date(rfc3339: &str) -> String {
    match parse(rfc3339) {
        Some(date) => date
            .to_locale_date_string(
                &locale(),
                &options(&[("day", "numeric"), ("month", "short"), ("year", "numeric")]),
            )
            .into(),
        None => rfc3339.to_string(),
    }
}

/// A `datetime-local` value (`2026-03-03T14:30`, local time) as RFC 3339 with the
/// browser's offset at that moment, e.g. `2026-03-03T14:30:00+01:00`.
pub fn local_input_to_rfc3339(value: &str) -> Option<String> {
    let value = value.trim();
    if value.len() < 16 {
        return None;
    }
    let date = parse(value)?;
    let offset = offset_text(-(date.get_timezone_offset() as i32));
    let base = &value[..16];
    Some(format!("{base}:00{offset}"))
}

/// RFC 3339 → a `datetime-local` value in the browser's time zone.
pub fn rfc3339_to_local_input(rfc3339: &str) -> String {
    parse(rfc3339)
        .map(|d| date_to_local_input(&d))
        .unwrap_or_default()
}

fn date_to_local_input(d: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// `datetime-local` value `hours` from now, rounded to the next quarter hour.
pub fn local_input_in_hours(hours: f64) -> String {
    let ms = js_sys::Date::now() + hours * 3_600_000.0;
    let quarter = 15.0 * 60_000.0;
    let rounded = (ms / quarter).ceil() * quarter;
    date_to_local_input(&js_sys::Date::new(&JsValue::from_f64(rounded)))
}

/// Milliseconds since the epoch of a `datetime-local` value or RFC 3339 time.
pub fn time_ms(value: &str) -> Option<f64> {
    parse(value).map(|d| d.get_time())
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// "2 h 5 min", "3 d 4 h", "45 s" for a positive duration.
pub fn duration_text(ms: f64) -> String {
    let total = (ms / 1000.0).ceil().max(0.0) as i64;
    let (d, h, m, s) = (
        total / 86_400,
        total % 86_400 / 3_600,
        total % 3_600 / 60,
        total % 60,
    );
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min {s} s")
    } else {
        format!("{s} s")
    }
}

/// A clock signal that ticks every `interval_ms` while the component lives.
pub fn use_now(interval_ms: u64) -> ReadSignal<f64> {
    let (now, set_now) = signal(now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(now_ms()),
        std::time::Duration::from_millis(interval_ms),
    ) {
        on_cleanup(move || handle.clear());
    }
    now
}

// ---- labels and badge classes ----

pub fn interview_status_label(status: InterviewStatus) -> &'static str {
    match status {
        InterviewStatus::Scheduled => "Scheduled",
        InterviewStatus::InProgress => "In progress",
        InterviewStatus::Completed => "Completed",
        InterviewStatus::Expired => "Expired",
        InterviewStatus::Cancelled => "Cancelled",
        InterviewStatus::Abandoned => "Abandoned",
    }
}

pub fn interview_status_class(status: InterviewStatus) -> &'static str {
    match status {
        InterviewStatus::Scheduled => "badge badge-info",
        InterviewStatus::InProgress => "badge badge-warn",
        InterviewStatus::Completed => "badge badge-success",
        InterviewStatus::Expired | InterviewStatus::Abandoned => "badge badge-muted",
        InterviewStatus::Cancelled => "badge badge-danger",
    }
}

pub fn application_status_label(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Applied => "Applied",
        ApplicationStatus::Screening => "Screening",
        ApplicationStatus::Interview => "Interview",
        ApplicationStatus::Offer => "Offer",
        ApplicationStatus::Rejected => "Rejected",
    }
}

pub fn application_status_class(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Applied => "badge badge-info",
        ApplicationStatus::Screening | ApplicationStatus::Interview => "badge badge-warn",
        ApplicationStatus::Offer => "badge badge-success",
        ApplicationStatus::Rejected => "badge badge-danger",
    }
}

pub const APPLICATION_STATUSES: [ApplicationStatus; 5] = [
    ApplicationStatus::Applied,
    ApplicationStatus::Screening,
    ApplicationStatus::Interview,
    ApplicationStatus::Offer,
    ApplicationStatus::Rejected,
];

pub fn email_status_label(status: EmailStatus) -> &'static str {
    match status {
        EmailStatus::Queued => "Email queued",
        EmailStatus::Sent => "Email sent",
        EmailStatus::Failed => "Email failed",
    }
}

pub fn email_status_class(status: EmailStatus) -> &'static str {
    match status {
        EmailStatus::Queued => "badge badge-muted",
        EmailStatus::Sent => "badge badge-success",
        EmailStatus::Failed => "badge badge-danger",
    }
}

pub fn recommendation_label(rec: Recommendation) -> &'static str {
    match rec {
        Recommendation::StrongYes => "Strong yes",
        Recommendation::Yes => "Yes",
        Recommendation::Maybe => "Maybe",
        Recommendation::No => "No",
    }
}

pub fn recommendation_class(rec: Recommendation) -> &'static str {
    match rec {
        Recommendation::StrongYes | Recommendation::Yes => "badge badge-success",
        Recommendation::Maybe => "badge badge-warn",
        Recommendation::No => "badge badge-danger",
    }
}

/// The colour if it is a valid hex colour, else the default (never unchecked CSS).
pub fn safe_color(color: &str) -> String {
    interview_flow_shared::validation::validate_brand_color(color)
        .unwrap_or_else(|_| interview_flow_shared::validation::DEFAULT_BRAND_COLOR.to_string())
}

/// "1.2 MB", "340 KB".
pub fn size_text(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else {
        format!("{:.0} KB", (bytes / 1024.0).max(1.0))
    }
}

/// `role_fit` → "Role fit".
pub fn humanize(snake: &str) -> String {
    let text = snake.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

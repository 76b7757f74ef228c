//! Scheduling an interview (`schedule.rs`), and one interview's page with its link,
//! email, reschedule and cancel (`detail.rs`); here the checks both forms share.

mod detail;
mod schedule;

use crate::pages::format::{local_input_to_rfc3339, now_ms, rfc3339_to_local_input, time_ms};

pub use detail::InterviewPage;
pub use schedule::SchedulePage;

const MAX_OPENS_BEFORE: u32 = 24 * 60;
const MAX_VALID_DAYS: u32 = 60;

/// Checks a `datetime-local` value is a future time; answers RFC 3339 with the offset.
pub(super) fn check_when(value: &str) -> Result<String, String> {
    let rfc = local_input_to_rfc3339(value).ok_or("Choose a date and a time.")?;
    match time_ms(&rfc) {
        Some(ms) if ms > now_ms() + 60_000.0 => Ok(rfc),
        Some(_) => Err("The interview must be scheduled in the future.".into()),
        None => Err("Choose a date and a time.".into()),
    }
}

pub(super) fn check_opens(value: &str) -> Result<u32, String> {
    match value.trim().parse::<u32>() {
        Ok(n) if n <= MAX_OPENS_BEFORE => Ok(n),
        _ => Err(format!("Enter 0 to {MAX_OPENS_BEFORE} minutes.")),
    }
}

pub(super) fn check_valid_days(value: &str) -> Result<u32, String> {
    match value.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_VALID_DAYS).contains(&n) => Ok(n),
        _ => Err(format!("Enter 1 to {MAX_VALID_DAYS} days.")),
    }
}

/// RFC 3339 of `rfc` plus `days`, with the browser's offset at that time.
pub(super) fn plus_days(rfc: &str, days: u32) -> Option<String> {
    let ms = time_ms(rfc)? + f64::from(days) * 86_400_000.0;
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let iso: String = date.to_iso_string().into();
    local_input_to_rfc3339(&rfc3339_to_local_input(&iso))
}

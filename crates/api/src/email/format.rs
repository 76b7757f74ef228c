//! Presentation helpers: how times, durations and colours are shown to candidates.

use chrono::{DateTime, FixedOffset, Offset};
use chrono_tz::{OffsetName, Tz};

/// `Tuesday 1 December 2026, 14:00` (24-hour clock, English names).
const DATE_TIME: &str = "%A %-d %B %Y, %H:%M";

/// How a time is shown, e.g. "Tuesday 1 December 2026, 14:00 (Central European Time,
/// Europe/Berlin)" when a zone is given, or "Tuesday 1 December 2026, 14:00 (UTC+01:00)" from the
/// offset alone; 24-hour clock.
///
/// With a zone the instant is converted into it (daylight-saving aware) and the label always
/// carries the IANA name; the long name is used when known, otherwise the zone's abbreviation
/// ("CET, Europe/Berlin") or, for zones without a letter abbreviation, the UTC offset
/// ("UTC+03:00, Europe/Istanbul").
pub fn format_when(at: DateTime<FixedOffset>, time_zone: Option<Tz>) -> String {
    match time_zone {
        Some(tz) => {
            let local = at.with_timezone(&tz);
            let offset = local.offset();
            let iana = tz.name();
            let label = match offset.abbreviation() {
                Some(abbr) if abbr.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                    long_zone_name(abbr, iana).unwrap_or(abbr).to_owned()
                }
                _ => utc_offset_label(offset.fix()),
            };
            format!("{} ({label}, {iana})", local.format(DATE_TIME))
        }
        None => format!(
            "{} ({})",
            at.format(DATE_TIME),
            utc_offset_label(*at.offset())
        ),
    }
}

/// `UTC+01:00`, `UTC-03:30`, `UTC+00:00`; seconds (historic offsets only) are dropped.
pub(crate) fn utc_offset_label(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// Spelled-out names for the common, unambiguous tz abbreviations. Abbreviations that mean
/// different things in different regions are resolved with the IANA name; anything not listed
/// falls back to the abbreviation itself (the IANA name is always shown next to it).
fn long_zone_name(abbr: &str, iana: &str) -> Option<&'static str> {
    let asia = iana.starts_with("Asia/") || iana == "PRC" || iana == "ROC";
    let cuba = iana == "America/Havana" || iana == "Cuba";
    let name = match abbr {
        "UTC" => "Coordinated Universal Time",
        "GMT" => "Greenwich Mean Time",
        "BST" if iana == "Europe/London" || iana == "GB" => "British Summer Time",
        "IST" if iana == "Europe/Dublin" || iana == "Eire" => "Irish Standard Time",
        "IST" if iana == "Asia/Kolkata" || iana == "Asia/Calcutta" => "India Standard Time",
        "IST" if iana == "Asia/Jerusalem" || iana == "Asia/Tel_Aviv" || iana == "Israel" => {
            "Israel Standard Time"
        }
        "IDT" => "Israel Daylight Time",
        "WET" => "Western European Time",
        "WEST" => "Western European Summer Time",
        "CET" => "Central European Time",
        "CEST" => "Central European Summer Time",
        "EET" => "Eastern European Time",
        "EEST" => "Eastern European Summer Time",
        "MSK" => "Moscow Standard Time",
        "EST" if !asia => "Eastern Standard Time",
        "EDT" => "Eastern Daylight Time",
        "CST" if asia => "China Standard Time",
        "CST" if cuba => "Cuba Standard Time",
        "CDT" if cuba => "Cuba Daylight Time",
        "CST" => "Central Standard Time",
        "CDT" => "Central Daylight Time",
        "MST" => "Mountain Standard Time",
        "MDT" => "Mountain Daylight Time",
        "PST" if asia => "Philippine Standard Time",
        "PST" => "Pacific Standard Time",
        "PDT" => "Pacific Daylight Time",
        "AKST" => "Alaska Standard Time",
        "AKDT" => "Alaska Daylight Time",
        "HST" => "Hawaii-Aleutian Standard Time",
        "HDT" => "Hawaii-Aleutian Daylight Time",
        "AST" if iana.starts_with("America/") || iana.starts_with("Atlantic/") => {
            "Atlantic Standard Time"
        }
        "ADT" if iana.starts_with("America/") || iana.starts_with("Atlantic/") => {
            "Atlantic Daylight Time"
        }
        "NST" if iana.starts_with("America/St_Johns") || iana.starts_with("Canada/") => {
            "Newfoundland Standard Time"
        }
        "NDT" if iana.starts_with("America/St_Johns") || iana.starts_with("Canada/") => {
            "Newfoundland Daylight Time"
        }
        "JST" => "Japan Standard Time",
        "KST" => "Korea Standard Time",
        "HKT" => "Hong Kong Time",
        "PKT" => "Pakistan Standard Time",
        "WIB" => "Western Indonesia Time",
        "AEST" => "Australian Eastern Standard Time",
        "AEDT" => "Australian Eastern Daylight Time",
        "ACST" => "Australian Central Standard Time",
        "ACDT" => "Australian Central Daylight Time",
        "AWST" => "Australian Western Standard Time",
        "NZST" => "New Zealand Standard Time",
        "NZDT" => "New Zealand Daylight Time",
        "SAST" => "South Africa Standard Time",
        "WAT" => "West Africa Time",
        "CAT" => "Central Africa Time",
        "EAT" => "East Africa Time",
        _ => return None,
    };
    Some(name)
}

/// "45 minutes", "1 hour", "1 hour 30 minutes".
pub(crate) fn human_duration(minutes: u32) -> String {
    let (hours, mins) = (minutes / 60, minutes % 60);
    let plural = |n: u32, one: &str, many: &str| interview_flow_shared::text::count(n, one, many);
    match (hours, mins) {
        (0, m) => plural(m, "minute", "minutes"),
        (h, 0) => plural(h, "hour", "hours"),
        (h, m) => format!(
            "{} {}",
            plural(h, "hour", "hours"),
            plural(m, "minute", "minutes")
        ),
    }
}

/// "1 main question", "6 main questions" (follow-ups come on top, as the room counts them).
pub(crate) fn human_questions(count: u32) -> String {
    interview_flow_shared::text::count(count, "main question", "main questions")
}

/// The brand colour as lowercase `#rrggbb`, or `None` when it is not of that form (it then never
/// reaches a style attribute).
pub(crate) fn normalize_hex_colour(colour: &str) -> Option<String> {
    let hex = colour.trim().strip_prefix('#')?;
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// Near-black used for text on light brand colours (and for body text).
pub(crate) const DARK_TEXT: &str = "#111827";
pub(crate) const LIGHT_TEXT: &str = "#ffffff";

/// The text colour (white or near-black) with the higher WCAG contrast against `background`
/// (a normalized `#rrggbb`).
pub(crate) fn text_colour_on(background: &str) -> &'static str {
    let (Some(bg), Some(dark)) = (
        relative_luminance(background),
        relative_luminance(DARK_TEXT),
    ) else {
        return LIGHT_TEXT;
    };
    let against_white = 1.05 / (bg + 0.05);
    let against_dark = (bg + 0.05) / (dark + 0.05);
    if against_white >= against_dark {
        LIGHT_TEXT
    } else {
        DARK_TEXT
    }
}

/// WCAG 2 relative luminance of a `#rrggbb` colour.
fn relative_luminance(colour: &str) -> Option<f64> {
    let hex = colour.strip_prefix('#')?;
    let channel = |i: usize| -> Option<f64> {
        let v = u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?;
        let c = f64::from(v) / 255.0;
        Some(if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

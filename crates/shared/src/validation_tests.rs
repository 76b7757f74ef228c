//! Unit tests of `validation.rs`.

use super::*;

#[test]
fn emails_are_normalised_and_checked() {
    assert_eq!(
        normalize_email("  Ann.Lee@Example.COM ").as_deref(),
        Ok("ann.lee@example.com")
    );
    for bad in [
        "",
        "ann",
        "ann@",
        "@example.com",
        "ann@example",
        "a b@example.com",
        "ann@ex..com",
    ] {
        assert_eq!(
            normalize_email(bad).map_err(|e| e.field),
            Err("email"),
            "{bad}"
        );
    }
}

#[test]
fn weak_passwords_are_refused() {
    assert!(validate_password("short", "password").is_err());
    assert!(validate_password("aaaaaaaaaaaa", "password").is_err());
    assert!(validate_password("Password123", "password").is_err());
    assert!(validate_password("correct horse battery", "password").is_ok());
}

#[test]
fn names_are_trimmed_and_bounded() {
    assert_eq!(validate_full_name("  Ann   Lee ").as_deref(), Ok("Ann Lee"));
    assert!(validate_full_name("   ").is_err());
    assert!(validate_company_name("A").is_err());
    assert!(validate_full_name(&"x".repeat(MAX_NAME_LEN + 1)).is_err());
}

#[test]
fn control_characters_are_refused_except_line_breaks_and_tabs() {
    for bad in [
        "Ann\0Lee",
        "Ann\u{7}",
        "Ann\u{1b}[31m",
        "Ann\u{7f}",
        "Ann\u{85}",
    ] {
        assert_eq!(
            validate_full_name(bad).map_err(|e| e.field),
            Err("full_name"),
            "{bad:?}"
        );
    }
    assert_eq!(validate_full_name("Ann\tLee\r\n").as_deref(), Ok("Ann Lee"));
    assert!(validate_job_description("Line one is long enough.\r\nLine two\tstays.").is_ok());
    assert_eq!(
        validate_job_description("Twenty characters or more\0").map_err(|e| e.field),
        Err("description")
    );
    assert_eq!(
        validate_skills(&["Rust\0".into()]).map_err(|e| e.field),
        Err("required_skills")
    );
    assert!(
        validate_optional_text("a\u{0}b", "note", "Note", 10)
            .unwrap_err()
            .message
            .contains("control character")
    );
}

#[test]
fn times_are_bounded() {
    use chrono::{TimeDelta, TimeZone, Utc};
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
    let ahead = TimeDelta::days(MAX_SCHEDULE_AHEAD_DAYS);
    let check = |at| validate_time_bounds(at, now, TimeDelta::days(1), ahead, "scheduled_at");
    assert!(check(now + ahead).is_ok());
    assert!(check(now - TimeDelta::hours(23)).is_ok());
    assert_eq!(
        check(now + ahead + TimeDelta::seconds(1)).map_err(|e| e.field),
        Err("scheduled_at")
    );
    assert!(check(Utc.with_ymd_and_hms(9999, 12, 31, 0, 0, 0).unwrap()).is_err());
    assert!(check(now - TimeDelta::days(2)).is_err());
}

#[test]
fn brand_colours_are_hex() {
    assert_eq!(validate_brand_color("#ABC").as_deref(), Ok("#aabbcc"));
    assert_eq!(validate_brand_color("0f766e").as_deref(), Ok("#0f766e"));
    assert!(validate_brand_color("red").is_err());
    assert!(validate_brand_color("#12345g").is_err());
}

#[test]
fn logo_urls_must_be_absolute_http() {
    assert_eq!(validate_logo_url(""), Ok(None));
    assert!(validate_logo_url("javascript:alert(1)").is_err());
    assert!(validate_logo_url("https://").is_err());
    assert_eq!(
        validate_logo_url("https://cdn.example.com/logo.png"),
        Ok(Some("https://cdn.example.com/logo.png".into()))
    );
}

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

/// The OpenAPI patterns (`patterns.rs`) say exactly what the validators accept: over many
/// generated strings (pieces of addresses, URLs, colours and tags, whitespace of every kind,
/// control characters), a validator accepts a string exactly when its pattern matches and the
/// stated length bound holds. Strings with a forbidden control character never reach the
/// validators that do not check for one (the JSON extractor refuses them first).
#[test]
fn patterns_state_exactly_what_the_validators_accept() {
    use crate::patterns;
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "é",
        "1",
        "ann",
        "example",
        "com",
        "0f766e",
        "ABC",
        "de",
        "pt",
        "BR",
        "en",
        "xn--mnchen-3ya",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\u{a0}",
        "\u{3000}",
        "\u{2028}",
        "@",
        ".",
        "..",
        "-",
        "#",
        "/",
        ":",
        "?",
        "https://",
        "http://",
        "_",
        "\u{0}",
        "\u{1b}",
        "\u{85}",
        "\u{b}",
        "\u{7f}",
        "f",
        "F0",
        "abc",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // A pattern, its length bound, the validator, and the shape of the strings to try
    // ("*": one to four random pieces), so that both outcomes come up often.
    type Check = (
        &'static str,
        usize,
        fn(&str) -> bool,
        &'static [&'static str],
    );
    const ANY: &[&str] = &["*", "*"];
    let checks: [Check; 9] = [
        (
            patterns::TEXT_MIN_1,
            MAX_NAME_LEN,
            |s| validate_full_name(s).is_ok(),
            ANY,
        ),
        (
            patterns::TEXT_MIN_2,
            MAX_COMPANY_LEN,
            |s| validate_company_name(s).is_ok(),
            ANY,
        ),
        (
            patterns::TEXT_MIN_3,
            MAX_JOB_TITLE_LEN,
            |s| validate_job_title(s).is_ok(),
            ANY,
        ),
        // A short limit, so the length bound is crossed often.
        (
            patterns::ANY_TEXT,
            8,
            |s| validate_optional_text(s, "location", "Location", 8).is_ok(),
            ANY,
        ),
        (
            patterns::DESCRIPTION,
            usize::MAX,
            |s| validate_job_description(s).is_ok(),
            &["*", "*", "*", "*", "*", "*"],
        ),
        (
            patterns::EMAIL,
            MAX_EMAIL_LEN,
            |s| normalize_email(s).is_ok(),
            &["*", "@", "*", ".", "*"],
        ),
        (
            patterns::BRAND_COLOR,
            usize::MAX,
            |s| validate_brand_color(s).is_ok(),
            &["*", "#", "*"],
        ),
        (
            patterns::LOGO_URL,
            MAX_URL_LEN,
            |s| validate_logo_url(s).is_ok(),
            &["*", "https://", "*"],
        ),
        (
            patterns::LANGUAGE,
            MAX_LANGUAGE_LEN,
            |s| validate_language(s).is_ok(),
            &["*", "-", "*"],
        ),
    ];
    for (pattern, max_len, accepts, shape) in checks {
        let regex = regex::Regex::new(pattern).unwrap();
        let (mut matched, mut refused) = (0, 0);
        for _ in 0..20_000 {
            let mut text = String::new();
            for part in shape {
                // Each fixed part is left out now and then, and a random part may be empty.
                if *part != "*" {
                    if next() % 4 != 0 {
                        text.push_str(part);
                    }
                    continue;
                }
                for _ in 0..next() % 4 {
                    text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                }
            }
            let documented = regex.is_match(&text) && text.chars().count() <= max_len;
            let accepted = !text.chars().any(is_forbidden_control) && accepts(&text);
            assert_eq!(documented, accepted, "{pattern} on {text:?}");
            if accepted {
                matched += 1;
            } else {
                refused += 1;
            }
        }
        assert!(
            matched > 100 && refused > 100,
            "{pattern}: {matched} accepted, {refused} refused"
        );
    }
}

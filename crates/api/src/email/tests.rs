use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};

use super::*;

// The recruiter's note in the interview emails.
mod note;

const LINK: &str =
    "https://app.example.com/interview/ready/6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f#token=abc&x=1";
const LINK_HTML: &str = "https://app.example.com/interview/ready/6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f#token=abc&amp;x=1";

fn scheduled() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-12-01T14:00:00+01:00").unwrap()
}

fn sample(kind: EmailKind) -> InterviewEmail {
    let at = scheduled();
    InterviewEmail {
        kind,
        interview_id: "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f".into(),
        candidate_name: "Ada Lovelace".into(),
        candidate_email: "ada@example.org".into(),
        recruiter_name: "Grace Hopper".into(),
        help_email: "grace@acme.example".into(),
        job_title: "Backend Engineer".into(),
        branding: Branding {
            company_name: "Acme GmbH".into(),
            logo_url: None,
            brand_color: "#1E3A8A".into(),
        },
        scheduled_at: at,
        time_zone: Some(chrono_tz::Europe::Berlin),
        opens_at: at.with_timezone(&Utc) - Duration::minutes(15),
        expires_at: at.with_timezone(&Utc) + Duration::hours(24),
        duration_minutes: 30,
        question_count: 6,
        link: LINK.into(),
        sequence: 0,
        organizer_email: "interviews@interviewflow.example".into(),
        note: None,
    }
}

/// The .ics with folded lines joined again (RFC 5545 §3.1).
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "").replace("\r\n\t", "")
}

#[test]
fn kind_names_round_trip() {
    for kind in EmailKind::ALL {
        assert_eq!(EmailKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(EmailKind::Reminder24h.as_str(), "reminder_24h");
    assert_eq!(EmailKind::Reminder1h.as_str(), "reminder_1h");
    assert_eq!(EmailKind::parse("reminder"), None);
}

#[test]
fn subjects_per_kind() {
    let expected = [
        (
            EmailKind::Invitation,
            "Your interview for Backend Engineer at Acme GmbH",
        ),
        (
            EmailKind::Resend,
            "Your interview link for Backend Engineer at Acme GmbH",
        ),
        (
            EmailKind::Rescheduled,
            "New time: your interview for Backend Engineer at Acme GmbH",
        ),
        (
            EmailKind::Cancelled,
            "Cancelled: your interview for Backend Engineer at Acme GmbH",
        ),
        (
            EmailKind::Reminder24h,
            "Tomorrow: your interview for Backend Engineer at Acme GmbH",
        ),
        (
            EmailKind::Reminder1h,
            "In one hour: your interview for Backend Engineer at Acme GmbH",
        ),
    ];
    for (kind, subject) in expected {
        let rendered = render(&sample(kind)).unwrap();
        assert_eq!(rendered.subject, subject);
        assert!(rendered.html.contains(&format!("<title>{subject}</title>")));
    }
}

#[test]
fn every_kind_renders_the_essentials() {
    for kind in EmailKind::ALL {
        let r = render(&sample(kind)).unwrap();
        for part in [&r.html, &r.text] {
            assert!(part.contains("Ada Lovelace"), "{kind}: name");
            assert!(part.contains("Backend Engineer"), "{kind}: job");
            assert!(part.contains("Acme GmbH"), "{kind}: company");
            assert!(
                part.contains("Tuesday 1 December 2026, 14:00"),
                "{kind}: when"
            );
            assert!(part.contains("Europe/Berlin"), "{kind}: zone");
            assert!(part.contains("Central European Time"), "{kind}: zone name");
            assert!(part.contains("grace@acme.example"), "{kind}: help");
            assert!(part.contains("Reply to this email"), "{kind}: help");
            assert!(
                !part.contains("{{") && !part.contains("{%"),
                "{kind}: leftovers"
            );
        }
        assert!(r.html.contains("#1e3a8a"), "{kind}: brand colour");
        assert!(r.html.starts_with("<!DOCTYPE html>"));
        assert!(!r.html.contains("<style"), "{kind}: inline styles only");
        if kind == EmailKind::Cancelled {
            continue;
        }
        assert_eq!(
            r.html.matches(LINK_HTML).count(),
            2,
            "{kind}: button + text"
        );
        assert!(
            r.html.contains(&format!("href=\"{LINK_HTML}\"")),
            "{kind}: button"
        );
        assert!(
            r.text.lines().any(|l| l == LINK),
            "{kind}: link on its own line"
        );
        for part in [&r.html, &r.text] {
            assert!(
                part.contains("6 main questions with follow-ups, up to 30 minutes"),
                "{kind}: length"
            );
            assert!(part.contains("What to prepare"), "{kind}: prepare");
            assert!(part.contains("Chrome or Microsoft Edge"), "{kind}: browser");
            assert!(part.contains("type your answers"), "{kind}: typing");
            assert!(part.contains("Headphones"), "{kind}: headphones");
            assert!(
                part.contains(
                    "interviewed by an AI interviewer; a person at Acme GmbH reviews your answers"
                ),
                "{kind}: AI note"
            );
            // Opens 13:45 and expires the next day at 14:00, in Berlin time.
            assert!(
                part.contains("Tuesday 1 December 2026, 13:45"),
                "{kind}: opens"
            );
            assert!(
                part.contains("Wednesday 2 December 2026, 14:00"),
                "{kind}: expires"
            );
        }
        assert_eq!(r.ics_method, "REQUEST");
        assert!(r.ics.contains("METHOD:REQUEST\r\n"));
        assert!(r.ics.contains("STATUS:CONFIRMED\r\n"));
    }
}

#[test]
fn html_escapes_user_input() {
    let mut email = sample(EmailKind::Invitation);
    email.candidate_name = "<script>alert(1)</script> O'Neil".into();
    email.job_title = "R&D \"Lead\"".into();
    email.branding.company_name = "<b>Evil</b> Corp".into();
    let r = render(&email).unwrap();
    assert!(!r.html.contains("<script>"));
    assert!(!r.html.contains("<b>Evil"));
    assert!(
        r.html
            .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(r.html.contains("O&#x27;Neil"));
    assert!(r.html.contains("R&amp;D &quot;Lead&quot;"));
    // The plain-text part is not HTML and keeps the text as typed.
    assert!(r.text.contains("Hello <script>alert(1)</script> O'Neil,"));
    assert!(r.subject.contains("R&D \"Lead\" at <b>Evil</b> Corp"));
}

#[test]
fn header_shows_logo_or_name_and_button_text_contrasts() {
    let mut email = sample(EmailKind::Invitation);
    let r = render(&email).unwrap();
    assert!(!r.html.contains("<img"));
    assert!(r.html.contains("color:#ffffff;\">Acme GmbH</span>"));
    assert!(r.html.contains("color:#ffffff;text-decoration:none"));

    email.branding.brand_color = "#FFD600".into();
    email.branding.logo_url = Some("https://cdn.acme.example/logo.png".into());
    let r = render(&email).unwrap();
    assert!(
        r.html
            .contains("<img src=\"https://cdn.acme.example/logo.png\" alt=\"Acme GmbH\"")
    );
    assert!(r.html.contains("#ffd600"));
    assert!(r.html.contains("color:#111827;text-decoration:none"));

    email.branding.logo_url = Some("javascript:alert(1)".into());
    email.branding.brand_color = "red;background:url(x)".into();
    let r = render(&email).unwrap();
    assert!(!r.html.contains("javascript:"));
    assert!(!r.html.contains("url(x)"));
    assert!(r.html.contains(DEFAULT_BRAND_COLOUR));
}

#[test]
fn offset_only_times_show_the_utc_offset() {
    let mut email = sample(EmailKind::Invitation);
    email.time_zone = None;
    let r = render(&email).unwrap();
    for part in [&r.html, &r.text] {
        assert!(part.contains("Tuesday 1 December 2026, 14:00 (UTC+01:00)"));
        assert!(part.contains("Tuesday 1 December 2026, 13:45 (UTC+01:00)"));
        assert!(!part.contains("Europe/Berlin"));
    }
}

#[test]
fn per_kind_wording() {
    let r = render(&sample(EmailKind::Rescheduled)).unwrap();
    assert!(r.html.contains("previous time no longer applies"));
    assert!(r.text.contains("previous time no longer applies"));
    let r = render(&sample(EmailKind::Reminder24h)).unwrap();
    assert!(r.text.contains("is tomorrow"));
    let r = render(&sample(EmailKind::Reminder1h)).unwrap();
    assert!(r.text.contains("starts in one hour"));
    let r = render(&sample(EmailKind::Resend)).unwrap();
    assert!(r.text.contains("interview link"));
}

#[test]
fn cancelled_has_no_button_and_cancels_the_event() {
    let mut email = sample(EmailKind::Cancelled);
    email.sequence = 2;
    let r = render(&email).unwrap();
    assert!(!r.html.contains("<a href=\"https://app.example.com"));
    assert!(!r.html.contains("interview/ready"));
    assert!(!r.text.contains("interview/ready"));
    assert!(!r.html.contains("What to prepare"));
    assert!(r.html.contains("link no longer works"));
    assert!(r.text.contains("link no longer works"));
    assert_eq!(r.ics_method, "CANCEL");
    let ics = unfold(&r.ics);
    assert!(ics.contains("\r\nMETHOD:CANCEL\r\n"));
    assert!(ics.contains("\r\nSTATUS:CANCELLED\r\n"));
    assert!(ics.contains("\r\nSEQUENCE:2\r\n"));
    assert!(ics.contains("\r\nUID:6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f@interviewflow\r\n"));
}

#[test]
fn ics_has_the_required_properties() {
    let mut email = sample(EmailKind::Rescheduled);
    email.sequence = 3;
    email.job_title = "Engineer, Backend; Remote".into();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap();
    let r = render_at(&email, now).unwrap();
    let ics = unfold(&r.ics);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in [
        "PRODID:-//Interview Flow//Interview Invitation 1.0//EN",
        "VERSION:2.0",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f@interviewflow",
        "DTSTAMP:20261120T093000Z",
        "DTSTART:20261201T130000Z",
        "DTEND:20261201T133000Z",
        "SEQUENCE:3",
        "STATUS:CONFIRMED",
        "SUMMARY:Interview: Engineer\\, Backend\\; Remote at Acme GmbH",
        &format!("URL:{LINK}"),
        &format!("LOCATION:{LINK}"),
        "ORGANIZER;CN=Acme GmbH:mailto:interviews@interviewflow.example",
        "ATTENDEE;CN=Ada Lovelace;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:ada@example.org",
        "END:VEVENT",
    ] {
        assert!(
            ics.contains(&format!("\r\n{line}\r\n")),
            "missing {line:?} in\n{ics}"
        );
    }
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    let description = ics
        .lines()
        .find(|l| l.starts_with("DESCRIPTION:"))
        .expect("DESCRIPTION");
    assert!(description.contains(LINK));
    assert!(description.contains("Engineer\\, Backend\\; Remote"));
    assert!(description.contains("\\n"));
}

#[test]
fn ics_folds_at_75_octets_with_crlf() {
    let mut email = sample(EmailKind::Invitation);
    email.job_title = "Senior Staff Platform Engineer, Distributed Systems — Zürich/München".into();
    email.branding.company_name = "Ünïcödé Enterprises; Holdings, International".into();
    let r = render(&email).unwrap();
    assert!(!r.ics.replace("\r\n", "").contains('\n'), "bare LF");
    assert!(!r.ics.replace("\r\n", "").contains('\r'), "bare CR");
    let mut folded = 0;
    for line in r.ics.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
        if line.starts_with(' ') {
            folded += 1;
        }
    }
    assert!(folded > 0, "expected long lines to be folded");
    let ics = unfold(&r.ics);
    assert!(ics.contains("ORGANIZER;CN=\"Ünïcödé Enterprises; Holdings, International\":mailto:"));
    assert!(ics.contains(&format!("URL:{LINK}\r\n")));
}

#[test]
fn multi_line_input_stays_on_one_line() {
    let mut email = sample(EmailKind::Invitation);
    email.job_title = "Backend\r\nBcc: victim@example.org".into();
    let r = render(&email).unwrap();
    assert_eq!(
        r.subject,
        "Your interview for Backend Bcc: victim@example.org at Acme GmbH"
    );
    assert!(!r.subject.contains('\n'));
}

#[test]
fn build_message_assembles_the_mime_tree() {
    let r = render(&sample(EmailKind::Invitation)).unwrap();
    let message = build_message(
        "Interview Flow <interviews@interviewflow.example>",
        "Ada Lovelace",
        "ada@example.org",
        Some("Grace Hopper <grace@acme.example>"),
        &r.subject,
        &r.html,
        &r.text,
        Some((&r.ics, r.ics_method)),
        "<6f1c2d3e@interviewflow>",
    )
    .unwrap();
    let raw = String::from_utf8(message.formatted()).unwrap();
    for needle in [
        "From: \"Interview Flow\" <interviews@interviewflow.example>",
        "To: \"Ada Lovelace\" <ada@example.org>",
        "Reply-To: \"Grace Hopper\" <grace@acme.example>",
        "Subject: Your interview for Backend Engineer at Acme GmbH",
        "Message-ID: <6f1c2d3e@interviewflow>",
        "Date: ",
        "multipart/mixed",
        "multipart/alternative",
        "text/plain; charset=utf-8",
        "text/html; charset=utf-8",
        "text/calendar; charset=",
        "method=REQUEST",
        "Content-Disposition: attachment; filename=\"invite.ics\"",
    ] {
        assert!(raw.contains(needle), "missing {needle:?} in\n{raw}");
    }
    let mixed = raw.find("multipart/mixed").unwrap();
    let alternative = raw.find("multipart/alternative").unwrap();
    let plain = raw.find("text/plain").unwrap();
    let html = raw.find("text/html").unwrap();
    let calendar = raw.find("text/calendar").unwrap();
    assert!(mixed < alternative && alternative < plain && plain < html && html < calendar);
    let envelope = message.envelope();
    assert_eq!(envelope.to().len(), 1);
}

#[test]
fn build_message_encodes_non_ascii_and_cancel_method() {
    let mut email = sample(EmailKind::Cancelled);
    email.job_title = "Ingénieur Backend".into();
    email.candidate_name = "Zoë Ångström".into();
    let r = render(&email).unwrap();
    let message = build_message(
        "interviews@interviewflow.example",
        &email.candidate_name,
        &email.candidate_email,
        None,
        &r.subject,
        &r.html,
        &r.text,
        Some((&r.ics, r.ics_method)),
        "abc@interviewflow",
    )
    .unwrap();
    let raw = String::from_utf8(message.formatted()).unwrap();
    assert!(raw.contains("method=CANCEL"));
    assert!(raw.contains("Message-ID: <abc@interviewflow>"));
    assert!(!raw.contains("Reply-To"));
    assert!(
        raw.contains("Subject: Cancelled: your interview for =?utf-8?"),
        "{raw}"
    );
    assert!(raw.contains("To: =?utf-8?"), "{raw}");
    assert!(raw.contains("<ada@example.org>"));
    assert!(raw.is_ascii(), "headers and bodies are transfer-encoded");
}

#[test]
fn build_message_rejects_bad_input() {
    let bad_to = build_message(
        "a@example.org",
        "X",
        "not an address",
        None,
        "s",
        "<p>h</p>",
        "t",
        Some(("ics", "REQUEST")),
        "<m@x>",
    );
    assert!(matches!(bad_to, Err(EmailError::Address { .. })));
    let bad_method = build_message(
        "a@example.org",
        "X",
        "b@example.org",
        None,
        "s",
        "<p>h</p>",
        "t",
        Some(("ics", "REQUEST\r\nX-Evil: 1")),
        "<m@x>",
    );
    assert!(matches!(bad_method, Err(EmailError::ContentType(_))));
}

#[test]
fn format_when_with_a_zone() {
    let at = scheduled();
    assert_eq!(
        format_when(at, Some(chrono_tz::Europe::Berlin)),
        "Tuesday 1 December 2026, 14:00 (Central European Time, Europe/Berlin)"
    );
    // Converted into the zone, with daylight saving time.
    let summer = DateTime::parse_from_rfc3339("2026-07-01T12:00:00+00:00").unwrap();
    assert_eq!(
        format_when(summer, Some(chrono_tz::Europe::Berlin)),
        "Wednesday 1 July 2026, 14:00 (Central European Summer Time, Europe/Berlin)"
    );
    assert_eq!(
        format_when(summer, Some(chrono_tz::America::New_York)),
        "Wednesday 1 July 2026, 08:00 (Eastern Daylight Time, America/New_York)"
    );
    // Zones without a letter abbreviation fall back to the offset.
    assert_eq!(
        format_when(summer, Some(chrono_tz::Asia::Dubai)),
        "Wednesday 1 July 2026, 16:00 (UTC+04:00, Asia/Dubai)"
    );
    assert_eq!(
        format_when(summer, Some(chrono_tz::Asia::Kolkata)),
        "Wednesday 1 July 2026, 17:30 (India Standard Time, Asia/Kolkata)"
    );
}

#[test]
fn format_when_from_the_offset() {
    assert_eq!(
        format_when(scheduled(), None),
        "Tuesday 1 December 2026, 14:00 (UTC+01:00)"
    );
    let at = DateTime::parse_from_rfc3339("2026-03-09T07:05:00-03:30").unwrap();
    assert_eq!(
        format_when(at, None),
        "Monday 9 March 2026, 07:05 (UTC-03:30)"
    );
    let at = DateTime::parse_from_rfc3339("2026-03-09T23:59:00Z").unwrap();
    assert_eq!(
        format_when(at, None),
        "Monday 9 March 2026, 23:59 (UTC+00:00)"
    );
}

#[test]
fn durations_questions_and_contrast() {
    assert_eq!(format::human_duration(1), "1 minute");
    assert_eq!(format::human_duration(45), "45 minutes");
    assert_eq!(format::human_duration(60), "1 hour");
    assert_eq!(format::human_duration(90), "1 hour 30 minutes");
    assert_eq!(format::human_duration(120), "2 hours");
    assert_eq!(format::human_questions(1), "1 main question");
    assert_eq!(format::human_questions(8), "8 main questions");
    assert_eq!(format::text_colour_on("#ffffff"), format::DARK_TEXT);
    assert_eq!(format::text_colour_on("#000000"), format::LIGHT_TEXT);
    assert_eq!(format::text_colour_on("#ffd600"), format::DARK_TEXT);
    assert_eq!(format::text_colour_on("#4f46e5"), format::LIGHT_TEXT);
    assert_eq!(format::text_colour_on("#1e3a8a"), format::LIGHT_TEXT);
    assert_eq!(
        format::normalize_hex_colour(" #AbCdEf "),
        Some("#abcdef".into())
    );
    assert_eq!(format::normalize_hex_colour("#abc"), None);
    assert_eq!(format::normalize_hex_colour("#gggggg"), None);
}

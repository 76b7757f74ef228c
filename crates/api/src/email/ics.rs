//! The iCalendar (RFC 5545 / iTIP RFC 5546) attachment.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use super::{EmailError, InterviewEmail};

pub(crate) const PRODID: &str = "-//Interview Flow//Interview Invitation 1.0//EN";

/// What goes into the event, already reduced to single-line plain text.
pub(crate) struct IcsFields<'a> {
    pub summary: &'a str,
    pub description: &'a str,
    pub company: &'a str,
    pub candidate_name: &'a str,
}

/// Builds the calendar with one VEVENT. `method` is "REQUEST" or "CANCEL".
pub(crate) fn build_ics(
    email: &InterviewEmail,
    fields: &IcsFields<'_>,
    method: &'static str,
    now: DateTime<Utc>,
) -> Result<String, EmailError> {
    let start = email.scheduled_at.with_timezone(&Utc);
    let end = start
        .checked_add_signed(Duration::minutes(i64::from(email.duration_minutes)))
        .ok_or(EmailError::Time(
            "the interview ends outside the supported range",
        ))?;
    let status = if method == "CANCEL" {
        EventStatus::Cancelled
    } else {
        EventStatus::Confirmed
    };
    let link = one_line(&email.link);

    let organizer = Property::new(
        "ORGANIZER",
        format!("mailto:{}", one_line(&email.organizer_email)),
    )
    .add_parameter("CN", &param_value(fields.company))
    .done();
    let mut attendee = Property::new(
        "ATTENDEE",
        format!("mailto:{}", one_line(&email.candidate_email)),
    );
    let candidate = param_value(fields.candidate_name);
    if !candidate.is_empty() {
        attendee.add_parameter("CN", &candidate);
    }
    let attendee = attendee
        .add_parameter("ROLE", "REQ-PARTICIPANT")
        .add_parameter("PARTSTAT", "NEEDS-ACTION")
        .add_parameter("RSVP", "FALSE")
        .done();

    let event = Event::new()
        .uid(&format!("{}@interviewflow", one_line(&email.interview_id)))
        .timestamp(now)
        .starts(start)
        .ends(end)
        .summary(fields.summary)
        .description(fields.description)
        .location(&link)
        .url(&link)
        .sequence(email.sequence)
        .status(status)
        .add_property("TRANSP", "OPAQUE")
        .append_property(organizer)
        .append_multi_property(attendee)
        .done();

    let calendar = Calendar::empty()
        .append_property(("PRODID", PRODID))
        .append_property(("VERSION", "2.0"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", method))
        .push(event)
        .done();
    let mut out = String::new();
    std::fmt::write(&mut out, format_args!("{calendar}"))?;
    Ok(out)
}

/// Parameter values (CN=…) may not contain DQUOTE or control characters (RFC 5545 §3.1);
/// icalendar quotes values containing `:`, `;` or `,`.
fn param_value(s: &str) -> String {
    one_line(s).replace('"', "'")
}

fn one_line(s: &str) -> String {
    super::one_line(s)
}

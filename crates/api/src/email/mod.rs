//! Candidate-facing interview emails.
//!
//! [`render`] turns an [`InterviewEmail`] into a subject, an HTML part, a plain-text part and an
//! iCalendar invitation (from the templates embedded from `crates/api/templates/email/`);
//! [`build_message`] assembles the stored parts into a MIME message for sending.

mod account;
mod format;
mod ics;
mod message;
mod templates;

use chrono::{DateTime, FixedOffset, Utc};
use minijinja::context;

pub use account::{AccountEmail, AccountEmailKind, RenderedAccountEmail, render_account};
pub use format::format_when;
pub use message::{ICS_FILENAME, build_message};

/// Fallback when the stored brand colour is not `#rrggbb` (it never reaches a style attribute).
const DEFAULT_BRAND_COLOUR: &str = "#4f46e5";

/// The organisation's look in the email header and button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branding {
    pub company_name: String,
    /// Absolute `http(s)` URL of the logo; anything else is ignored and the name is shown.
    pub logo_url: Option<String>,
    /// `#rrggbb`, already validated.
    pub brand_color: String,
}

/// Which email is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmailKind {
    Invitation,
    Resend,
    Rescheduled,
    Cancelled,
    Reminder24h,
    Reminder1h,
    /// A fresh sign-in link the candidate asked for on the interview page.
    SignInLink,
}

impl EmailKind {
    /// Every kind, in a stable order.
    pub const ALL: [EmailKind; 7] = [
        EmailKind::Invitation,
        EmailKind::Resend,
        EmailKind::Rescheduled,
        EmailKind::Cancelled,
        EmailKind::Reminder24h,
        EmailKind::Reminder1h,
        EmailKind::SignInLink,
    ];

    /// The stored name: "invitation", "resend", "rescheduled", "cancelled", "reminder_24h",
    /// "reminder_1h" (also the template file stem).
    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::Invitation => "invitation",
            EmailKind::Resend => "resend",
            EmailKind::Rescheduled => "rescheduled",
            EmailKind::Cancelled => "cancelled",
            EmailKind::Reminder24h => "reminder_24h",
            EmailKind::Reminder1h => "reminder_1h",
            EmailKind::SignInLink => "sign_in_link",
        }
    }

    /// The inverse of [`EmailKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == s)
    }

    /// Whether the email invites to the interview: a newer one ends the links of older ones.
    pub fn is_invitation(self) -> bool {
        matches!(
            self,
            EmailKind::Invitation | EmailKind::Resend | EmailKind::Rescheduled
        )
    }

    /// The iTIP method of the calendar attachment: "CANCEL" for a cancellation, else "REQUEST".
    pub fn ics_method(self) -> &'static str {
        match self {
            EmailKind::Cancelled => "CANCEL",
            _ => "REQUEST",
        }
    }

    fn subject(self, job: &str, company: &str) -> String {
        let what = format!("{job} at {company}");
        match self {
            EmailKind::Invitation => format!("Your interview for {what}"),
            EmailKind::Resend => format!("Your interview link for {what}"),
            EmailKind::Rescheduled => format!("New time: your interview for {what}"),
            EmailKind::Cancelled => format!("Cancelled: your interview for {what}"),
            EmailKind::Reminder24h => format!("Tomorrow: your interview for {what}"),
            EmailKind::Reminder1h => format!("In one hour: your interview for {what}"),
            EmailKind::SignInLink => format!("Your sign-in link for {what}"),
        }
    }
}

impl std::fmt::Display for EmailKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything needed to render one email to a candidate.
#[derive(Debug, Clone)]
pub struct InterviewEmail {
    pub kind: EmailKind,
    /// UUID.
    pub interview_id: String,
    pub candidate_name: String,
    pub candidate_email: String,
    pub recruiter_name: String,
    /// Where the candidate can ask for help (the recruiter's email).
    pub help_email: String,
    pub job_title: String,
    pub branding: Branding,
    /// The offset the recruiter gave.
    pub scheduled_at: DateTime<FixedOffset>,
    /// When given, times are shown in this zone with its name spelled out.
    pub time_zone: Option<chrono_tz::Tz>,
    pub opens_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The interview's time limit.
    pub duration_minutes: u32,
    pub question_count: u32,
    /// The full link (opaque; may carry a `#token=…` sign-in fragment).
    pub link: String,
    /// iCalendar SEQUENCE: 0 at first, bumped on each reschedule/cancel.
    pub sequence: u32,
    /// The MAIL_FROM address, for ORGANIZER.
    pub organizer_email: String,
    /// The recruiter's note for the candidate, given when scheduling.
    pub note: Option<String>,
}

/// A rendered email, ready to be stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub html: String,
    pub text: String,
    /// The .ics body: METHOD:REQUEST for invitation/resend/rescheduled/reminders, METHOD:CANCEL
    /// for cancelled.
    pub ics: String,
    /// "REQUEST" | "CANCEL".
    pub ics_method: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("email template error: {0}")]
    Template(#[from] minijinja::Error),
    #[error("invalid email address {input:?}: {source}")]
    Address {
        input: String,
        #[source]
        source: lettre::address::AddressError,
    },
    #[error("invalid content type: {0}")]
    ContentType(String),
    #[error("could not assemble the email: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("invalid interview time: {0}")]
    Time(&'static str),
    #[error("could not write the calendar invitation")]
    Calendar(#[from] std::fmt::Error),
}

/// Renders the subject, HTML, plain text and calendar invitation for `email`.
pub fn render(email: &InterviewEmail) -> Result<RenderedEmail, EmailError> {
    render_at(email, Utc::now())
}

/// [`render`] with a fixed DTSTAMP.
fn render_at(email: &InterviewEmail, now: DateTime<Utc>) -> Result<RenderedEmail, EmailError> {
    let kind = email.kind;
    let company = one_line(&email.branding.company_name);
    let job = one_line(&email.job_title);
    let candidate_name = one_line(&email.candidate_name);
    let subject = kind.subject(&job, &company);
    let link = one_line(&email.link);

    let brand = format::normalize_hex_colour(&email.branding.brand_color)
        .unwrap_or_else(|| DEFAULT_BRAND_COLOUR.to_owned());
    let on_brand = format::text_colour_on(&brand);
    let logo_url = email
        .branding
        .logo_url
        .as_deref()
        .map(one_line)
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));

    // The link window is shown in the same zone (or offset) as the interview time.
    let offset = *email.scheduled_at.offset();
    let when = format_when(email.scheduled_at, email.time_zone);
    let opens = format_when(email.opens_at.with_timezone(&offset), email.time_zone);
    let expires = format_when(email.expires_at.with_timezone(&offset), email.time_zone);
    let duration = format::human_duration(email.duration_minutes);
    let questions = format::human_questions(email.question_count);

    let ctx = context! {
        kind => kind.as_str(),
        subject => subject.clone(),
        company => company.clone(),
        job_title => job.clone(),
        candidate_name => candidate_name.clone(),
        recruiter_name => one_line(&email.recruiter_name),
        help_email => one_line(&email.help_email),
        brand_color => brand,
        on_brand_color => on_brand,
        logo_url => logo_url,
        when => when.clone(),
        opens => opens,
        expires => expires,
        duration => duration.clone(),
        questions => questions.clone(),
        link => link.clone(),
        ics_filename => ICS_FILENAME,
        // Not in a cancellation: it was about an interview that no longer takes place.
        note => (kind != EmailKind::Cancelled)
            .then(|| email.note.as_deref().map(str::trim).filter(|n| !n.is_empty()))
            .flatten(),
    };
    let html = templates::render(&format!("{}.html", kind.as_str()), &ctx)?;
    let text = templates::render(&format!("{}.txt", kind.as_str()), &ctx)?;

    let summary = format!("Interview: {job} at {company}");
    let description = if kind == EmailKind::Cancelled {
        format!(
            "This interview for {job} at {company} has been cancelled. \
             The interview link no longer works.\n\nQuestions? Write to {}.",
            one_line(&email.help_email)
        )
    } else {
        format!(
            "Your online interview for {job} at {company} ({questions} with follow-ups, up to {duration}).\n\n\
             Join here: {link}\n\nUse Chrome or Edge on a computer with a camera and \
             microphone.\nNeed help? Write to {}.",
            one_line(&email.help_email)
        )
    };
    let ics_method = kind.ics_method();
    let ics = ics::build_ics(
        email,
        &ics::IcsFields {
            summary: &summary,
            description: &description,
            company: &company,
            candidate_name: &candidate_name,
        },
        ics_method,
        now,
    )?;

    Ok(RenderedEmail {
        subject,
        html,
        text,
        ics,
        ics_method,
    })
}

/// Collapses whitespace (including line breaks) and drops control characters, so that
/// user-provided text stays on one line in subjects, headers and calendar fields.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;

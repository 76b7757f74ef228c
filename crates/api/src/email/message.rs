//! MIME assembly of a stored, rendered email.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use super::{EmailError, one_line};

/// Name of the calendar attachment.
pub const ICS_FILENAME: &str = "invite.ics";

/// Builds the MIME message from stored parts: multipart/mixed [ multipart/alternative
/// [text/plain, text/html], attachment "invite.ics" with Content-Type
/// `text/calendar; charset=UTF-8; method=<ics_method>` ].
///
/// `from` and `reply_to` are "Name <addr>" or "addr"; `message_id` is used as given (angle
/// brackets are added when missing; when empty lettre generates one). Header encoding (RFC 2047
/// for non-ASCII names and subjects) and body transfer encoding are left to lettre.
#[allow(clippy::too_many_arguments)] // the interface mirrors the outbox row's columns
pub fn build_message(
    from: &str,
    to_name: &str,
    to_email: &str,
    reply_to: Option<&str>,
    subject: &str,
    html: &str,
    text: &str,
    calendar: Option<(&str, &str)>,
    message_id: &str,
) -> Result<Message, EmailError> {
    let to_address = parse_address(to_email)?;
    let to_name = one_line(to_name);
    let to = Mailbox::new((!to_name.is_empty()).then_some(to_name), to_address);

    let mut builder = Message::builder()
        .from(parse_mailbox(from)?)
        .to(to)
        .subject(one_line(subject))
        .date_now();
    if let Some(reply_to) = reply_to.filter(|r| !r.trim().is_empty()) {
        builder = builder.reply_to(parse_mailbox(reply_to)?);
    }
    let message_id = message_id.trim();
    if !message_id.is_empty() {
        let id = if message_id.starts_with('<') {
            message_id.to_owned()
        } else {
            format!("<{message_id}>")
        };
        builder = builder.message_id(Some(id));
    }

    let alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(text.to_owned()))
        .singlepart(SinglePart::html(html.to_owned()));
    let Some((ics, ics_method)) = calendar else {
        return Ok(builder.multipart(alternative)?);
    };
    let method = ics_method.trim().to_ascii_uppercase();
    if method.is_empty()
        || !method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(EmailError::ContentType(format!(
            "invalid iCalendar method {ics_method:?}"
        )));
    }
    let calendar_type = format!("text/calendar; charset=UTF-8; method={method}");
    let calendar_type =
        ContentType::parse(&calendar_type).map_err(|_| EmailError::ContentType(calendar_type))?;

    let body = MultiPart::mixed()
        .multipart(alternative)
        .singlepart(Attachment::new(ICS_FILENAME.to_owned()).body(ics.to_owned(), calendar_type));
    Ok(builder.multipart(body)?)
}

fn parse_mailbox(value: &str) -> Result<Mailbox, EmailError> {
    value
        .trim()
        .parse::<Mailbox>()
        .map_err(|source| EmailError::Address {
            input: value.to_owned(),
            source,
        })
}

fn parse_address(value: &str) -> Result<lettre::Address, EmailError> {
    value
        .trim()
        .parse::<lettre::Address>()
        .map_err(|source| EmailError::Address {
            input: value.to_owned(),
            source,
        })
}

//! Résumé files: type sniffing and text extraction.
//!
//! Candidates upload a résumé as PDF, Word (.docx) or plain text. The type is
//! decided from the file's *content* ([`sniff`]), never from its name or the
//! content type the client claims. The text is then extracted once, at upload
//! ([`extract_text`]), for the AI interviewer. Extraction never fails: a file
//! whose text cannot be read is kept, with empty text and a warning.
//!
//! Extraction works within an [`ExtractionBudget`]: a few pages, a few megabytes of
//! decompressed data in all, a wall-clock deadline and a cancellation flag. A small file
//! can describe an enormous amount of work (one compressed stream shared by thousands of
//! pages, a zip entry inflating to gigabytes); such a file is kept with the text read so
//! far (often none) and a warning, within the deadline.

mod budget;
mod docx;
mod pdf;
mod sniff;
#[cfg(test)]
mod tests;

use std::panic::{AssertUnwindSafe, catch_unwind};

pub use budget::{CancelFlag, CancelOnDrop, ExtractionBudget, ExtractionLimits};
pub use sniff::{ResumeKind, SniffError, sniff};

use budget::OverBudget;
use docx::extract_docx;
use pdf::extract_pdf;
use sniff::decode_text;

/// Largest accepted résumé file, in bytes.
pub const MAX_RESUME_BYTES: usize = 5 * 1024 * 1024;
/// Cap on stored extracted text, in characters.
pub const MAX_EXTRACTED_CHARS: usize = 100_000;

/// Stop extracting once this much raw text has been collected: far more than
/// normalisation keeps, and it bounds the work on huge documents.
const RAW_TEXT_BUDGET_BYTES: usize = MAX_EXTRACTED_CHARS * 8;
/// Bound on the decompressed data (ToUnicode CMap, embedded encoding) one PDF font may
/// need: real ones are far smaller, and parsing one cannot be interrupted.
const MAX_PDF_FONT_ENCODING_BYTES: usize = 1024 * 1024;
/// Read a zip entry in pieces this large, so the budget is checked between them.
const ZIP_READ_CHUNK_BYTES: usize = 64 * 1024;
/// Check the deadline and the cancellation flag once per this many PDF operators or XML
/// events (checking costs a clock read).
const EVENTS_PER_CHECK: usize = 1024;

/// What `sniff` says about a ZIP archive that is not a Word document.
const ZIP_NOT_WORD: &str = "a ZIP archive that is not a Word document";
const EXECUTABLE: &str = "an executable program";
const BINARY_DATA: &str = "binary data";

const WARN_PDF_NO_TEXT: &str = "We could not read text from this PDF (it may be a scanned image); \
     the interview will rely on the job description.";
const WARN_PDF_ENCRYPTED: &str = "This PDF is password-protected, so we could not read its text; \
     the interview will rely on the job description.";
const WARN_PDF_DAMAGED: &str = "We could not read this PDF (it may be damaged); \
     the interview will rely on the job description.";
const WARN_DOCX_DAMAGED: &str = "We could not read this Word document (it may be damaged); \
     the interview will rely on the job description.";
const WARN_DOCX_NO_TEXT: &str =
    "We found no text in this Word document; the interview will rely on the job description.";
const WARN_DOCX_PARTIAL: &str =
    "Part of this Word document could not be read; the interview will use the text that could.";
const WARN_TOO_COMPLEX: &str = "The text could not be extracted from this résumé \
     (it is too large or too complex); the file was kept and the interview will rely on the \
     job description.";
const WARN_TOO_COMPLEX_PARTIAL: &str = "Only part of the text could be extracted from this \
     résumé (it is too large or too complex); the file was kept and the interview will use \
     the text that could be read.";
const WARN_TEXT_EMPTY: &str =
    "This text file contains no text; the interview will rely on the job description.";
const WARN_TEXT_UNDECODABLE: &str =
    "Some characters in this text file could not be decoded and were replaced.";
const WARN_TRUNCATED: &str =
    "This résumé is very long; only its first 100,000 characters will be used.";
const WARN_UNEXPECTED: &str = "We could not read text from this résumé; \
     the interview will rely on the job description.";

/// Text extracted from a résumé.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Normalised text (whitespace runs collapsed, paragraphs kept as single newlines,
    /// trimmed, capped at MAX_EXTRACTED_CHARS on a char boundary); empty when nothing
    /// could be read.
    pub text: String,
    /// A sentence for the candidate/recruiter when the text could not be (fully) read,
    /// e.g. "We could not read text from this PDF (it may be a scanned image); the
    /// interview will rely on the job description."
    pub warning: Option<String>,
}

impl Extracted {
    /// The outcome for a résumé whose extraction was given up from outside (its
    /// deadline passed before it answered): no text, and the "too large or too complex"
    /// warning.
    pub fn abandoned() -> Self {
        failed(WARN_TOO_COMPLEX)
    }
}

/// Never panics and never fails: an unreadable file gives empty text and a warning.
/// CPU-bound: the caller runs it on a blocking thread. Uses the default limits; see
/// [`extract_text_within`].
pub fn extract_text(kind: ResumeKind, bytes: &[u8]) -> Extracted {
    let budget = ExtractionBudget::new(ExtractionLimits::default(), CancelFlag::new());
    extract_text_within(kind, bytes, &budget)
}

/// [`extract_text`] within `budget`: past it, the text read so far (often none) is kept,
/// with a warning that the résumé is too large or too complex.
pub fn extract_text_within(kind: ResumeKind, bytes: &[u8], budget: &ExtractionBudget) -> Extracted {
    let result = catch_unwind(AssertUnwindSafe(|| match kind {
        ResumeKind::Pdf => extract_pdf(bytes, budget),
        ResumeKind::Docx => extract_docx(bytes, budget),
        ResumeKind::PlainText => extract_plain(bytes),
    }));
    result.unwrap_or_else(|_| {
        tracing::warn!(kind = kind.as_str(), "résumé text extraction panicked");
        Extracted {
            text: String::new(),
            warning: Some(WARN_UNEXPECTED.to_owned()),
        }
    })
}

/// Normalises `raw` and attaches the right warning: `empty` when no text remains,
/// otherwise `partial` (if any) plus a note when the text was capped.
fn finish(raw: &str, partial: Option<&str>, empty: &'static str) -> Extracted {
    let (text, truncated) = normalize(raw, MAX_EXTRACTED_CHARS);
    if text.is_empty() {
        return Extracted {
            text,
            warning: Some(empty.to_owned()),
        };
    }
    let notes: Vec<&str> = partial
        .into_iter()
        .chain(truncated.then_some(WARN_TRUNCATED))
        .collect();
    Extracted {
        text,
        warning: (!notes.is_empty()).then(|| notes.join(" ")),
    }
}

/// The text read before the budget ran out, with the "too large or too complex" warning.
fn over_budget(raw: &str, kind: ResumeKind, reason: OverBudget) -> Extracted {
    tracing::info!(
        kind = kind.as_str(),
        reason = reason.as_str(),
        "résumé text extraction stopped at its budget"
    );
    finish(raw, Some(WARN_TOO_COMPLEX_PARTIAL), WARN_TOO_COMPLEX)
}

fn failed(warning: &'static str) -> Extracted {
    Extracted {
        text: String::new(),
        warning: Some(warning.to_owned()),
    }
}

/// Normalises extracted text: line breaks (CRLF, CR, form feed, Unicode separators)
/// become `\n`; runs of other whitespace become one space; lines are trimmed; blank
/// lines are dropped, so paragraphs are separated by a single `\n`; control and
/// invisible format characters are removed. The result holds at most `max_chars`
/// characters; the flag tells whether anything was cut.
fn normalize(raw: &str, max_chars: usize) -> (String, bool) {
    let mut out = String::with_capacity(raw.len().min(max_chars.saturating_mul(2)));
    let mut count = 0usize;
    let mut pending: Option<char> = None;
    for c in raw.chars() {
        if matches!(
            c,
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            if !out.is_empty() {
                pending = Some('\n');
            }
            continue;
        }
        if c.is_whitespace() {
            if !out.is_empty() && pending.is_none() {
                pending = Some(' ');
            }
            continue;
        }
        if c.is_control() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{00AD}') {
            continue;
        }
        let needed = if pending.is_some() { 2 } else { 1 };
        if count + needed > max_chars {
            return (out, true);
        }
        if let Some(separator) = pending.take() {
            out.push(separator);
            count += 1;
        }
        out.push(c);
        count += 1;
    }
    (out, false)
}

fn extract_plain(bytes: &[u8]) -> Extracted {
    match decode_text(bytes) {
        Some(text) => finish(&text, None, WARN_TEXT_EMPTY),
        None => {
            let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let text = String::from_utf8_lossy(without_bom);
            finish(&text, Some(WARN_TEXT_UNDECODABLE), WARN_TEXT_EMPTY)
        }
    }
}

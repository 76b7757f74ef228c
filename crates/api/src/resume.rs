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

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

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

/// The accepted résumé formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeKind {
    Pdf,
    Docx,
    PlainText,
}

impl ResumeKind {
    /// Stable identifier, suitable for storage: `"pdf"`, `"docx"` or `"text"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::PlainText => "text",
        }
    }

    /// Inverse of [`ResumeKind::as_str`].
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pdf" => Some(Self::Pdf),
            "docx" => Some(Self::Docx),
            "text" => Some(Self::PlainText),
            _ => None,
        }
    }

    /// The MIME type to serve the stored file with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::PlainText => "text/plain; charset=utf-8",
        }
    }

    /// File-name extension (without the dot) for downloads.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::PlainText => "txt",
        }
    }
}

/// Why an uploaded file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SniffError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is larger than 5 MB.")]
    TooLarge,
    /// `detected` is a short human description of what it really is, e.g. "an executable
    /// program", "a ZIP archive that is not a Word document", "a PNG image", "binary data".
    #[error("Only PDF, Word (.docx) or plain-text résumés are accepted; this file is {detected}.")]
    Unsupported { detected: &'static str },
}

/// Decides the type from the bytes.
pub fn sniff(bytes: &[u8]) -> Result<ResumeKind, SniffError> {
    if bytes.is_empty() {
        return Err(SniffError::Empty);
    }
    if bytes.len() > MAX_RESUME_BYTES {
        return Err(SniffError::TooLarge);
    }
    if let Some(detected) = known_unsupported(bytes) {
        return Err(SniffError::Unsupported { detected });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match zip_is_word_document(bytes) {
            Some(true) => Ok(ResumeKind::Docx),
            Some(false) => Err(SniffError::Unsupported {
                detected: ZIP_NOT_WORD,
            }),
            None => Err(SniffError::Unsupported {
                detected: "a damaged ZIP archive",
            }),
        };
    }
    if has_pdf_signature(bytes) {
        return Ok(ResumeKind::Pdf);
    }
    // Empty or spanned ZIP archives start with other `PK` records.
    if bytes.starts_with(b"PK\x05\x06") || bytes.starts_with(b"PK\x07\x08") {
        return Err(SniffError::Unsupported {
            detected: ZIP_NOT_WORD,
        });
    }
    if decode_text(bytes).is_some() {
        return Ok(ResumeKind::PlainText);
    }
    Err(SniffError::Unsupported {
        detected: BINARY_DATA,
    })
}

/// Signatures of formats refused outright, with a description for the candidate.
fn known_unsupported(bytes: &[u8]) -> Option<&'static str> {
    const MACH_O: [&[u8]; 5] = [
        b"\xFE\xED\xFA\xCE",
        b"\xFE\xED\xFA\xCF",
        b"\xCE\xFA\xED\xFE",
        b"\xCF\xFA\xED\xFE",
        b"\xCA\xFE\xBA\xBE",
    ];
    let starts = |magic: &[u8]| bytes.starts_with(magic);

    if starts(b"\x7FELF") || MACH_O.iter().any(|magic| starts(magic)) || starts(b"\0asm") {
        return Some(EXECUTABLE);
    }
    // "MZ" is also a plausible start of a text file; a real DOS/PE header is binary.
    if starts(b"MZ") && decode_text(bytes).is_none() {
        return Some(EXECUTABLE);
    }
    if starts(b"#!") {
        return Some("a script");
    }
    if starts(b"\x89PNG\r\n\x1A\n") {
        return Some("a PNG image");
    }
    if starts(b"\xFF\xD8\xFF") {
        return Some("a JPEG image");
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some("a GIF image");
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        return Some("a WebP image");
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Some("a TIFF image");
    }
    if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some("an old Word (.doc) file; please save it as .docx or PDF");
    }
    if starts(b"{\\rtf") {
        return Some("an RTF document; please save it as .docx or PDF");
    }
    if starts(b"\x1F\x8B") {
        return Some("a gzip archive");
    }
    if starts(b"Rar!\x1A\x07") {
        return Some("a RAR archive");
    }
    if starts(b"7z\xBC\xAF\x27\x1C") {
        return Some("a 7-Zip archive");
    }
    None
}

/// `%PDF-` within the first 1024 bytes (the PDF spec tolerates leading junk).
fn has_pdf_signature(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|window| window == b"%PDF-")
}

/// `Some(true)` for a Word document, `Some(false)` for another readable ZIP archive,
/// `None` when the archive cannot be opened.
fn zip_is_word_document(bytes: &[u8]) -> Option<bool> {
    let opened = catch_unwind(AssertUnwindSafe(|| {
        zip::ZipArchive::new(Cursor::new(bytes))
            .ok()
            .map(|archive| {
                archive.index_for_name("word/document.xml").is_some()
                    && archive.index_for_name("[Content_Types].xml").is_some()
            })
    }));
    opened.ok().flatten()
}

/// Decodes text that looks like a genuine text file: UTF-8 (optionally with a BOM) or
/// UTF-16 with a BOM, without NULs and with at most ~1% control characters other than
/// `\n`, `\r`, `\t` and form feed. `None` for anything else.
fn decode_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let text: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Cow::Borrowed(std::str::from_utf8(rest).ok()?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Cow::Owned(decode_utf16(rest, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Cow::Owned(decode_utf16(rest, u16::from_be_bytes)?)
    } else {
        Cow::Borrowed(std::str::from_utf8(bytes).ok()?)
    };

    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return None;
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}') {
            controls += 1;
        }
    }
    if controls * 100 > total {
        return None;
    }
    Some(text)
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

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

/// How much work extracting one résumé's text may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractionLimits {
    /// PDF pages read; later pages are skipped (with a warning).
    pub max_pages: usize,
    /// Decompressed bytes, summed over every stream or zip entry read, each time it is
    /// read: a stream shared by many pages counts once per page.
    pub max_inflated_bytes: usize,
    /// Entries in a Word document's zip archive (real ones have a few dozen).
    pub max_zip_entries: usize,
    /// Wall-clock time from the creation of the budget.
    pub max_duration: Duration,
}

impl Default for ExtractionLimits {
    fn default() -> Self {
        Self {
            max_pages: 50,
            max_inflated_bytes: 8 * 1024 * 1024,
            max_zip_entries: 2_000,
            max_duration: Duration::from_millis(1_500),
        }
    }
}

/// Set when whoever asked for an extraction no longer wants it (the request is gone);
/// the extraction stops at its next check.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// A guard that cancels this flag when dropped: held by the request's future, it
    /// stops the extraction when that future is dropped (the client went away).
    pub fn cancel_on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

/// Cancels its flag when dropped (see [`CancelFlag::cancel_on_drop`]).
#[derive(Debug)]
pub struct CancelOnDrop(CancelFlag);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The limits of one extraction, with its deadline fixed and its cancellation flag.
#[derive(Debug, Clone)]
pub struct ExtractionBudget {
    limits: ExtractionLimits,
    deadline: Instant,
    cancel: CancelFlag,
}

impl ExtractionBudget {
    /// A budget whose clock starts now.
    pub fn new(limits: ExtractionLimits, cancel: CancelFlag) -> Self {
        Self {
            limits,
            deadline: Instant::now() + limits.max_duration,
            cancel,
        }
    }

    pub fn deadline(&self) -> Instant {
        self.deadline
    }
}

/// Why an extraction stopped before the end of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OverBudget {
    Bytes,
    Time,
    Cancelled,
    ZipEntries,
}

impl OverBudget {
    fn as_str(self) -> &'static str {
        match self {
            Self::Bytes => "decompressed bytes",
            Self::Time => "deadline",
            Self::Cancelled => "cancelled",
            Self::ZipEntries => "zip entries",
        }
    }
}

/// The running account of one extraction against its budget.
struct Meter<'a> {
    budget: &'a ExtractionBudget,
    inflated: usize,
}

impl<'a> Meter<'a> {
    fn new(budget: &'a ExtractionBudget) -> Self {
        Self {
            budget,
            inflated: 0,
        }
    }

    fn limits(&self) -> &ExtractionLimits {
        &self.budget.limits
    }

    /// Fails once the request is gone or the deadline has passed.
    fn check(&self) -> Result<(), OverBudget> {
        if self.budget.cancel.is_cancelled() {
            return Err(OverBudget::Cancelled);
        }
        if Instant::now() >= self.budget.deadline {
            return Err(OverBudget::Time);
        }
        Ok(())
    }

    /// Decompressed bytes still allowed.
    fn remaining(&self) -> usize {
        self.limits()
            .max_inflated_bytes
            .saturating_sub(self.inflated)
    }

    /// Counts `bytes` more decompressed bytes, then checks the rest of the budget.
    fn charge(&mut self, bytes: usize) -> Result<(), OverBudget> {
        self.inflated = self.inflated.saturating_add(bytes);
        if self.inflated > self.limits().max_inflated_bytes {
            return Err(OverBudget::Bytes);
        }
        self.check()
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

enum PdfFailure {
    Encrypted,
    Unreadable,
    OverBudget(OverBudget),
}

impl From<OverBudget> for PdfFailure {
    fn from(reason: OverBudget) -> Self {
        Self::OverBudget(reason)
    }
}

fn extract_pdf(bytes: &[u8], budget: &ExtractionBudget) -> Extracted {
    let mut meter = Meter::new(budget);
    let mut raw = String::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pdf_raw_text(bytes, &mut meter, &mut raw)
    }));
    match outcome {
        Ok(Ok(PdfPages { skipped: 0, .. })) => finish(&raw, None, WARN_PDF_NO_TEXT),
        Ok(Ok(PdfPages { read, skipped })) => {
            let note = format!(
                "This PDF has {} pages; only the first {read} were read.",
                read + skipped
            );
            finish(&raw, Some(&note), WARN_PDF_NO_TEXT)
        }
        Ok(Err(PdfFailure::Encrypted)) => failed(WARN_PDF_ENCRYPTED),
        Ok(Err(PdfFailure::Unreadable)) => failed(WARN_PDF_DAMAGED),
        Ok(Err(PdfFailure::OverBudget(reason))) => over_budget(&raw, ResumeKind::Pdf, reason),
        Err(_) => {
            tracing::warn!("PDF parser panicked on a résumé");
            failed(WARN_PDF_DAMAGED)
        }
    }
}

/// Pages whose text was read, and pages left unread because of the page cap.
struct PdfPages {
    read: usize,
    skipped: usize,
}

/// Appends the text of the document's pages to `raw`, within the budget: the page tree
/// is walked once, up to the page cap; every decompressed content stream is charged
/// each time it is read (nothing is cached, so a stream shared by many pages costs many
/// times); the deadline and the cancellation flag are checked between streams and
/// every few operators.
fn pdf_raw_text(
    bytes: &[u8],
    meter: &mut Meter<'_>,
    raw: &mut String,
) -> Result<PdfPages, PdfFailure> {
    meter.check()?;
    // Object and cross-reference streams are inflated while loading; none may exceed
    // what the whole extraction may inflate.
    let options = lopdf::LoadOptions::with_max_decompressed_size(meter.remaining());
    let document = lopdf::Document::load_mem_with_options(bytes, options).map_err(|error| {
        tracing::info!(%error, "could not load résumé PDF");
        match error {
            lopdf::Error::Decryption(_)
            | lopdf::Error::InvalidPassword
            | lopdf::Error::UnsupportedSecurityHandler(_) => PdfFailure::Encrypted,
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                PdfFailure::OverBudget(OverBudget::Bytes)
            }
            _ => PdfFailure::Unreadable,
        }
    })?;
    if document.is_encrypted() {
        return Err(PdfFailure::Encrypted);
    }
    meter.check()?;

    let max_pages = meter.limits().max_pages;
    let pages: Vec<lopdf::ObjectId> = document
        .page_iter()
        .take(max_pages.saturating_add(1))
        .collect();
    let mut fonts = FontCache::default();
    let mut read = 0usize;
    let mut failed_pages = 0usize;
    for &page_id in pages.iter().take(max_pages) {
        meter.check()?;
        read += 1;
        let encodings = fonts.page_encodings(&document, page_id, meter)?;
        let content = pdf_page_content(&document, page_id, meter)?;
        let Ok(content) = lopdf::content::Content::decode(&content) else {
            failed_pages += 1;
            continue;
        };
        meter.check()?;
        collect_page_text(&content.operations, &encodings, &fonts, meter, raw)?;
        raw.push('\n');
        if raw.len() > RAW_TEXT_BUDGET_BYTES {
            break;
        }
    }
    if failed_pages > 0 {
        tracing::info!(failed_pages, "pages of a résumé PDF could not be read");
    }
    let skipped = if pages.len() > max_pages {
        // Counting the rest walks the page tree past the cap, so it is bounded too.
        meter.check()?;
        document.page_iter().count().saturating_sub(read)
    } else {
        0
    };
    Ok(PdfPages { read, skipped })
}

/// The concatenated, decompressed content streams of one page, each charged to the
/// budget as it is read.
fn pdf_page_content(
    document: &lopdf::Document,
    page_id: lopdf::ObjectId,
    meter: &mut Meter<'_>,
) -> Result<Vec<u8>, OverBudget> {
    let mut content = Vec::new();
    for stream_id in document.get_page_contents(page_id) {
        meter.check()?;
        let Ok(stream) = document
            .get_object(stream_id)
            .and_then(lopdf::Object::as_stream)
        else {
            continue;
        };
        let remaining = meter.remaining();
        let data = match stream.decompressed_content_with_limit(remaining) {
            Ok(data) => data,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(OverBudget::Bytes),
            // As lopdf does: an undecodable stream is read as it is.
            Err(_) => stream.content.clone(),
        };
        meter.charge(data.len())?;
        content.extend_from_slice(&data);
        content.push(b'\n');
    }
    Ok(content)
}

/// Font encodings, resolved once per font dictionary (a font is shared by many pages).
#[derive(Default)]
struct FontCache<'doc> {
    /// Keyed by the font dictionary's address in the loaded document; `None` when the
    /// font's encoding could not be read.
    encodings: HashMap<usize, Option<lopdf::Encoding<'doc>>>,
}

impl<'doc> FontCache<'doc> {
    /// The page's font names with the key of their cached encoding.
    fn page_encodings(
        &mut self,
        document: &'doc lopdf::Document,
        page_id: lopdf::ObjectId,
        meter: &mut Meter<'_>,
    ) -> Result<HashMap<Vec<u8>, usize>, OverBudget> {
        let mut names = HashMap::new();
        let Ok(fonts) = document.get_page_fonts(page_id) else {
            return Ok(names);
        };
        for (name, font) in fonts {
            meter.check()?;
            let key = std::ptr::from_ref(font).addr();
            if let std::collections::hash_map::Entry::Vacant(slot) = self.encodings.entry(key) {
                slot.insert(font_encoding(document, font, meter)?);
            }
            names.insert(name, key);
        }
        Ok(names)
    }

    fn get(&self, key: usize) -> Option<&lopdf::Encoding<'doc>> {
        self.encodings.get(&key).and_then(Option::as_ref)
    }
}

/// A font's encoding, its decompressed streams (ToUnicode CMap, embedded encoding)
/// charged to the budget. `None` when it cannot be read.
fn font_encoding<'doc>(
    document: &'doc lopdf::Document,
    font: &'doc lopdf::Dictionary,
    meter: &mut Meter<'_>,
) -> Result<Option<lopdf::Encoding<'doc>>, OverBudget> {
    let limit = meter.remaining().min(MAX_PDF_FONT_ENCODING_BYTES);
    let mut inflated = 0usize;
    for key in [b"ToUnicode".as_slice(), b"Encoding".as_slice()] {
        if let Ok(stream) = font
            .get_deref(key, document)
            .and_then(lopdf::Object::as_stream)
        {
            // Measured here, since lopdf does not say what it inflated; over the
            // limit, the font is unreadable but what was inflated still counts.
            let size = match stream.decompressed_content_with_limit(limit) {
                Ok(data) => data.len(),
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                })) => limit,
                Err(_) => stream.content.len(),
            };
            inflated = inflated.saturating_add(size);
        }
    }
    // Inflated twice: once here to measure it, once by lopdf.
    meter.charge(inflated.saturating_mul(2))?;
    Ok(font.get_font_encoding_with_limit(document, limit).ok())
}

/// Appends the text shown by a page's operators to `raw`, as lopdf's own extraction
/// does: `Tj`, `TJ`, `'` and `"` show strings in the current font's encoding; `T*` and
/// `ET` end lines.
fn collect_page_text(
    operations: &[lopdf::content::Operation],
    encodings: &HashMap<Vec<u8>, usize>,
    fonts: &FontCache<'_>,
    meter: &Meter<'_>,
    raw: &mut String,
) -> Result<(), OverBudget> {
    let mut encoding: Option<&lopdf::Encoding<'_>> = None;
    for (index, operation) in operations.iter().enumerate() {
        if index.is_multiple_of(EVENTS_PER_CHECK) {
            meter.check()?;
        }
        let operands = operation.operands.as_slice();
        match operation.operator.as_str() {
            "Tf" => {
                encoding = operands
                    .first()
                    .and_then(|font| font.as_name().ok())
                    .and_then(|name| encodings.get(name))
                    .and_then(|&key| fonts.get(key));
            }
            "Tj" | "TJ" => show_text(raw, encoding, operands),
            "'" => {
                new_line(raw);
                show_text(raw, encoding, operands);
            }
            "\"" => {
                new_line(raw);
                show_text(raw, encoding, operands.get(2..).unwrap_or_default());
            }
            "T*" | "ET" => new_line(raw),
            _ => {}
        }
    }
    Ok(())
}

fn new_line(raw: &mut String) {
    if !raw.ends_with('\n') {
        raw.push('\n');
    }
}

fn show_text(raw: &mut String, encoding: Option<&lopdf::Encoding<'_>>, operands: &[lopdf::Object]) {
    let Some(encoding) = encoding else {
        return;
    };
    for operand in operands {
        match operand {
            lopdf::Object::String(bytes, _) => {
                // An undecodable string is skipped, as lopdf does.
                let _ = encoding.write_to_string(bytes, raw);
            }
            lopdf::Object::Array(items) => {
                show_text(raw, Some(encoding), items);
                raw.push(' ');
            }
            // A large negative kerning adjustment is a word space.
            lopdf::Object::Integer(adjustment) if *adjustment < -100 => raw.push(' '),
            _ => {}
        }
    }
}

/// Reads `word/document.xml` within the budget: at most the budget's decompressed bytes,
/// in chunks with the deadline checked between them, from an archive of a reasonable
/// number of entries.
fn extract_docx(bytes: &[u8], budget: &ExtractionBudget) -> Extracted {
    let mut meter = Meter::new(budget);
    if let Err(reason) = meter.check() {
        return over_budget("", ResumeKind::Docx, reason);
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return failed(WARN_DOCX_DAMAGED);
    };
    if archive.len() > meter.limits().max_zip_entries {
        return over_budget("", ResumeKind::Docx, OverBudget::ZipEntries);
    }
    let Ok(mut entry) = archive.by_name("word/document.xml") else {
        return failed(WARN_DOCX_DAMAGED);
    };
    let mut xml = Vec::new();
    let mut chunk = vec![0u8; ZIP_READ_CHUNK_BYTES];
    let mut read_failed = false;
    let mut stopped: Option<OverBudget> = None;
    loop {
        if let Err(reason) = meter.check() {
            stopped = Some(reason);
            break;
        }
        let wanted = chunk.len().min(meter.remaining().saturating_add(1));
        match entry.read(&mut chunk[..wanted]) {
            Ok(0) => break,
            Ok(read) => {
                xml.extend_from_slice(&chunk[..read]);
                if let Err(reason) = meter.charge(read) {
                    // Keep what fits: the beginning of the document is still text.
                    xml.truncate(meter.limits().max_inflated_bytes);
                    stopped = Some(reason);
                    break;
                }
            }
            // A read error (bad CRC, truncated data) still leaves what was decompressed.
            Err(_) => {
                read_failed = true;
                break;
            }
        }
    }
    let xml = String::from_utf8_lossy(&xml);
    let (raw, xml_outcome) = docx_xml_text(&xml, &meter);
    let xml_failed = match xml_outcome {
        XmlOutcome::Complete => false,
        XmlOutcome::Malformed => true,
        XmlOutcome::Stopped(reason) => {
            stopped = stopped.or(Some(reason));
            false
        }
    };
    if let Some(reason) = stopped {
        return over_budget(&raw, ResumeKind::Docx, reason);
    }

    let partial = (read_failed || xml_failed).then_some(WARN_DOCX_PARTIAL);
    let empty = if read_failed || xml_failed {
        WARN_DOCX_DAMAGED
    } else {
        WARN_DOCX_NO_TEXT
    };
    finish(&raw, partial, empty)
}

/// How reading WordprocessingML ended.
enum XmlOutcome {
    Complete,
    /// Malformed XML; the text before the error was kept.
    Malformed,
    /// The budget ran out; the text read until then was kept.
    Stopped(OverBudget),
}

/// Walks WordprocessingML: text comes from `t` elements; paragraph ends, `br` and `cr`
/// give newlines; `tab` gives a tab. Returns the text and how the walk ended (on
/// malformed XML or at the budget, the text read up to that point is kept).
fn docx_xml_text(xml: &str, meter: &Meter<'_>) -> (String, XmlOutcome) {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;

    let mut out = String::new();
    // Depth inside `<w:t>` (text), `<w:tabs>` (tab-stop definitions, not tabs) and
    // `<mc:Fallback>` (a duplicate rendering of content already read from `mc:Choice`).
    let mut in_text = 0usize;
    let mut in_tabs = 0usize;
    let mut in_fallback = 0usize;
    let mut events = 0usize;
    loop {
        if events.is_multiple_of(EVENTS_PER_CHECK)
            && let Err(reason) = meter.check()
        {
            return (out, XmlOutcome::Stopped(reason));
        }
        events = events.wrapping_add(1);
        if out.len() > RAW_TEXT_BUDGET_BYTES {
            // More than will be kept: the rest is cut by `normalize` anyway.
            return (out, XmlOutcome::Complete);
        }
        let event = match reader.read_event() {
            Ok(Event::Eof) => return (out, XmlOutcome::Complete),
            Ok(event) => event,
            Err(error) => {
                tracing::info!(%error, "malformed word/document.xml in a résumé");
                return (out, XmlOutcome::Malformed);
            }
        };
        match event {
            Event::Start(element) => match element.local_name().as_ref() {
                "Fallback" => in_fallback += 1,
                _ if in_fallback > 0 => {}
                "t" => in_text += 1,
                "tabs" => in_tabs += 1,
                "tab" if in_tabs == 0 => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Event::Empty(element) => match element.local_name().as_ref() {
                _ if in_fallback > 0 => {}
                "tab" if in_tabs == 0 => out.push('\t'),
                "br" | "cr" | "p" => out.push('\n'),
                "noBreakHyphen" => out.push('-'),
                _ => {}
            },
            Event::End(element) => match element.local_name().as_ref() {
                "Fallback" => in_fallback = in_fallback.saturating_sub(1),
                _ if in_fallback > 0 => {}
                "t" => in_text = in_text.saturating_sub(1),
                "tabs" => in_tabs = in_tabs.saturating_sub(1),
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Text(text) if in_text > 0 && in_fallback == 0 => {
                out.push_str(&text.xml10_content());
            }
            Event::CData(text) if in_text > 0 && in_fallback == 0 => {
                out.push_str(&text.xml10_content());
            }
            Event::GeneralRef(reference) if in_text > 0 && in_fallback == 0 => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    out.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&reference) {
                    out.push_str(s);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::time::{Duration, Instant};

    fn build_pdf(line: &str) -> Vec<u8> {
        use lopdf::content::{Content, Operation};
        use lopdf::{Document, Object, Stream, dictionary};

        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
        });
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(line)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page_id.into()],
                "Count" => 1,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
        });
        doc.trailer.set("Root", catalog_id);
        doc.compress();
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    /// A PDF of `pages` pages that all draw ONE shared Flate content stream inflating to
    /// `inflated_bytes` (a line of text, then spaces): small on disk, and a naive reader
    /// inflates and parses the whole stream once per page.
    fn build_shared_stream_bomb(pages: usize, inflated_bytes: usize) -> Vec<u8> {
        use lopdf::{Document, Object, Stream, dictionary};

        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
        });
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut content = b"BT /F1 12 Tf 72 700 Td (Bomb) Tj ET\n".to_vec();
        content.resize(inflated_bytes, b' ');
        let mut stream = Stream::new(dictionary! {}, content);
        stream.compress().unwrap();
        let content_id = doc.add_object(stream);
        let kids: Vec<Object> = (0..pages)
            .map(|_| {
                doc.add_object(dictionary! {
                    "Type" => "Page",
                    "Parent" => pages_id,
                    "Contents" => content_id,
                })
                .into()
            })
            .collect();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => i64::try_from(pages).unwrap(),
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
        });
        doc.trailer.set("Root", catalog_id);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    /// Runs `extract_text` on a thread of its own and fails the test when it has not
    /// answered within `limit` (an unbounded extraction would hold the test for minutes).
    fn extract_within(kind: ResumeKind, bytes: Vec<u8>, limit: Duration) -> (Extracted, Duration) {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let started = Instant::now();
            let extracted = extract_text(kind, &bytes);
            let _ = sender.send((extracted, started.elapsed()));
        });
        receiver
            .recv_timeout(limit)
            .unwrap_or_else(|_| panic!("extraction did not finish within {limit:?}"))
    }

    fn build_zip(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(body.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    fn document_xml(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    fn build_docx(body: &str) -> Vec<u8> {
        build_zip(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", &document_xml(body)),
        ])
    }

    fn unsupported(bytes: &[u8]) -> &'static str {
        match sniff(bytes) {
            Err(SniffError::Unsupported { detected }) => detected,
            other => panic!("expected Unsupported, got {other:?}"),
        }
    }

    #[test]
    fn kind_round_trips() {
        for kind in [ResumeKind::Pdf, ResumeKind::Docx, ResumeKind::PlainText] {
            assert_eq!(ResumeKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ResumeKind::parse("exe"), None);
        assert_eq!(ResumeKind::PlainText.as_str(), "text");
        assert_eq!(ResumeKind::PlainText.extension(), "txt");
        assert_eq!(ResumeKind::Pdf.content_type(), "application/pdf");
        assert_eq!(
            ResumeKind::Docx.content_type(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(
            ResumeKind::PlainText.content_type(),
            "text/plain; charset=utf-8"
        );
    }

    #[test]
    fn real_pdf_is_sniffed_and_read() {
        let pdf = build_pdf("Senior Rust engineer at Acme, PostgreSQL and Kubernetes");
        assert_eq!(sniff(&pdf), Ok(ResumeKind::Pdf));
        let extracted = extract_text(ResumeKind::Pdf, &pdf);
        assert!(extracted.text.contains("Rust"), "{extracted:?}");
        assert!(extracted.text.contains("Kubernetes"), "{extracted:?}");
        assert_eq!(extracted.warning, None);
    }

    #[test]
    fn pdf_signature_after_leading_junk() {
        let mut bytes = b"junk before the header\n".to_vec();
        bytes.extend(build_pdf("Rust"));
        assert_eq!(sniff(&bytes), Ok(ResumeKind::Pdf));
    }

    #[test]
    fn pdf_without_text_warns() {
        let pdf = build_pdf("");
        assert_eq!(sniff(&pdf), Ok(ResumeKind::Pdf));
        let extracted = extract_text(ResumeKind::Pdf, &pdf);
        assert_eq!(extracted.text, "");
        assert_eq!(extracted.warning.as_deref(), Some(WARN_PDF_NO_TEXT));
    }

    #[test]
    fn garbage_pdf_gives_warning_not_panic() {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        assert_eq!(sniff(&bytes), Ok(ResumeKind::Pdf));
        let extracted = extract_text(ResumeKind::Pdf, &bytes);
        assert_eq!(extracted.text, "");
        assert!(extracted.warning.is_some());

        // Cut before its content stream ends: nothing readable, and the reader says so.
        let full = build_pdf("Senior Rust engineer");
        let truncated = &full[..200.min(full.len() / 2)];
        let extracted = extract_text(ResumeKind::Pdf, truncated);
        assert!(
            !extracted.text.contains("Senior Rust engineer"),
            "{extracted:?}"
        );
        assert!(extracted.warning.is_some(), "{extracted:?}");
    }

    #[test]
    fn docx_paragraphs_on_separate_lines() {
        let docx = build_docx(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Senior Rust</w:t></w:r><w:r><w:t xml:space="preserve"> engineer &amp; lead</w:t></w:r></w:p><w:p><w:r><w:t>Kubernetes</w:t><w:tab/><w:t>PostgreSQL</w:t><w:br/><w:t>Caf&#233;</w:t></w:r></w:p>"#,
        );
        assert_eq!(sniff(&docx), Ok(ResumeKind::Docx));
        let extracted = extract_text(ResumeKind::Docx, &docx);
        assert_eq!(
            extracted.text,
            "Senior Rust engineer & lead\nKubernetes PostgreSQL\nCafé"
        );
        assert_eq!(extracted.warning, None);
    }

    #[test]
    fn docx_skips_fallback_duplicates() {
        let docx = build_docx(
            r#"<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:p><w:r><w:t>Box</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>Box</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        );
        assert_eq!(extract_text(ResumeKind::Docx, &docx).text, "Box");
    }

    #[test]
    fn docx_with_broken_xml_keeps_what_was_read() {
        let docx = build_zip(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            (
                "word/document.xml",
                "<w:document><w:body><w:p><w:r><w:t>Rust</w:t></w:r></w:p><w:p <<<",
            ),
        ]);
        let extracted = extract_text(ResumeKind::Docx, &docx);
        assert_eq!(extracted.text, "Rust");
        assert_eq!(extracted.warning.as_deref(), Some(WARN_DOCX_PARTIAL));

        let empty = build_docx("<w:p/>");
        let extracted = extract_text(ResumeKind::Docx, &empty);
        assert_eq!(extracted.text, "");
        assert_eq!(extracted.warning.as_deref(), Some(WARN_DOCX_NO_TEXT));
    }

    #[test]
    fn oversized_docx_is_read_only_up_to_the_cap() {
        let paragraph = "<w:p><w:r><w:t>Rust</w:t></w:r></w:p>";
        let docx = build_docx(&paragraph.repeat(1_000));
        let limits = ExtractionLimits {
            max_inflated_bytes: 4 * 1024,
            ..ExtractionLimits::default()
        };
        let budget = ExtractionBudget::new(limits, CancelFlag::new());
        let extracted = extract_text_within(ResumeKind::Docx, &docx, &budget);
        assert!(extracted.text.starts_with("Rust\nRust\n"), "{extracted:?}");
        assert!(extracted.text.lines().count() < 200);
        assert_eq!(extracted.warning.as_deref(), Some(WARN_TOO_COMPLEX_PARTIAL));

        let extracted = extract_text(ResumeKind::Docx, &docx);
        assert_eq!(extracted.text.lines().count(), 1_000);
        assert_eq!(extracted.warning, None);
    }

    #[test]
    fn shared_stream_pdf_bomb_is_bounded() {
        let bomb = build_shared_stream_bomb(2_000, 16 * 1024 * 1024);
        assert!(bomb.len() < 400 * 1024, "{} bytes", bomb.len());
        assert_eq!(sniff(&bomb), Ok(ResumeKind::Pdf));
        let (extracted, elapsed) = extract_within(ResumeKind::Pdf, bomb, Duration::from_secs(2));
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
        assert_eq!(extracted.text, "");
        assert_eq!(extracted.warning.as_deref(), Some(WARN_TOO_COMPLEX));
        assert!(WARN_TOO_COMPLEX.contains("too large or too complex"));
    }

    #[test]
    fn shared_stream_counts_once_per_page_and_pages_are_capped() {
        // 60 pages sharing one 64 KiB stream: 3.75 MiB in all, within the byte budget,
        // but only the first 50 pages are read.
        let pdf = build_shared_stream_bomb(60, 64 * 1024);
        let extracted = extract_text(ResumeKind::Pdf, &pdf);
        assert_eq!(extracted.text.lines().count(), 50, "{extracted:?}");
        assert!(extracted.text.lines().all(|line| line == "Bomb"));
        assert_eq!(
            extracted.warning.as_deref(),
            Some("This PDF has 60 pages; only the first 50 were read.")
        );

        // The same stream counts each time a page draws it: 20 pages of it exceed a
        // 1 MiB budget after 16 pages, whose text is kept.
        let limits = ExtractionLimits {
            max_inflated_bytes: 1024 * 1024,
            ..ExtractionLimits::default()
        };
        let budget = ExtractionBudget::new(limits, CancelFlag::new());
        let pdf = build_shared_stream_bomb(20, 64 * 1024);
        let extracted = extract_text_within(ResumeKind::Pdf, &pdf, &budget);
        assert_eq!(extracted.text.lines().count(), 16, "{extracted:?}");
        assert_eq!(extracted.warning.as_deref(), Some(WARN_TOO_COMPLEX_PARTIAL));
    }

    #[test]
    fn cancelled_or_expired_budget_stops_extraction() {
        let pdf = build_pdf("Senior Rust engineer");
        let docx = build_docx("<w:p><w:r><w:t>Senior Rust engineer</w:t></w:r></w:p>");

        let cancel = CancelFlag::new();
        let budget = ExtractionBudget::new(ExtractionLimits::default(), cancel.clone());
        drop(cancel.cancel_on_drop());
        assert!(cancel.is_cancelled(), "the guard cancels when dropped");
        for (kind, bytes) in [(ResumeKind::Pdf, &pdf), (ResumeKind::Docx, &docx)] {
            let extracted = extract_text_within(kind, bytes, &budget);
            assert_eq!(extracted.text, "", "{kind:?}");
            assert_eq!(
                extracted.warning.as_deref(),
                Some(WARN_TOO_COMPLEX),
                "{kind:?}"
            );
        }

        let expired = ExtractionBudget::new(
            ExtractionLimits {
                max_duration: Duration::ZERO,
                ..ExtractionLimits::default()
            },
            CancelFlag::new(),
        );
        for (kind, bytes) in [(ResumeKind::Pdf, &pdf), (ResumeKind::Docx, &docx)] {
            let extracted = extract_text_within(kind, bytes, &expired);
            assert_eq!(
                extracted.warning.as_deref(),
                Some(WARN_TOO_COMPLEX),
                "{kind:?}"
            );
        }
        // Plain text needs no budget: it is decoded in one pass over at most 5 MB.
        assert_eq!(
            extract_text_within(ResumeKind::PlainText, b"Rust", &expired).text,
            "Rust"
        );
    }

    #[test]
    fn cancelling_stops_a_running_extraction() {
        // A budget generous enough that only cancellation can stop this bomb early.
        let limits = ExtractionLimits {
            max_pages: 2_000,
            max_inflated_bytes: usize::MAX,
            max_zip_entries: 2_000,
            max_duration: Duration::from_secs(600),
        };
        let bomb = build_shared_stream_bomb(2_000, 1024 * 1024);
        let cancel = CancelFlag::new();
        let budget = ExtractionBudget::new(limits, cancel.clone());
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(extract_text_within(ResumeKind::Pdf, &bomb, &budget));
        });
        assert!(
            receiver.recv_timeout(Duration::from_millis(300)).is_err(),
            "still working before it is cancelled"
        );
        let cancelled_at = Instant::now();
        cancel.cancel();
        let extracted = receiver
            .recv_timeout(Duration::from_secs(1))
            .expect("stops within a second of being cancelled");
        assert!(cancelled_at.elapsed() < Duration::from_secs(1));
        assert!(
            [Some(WARN_TOO_COMPLEX), Some(WARN_TOO_COMPLEX_PARTIAL)]
                .contains(&extracted.warning.as_deref()),
            "{extracted:?}"
        );
    }

    #[test]
    fn docx_bomb_is_bounded() {
        let paragraph = "<w:p><w:r><w:t>Rust</w:t></w:r></w:p>";
        let xml = document_xml(&paragraph.repeat(32 * 1024 * 1024 / paragraph.len()));
        let bomb = build_zip(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", &xml),
        ]);
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        assert_eq!(sniff(&bomb), Ok(ResumeKind::Docx));
        let (extracted, elapsed) = extract_within(ResumeKind::Docx, bomb, Duration::from_secs(2));
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
        // The beginning of the document is kept (and capped like any long résumé).
        assert!(
            extracted.text.starts_with("Rust\nRust\n"),
            "{}",
            &extracted.text[..40]
        );
        let warning = extracted.warning.unwrap_or_default();
        assert!(warning.starts_with(WARN_TOO_COMPLEX_PARTIAL), "{warning}");
    }

    #[test]
    fn docx_with_too_many_zip_entries_is_not_read() {
        let body = document_xml("<w:p><w:r><w:t>Rust</w:t></w:r></w:p>");
        let names: Vec<String> = (0..2_001)
            .map(|i| format!("customXml/item{i}.xml"))
            .collect();
        let mut entries = vec![
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", body.as_str()),
        ];
        entries.extend(names.iter().map(|name| (name.as_str(), "")));
        let docx = build_zip(&entries);
        assert_eq!(sniff(&docx), Ok(ResumeKind::Docx));
        let extracted = extract_text(ResumeKind::Docx, &docx);
        assert_eq!(extracted.text, "");
        assert_eq!(extracted.warning.as_deref(), Some(WARN_TOO_COMPLEX));
    }

    #[test]
    fn docx_extraction_of_non_docx_warns() {
        let extracted = extract_text(ResumeKind::Docx, b"PK\x03\x04 not really a zip");
        assert_eq!(extracted.text, "");
        assert_eq!(extracted.warning.as_deref(), Some(WARN_DOCX_DAMAGED));
    }

    #[test]
    fn plain_text_with_bom_and_crlf() {
        let bytes =
            "\u{FEFF}  Jane   Doe\t\r\n\r\n\r\n\r\nSenior  Rust engineer \r\n  Paris ".as_bytes();
        assert_eq!(sniff(bytes), Ok(ResumeKind::PlainText));
        let extracted = extract_text(ResumeKind::PlainText, bytes);
        assert_eq!(extracted.text, "Jane Doe\nSenior Rust engineer\nParis");
        assert_eq!(extracted.warning, None);
    }

    #[test]
    fn utf16_text_with_bom_is_accepted() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Zoë Smith\r\nRust".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(sniff(&bytes), Ok(ResumeKind::PlainText));
        assert_eq!(
            extract_text(ResumeKind::PlainText, &bytes).text,
            "Zoë Smith\nRust"
        );
    }

    #[test]
    fn whitespace_only_text_warns() {
        assert_eq!(sniff(b" \n\t "), Ok(ResumeKind::PlainText));
        let extracted = extract_text(ResumeKind::PlainText, b" \n\t ");
        assert_eq!(extracted.text, "");
        assert_eq!(extracted.warning.as_deref(), Some(WARN_TEXT_EMPTY));
    }

    #[test]
    fn executables_are_refused() {
        let mut elf = b"\x7FELF\x02\x01\x01\0".to_vec();
        elf.resize(64, 0);
        assert_eq!(unsupported(&elf), EXECUTABLE);
        let message = sniff(&elf).unwrap_err().to_string();
        assert!(message.contains("executable"), "{message}");

        let mut pe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0".to_vec();
        pe.resize(128, 0);
        assert_eq!(unsupported(&pe), EXECUTABLE);

        assert_eq!(unsupported(b"\xCF\xFA\xED\xFE\x07\0\0\x01"), EXECUTABLE);
        assert_eq!(unsupported(b"#!/bin/sh\nrm -rf /\n"), "a script");
        // A text file that merely starts with "MZ" is still text.
        assert_eq!(
            sniff(b"MZ Consulting, 2019-2024"),
            Ok(ResumeKind::PlainText)
        );
    }

    #[test]
    fn images_and_old_formats_are_refused() {
        let png = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
        assert_eq!(unsupported(png), "a PNG image");
        assert_eq!(unsupported(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"), "a JPEG image");
        assert_eq!(unsupported(b"GIF89a\x01\0\x01\0\0\0\0;"), "a GIF image");
        let doc = unsupported(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0");
        assert!(doc.contains(".doc"), "{doc}");
    }

    #[test]
    fn zips_that_are_not_word_documents_are_refused() {
        let plain = build_zip(&[("notes.txt", "hello"), ("data/x.csv", "a,b")]);
        assert_eq!(unsupported(&plain), ZIP_NOT_WORD);

        let xlsx = build_zip(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("xl/workbook.xml", "<workbook/>"),
        ]);
        assert_eq!(unsupported(&xlsx), ZIP_NOT_WORD);

        // word/document.xml without [Content_Types].xml is not a Word package.
        let bare = build_zip(&[("word/document.xml", &document_xml(""))]);
        assert_eq!(unsupported(&bare), ZIP_NOT_WORD);

        let mut corrupt = build_docx("<w:p/>");
        corrupt.truncate(corrupt.len() / 2);
        assert!(matches!(
            sniff(&corrupt),
            Err(SniffError::Unsupported { .. })
        ));
    }

    #[test]
    fn binary_garbage_is_refused() {
        let garbage: Vec<u8> = (0..2048u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
            .collect();
        assert_eq!(unsupported(&garbage), BINARY_DATA);
        assert_eq!(unsupported(b"plain text\0with a NUL"), BINARY_DATA);
        let mut noisy = "x".repeat(50).into_bytes();
        noisy.extend([0x01, 0x02]);
        assert_eq!(unsupported(&noisy), BINARY_DATA);
    }

    #[test]
    fn size_limits() {
        assert_eq!(sniff(b""), Err(SniffError::Empty));
        assert_eq!(
            sniff(&vec![b'a'; MAX_RESUME_BYTES + 1]),
            Err(SniffError::TooLarge)
        );
        assert_eq!(
            sniff(&vec![b'a'; MAX_RESUME_BYTES]),
            Ok(ResumeKind::PlainText)
        );
        assert_eq!(
            SniffError::TooLarge.to_string(),
            "The file is larger than 5 MB."
        );
    }

    #[test]
    fn long_text_is_capped_on_a_char_boundary() {
        let text = "é".repeat(MAX_EXTRACTED_CHARS + 10);
        let extracted = extract_text(ResumeKind::PlainText, text.as_bytes());
        assert_eq!(extracted.text.chars().count(), MAX_EXTRACTED_CHARS);
        assert!(extracted.text.chars().all(|c| c == 'é'));
        assert_eq!(extracted.warning.as_deref(), Some(WARN_TRUNCATED));
        assert!(WARN_TRUNCATED.contains("100,000") && MAX_EXTRACTED_CHARS == 100_000);

        // Exactly at the cap: nothing cut, no warning.
        let exact = "é".repeat(MAX_EXTRACTED_CHARS);
        let extracted = extract_text(ResumeKind::PlainText, exact.as_bytes());
        assert_eq!(extracted.text.chars().count(), MAX_EXTRACTED_CHARS);
        assert_eq!(extracted.warning, None);
    }

    #[test]
    fn normalize_rules() {
        let (text, cut) = normalize("  a \t b\r\n\r\n\r\n c\u{0C}d\u{200B}e\u{0007}  \n\n", 100);
        assert_eq!(text, "a b\nc\nde");
        assert!(!cut);
        let (text, cut) = normalize("abc def", 5);
        assert_eq!(text, "abc d");
        assert!(cut);
        // A separator is never left dangling at the cut.
        let (text, cut) = normalize("abc   def", 4);
        assert_eq!(text, "abc");
        assert!(cut);
    }
}

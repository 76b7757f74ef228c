//! Deciding a résumé's type from its content.

use std::borrow::Cow;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::{BINARY_DATA, EXECUTABLE, MAX_RESUME_BYTES, ZIP_NOT_WORD};

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
pub(super) fn decode_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
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

//! Text from PDF résumés (lopdf), within the extraction budget.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::budget::{Meter, OverBudget};
use super::{
    EVENTS_PER_CHECK, Extracted, ExtractionBudget, MAX_PDF_FONT_ENCODING_BYTES,
    RAW_TEXT_BUDGET_BYTES, ResumeKind, WARN_PDF_DAMAGED, WARN_PDF_ENCRYPTED, WARN_PDF_NO_TEXT,
    failed, finish, over_budget,
};
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

pub(super) fn extract_pdf(bytes: &[u8], budget: &ExtractionBudget) -> Extracted {
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

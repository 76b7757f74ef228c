//! Text from Word (.docx) résumés: `word/document.xml` read from the zip archive.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::budget::{Meter, OverBudget};
use super::{
    EVENTS_PER_CHECK, Extracted, ExtractionBudget, RAW_TEXT_BUDGET_BYTES, ResumeKind,
    WARN_DOCX_DAMAGED, WARN_DOCX_NO_TEXT, WARN_DOCX_PARTIAL, ZIP_READ_CHUNK_BYTES, failed, finish,
    over_budget,
};
/// Reads `word/document.xml` within the budget: at most the budget's decompressed bytes,
/// in chunks with the deadline checked between them, from an archive of a reasonable
/// number of entries.
pub(super) fn extract_docx(bytes: &[u8], budget: &ExtractionBudget) -> Extracted {
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

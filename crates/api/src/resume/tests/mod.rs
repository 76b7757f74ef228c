use super::*;
use std::io::Cursor;
use std::io::Write;
use std::time::{Duration, Instant};

mod budget;
mod formats;
mod sniffing;

fn build_pdf(line: &str) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Object, Stream, dictionary};

    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal(line)]),
            Operation::new("ET", vec![]),
        ],
    };
    let mut doc = pdf_of_pages(Stream::new(dictionary! {}, content.encode().unwrap()), 1);
    doc.compress();
    save_pdf(doc)
}

/// A PDF of `pages` pages that all draw ONE shared Flate content stream inflating to
/// `inflated_bytes` (a line of text, then spaces): small on disk, and a naive reader
/// inflates and parses the whole stream once per page.
fn build_shared_stream_bomb(pages: usize, inflated_bytes: usize) -> Vec<u8> {
    use lopdf::{Stream, dictionary};

    let mut content = b"BT /F1 12 Tf 72 700 Td (Bomb) Tj ET\n".to_vec();
    content.resize(inflated_bytes, b' ');
    let mut stream = Stream::new(dictionary! {}, content);
    stream.compress().unwrap();
    save_pdf(pdf_of_pages(stream, pages))
}

/// An A4 document of `pages` pages that all draw `content`, in Helvetica as F1.
fn pdf_of_pages(content: lopdf::Stream, pages: usize) -> lopdf::Document {
    use lopdf::{Document, Object, dictionary};

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
    let content_id = doc.add_object(content);
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
    doc
}

fn save_pdf(mut doc: lopdf::Document) -> Vec<u8> {
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

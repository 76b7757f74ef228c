use super::*;

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

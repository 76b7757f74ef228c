use super::*;

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

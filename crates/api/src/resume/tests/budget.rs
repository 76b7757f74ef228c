use super::*;

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

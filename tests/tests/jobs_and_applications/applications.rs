use super::*;

// 4. Applying.

async fn apply_rules(app: TestApp) {
    let recruiter = app.register("rita@acme.example", Role::Recruiter).await;
    let job = create_job(&app, &recruiter, job_body("Rust Engineer", json!({}))).await;
    let jane = app.register("jane@example.com", Role::Candidate).await;

    let form = text_resume().text("cover_note", "  I would love to work on this.  ");
    let application: ApplicationDto = json(
        apply(&app, &job.id, form, Some(jane.token())).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(application.job_id, job.id);
    assert_eq!(application.job_title, "Rust Engineer");
    assert_eq!(application.company_name, job.company_name);
    assert_eq!(application.status, ApplicationStatus::Applied);
    assert_eq!(application.candidate.id, jane.auth.user.id);
    assert_eq!(application.candidate.email, "jane@example.com");
    assert_eq!(application.candidate.full_name, jane.auth.user.full_name);
    assert_eq!(
        application.cover_note.as_deref(),
        Some("I would love to work on this.")
    );
    let resume = application.resume.as_ref().expect("résumé info");
    assert_eq!(resume.kind, "text", "decided by content, not name or type");
    assert_eq!(resume.filename, "jane.txt");
    assert_eq!(resume.size_bytes, RESUME_TEXT.len() as u64);
    assert!(resume.text_extracted);
    assert_eq!(resume.warning, None);
    assert_eq!(
        resume.download_url,
        format!("/api/v1/applications/{}/resume", application.id)
    );

    let again = expect_error(
        apply(&app, &job.id, text_resume(), Some(jane.token())).await,
        StatusCode::CONFLICT,
        "already_applied",
    )
    .await;
    assert!(
        again.error.message.contains("already applied"),
        "{}",
        again.error.message
    );

    // The other refusals, each by a candidate who has not applied yet.
    let sam = app.register("sam@example.com", Role::Candidate).await;
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.resize(512, 0);
    let message = expect_field(
        apply(
            &app,
            &job.id,
            resume_form(elf, "cv.pdf", "application/pdf"),
            Some(sam.token()),
        )
        .await,
        "resume",
    )
    .await;
    assert!(message.contains("executable"), "{message}");

    let oversized = vec![b'a'; 5 * 1024 * 1024 + 1];
    expect_error(
        apply(
            &app,
            &job.id,
            resume_form(oversized, "big.txt", "text/plain"),
            Some(sam.token()),
        )
        .await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;

    let no_resume = Form::new().text("cover_note", "Forgot the file");
    expect_field(
        apply(&app, &job.id, no_resume, Some(sam.token())).await,
        "resume",
    )
    .await;

    expect_error(
        apply(
            &app,
            "00000000-0000-4000-8000-000000000000",
            text_resume(),
            Some(sam.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        apply(&app, &job.id, text_resume(), Some(recruiter.token())).await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
    expect_error(
        apply(&app, &job.id, text_resume(), None).await,
        StatusCode::UNAUTHORIZED,
        "not_signed_in",
    )
    .await;

    // None of sam's refused attempts left an application behind.
    let listed = app.applications_for_job(recruiter.token(), &job.id).await;
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].candidate.id, jane.auth.user.id);

    let closed = create_job(&app, &recruiter, job_body("Closed Role", json!({}))).await;
    let closed_path = format!("/api/v1/jobs/{}", closed.id);
    let response = patch(
        &app,
        &closed_path,
        json!({"status": "closed"}),
        recruiter.token(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    expect_error(
        apply(&app, &closed.id, text_resume(), Some(sam.token())).await,
        StatusCode::CONFLICT,
        "job_closed",
    )
    .await;

    // Exactly 5 MB is still accepted (the limit is inclusive).
    let exact = vec![b'a'; 5 * 1024 * 1024];
    let sams: ApplicationDto = json(
        apply(
            &app,
            &job.id,
            resume_form(exact, "long.txt", "text/plain"),
            Some(sam.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(sams.candidate.id, sam.auth.user.id);
    assert_eq!(sams.resume.unwrap().size_bytes, 5 * 1024 * 1024);
}
backend_test!(apply_to_job, apply_rules);

// 5. Résumé downloads and the recruiter's list.

async fn resume_download_and_listing(app: TestApp) {
    let recruiter = app.register("rita@acme.example", Role::Recruiter).await;
    let colleague = app.register("rita@acme.example.two", Role::Recruiter).await;
    let other = app.register("otto@other.example", Role::Recruiter).await;
    let job = create_job(&app, &recruiter, job_body("Rust Engineer", json!({}))).await;
    let jane = app.register("jane@example.com", Role::Candidate).await;
    let sam = app.register("sam@example.com", Role::Candidate).await;
    let application = apply_ok(&app, &job.id, &jane).await;
    let sams = apply_ok(&app, &job.id, &sam).await;
    let path = format!("/api/v1/applications/{}/resume", application.id);

    for session in [&jane, &recruiter] {
        let response = app.get(&path, Some(session.token())).await;
        assert_eq!(response.status(), StatusCode::OK);
        let disposition = response
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        assert!(disposition.contains("jane.txt"), "{disposition}");
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(content_type.starts_with("text/plain"), "{content_type}");
        assert_eq!(
            response.bytes().await.unwrap().as_ref(),
            RESUME_TEXT.as_bytes()
        );
    }
    // A recruiter of another organisation ("colleague" has a company of their own).
    for session in [&sam, &other, &colleague] {
        expect_error(
            app.get(&path, Some(session.token())).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    expect_error(
        app.get(&path, None).await,
        StatusCode::UNAUTHORIZED,
        "not_signed_in",
    )
    .await;
    expect_error(
        app.get(
            "/api/v1/applications/00000000-0000-4000-8000-000000000000/resume",
            Some(recruiter.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let list_path = format!("/api/v1/jobs/{}/applications", job.id);
    let all: Page<ApplicationDto> = json(
        app.get(&list_path, Some(recruiter.token())).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(all.next_cursor, None);
    let ids: Vec<&str> = all.items.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [sams.id.as_str(), application.id.as_str()],
        "newest first"
    );
    let janes = &all.items[1];
    assert_eq!(janes.candidate.email, "jane@example.com");
    let resume = janes.resume.as_ref().expect("résumé info");
    assert_eq!(resume.kind, "text");
    assert_eq!(resume.download_url, path);

    let first: Page<ApplicationDto> = json(
        app.get(&format!("{list_path}?limit=1"), Some(recruiter.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.items[0].id, sams.id);
    let cursor = first.next_cursor.expect("a second page");
    let second: Page<ApplicationDto> = json(
        app.get(
            &with_query(&list_path, &[("limit", "1"), ("cursor", &cursor)]),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].id, application.id);
    assert_eq!(second.next_cursor, None);

    expect_error(
        app.get(&list_path, Some(other.token())).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        app.get(&list_path, Some(jane.token())).await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
}
backend_test!(resume_download, resume_download_and_listing);

// 5b. A résumé built to exhaust the text extractor.

/// A PDF of `pages` pages that all draw ONE shared Flate content stream inflating to
/// `inflated_bytes`: about 200 KB on disk, minutes of work for an extractor that inflates
/// and parses the stream once per page.
fn shared_stream_pdf_bomb(pages: usize, inflated_bytes: usize) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
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
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
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

async fn pdf_bomb_is_answered_in_time(app: TestApp) {
    let recruiter = app.register("rita@acme.example", Role::Recruiter).await;
    let job = create_job(&app, &recruiter, job_body("Rust Engineer", json!({}))).await;
    let jane = app.register("jane@example.com", Role::Candidate).await;
    let bomb = tokio::task::spawn_blocking(|| shared_stream_pdf_bomb(2_000, 16 * 1024 * 1024))
        .await
        .unwrap();
    assert!(bomb.len() < 400 * 1024, "{} bytes", bomb.len());

    let started = Instant::now();
    let form = resume_form(bomb.clone(), "bomb.pdf", "application/pdf");
    let response = tokio::time::timeout(
        Duration::from_secs(2),
        apply(&app, &job.id, form, Some(jane.token())),
    )
    .await
    .expect("the application is answered within 2 s");
    let elapsed = started.elapsed();
    let application: ApplicationDto = json(response, StatusCode::CREATED).await;
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");

    let resume = application.resume.as_ref().expect("résumé info");
    assert_eq!(resume.kind, "pdf");
    assert_eq!(resume.size_bytes, bomb.len() as u64);
    assert!(!resume.text_extracted, "{resume:?}");
    let warning = resume.warning.as_deref().unwrap_or_default();
    assert!(warning.contains("too large or too complex"), "{warning}");

    // The file is kept, byte for byte, for the candidate and the recruiter.
    for session in [&jane, &recruiter] {
        let response = app.get(&resume.download_url, Some(session.token())).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.bytes().await.unwrap().as_ref(), bomb.as_slice());
    }
    let listed = app.applications_for_job(recruiter.token(), &job.id).await;
    assert_eq!(listed.items.len(), 1);
    assert_eq!(
        listed.items[0]
            .resume
            .as_ref()
            .and_then(|r| r.warning.as_deref()),
        Some(warning)
    );
}
backend_test!(resume_bomb, pdf_bomb_is_answered_in_time);

//! Jobs and applications over HTTP, on both backends: job validation, public search and
//! pagination, ownership and closing, applying with a résumé sniffed by content, résumé
//! downloads, résumés built to exhaust the text extractor, and the recruiter's pipeline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interview_flow_shared::{
    ApplicationDto, ApplicationStatus, JobDto, JobStatus, JobSummaryDto, Page, Role,
};
use interview_flow_tests::{Session, TestApp, backend_test, expect_error, json};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const RESUME_TEXT: &str = "Jane Doe\nSenior Rust developer at Acme\nSkills: Rust, PostgreSQL";

/// A valid job body with the given title; `extra` fields are merged in.
fn job_body(title: &str, extra: Value) -> Value {
    let mut body = json!({
        "title": title,
        "description": "Build and run the services behind our hiring platform.",
    });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    body
}

async fn create_job(app: &TestApp, session: &Session, body: Value) -> JobDto {
    json(
        app.post_json("/api/v1/jobs", &body, Some(session.token()))
            .await,
        StatusCode::CREATED,
    )
    .await
}

async fn patch(app: &TestApp, path: &str, body: Value, token: &str) -> Response {
    app.request(Method::PATCH, path)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request sent")
}

/// `path?query`, form-encoded.
fn with_query(path: &str, query: &[(&str, &str)]) -> String {
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    format!("{path}?{encoded}")
}

async fn search(app: &TestApp, query: &[(&str, &str)]) -> Response {
    app.get(&with_query("/api/v1/jobs", query), None).await
}

async fn search_titles(app: &TestApp, q: &str) -> Vec<String> {
    let page: Page<JobDto> = json(search(app, &[("q", q)]).await, StatusCode::OK).await;
    page.items.into_iter().map(|job| job.title).collect()
}

fn resume_form(bytes: Vec<u8>, filename: &str, mime: &str) -> Form {
    Form::new().part(
        "resume",
        Part::bytes(bytes)
            .file_name(filename.to_string())
            .mime_str(mime)
            .unwrap(),
    )
}

fn text_resume() -> Form {
    resume_form(
        RESUME_TEXT.as_bytes().to_vec(),
        "jane.pdf",
        "application/pdf",
    )
}

async fn apply(app: &TestApp, job_id: &str, form: Form, token: Option<&str>) -> Response {
    let mut request = app
        .request(Method::POST, &format!("/api/v1/jobs/{job_id}/applications"))
        .multipart(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request sent")
}

async fn apply_ok(app: &TestApp, job_id: &str, session: &Session) -> ApplicationDto {
    json(
        apply(app, job_id, text_resume(), Some(session.token())).await,
        StatusCode::CREATED,
    )
    .await
}

async fn expect_field(response: Response, field: &str) -> String {
    let body = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body.field(), Some(field), "{body:?}");
    body.error.message
}

// 1. Creating jobs: defaults, cleaning, validation and roles.

async fn job_create_defaults_and_validation(app: TestApp) {
    let recruiter = app.register("rita@acme.example", Role::Recruiter).await;
    let job = create_job(
        &app,
        &recruiter,
        job_body(
            "Senior Rust Engineer",
            json!({
                "required_skills": ["Rust", "rust", "  RUST ", "PostgreSQL", "postgresql", "SQL"],
                "external_ids": {"ats_job_id": "J-42"}
            }),
        ),
    )
    .await;
    assert_eq!(job.title, "Senior Rust Engineer");
    assert_eq!(job.question_count, 8);
    assert_eq!(job.time_limit_minutes, 30);
    assert_eq!(job.language, "en");
    assert_eq!(job.status, JobStatus::Open);
    assert_eq!(job.company_name, "Company of rita@acme.example");
    assert_eq!(
        Some(&job.organization_id),
        recruiter.auth.user.organization.as_ref().map(|o| &o.id)
    );
    assert_eq!(job.required_skills, ["Rust", "PostgreSQL", "SQL"]);
    assert_eq!(
        job.external_ids.get("ats_job_id").map(String::as_str),
        Some("J-42")
    );
    // Explicit values are kept.
    let custom = create_job(
        &app,
        &recruiter,
        job_body(
            "Data Engineer",
            json!({"question_count": 3, "time_limit_minutes": 120, "language": "pt-BR"}),
        ),
    )
    .await;
    assert_eq!(
        (
            custom.question_count,
            custom.time_limit_minutes,
            custom.language.as_str()
        ),
        (3, 120, "pt-BR")
    );

    let invalid = [
        (json!({"title": "ab"}), "title"),
        (json!({"description": "Too short to use."}), "description"),
        (json!({"question_count": 2}), "question_count"),
        (json!({"question_count": 16}), "question_count"),
        (json!({"time_limit_minutes": 200}), "time_limit_minutes"),
        (json!({"language": "english!"}), "language"),
        (json!({"external_ids": {"ATS-ID": "1"}}), "external_ids"),
    ];
    for (extra, field) in invalid {
        let body = job_body("Valid Title", extra);
        let response = app
            .post_json("/api/v1/jobs", &body, Some(recruiter.token()))
            .await;
        expect_field(response, field).await;
    }
    // None of the refused ones was stored.
    let own: Vec<JobSummaryDto> = json(
        app.get("/api/v1/organization/jobs", Some(recruiter.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(own.len(), 2);

    // The same Idempotency-Key replays the first result instead of creating a second job.
    let mut ids = Vec::new();
    for _ in 0..2 {
        let job: JobDto = json(
            app.request(Method::POST, "/api/v1/jobs")
                .bearer_auth(recruiter.token())
                .header("Idempotency-Key", "create-job-1")
                .json(&job_body("QA Engineer", json!({})))
                .send()
                .await
                .unwrap(),
            StatusCode::CREATED,
        )
        .await;
        ids.push(job.id);
    }
    assert_eq!(ids[0], ids[1]);

    let candidate = app.register("carl@example.com", Role::Candidate).await;
    expect_error(
        app.post_json(
            "/api/v1/jobs",
            &job_body("Valid Title", json!({})),
            Some(candidate.token()),
        )
        .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
    expect_error(
        app.post_json("/api/v1/jobs", &job_body("Valid Title", json!({})), None)
            .await,
        StatusCode::UNAUTHORIZED,
        "not_signed_in",
    )
    .await;
}
backend_test!(job_create, job_create_defaults_and_validation);

// 2. Public search and keyset pagination.

async fn job_search_and_pagination(app: TestApp) {
    let recruiter = app.register("rita@acme.example", Role::Recruiter).await;
    let rust = create_job(
        &app,
        &recruiter,
        job_body("Rust Engineer", json!({"required_skills": ["Rust"]})),
    )
    .await;
    let analyst = create_job(
        &app,
        &recruiter,
        job_body(
            "Data Analyst",
            json!({"required_skills": ["SQL"], "location": "Lisbon"}),
        ),
    )
    .await;
    let designer = create_job(
        &app,
        &recruiter,
        job_body("Product Designer", json!({"required_skills": ["Figma"]})),
    )
    .await;

    assert_eq!(search_titles(&app, "RuSt").await, ["Rust Engineer"]);
    assert_eq!(search_titles(&app, "lisbon").await, ["Data Analyst"]);
    assert_eq!(search_titles(&app, "FIGMA").await, ["Product Designer"]);
    assert_eq!(
        search_titles(&app, "  ").await.len(),
        3,
        "blank q = no filter"
    );
    // LIKE wildcards are literal characters, so they match nothing here.
    assert!(search_titles(&app, "%").await.is_empty());
    assert!(search_titles(&app, "_").await.is_empty());
    assert!(search_titles(&app, "r%t").await.is_empty());

    let first: Page<JobDto> = json(search(&app, &[("limit", "2")]).await, StatusCode::OK).await;
    let first_ids: Vec<&str> = first.items.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(first_ids, [designer.id.as_str(), analyst.id.as_str()]);
    let cursor = first.next_cursor.expect("a next page");
    let second: Page<JobDto> = json(
        search(&app, &[("limit", "2"), ("cursor", &cursor)]).await,
        StatusCode::OK,
    )
    .await;
    let second_ids: Vec<&str> = second.items.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(second_ids, [rust.id.as_str()]);
    assert_eq!(second.next_cursor, None);

    // An exact page also ends with no cursor.
    let all: Page<JobDto> = json(search(&app, &[("limit", "3")]).await, StatusCode::OK).await;
    assert_eq!(all.items.len(), 3);
    assert_eq!(all.next_cursor, None);

    expect_field(search(&app, &[("cursor", "garbage")]).await, "cursor").await;
    expect_field(search(&app, &[("limit", "0")]).await, "limit").await;
}
backend_test!(job_search, job_search_and_pagination);

// 3. Ownership, closing and the organisation's own list.

async fn job_close_and_ownership(app: TestApp) {
    let owner = app.register("rita@acme.example", Role::Recruiter).await;
    let other = app.register("otto@other.example", Role::Recruiter).await;
    let candidate = app.register("carl@example.com", Role::Candidate).await;
    let closing = create_job(
        &app,
        &owner,
        job_body("Backend Engineer", json!({"required_skills": ["Go"]})),
    )
    .await;
    let renamed = create_job(
        &app,
        &owner,
        job_body(
            "Frontend Engineer",
            json!({"required_skills": ["TypeScript"]}),
        ),
    )
    .await;
    apply_ok(&app, &closing.id, &candidate).await;

    let closing_path = format!("/api/v1/jobs/{}", closing.id);
    expect_error(
        patch(
            &app,
            &closing_path,
            json!({"status": "closed"}),
            other.token(),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Still open after the refused attempt.
    let still: JobDto = json(app.get(&closing_path, None).await, StatusCode::OK).await;
    assert_eq!(still.status, JobStatus::Open);

    let closed: JobDto = json(
        patch(
            &app,
            &closing_path,
            json!({"status": "closed"}),
            owner.token(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed.status, JobStatus::Closed);

    let public: Page<JobDto> = json(app.get("/api/v1/jobs", None).await, StatusCode::OK).await;
    let public_ids: Vec<&str> = public.items.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(public_ids, [renamed.id.as_str()]);

    for token in [None, Some(candidate.token()), Some(other.token())] {
        expect_error(
            app.get(&closing_path, token).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let seen: JobDto = json(
        app.get(&closing_path, Some(owner.token())).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen.status, JobStatus::Closed);

    let renamed_path = format!("/api/v1/jobs/{}", renamed.id);
    let updated: JobDto = json(
        patch(
            &app,
            &renamed_path,
            json!({"title": "Staff Kotlin Engineer"}),
            owner.token(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated.title, "Staff Kotlin Engineer");
    assert_eq!(updated.required_skills, ["TypeScript"], "other fields kept");
    assert_eq!(
        search_titles(&app, "kotlin").await,
        ["Staff Kotlin Engineer"]
    );
    assert!(search_titles(&app, "frontend").await.is_empty());
    expect_field(
        patch(&app, &renamed_path, json!({"title": "ab"}), owner.token()).await,
        "title",
    )
    .await;

    let own: Vec<JobSummaryDto> = json(
        app.get("/api/v1/organization/jobs", Some(owner.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    let summary = |id: &str| {
        own.iter()
            .find(|s| s.job.id == id)
            .unwrap_or_else(|| panic!("job {id} in {own:?}"))
    };
    assert_eq!(own.len(), 2);
    assert_eq!(summary(&closing.id).job.status, JobStatus::Closed);
    assert_eq!(summary(&closing.id).applications_count, 1);
    assert_eq!(summary(&closing.id).interviews_count, 0);
    assert_eq!(summary(&renamed.id).job.status, JobStatus::Open);
    assert_eq!(summary(&renamed.id).applications_count, 0);
    let others: Vec<JobSummaryDto> = json(
        app.get("/api/v1/organization/jobs", Some(other.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(others.is_empty());
    expect_error(
        app.get("/api/v1/organization/jobs", Some(candidate.token()))
            .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
}
backend_test!(job_close, job_close_and_ownership);

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

// 6. The pipeline.

async fn application_pipeline(app: TestApp) {
    let recruiter = app.register("rita@acme.example", Role::Recruiter).await;
    let other = app.register("otto@other.example", Role::Recruiter).await;
    let job = create_job(&app, &recruiter, job_body("Rust Engineer", json!({}))).await;
    let jane = app.register("jane@example.com", Role::Candidate).await;
    let sam = app.register("sam@example.com", Role::Candidate).await;
    let janes = apply_ok(&app, &job.id, &jane).await;
    let sams = apply_ok(&app, &job.id, &sam).await;
    let janes_path = format!("/api/v1/applications/{}", janes.id);

    expect_error(
        patch(
            &app,
            &janes_path,
            json!({"status": "screening"}),
            other.token(),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        patch(
            &app,
            &janes_path,
            json!({"status": "screening"}),
            jane.token(),
        )
        .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;

    for (status, expected) in [
        ("screening", ApplicationStatus::Screening),
        ("interview", ApplicationStatus::Interview),
        ("offer", ApplicationStatus::Offer),
    ] {
        let moved: ApplicationDto = json(
            patch(
                &app,
                &janes_path,
                json!({"status": status}),
                recruiter.token(),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(moved.status, expected);
        assert_eq!(moved.id, janes.id);
    }
    let message = expect_field(
        patch(
            &app,
            &janes_path,
            json!({"status": "applied"}),
            recruiter.token(),
        )
        .await,
        "status",
    )
    .await;
    assert!(message.contains("offer"), "{message}");

    let sams_path = format!("/api/v1/applications/{}", sams.id);
    let screened: ApplicationDto = json(
        patch(
            &app,
            &sams_path,
            json!({"status": "screening"}),
            recruiter.token(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(screened.status, ApplicationStatus::Screening);
    let rejected: ApplicationDto = json(
        patch(
            &app,
            &sams_path,
            json!({"status": "rejected"}),
            recruiter.token(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rejected.status, ApplicationStatus::Rejected);
    // Rejected is final.
    expect_field(
        patch(
            &app,
            &sams_path,
            json!({"status": "screening"}),
            recruiter.token(),
        )
        .await,
        "status",
    )
    .await;

    // The stored statuses are what the recruiter's list shows.
    let listed = app.applications_for_job(recruiter.token(), &job.id).await;
    let status_of = |id: &str| {
        listed
            .items
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.status)
            .unwrap()
    };
    assert_eq!(status_of(&janes.id), ApplicationStatus::Offer);
    assert_eq!(status_of(&sams.id), ApplicationStatus::Rejected);
}
backend_test!(pipeline, application_pipeline);

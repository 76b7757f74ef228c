use super::*;

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

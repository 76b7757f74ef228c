//! Scheduling: validation, links, idempotent creation.

use super::*;

async fn scheduling_validates_and_links(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app, "rec@acme.test").await;
    let token = recruiter.token();
    let scheduled_at = in_minutes(60 * 24);
    let interview = scheduled(
        &app,
        token,
        &json!({"job_id": job.id, "candidate": {"full_name": "Sam Lee", "email": " Sam.Lee@Example.com "}, "scheduled_at": scheduled_at}),
    )
    .await;
    let id = uuid::Uuid::parse_str(&interview.id).expect("a UUID");
    assert_eq!(id.get_version_num(), 4, "random UUID v4");
    assert_eq!(
        interview.link,
        format!("{}/interview/ready/{}", app.address, interview.id)
    );
    assert_eq!(interview.status, InterviewStatus::Scheduled);
    assert_eq!(interview.email_status, EmailStatus::Queued);
    assert_eq!(interview.candidate.email, "sam.lee@example.com");
    assert_eq!(interview.job.company_name, "Company of rec@acme.test");
    let at = DateTime::parse_from_rfc3339(&interview.scheduled_at).unwrap();
    assert_eq!(
        at.timestamp(),
        DateTime::parse_from_rfc3339(&scheduled_at)
            .unwrap()
            .timestamp()
    );
    assert_eq!(
        at.offset().local_minus_utc(),
        2 * 3600,
        "the recruiter's offset is kept"
    );
    let opens = DateTime::parse_from_rfc3339(&interview.opens_at).unwrap();
    let expires = DateTime::parse_from_rfc3339(&interview.expires_at).unwrap();
    assert_eq!(
        at - opens,
        TimeDelta::minutes(15),
        "opens 15 minutes early by default"
    );
    assert_eq!(expires - at, TimeDelta::days(7), "valid 7 days by default");
    assert_eq!(
        get_interview(&app, token, &interview.id).await.id,
        interview.id
    );

    let cases = [
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": in_minutes(-5)}),
            "scheduled_at",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": "2030-01-01T10:00:00"}),
            "scheduled_at",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": in_minutes(120), "expires_at": in_minutes(60)}),
            "expires_at",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": in_minutes(120), "time_zone": "Mars/Olympus"}),
            "time_zone",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "not-an-email"}, "scheduled_at": in_minutes(120)}),
            "candidate.email",
        ),
        (
            json!({"job_id": job.id, "scheduled_at": in_minutes(120)}),
            "candidate",
        ),
        (
            json!({"job_id": job.id, "application_id": "a", "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": in_minutes(120)}),
            "candidate",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "rec@acme.test"}, "scheduled_at": in_minutes(120)}),
            "candidate.email",
        ),
    ];
    for (body, field) in cases {
        let error = expect_error(
            schedule(&app, token, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error.field(), Some(field), "{body}");
    }
    // Unknown and foreign jobs are 404s; candidates cannot schedule.
    expect_error(
        schedule(
            &app,
            token,
            &standalone(
                &JobDto {
                    id: "nope".into(),
                    ..job.clone()
                },
                "X",
                "x@example.com",
                60,
            ),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let (_, foreign_job) = recruiter_with_job(&app, "other@globex.test").await;
    expect_error(
        schedule(
            &app,
            token,
            &standalone(&foreign_job, "X", "x@example.com", 60),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let candidate = app.register("cand@example.com", Role::Candidate).await;
    expect_error(
        schedule(
            &app,
            candidate.token(),
            &standalone(&job, "X", "x@example.com", 60),
        )
        .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
    // Another organisation cannot see the interview.
    let other = app
        .login("other@globex.test", interview_flow_tests::GOOD_PASSWORD)
        .await;
    let other = Session::from_response(other).await;
    expect_error(
        app.get(
            &format!("/api/v1/interviews/{}", interview.id),
            Some(other.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Nothing was half-written by the refused requests.
    let page: Page<InterviewDto> = json(
        app.get("/api/v1/interviews", Some(token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.items.len(), 1);
}
backend_test!(
    scheduling_validates_and_links_work,
    scheduling_validates_and_links
);

async fn idempotent_create(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app, "idem@acme.test").await;
    let body = standalone(&job, "Ida Em", "ida@example.com", 90);
    let send = |body: Value, key: &'static str| {
        app.request(Method::POST, "/api/v1/interviews")
            .bearer_auth(recruiter.token())
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = send(body.clone(), "key-123").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: InterviewDto = first.json().await.unwrap();
    let retry = send(body.clone(), "key-123").await.unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(
        retry
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.to_str().unwrap()),
        Some("true")
    );
    let retry: InterviewDto = retry.json().await.unwrap();
    assert_eq!(
        retry.id, first.id,
        "a retried create returns the first interview"
    );
    let mut changed = body.clone();
    changed["candidate"]["full_name"] = json!("Someone Else");
    let error = expect_error(
        send(changed, "key-123").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error.field(), Some("Idempotency-Key"));
    // A different key is a different request.
    let second: InterviewDto =
        json(send(body, "key-456").await.unwrap(), StatusCode::CREATED).await;
    assert_ne!(second.id, first.id);
    let page: Page<InterviewDto> = json(
        app.get("/api/v1/interviews", Some(recruiter.token())).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.items.len(), 2);
}
backend_test!(
    idempotent_create_returns_the_first_result,
    idempotent_create
);

//! Input that no field may hold, wherever it comes in: control characters (NUL cannot even
//! be stored by PostgreSQL) in JSON bodies, query strings, paths and form fields, and dates
//! outside a sane range. Each is a 422 naming the field, alike on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeDelta, Utc};
use interview_flow_shared::{InterviewDto, JobDto, Role};
use interview_flow_tests::{TestApp, backend_test, expect_error, json};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// Asserts a 422 that names `field`.
async fn refused(response: Response, field: &str) {
    let body = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body.field(), Some(field), "{body:?}");
}

async fn job(app: &TestApp, token: &str) -> JobDto {
    json(
        app.post_json(
            "/api/v1/jobs",
            &json!({
                "title": "Platform Engineer",
                "description": "Run our Rust services on Kubernetes and keep PostgreSQL healthy.",
                "required_skills": ["Rust", "Kubernetes"],
            }),
            Some(token),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

fn interview(job: &JobDto, scheduled_at: String) -> Value {
    json!({
        "job_id": job.id,
        "candidate": {"full_name": "Sam Lee", "email": "sam@example.com"},
        "scheduled_at": scheduled_at,
    })
}

async fn control_characters_are_refused(app: TestApp) {
    // Registration: a NUL in the name.
    refused(
        app.post_json(
            "/api/v1/auth/register",
            &json!({"email": "nul@example.com", "password": interview_flow_tests::GOOD_PASSWORD,
                    "full_name": "Ann\u{0}Lee", "role": "candidate"}),
            None,
        )
        .await,
        "full_name",
    )
    .await;
    let recruiter = app.register("rec@acme.test", Role::Recruiter).await;
    let token = recruiter.token();
    // A job title with NUL, a skill with an escape sequence.
    refused(
        app.post_json(
            "/api/v1/jobs",
            &json!({"title": "Engineer\u{0}", "description": "Run our Rust services on Kubernetes and keep them healthy."}),
            Some(token),
        )
        .await,
        "title",
    )
    .await;
    refused(
        app.post_json(
            "/api/v1/jobs",
            &json!({"title": "Engineer", "description": "Run our Rust services on Kubernetes and keep them healthy.",
                    "required_skills": ["Rust", "\u{1b}[31mred"]}),
            Some(token),
        )
        .await,
        "required_skills[1]",
    )
    .await;
    let job = job(&app, token).await;
    // An interview's note, and a nested field named by its path.
    let mut body = interview(&job, (Utc::now() + TimeDelta::days(1)).to_rfc3339());
    body["note"] = json!("bring\u{0}coffee");
    refused(
        app.post_json("/api/v1/interviews", &body, Some(token))
            .await,
        "note",
    )
    .await;
    let mut body = interview(&job, (Utc::now() + TimeDelta::days(1)).to_rfc3339());
    body["candidate"]["full_name"] = json!("Sam\u{7f}");
    refused(
        app.post_json("/api/v1/interviews", &body, Some(token))
            .await,
        "candidate.full_name",
    )
    .await;
    // Query strings and path segments.
    refused(app.get("/api/v1/jobs?q=%00", None).await, "q").await;
    refused(
        app.get("/api/v1/interviews?status=scheduled%00", Some(token))
            .await,
        "status",
    )
    .await;
    // A path holding one names nothing: 404, as any malformed id.
    expect_error(
        app.get("/api/v1/jobs/abc%00def", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // A multipart text field: the cover note of an application.
    let candidate = app.register("alex@example.com", Role::Candidate).await;
    let form = reqwest::multipart::Form::new()
        .part(
            "resume",
            reqwest::multipart::Part::bytes(b"Alex Doe\nRust engineer".to_vec())
                .file_name("alex.txt"),
        )
        .text("cover_note", "Hello\u{0}there");
    refused(
        app.request(
            Method::POST,
            &format!("/api/v1/jobs/{}/applications", job.id),
        )
        .bearer_auth(candidate.token())
        .multipart(form)
        .send()
        .await
        .unwrap(),
        "cover_note",
    )
    .await;
    // Line breaks, carriage returns and tabs are ordinary text.
    let mut body = interview(&job, (Utc::now() + TimeDelta::days(1)).to_rfc3339());
    body["note"] = json!("line one\r\nline two\tindented");
    json::<InterviewDto>(
        app.post_json("/api/v1/interviews", &body, Some(token))
            .await,
        StatusCode::CREATED,
    )
    .await;
}
backend_test!(
    control_characters_are_422_naming_the_field,
    control_characters_are_refused
);

async fn dates_are_bounded(app: TestApp) {
    let recruiter = app.register("rec@acme.test", Role::Recruiter).await;
    let token = recruiter.token();
    let job = job(&app, token).await;
    for far in [
        "9999-12-31T00:00:00Z".to_string(),
        (Utc::now() + TimeDelta::days(2 * 365 + 1)).to_rfc3339(),
    ] {
        refused(
            app.post_json("/api/v1/interviews", &interview(&job, far), Some(token))
                .await,
            "scheduled_at",
        )
        .await;
    }
    let within = (Utc::now() + TimeDelta::days(2 * 365 - 1)).to_rfc3339();
    let created: InterviewDto = json(
        app.post_json("/api/v1/interviews", &interview(&job, within), Some(token))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(
        created.expires_at.starts_with("20"),
        "{}",
        created.expires_at
    );
    // Rescheduling is bounded the same way.
    refused(
        app.request(Method::PATCH, &format!("/api/v1/interviews/{}", created.id))
            .bearer_auth(token)
            .json(&json!({"scheduled_at": "9999-12-31T00:00:00Z"}))
            .send()
            .await
            .unwrap(),
        "scheduled_at",
    )
    .await;
}
backend_test!(far_off_dates_are_422, dates_are_bounded);

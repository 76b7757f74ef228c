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

mod applications;
mod jobs;
mod pipeline;

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

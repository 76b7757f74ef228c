//! Attacks from the trust review, replayed over HTTP on both databases: emailed links that
//! owned the account, pre-registered addresses, password reset and email verification,
//! concurrent refresh and scheduling, and rate limits behind proxies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use interview_flow_shared::{
    CandidateDashboardDto, EmailRequestAccepted, InterviewDto, InterviewReadyDto, JobDto,
    REFRESH_COOKIE, Role, UserDto,
};
use interview_flow_tests::smtp::{ReceivedMail, SmtpSink};
use interview_flow_tests::{
    GOOD_PASSWORD, Session, TestApp, TestOptions, backend_test, backend_test_with_smtp,
    cookie_value, eventually, expect_error, json, refresh_set_cookie, sql_timestamp,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

mod addresses;
mod links;
mod rate_limits;
mod sessions;

const MAIL_WAIT: Duration = Duration::from_secs(20);
const NEW_PASSWORD: &str = "a much better passphrase";

async fn recruiter_with_job(app: &TestApp) -> (Session, JobDto) {
    let recruiter = app
        .register_verified("rec@acme.test", Role::Recruiter)
        .await;
    let job: JobDto = json(
        app.post_json(
            "/api/v1/jobs",
            &json!({
                "title": "Platform Engineer",
                "description": "Run our Rust services on Kubernetes and keep PostgreSQL healthy.",
                "required_skills": ["Rust", "Kubernetes"],
                "question_count": 3,
                "time_limit_minutes": 20
            }),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (recruiter, job)
}

/// Schedules `email` for `job`, `minutes` from now (the link is open within 15 minutes).
async fn schedule(
    app: &TestApp,
    recruiter: &Session,
    job: &JobDto,
    email: &str,
    minutes: i64,
) -> InterviewDto {
    json(
        app.post_json(
            "/api/v1/interviews",
            &json!({
                "job_id": job.id,
                "candidate": {"full_name": "Alex Doe", "email": email},
                "scheduled_at": (Utc::now() + TimeDelta::minutes(minutes)).to_rfc3339(),
            }),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// The newest email about `interview` whose subject contains `subject`, once it arrived.
async fn interview_mail(smtp: &SmtpSink, interview: &InterviewDto, subject: &str) -> ReceivedMail {
    let what = format!("a {subject:?} email about {}", interview.id);
    eventually(&what, MAIL_WAIT, || async {
        smtp.messages()
            .into_iter()
            .rev()
            .find(|m| m.subject().contains(subject) && m.body("text/plain").contains(&interview.id))
    })
    .await
}

async fn link_sign_in(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/link", &json!({"token": token}), None)
        .await
}

async fn link_session(app: &TestApp, token: &str) -> Session {
    let response = link_sign_in(app, token).await;
    assert_eq!(response.status(), StatusCode::OK, "link sign-in");
    Session::from_response(response).await
}

async fn ready(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/interviews/{id}/ready"), Some(token))
        .await
}

fn sha256_hex(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

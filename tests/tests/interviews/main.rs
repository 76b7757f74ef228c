//! Scheduling interviews over HTTP: validation, capability links and their windows, access
//! rules, idempotent creation, and the emails they send through a real SMTP server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, FixedOffset, TimeDelta, Utc};
use interview_flow_shared::{
    AuthResponse, CandidateDashboardDto, EmailStatus, InterviewDto, InterviewReadyDto,
    InterviewStatus, JobDto, Page, RecruiterDashboardDto, Role, WindowState,
};
use interview_flow_tests::smtp::{ReceivedMail, SmtpSink};
use interview_flow_tests::{
    Session, TestApp, TestOptions, backend_test, backend_test_with_smtp, eventually, expect_error,
    json,
};
use mailparse::MailHeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

mod access;
mod emails;
mod reminders;
mod scheduling;

const MAIL_WAIT: Duration = Duration::from_secs(20);

/// An RFC 3339 time `minutes` from now, written with a +02:00 offset like a recruiter in
/// Central Europe would send it.
fn in_minutes(minutes: i64) -> String {
    let offset = FixedOffset::east_opt(2 * 3600).unwrap();
    (Utc::now() + TimeDelta::minutes(minutes))
        .with_timezone(&offset)
        .to_rfc3339()
}

async fn recruiter_with_job(app: &TestApp, email: &str) -> (Session, JobDto) {
    app.recruiter_with_job(email, platform_job()).await
}

fn platform_job() -> serde_json::Value {
    json!({
        "title": "Platform Engineer",
        "description": "Run our Rust services on Kubernetes and keep PostgreSQL healthy.",
        "required_skills": ["Rust", "Kubernetes"],
        "question_count": 5,
        "time_limit_minutes": 20
    })
}

async fn schedule(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/interviews", body, Some(token)).await
}

fn standalone(job: &JobDto, name: &str, email: &str, minutes_ahead: i64) -> Value {
    json!({
        "job_id": job.id,
        "candidate": {"full_name": name, "email": email},
        "scheduled_at": in_minutes(minutes_ahead),
    })
}

async fn scheduled(app: &TestApp, token: &str, body: &Value) -> InterviewDto {
    json(schedule(app, token, body).await, StatusCode::CREATED).await
}

fn header(mail: &ReceivedMail, name: &str) -> String {
    mail.parsed()
        .headers
        .get_first_value(name)
        .unwrap_or_default()
}

async fn link_sign_in(app: &TestApp, token: &str) -> AuthResponse {
    json(
        app.post_json("/api/v1/auth/link", &json!({"token": token}), None)
            .await,
        StatusCode::OK,
    )
    .await
}

async fn get_interview(app: &TestApp, token: &str, id: &str) -> InterviewDto {
    json(
        app.get(&format!("/api/v1/interviews/{id}"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await
}

/// Closes an interview's window (and its links') a second ago, as if it had run out.
async fn close_window(app: &TestApp, id: &str) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::{interview_access_tokens, interviews};
    let pool = app.pool.clone();
    let id = id.to_string();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let past = (Utc::now() - TimeDelta::seconds(1)).naive_utc();
        diesel::update(interviews::table.find(&id))
            .set(interviews::expires_at.eq(past))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(
            interview_access_tokens::table.filter(interview_access_tokens::interview_id.eq(&id)),
        )
        .set(interview_access_tokens::expires_at.eq(past))
        .execute(&mut *conn)
        .unwrap();
    })
    .await
    .unwrap();
}

//! The live interview over HTTP: the server-side state machine, idempotent answers, the
//! server's clock, access rules, integrity events, streaming, provider fallback, and the
//! evaluation report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use interview_flow_shared::{
    ApplicationDto, EvaluationStatus, InterviewDto, InterviewStatus, JobDto, ReportDto, Role,
    SessionDto, TurnKind, VoiceMode,
};
use interview_flow_tests::{
    Session, TestApp, TestOptions, backend_test, eventually, expect_error, json,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

mod flow;
mod integrity;
mod llm_failure;
mod races;
mod rules;
mod timing;
mod with_llm_and_voice;

// Server speech services that fail upstream answer 503 (the SPA falls back to the browser's
// speech and typing), never 500, and nothing broken is cached.
mod speech_services_failing_upstream;

// Streaming over HTTP with an LLM: tokens relayed as several events (on POST /session and on
// answers), `reset` when the LLM fails mid-question, the first-token timeout falling back to
// the built-in interviewer, and `error` events.
mod llm_streaming_over_http;

// A report written by the LLM evaluator is stored and served as the LLM wrote it (within the
// caps computed in code).
mod llm_evaluator_report;

const RESUME: &str = "Alex Doe\nSenior Backend Engineer at Globex (2019-2024)\nBuilt payment APIs in Rust on PostgreSQL, \
moved services to Kubernetes.\nSkills: Rust, PostgreSQL, Kubernetes, Docker";

/// A recruiter, a job needing PostgreSQL, a candidate who applied with a résumé, and an
/// interview open now. Returns (recruiter, candidate, interview).
async fn interview_open_now(
    app: &TestApp,
    question_count: u32,
) -> (Session, Session, InterviewDto) {
    let recruiter = app.register("rec@acme.test", Role::Recruiter).await;
    let job: JobDto = json(
        app.post_json(
            "/api/v1/jobs",
            &json!({
                "title": "Backend Engineer",
                "description": "Design and operate Rust APIs backed by PostgreSQL for our logistics platform.",
                "required_skills": ["Rust", "PostgreSQL", "API design"],
                "question_count": question_count,
                "time_limit_minutes": 20
            }),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let candidate = app.register("alex@example.com", Role::Candidate).await;
    let form = reqwest::multipart::Form::new().part(
        "resume",
        reqwest::multipart::Part::bytes(RESUME.as_bytes().to_vec()).file_name("alex.txt"),
    );
    let application: ApplicationDto = json(
        app.request(
            Method::POST,
            &format!("/api/v1/jobs/{}/applications", job.id),
        )
        .bearer_auth(candidate.token())
        .multipart(form)
        .send()
        .await
        .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let interview: InterviewDto = json(
        app.post_json(
            "/api/v1/interviews",
            &json!({"job_id": job.id, "application_id": application.id, "scheduled_at": (Utc::now() + TimeDelta::minutes(5)).to_rfc3339()}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (recruiter, candidate, interview)
}

async fn start(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.start_session(token, id).await
}

async fn answer(
    app: &TestApp,
    token: &str,
    id: &str,
    turn_id: &str,
    text: &str,
) -> reqwest::Response {
    app.answer(token, id, turn_id, text).await
}

/// A substantive answer that varies per question.
fn answer_text(n: usize) -> String {
    format!(
        "In my role at Globex I led a project ({n}) where we rebuilt the payment API in Rust on PostgreSQL. \
I measured p99 latency, cut it by 40% with better indexes, and as a result incidents dropped; I also mentored two engineers."
    )
}

async fn wait_for_report(app: &TestApp, token: &str, id: &str) -> ReportDto {
    eventually(
        "the evaluation finishes",
        Duration::from_secs(20),
        || async {
            let report: ReportDto = json(
                app.get(&format!("/api/v1/interviews/{id}/report"), Some(token))
                    .await,
                StatusCode::OK,
            )
            .await;
            (report.evaluation_status == EvaluationStatus::Ready).then_some(report)
        },
    )
    .await
}

/// The interview's turns as stored: (seq, answer).
async fn stored_turns(app: &TestApp, id: &str) -> Vec<(i32, Option<String>)> {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interview_turns;
    let (pool, id) = (app.pool.clone(), id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        interview_turns::table
            .filter(interview_turns::interview_id.eq(id))
            .order(interview_turns::seq.asc())
            .select((interview_turns::seq, interview_turns::answer_text))
            .load(&mut *conn)
            .unwrap()
    })
    .await
    .unwrap()
}

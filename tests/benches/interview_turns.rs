//! `cargo bench -p interview-flow-tests --bench interview_turns`: the server's own time per
//! interview turn (`POST …/answers` with the built-in provider, p50/p99), and, when the local
//! LLM of ../shared/tools/local-llm is running (or LOCAL_LLM_URL is set), the time to the
//! first relayed token of a streamed question.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use futures_util::StreamExt;
use interview_flow_shared::{InterviewDto, InterviewStatus, JobDto, Role, SessionDto};
use interview_flow_tests::{Backend, Session, TestApp, TestOptions, json};
use reqwest::StatusCode;
use serde_json::json;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn open_interview(
    app: &TestApp,
    recruiter: &Session,
    job: &JobDto,
    n: usize,
) -> (Session, String) {
    let email = format!("cand{n}@example.com");
    let candidate = app.register(&email, Role::Candidate).await;
    let interview: InterviewDto = json(
        app.post_json(
            "/api/v1/interviews",
            &json!({"job_id": job.id, "candidate": {"full_name": "Bench Candidate", "email": email},
                    "scheduled_at": (Utc::now() + TimeDelta::minutes(5)).to_rfc3339()}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (candidate, interview.id)
}

async fn setup(app: &TestApp, question_count: u32) -> (Session, JobDto) {
    let recruiter = app.register("bench@acme.test", Role::Recruiter).await;
    let job: JobDto = json(
        app.post_json(
            "/api/v1/jobs",
            &json!({"title": "Backend Engineer", "description": "Design and run Rust services on PostgreSQL and Kubernetes.",
                    "required_skills": ["Rust", "PostgreSQL", "Kubernetes"], "question_count": question_count, "time_limit_minutes": 60}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (recruiter, job)
}

const ANSWER: &str = "At Globex I led the move of our billing API to Rust on PostgreSQL; we measured p99 latency and cut it by 40%, which reduced incidents.";

async fn builtin_turns(backend: Backend) {
    let Some(app) = TestApp::spawn(backend, TestOptions::default()).await else {
        println!("{backend:?}: skipped (TEST_DATABASE_URL is not set)");
        return;
    };
    let (recruiter, job) = setup(&app, 8).await;
    let mut latencies = Vec::new();
    for n in 0..10 {
        let (candidate, id) = open_interview(&app, &recruiter, &job, n).await;
        let mut session: SessionDto = json(
            app.post_json(
                &format!("/api/v1/interviews/{id}/session"),
                &json!({"consent": true}),
                Some(candidate.token()),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        while session.status == InterviewStatus::InProgress {
            let turn = session.current_question.clone().unwrap().turn_id;
            let started = Instant::now();
            let response = app
                .post_json(
                    &format!("/api/v1/interviews/{id}/answers"),
                    &json!({"turn_id": turn, "text": ANSWER, "source": "typed"}),
                    Some(candidate.token()),
                )
                .await;
            session = json(response, StatusCode::OK).await;
            latencies.push(started.elapsed());
        }
    }
    latencies.sort();
    println!(
        "{backend:?}: built-in provider, {} turns (answer stored + next question written): p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3
    );
}

fn local_llm_url() -> Option<String> {
    if let Ok(url) = std::env::var("LOCAL_LLM_URL") {
        return Some(url);
    }
    let tool =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/tools/local-llm");
    let output = std::process::Command::new(tool)
        .arg("status")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.strip_prefix("running: ")
        .map(|url| url.trim().to_string())
}

async fn llm_first_token() {
    let Some(url) = local_llm_url() else {
        println!("local LLM: skipped (not running; start it with ../shared/tools/local-llm start)");
        return;
    };
    let options = TestOptions {
        extra: vec![
            ("AI_BASE_URL", url.clone()),
            ("AI_MODEL", "smollm2".into()),
            ("AI_FIRST_TOKEN_TIMEOUT_SECS", "60".into()),
            ("AI_TIMEOUT_SECS", "120".into()),
        ],
        ..Default::default()
    };
    let app = TestApp::spawn(Backend::Sqlite, options).await.unwrap();
    let (recruiter, job) = setup(&app, 3).await;
    let mut first_tokens = Vec::new();
    for n in 0..3 {
        let (candidate, id) = open_interview(&app, &recruiter, &job, n).await;
        let session: SessionDto = json(
            app.post_json(
                &format!("/api/v1/interviews/{id}/session"),
                &json!({"consent": true}),
                Some(candidate.token()),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let turn = session.current_question.unwrap().turn_id;
        let started = Instant::now();
        let response = app
            .request(
                reqwest::Method::POST,
                &format!("/api/v1/interviews/{id}/answers"),
            )
            .bearer_auth(candidate.token())
            .header("Accept", "text/event-stream")
            .json(&json!({"turn_id": turn, "text": ANSWER, "source": "typed"}))
            .send()
            .await
            .unwrap();
        let mut stream = response.bytes_stream();
        let mut seen = String::new();
        let mut first = None;
        while let Some(chunk) = stream.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
            if first.is_none() && seen.contains("event: token") {
                first = Some(started.elapsed());
            }
        }
        let total = started.elapsed();
        if let Some(first) = first {
            first_tokens.push(first);
            println!(
                "local LLM ({url}): question {n}: first relayed token after {:.0} ms, whole question after {:.0} ms",
                first.as_secs_f64() * 1e3,
                total.as_secs_f64() * 1e3
            );
        }
    }
    first_tokens.sort();
    if !first_tokens.is_empty() {
        println!(
            "local LLM: time to first relayed token p50 {:.0} ms",
            percentile(&first_tokens, 0.5).as_secs_f64() * 1e3
        );
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        builtin_turns(Backend::Sqlite).await;
        builtin_turns(Backend::Postgres).await;
        llm_first_token().await;
    });
}

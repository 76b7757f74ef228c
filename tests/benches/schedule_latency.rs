//! `cargo bench -p interview-flow-tests --bench schedule_latency`: latency of
//! `POST /api/v1/interviews` while the SMTP server takes 2 seconds per message, on SQLite
//! (and PostgreSQL when TEST_DATABASE_URL is set). Scheduling must not wait for SMTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use interview_flow_shared::{JobDto, Role};
use interview_flow_tests::smtp::SmtpSink;
use interview_flow_tests::{Backend, TestApp, TestOptions, json};
use reqwest::StatusCode;
use serde_json::json;

const REQUESTS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

async fn measure(backend: Backend) {
    let smtp = SmtpSink::start(Duration::from_secs(2)).await;
    let Some(app) = TestApp::spawn(backend, TestOptions::with_smtp(&smtp.url())).await else {
        println!("{backend:?}: skipped (TEST_DATABASE_URL is not set)");
        return;
    };
    let recruiter = app.register("bench@acme.test", Role::Recruiter).await;
    let job: JobDto = json(
        app.post_json(
            "/api/v1/jobs",
            &json!({"title": "Benchmark Engineer", "description": "Measures how long scheduling an interview takes."}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let mut latencies = Vec::with_capacity(REQUESTS);
    for i in 0..REQUESTS {
        let body = json!({
            "job_id": job.id,
            "candidate": {"full_name": "Bench Candidate", "email": format!("bench{i}@example.com")},
            "scheduled_at": (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339(),
        });
        let started = Instant::now();
        let response = app
            .post_json("/api/v1/interviews", &body, Some(recruiter.token()))
            .await;
        latencies.push(started.elapsed());
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    latencies.sort();
    let delivered = smtp.messages().len();
    println!(
        "{backend:?}: POST /api/v1/interviews x{REQUESTS} with a 2 s SMTP server: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({delivered} emails delivered meanwhile)",
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        measure(Backend::Sqlite).await;
        measure(Backend::Postgres).await;
    });
}

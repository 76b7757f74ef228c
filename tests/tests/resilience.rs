//! Staying up under load and failure: bounded password hashing, and readiness that notices a
//! background worker that stopped making progress.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use interview_flow_shared::{ErrorBody, JobDto, RegisterRequest, Role};
use interview_flow_tests::smtp::SmtpSink;
use interview_flow_tests::{
    GOOD_PASSWORD, TestApp, TestOptions, backend_test, eventually_showing, json,
};
use reqwest::{Response, StatusCode};
use serde_json::json;

/// One hash at a time, and no waiting for a slot.
fn one_hash_at_a_time() -> TestOptions {
    TestOptions {
        extra: vec![
            ("PASSWORD_HASH_CONCURRENCY", "1".to_string()),
            ("PASSWORD_HASH_MAX_WAIT_MS", "1".to_string()),
        ],
        ..TestOptions::default()
    }
}

fn registration(email: &str) -> RegisterRequest {
    RegisterRequest {
        email: email.into(),
        password: GOOD_PASSWORD.into(),
        full_name: "Burst Person".into(),
        role: Role::Candidate,
        company_name: None,
    }
}

/// Every answer is `ok` or 503 `overloaded` with Retry-After (never a 500); returns how many
/// were shed.
async fn count_shed(responses: Vec<Response>, ok: StatusCode) -> (usize, Vec<usize>) {
    let mut shed = Vec::new();
    for (index, response) in responses.into_iter().enumerate() {
        let status = response.status();
        if status == ok {
            continue;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "request {index}");
        let retry_after: u64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry_after >= 1);
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.error.code, "overloaded", "{body:?}");
        shed.push(index);
    }
    (shed.len(), shed)
}

async fn hashing_is_bounded_and_sheds_with_503(app: TestApp) {
    // Sequential sign-ups never wait for a slot.
    for i in 0..3 {
        let response = app
            .post_json(
                "/api/v1/auth/register",
                &registration(&format!("seq{i}@example.com")),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    // A burst: one hash runs, the rest find no slot within 1 ms.
    const BURST: usize = 16;
    let burst = (0..BURST).map(|i| {
        let request = registration(&format!("burst{i}@example.com"));
        let app = &app;
        async move { app.post_json("/api/v1/auth/register", &request, None).await }
    });
    let responses = futures_util::future::join_all(burst).await;
    let (shed, shed_indexes) = count_shed(responses, StatusCode::CREATED).await;
    assert!(
        shed > 0,
        "a burst of {BURST} with one hashing slot sheds some"
    );
    assert!(shed < BURST, "at least one of the burst is served");
    // Nothing half-written: a shed sign-up can be retried and succeeds.
    let retried = format!("burst{}@example.com", shed_indexes[0]);
    let response = app
        .post_json("/api/v1/auth/register", &registration(&retried), None)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED, "retry of {retried}");
    // Sign-ins (right and wrong passwords, unknown accounts) share the same bound.
    let burst = (0..BURST).map(|i| {
        let app = &app;
        async move {
            let (email, password) = match i % 3 {
                0 => ("seq0@example.com", GOOD_PASSWORD),
                1 => ("seq1@example.com", "wrong horse battery"),
                _ => ("nobody@example.com", GOOD_PASSWORD),
            };
            app.login(email, password).await
        }
    });
    let mut responses = futures_util::future::join_all(burst).await;
    // Only the right password may sign in; the others are 401 or shed.
    let mut shed = 0;
    for (i, response) in responses.drain(..).enumerate() {
        let expected = if i % 3 == 0 {
            StatusCode::OK
        } else {
            StatusCode::UNAUTHORIZED
        };
        shed += count_shed(vec![response], expected).await.0;
    }
    assert!(
        shed > 0,
        "a burst of {BURST} sign-ins with one slot sheds some"
    );
    let response = app.login("seq2@example.com", GOOD_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
}
backend_test!(
    password_hashing_is_bounded,
    hashing_is_bounded_and_sheds_with_503,
    one_hash_at_a_time()
);

/// Polls `/readyz` until `accept` likes the answer, or panics after `timeout`.
async fn wait_for_readiness(
    app: &TestApp,
    timeout: Duration,
    what: &str,
    accept: impl Fn(StatusCode, &serde_json::Value) -> bool,
) -> serde_json::Value {
    eventually_showing(what, timeout, || async {
        let response = app.get("/readyz", None).await;
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap();
        if accept(status, &body) {
            Ok(body)
        } else {
            Err(format!("/readyz answered {status} {body}"))
        }
    })
    .await
}

fn names_stale_email_worker(status: StatusCode, body: &serde_json::Value) -> bool {
    status == StatusCode::SERVICE_UNAVAILABLE
        && body["error"]["code"] == "workers_stale"
        && body["error"]["details"]["stale_workers"]
            .as_array()
            .is_some_and(|names| names.iter().any(|name| name == "email"))
}

/// The email worker polls every 100 ms and counts as stale after 3 polls plus 1 s; an SMTP
/// server that takes 4 s to accept a message holds it in one pass for longer than that.
async fn readiness_reports_a_stalled_worker(app: TestApp, smtp: SmtpSink) {
    let ready = wait_for_readiness(&app, Duration::from_secs(10), "ready", |status, _| {
        status == StatusCode::OK
    })
    .await;
    let workers: Vec<&str> = ready["workers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(workers, ["housekeeping", "email", "interviews", "webhooks"]);

    let recruiter = app.register("stall@acme.test", Role::Recruiter).await;
    let job: JobDto = json(
        app.post_json(
            "/api/v1/jobs",
            &json!({"title": "Stall Engineer", "description": "Waits on a slow mail server."}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let response = app
        .post_json(
            "/api/v1/interviews",
            &json!({
                "job_id": job.id,
                "candidate": {"full_name": "Slow Mail", "email": "slow@example.com"},
                "scheduled_at": (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339(),
            }),
            Some(recruiter.token()),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);

    let not_ready = wait_for_readiness(
        &app,
        Duration::from_secs(10),
        "503 naming the stalled email worker",
        names_stale_email_worker,
    )
    .await;
    assert!(
        not_ready["error"]["message"]
            .as_str()
            .unwrap()
            .contains("email"),
        "{not_ready}"
    );
    // Once the message is accepted the worker beats again and the node is ready again.
    smtp.wait_for(1, Duration::from_secs(20)).await;
    wait_for_readiness(&app, Duration::from_secs(20), "ready again", |status, _| {
        status == StatusCode::OK
    })
    .await;
}

mod stalled_worker {
    use super::*;

    async fn run(backend: interview_flow_tests::Backend) {
        let smtp = SmtpSink::start(Duration::from_secs(4)).await;
        let mut options = TestOptions::with_smtp(&smtp.url());
        options.extra.extend([
            ("SMTP_TIMEOUT_SECS", "30".to_string()),
            ("WORKER_STALE_MARGIN_SECS", "1".to_string()),
        ]);
        let Some(app) = TestApp::spawn(backend, options).await else {
            eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set");
            return;
        };
        readiness_reports_a_stalled_worker(app, smtp).await;
    }

    interview_flow_tests::on_both_backends!(run);
}

/// A database failure while looking something up is a server error (500, logged), never
/// "no such interview" or "no such job": a 404 would tell an integration to give up on a row
/// that exists. Here the email outbox, read for every interview, has gone.
async fn a_database_failure_is_not_reported_as_missing(app: TestApp) {
    let (recruiter, job) = app
        .recruiter_with_job(
            "tenant@acme.test",
            json!({"title": "Lookup Engineer", "description": "Finds the rows that other services store and keep."}),
        )
        .await;
    let interview: serde_json::Value = json(
        app.post_json(
            "/api/v1/interviews",
            &json!({
                "job_id": job.id,
                "candidate": {"full_name": "Row Exists", "email": "exists@example.com"},
                "scheduled_at": (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339(),
            }),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = interview["id"].as_str().unwrap();
    let path = format!("/api/v1/interviews/{id}");
    assert_eq!(
        app.get(&path, Some(recruiter.token())).await.status(),
        StatusCode::OK
    );

    let stranger = app.register("stranger@other.test", Role::Recruiter).await;
    app.execute_sql("DROP TABLE email_outbox".into()).await;
    let response = app.get(&path, Some(recruiter.token())).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.error.code, "internal_error");
    assert!(
        !body.error.message.contains("email_outbox"),
        "internal details stay in the log: {}",
        body.error.message
    );
    // Another organisation's interview is still simply not found.
    assert_eq!(
        app.get(&path, Some(stranger.token())).await.status(),
        StatusCode::NOT_FOUND
    );
}
backend_test!(
    database_failures_are_not_404,
    a_database_failure_is_not_reported_as_missing
);

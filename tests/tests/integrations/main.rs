//! ATS integrations over HTTP: organisation API keys (Bearer and Basic), scopes, revocation,
//! isolation, rate limits, idempotency semantics, and the Greenhouse assessment-partner flow
//! against a fake Greenhouse on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use base64::Engine;
use interview_flow_shared::{
    ApiKeyDto, CreatedApiKeyDto, GreenhouseSendTestResponse, GreenhouseTestDto,
    GreenhouseTestStatusDto, InterviewDto, JobDto, Page, SessionDto,
};
use interview_flow_tests::{
    Session, TestApp, TestOptions, backend_test, eventually, eventually_showing, expect_error, json,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

mod api_keys;
mod greenhouse;
mod greenhouse_ssrf;
mod scopes;
mod webhooks;
async fn recruiter_with_job(app: &TestApp, email: &str) -> (Session, JobDto) {
    app.recruiter_with_job(
        email,
        json!({"title": "Data Engineer", "description": "Build pipelines in Python and SQL on PostgreSQL for analytics.",
               "required_skills": ["Python", "SQL", "PostgreSQL"], "question_count": 3, "time_limit_minutes": 15,
               "external_ids": {"ats_job_id": "gh-4411"}}),
    )
    .await
}

async fn create_key(app: &TestApp, token: &str, scopes: serde_json::Value) -> CreatedApiKeyDto {
    json(
        app.post_json(
            "/api/v1/api-keys",
            &json!({"name": "Greenhouse", "scopes": scopes}),
            Some(token),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

fn basic(key: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:"))
    )
}

/// The sign-in token from the newest invitation written to DATA_DIR/outbox.
async fn emailed_token(app: &TestApp, interview_id: &str) -> String {
    let link = format!("/interview/ready/{interview_id}#token=");
    eventually(
        "the invitation lands in the outbox",
        Duration::from_secs(15),
        || async {
            app.outbox_mails()
                .iter()
                .find(|mail| mail.body("text/plain").contains(&link))
                .and_then(|mail| mail.link_token())
        },
    )
    .await
}

/// Queues an order's completion callback, due now, as the evaluation finishing does.
async fn callback_due_now(app: &TestApp, interview_id: &str) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::greenhouse_orders;
    use interview_flow_api::domain::CallbackStatus;
    let (pool, id) = (app.pool.clone(), interview_id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        interview_flow_api::services::greenhouse::queue_completion_callback(&mut conn, &id)
            .unwrap();
        let status: CallbackStatus = greenhouse_orders::table
            .find(&id)
            .select(greenhouse_orders::callback_status)
            .first(&mut *conn)
            .unwrap();
        assert_eq!(status, CallbackStatus::Pending, "the callback is queued");
    })
    .await
    .unwrap();
}

/// The order's callback status and last error.
async fn callback_state(app: &TestApp, interview_id: &str) -> (String, Option<String>) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::greenhouse_orders;
    let (pool, id) = (app.pool.clone(), interview_id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        greenhouse_orders::table
            .find(&id)
            .select((
                greenhouse_orders::callback_status,
                greenhouse_orders::last_error,
            ))
            .first::<(String, Option<String>)>(&mut *conn)
            .unwrap()
    })
    .await
    .unwrap()
}

async fn greenhouse_send_test(
    app: &TestApp,
    key: &str,
    job_id: &str,
    resume_url: &str,
    callback_url: &str,
) -> reqwest::Response {
    app.request(Method::POST, "/integrations/greenhouse/send_test")
        .header("Authorization", basic(key))
        .json(&json!({
            "partner_test_id": job_id,
            "candidate": {"first_name": "Red", "last_name": "Irect", "email": "red@example.com",
                          "resume_url": resume_url},
            "url": callback_url
        }))
        .send()
        .await
        .unwrap()
}

/// The Greenhouse order of an interview, as stored: (callback_status, attempts, last_error).
async fn greenhouse_order(app: &TestApp, interview_id: &str) -> (String, i32, Option<String>) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::greenhouse_orders;
    let (pool, id) = (app.pool.clone(), interview_id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        greenhouse_orders::table
            .find(id)
            .select((
                greenhouse_orders::callback_status,
                greenhouse_orders::attempts,
                greenhouse_orders::last_error,
            ))
            .first(&mut *conn)
            .unwrap()
    })
    .await
    .unwrap()
}

/// The environment variable that tells a test it runs in the child process of
/// `outbound_requests_ignore_proxy_environment`.
const PROXY_CHILD: &str = "INTERVIEW_FLOW_TEST_PROXY_CHILD";

/// In the child (every proxy variable points at a dead port): webhook deliveries, the
/// Greenhouse résumé download and its completion callback still reach their targets.
async fn outbound_ignores_proxies(app: TestApp) {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let target = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/resume.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "Pat Roxy\nData Engineer: Python, SQL, PostgreSQL and Airflow pipelines",
        ))
        .mount(&target)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/callback"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&target)
        .await;
    Mock::given(method("POST"))
        .and(path("/hooks"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&target)
        .await;
    // The environment is in force: a client that honours it cannot reach the target.
    assert!(
        reqwest::Client::new()
            .get(target.uri())
            .send()
            .await
            .is_err(),
        "the proxy variables are set and point at a dead port"
    );
    let (recruiter, job) = recruiter_with_job(&app, "proxy@acme.test").await;
    let key = create_key(&app, recruiter.token(), json!(["read", "write"])).await;
    let created = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": format!("{}/hooks", target.uri()), "events": ["interview.completed"]}),
            Some(recruiter.token()),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let sent: GreenhouseSendTestResponse = json(
        greenhouse_send_test(
            &app,
            &key.key,
            &job.id,
            &format!("{}/resume.txt", target.uri()),
            &format!("{}/callback", target.uri()),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let applications = app.applications_for_job(recruiter.token(), &job.id).await;
    assert!(
        applications.items.iter().any(|a| a.resume.is_some()),
        "the résumé was downloaded directly: {applications:?}"
    );
    callback_due_now(&app, &sent.partner_interview_id).await;
    eventually_showing(
        "the webhook ping and the callback arrive directly",
        Duration::from_secs(20),
        || async {
            let received = target.received_requests().await.unwrap();
            let ping = received
                .iter()
                .any(|r| r.method.as_str() == "POST" && r.url.path() == "/hooks");
            let (status, error) = callback_state(&app, &sent.partner_interview_id).await;
            (ping && status == "sent")
                .then_some(())
                .ok_or(format!("ping {ping}, callback {status}, {error:?}"))
        },
    )
    .await;
}

/// Run only in the child process (see below); in the parent they return at once.
mod outbound_ignores_proxies_child;

/// Proxy variables are process-wide, so the check runs in a child process of this test
/// binary started with every proxy variable pointing at a port nothing listens on.
#[test]
fn outbound_requests_ignore_proxy_environment() {
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let proxy = format!("http://127.0.0.1:{dead_port}");
    for backend in ["sqlite", "postgres"] {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        child
            .args([
                "--exact",
                &format!("outbound_ignores_proxies_child::{backend}"),
                "--test-threads=1",
                "--nocapture",
            ])
            .env(PROXY_CHILD, "1")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy");
        for name in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            child.env(name, &proxy);
        }
        let output = child.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{backend} with proxies set:\n{stdout}\n{stderr}"
        );
        assert!(
            stdout.contains("1 passed"),
            "{backend}: the child ran the test:\n{stdout}"
        );
    }
}

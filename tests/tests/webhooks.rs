//! Signed webhooks over HTTP: registration and its validation (including the SSRF guard),
//! retries on the schedule, Standard Webhooks signatures checked by an independent
//! implementation, the delivery log, redelivery, deletion, organisation isolation, and
//! events emitted inside a caller's transaction.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use diesel::Connection;
use hmac::{Hmac, Mac};
use interview_flow_shared::{
    Page, Role, WebhookCreatedDto, WebhookDeliveryDto, WebhookDeliveryStatus, WebhookEndpointDto,
};
use interview_flow_tests::{
    Session, TestApp, TestOptions, backend_test, eventually_showing, expect_error, json,
    sql_timestamp,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const WAIT: Duration = Duration::from_secs(30);

fn options() -> TestOptions {
    TestOptions {
        extra: vec![
            ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".to_string()),
            // Growing waits, so attempts in the wrong order can't pass.
            ("WEBHOOK_RETRY_SCHEDULE_SECS", "1,2,3".to_string()),
            ("EMAIL_POLL_INTERVAL_MS", "100".to_string()),
        ],
        ..TestOptions::default()
    }
}

/// What the receiver saw: every request, and the status it answered; and when each arrived.
#[derive(Clone, Default)]
struct Log(
    Arc<Mutex<Vec<(Request, u16)>>>,
    Arc<Mutex<Vec<(String, Instant)>>>,
);

impl Log {
    /// The waits between consecutive attempts of one message.
    fn gaps_for(&self, id: &str) -> Vec<Duration> {
        let arrivals: Vec<Instant> = self
            .1
            .lock()
            .unwrap()
            .iter()
            .filter(|(seen, _)| seen == id)
            .map(|(_, at)| *at)
            .collect();
        arrivals.windows(2).map(|w| w[1] - w[0]).collect()
    }

    fn for_id(&self, id: &str) -> Vec<(Request, u16)> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|(r, _)| header(r, "webhook-id") == id)
            .cloned()
            .collect()
    }

    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

/// Answers 500 to the first `failures` attempts of each `webhook-id`, then 200.
struct Flaky {
    failures: usize,
    seen: Mutex<HashMap<String, usize>>,
    log: Log,
}

impl Respond for Flaky {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = header(request, "webhook-id");
        let mut seen = self.seen.lock().unwrap();
        let count = seen.entry(id).or_default();
        *count += 1;
        let status = if *count > self.failures { 200 } else { 500 };
        self.log.0.lock().unwrap().push((request.clone(), status));
        self.log
            .1
            .lock()
            .unwrap()
            .push((header(request, "webhook-id"), Instant::now()));
        ResponseTemplate::new(status)
    }
}

async fn receiver(failures: usize) -> (MockServer, Log) {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .respond_with(Flaky {
            failures,
            seen: Mutex::new(HashMap::new()),
            log: log.clone(),
        })
        .mount(&server)
        .await;
    (server, log)
}

fn header(request: &Request, name: &str) -> String {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// An independent Standard Webhooks verifier.
fn verify(secret: &str, request: &Request) {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").expect("whsec_ prefix"))
        .expect("base64 secret");
    assert_eq!(key.len(), 32, "a 32-byte key");
    let id = header(request, "webhook-id");
    let timestamp = header(request, "webhook-timestamp");
    let seconds: i64 = timestamp.parse().expect("unix seconds");
    assert!(
        (Utc::now().timestamp() - seconds).abs() < 300,
        "timestamp is current"
    );
    let body = std::str::from_utf8(&request.body).expect("UTF-8 body");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    let expected = STANDARD.encode(mac.finalize().into_bytes());
    let signatures = header(request, "webhook-signature");
    assert!(
        signatures
            .split(' ')
            .any(|s| s.strip_prefix("v1,") == Some(expected.as_str())),
        "signature {signatures} should contain v1,{expected}"
    );
    assert_eq!(header(request, "content-type"), "application/json");
    assert_eq!(header(request, "user-agent"), "InterviewFlow-Webhooks/1");
}

async fn recruiter(app: &TestApp, email: &str) -> (Session, String) {
    let session = app.register(email, Role::Recruiter).await;
    let org = session
        .auth
        .user
        .organization
        .as_ref()
        .expect("a recruiter has an organisation")
        .id
        .clone();
    (session, org)
}

async fn create(app: &TestApp, token: &str, url: &str, events: &[&str]) -> reqwest::Response {
    app.post_json(
        "/api/v1/webhooks",
        &json!({"url": url, "events": events}),
        Some(token),
    )
    .await
}

async fn created(app: &TestApp, token: &str, url: &str, events: &[&str]) -> WebhookCreatedDto {
    json(create(app, token, url, events).await, StatusCode::CREATED).await
}

async fn deliveries(app: &TestApp, token: &str, endpoint: &str) -> Vec<WebhookDeliveryDto> {
    let page: Page<WebhookDeliveryDto> = json(
        app.get(
            &format!("/api/v1/webhooks/{endpoint}/deliveries"),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    page.items
}

/// Polls the delivery log until `done` holds for the delivery of `event_type`.
async fn wait_for(
    app: &TestApp,
    token: &str,
    endpoint: &str,
    event_type: &str,
    done: impl Fn(&WebhookDeliveryDto) -> bool,
) -> WebhookDeliveryDto {
    eventually_showing(&format!("a delivery of {event_type}"), WAIT, || async {
        let items = deliveries(app, token, endpoint).await;
        items
            .iter()
            .find(|d| d.event_type == event_type && done(d))
            .cloned()
            .ok_or(format!("log: {items:?}"))
    })
    .await
}

/// Emits an event the way the services do: inside a transaction on the app's pool.
async fn emit(app: &TestApp, organization_id: &str, event_type: &str, data: Value) {
    let pool = app.pool.clone();
    let organization_id = organization_id.to_string();
    let event_type = event_type.to_string();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        conn.transaction(|conn| {
            interview_flow_api::services::webhooks::emit(conn, &organization_id, &event_type, data)
        })
        .unwrap();
    })
    .await
    .unwrap();
}

async fn retries_then_delivers_signed_once(app: TestApp) {
    let (server, log) = receiver(2).await;
    let (session, org) = recruiter(&app, "hooks@acme.test").await;
    let token = session.token();
    let endpoint = created(
        &app,
        token,
        &format!("{}/hooks/interview-flow", server.uri()),
        &["interview.scheduled", "interview.completed"],
    )
    .await;
    assert!(endpoint.secret.starts_with("whsec_"));
    assert_eq!(
        endpoint.events,
        vec!["interview.scheduled", "interview.completed"]
    );

    // The list never shows the secret.
    let listed: Value = json(
        app.get("/api/v1/webhooks", Some(token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["id"], endpoint.id.as_str());
    assert!(!listed.to_string().contains(&endpoint.secret));
    let page: Page<WebhookEndpointDto> = serde_json::from_value(listed).unwrap();
    assert_eq!(page.next_cursor, None);

    let data = json!({"interview_id": "int_123", "candidate": {"email": "sam@example.com"}});
    emit(&app, &org, "interview.scheduled", data.clone()).await;
    // Not subscribed: nothing is queued for it.
    emit(&app, &org, "email.failed", json!({"x": 1})).await;

    let delivered = wait_for(&app, token, &endpoint.id, "interview.scheduled", |d| {
        d.status == WebhookDeliveryStatus::Delivered
    })
    .await;
    assert_eq!(delivered.attempts, 3, "{delivered:?}");
    assert_eq!(delivered.last_status_code, Some(200));
    assert!(delivered.last_latency_ms.is_some());
    assert_eq!(delivered.last_error, None);
    assert!(delivered.delivered_at.is_some());
    assert!(delivered.id.starts_with("msg_"));

    // Three attempts with the same id and body, exactly one answered with success, each
    // signed correctly.
    let requests = log.for_id(&delivered.id);
    assert_eq!(requests.len(), 3);
    assert_eq!(requests.iter().filter(|(_, s)| *s == 200).count(), 1);
    assert_eq!(requests.last().unwrap().1, 200);
    for (request, _) in &requests {
        verify(&endpoint.secret, request);
        assert_eq!(request.body, requests[0].0.body);
        assert_eq!(request.url.path(), "/hooks/interview-flow");
    }
    let body: Value = serde_json::from_slice(&requests[0].0.body).unwrap();
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3, "{body}");
    assert_eq!(body["type"], "interview.scheduled");
    assert_eq!(body["data"], data);
    DateTime::parse_from_rfc3339(body["timestamp"].as_str().unwrap()).expect("RFC 3339");

    // The ping queued on creation went through too (after the same two failures).
    let ping = wait_for(&app, token, &endpoint.id, "webhook.ping", |d| {
        d.status == WebhookDeliveryStatus::Delivered
    })
    .await;
    let ping_requests = log.for_id(&ping.id);
    assert_eq!(ping_requests.len(), 3);
    verify(&endpoint.secret, &ping_requests[2].0);
    let ping_body: Value = serde_json::from_slice(&ping_requests[2].0.body).unwrap();
    assert_eq!(ping_body["type"], "webhook.ping");
    assert_eq!(ping_body["data"]["endpoint_id"], endpoint.id.as_str());

    // Nothing else: the unsubscribed event never went out, and nothing is sent twice.
    app.settled("webhooks").await;
    let log_now = deliveries(&app, token, &endpoint.id).await;
    assert_eq!(log_now.len(), 2, "{log_now:?}");
    assert_eq!(log.len(), 6);
    // Newest first.
    assert_eq!(log_now[0].event_type, "interview.scheduled");
}
backend_test!(
    retries_then_delivers_signed_once_test,
    retries_then_delivers_signed_once,
    options()
);

async fn gives_up_then_redelivers_and_stops_after_delete(app: TestApp) {
    let (server, log) = receiver(usize::MAX).await;
    let (session, org) = recruiter(&app, "down@acme.test").await;
    let token = session.token();
    let endpoint = created(&app, token, &server.uri(), &["interview.cancelled"]).await;

    // 1 attempt + 3 retries (schedule "1,2,3"), then failed.
    let failed = wait_for(&app, token, &endpoint.id, "webhook.ping", |d| {
        d.status == WebhookDeliveryStatus::Failed
    })
    .await;
    assert_eq!(failed.attempts, 4, "{failed:?}");
    assert_eq!(failed.last_status_code, Some(500));
    assert!(failed.last_error.as_deref().unwrap().contains("500"));
    assert!(failed.last_latency_ms.is_some());
    assert_eq!(failed.delivered_at, None);
    assert_eq!(log.for_id(&failed.id).len(), 4);
    // The retries waited 1, 2 and 3 seconds, in that order (a pass may add its poll interval).
    let gaps = log.gaps_for(&failed.id);
    for (gap, scheduled) in gaps.iter().zip([1u64, 2, 3]) {
        assert!(
            *gap >= Duration::from_millis(scheduled * 1000 - 100),
            "retry waits follow the schedule in order: {gaps:?}"
        );
    }
    assert!(gaps[2] > gaps[0] + Duration::from_millis(1500), "{gaps:?}");
    app.settled("webhooks").await;
    assert_eq!(
        log.for_id(&failed.id).len(),
        4,
        "no attempts after giving up"
    );

    // The receiver is fixed; redelivery sends the same message again.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let requeued: WebhookDeliveryDto = json(
        app.request(
            Method::POST,
            &format!(
                "/api/v1/webhooks/{}/deliveries/{}/redeliver",
                endpoint.id, failed.id
            ),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap(),
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(requeued.id, failed.id);
    assert_eq!(requeued.status, WebhookDeliveryStatus::Queued);
    let redelivered = wait_for(&app, token, &endpoint.id, "webhook.ping", |d| {
        d.status == WebhookDeliveryStatus::Delivered
    })
    .await;
    assert_eq!(redelivered.id, failed.id);
    assert_eq!(redelivered.last_status_code, Some(204));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(header(&received[0], "webhook-id"), failed.id);
    verify(&endpoint.secret, &received[0]);

    // Deleted: gone from the list, its log is 404, and nothing more is sent.
    let response = app
        .request(Method::DELETE, &format!("/api/v1/webhooks/{}", endpoint.id))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let listed: Page<WebhookEndpointDto> = json(
        app.get("/api/v1/webhooks", Some(token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(listed.items.is_empty());
    expect_error(
        app.get(
            &format!("/api/v1/webhooks/{}/deliveries", endpoint.id),
            Some(token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    emit(
        &app,
        &org,
        "interview.cancelled",
        json!({"interview_id": "x"}),
    )
    .await;
    app.settled("webhooks").await;
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
backend_test!(
    gives_up_then_redelivers_and_stops_after_delete_test,
    gives_up_then_redelivers_and_stops_after_delete,
    options()
);

async fn validates_events_and_urls(app: TestApp) {
    let (session, _) = recruiter(&app, "strict@acme.test").await;
    let token = session.token();
    let field = |body: &interview_flow_shared::ErrorBody| {
        body.error.details.as_ref().unwrap()["field"]
            .as_str()
            .unwrap()
            .to_string()
    };

    for events in [json!([]), json!(["interview.exploded"])] {
        let body = expect_error(
            app.post_json(
                "/api/v1/webhooks",
                &json!({"url": "https://hooks.example.com/x", "events": events}),
                Some(token),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(field(&body), "events");
    }
    for url in ["ftp://hooks.example.com/x", "not a url", ""] {
        let body = expect_error(
            create(&app, token, url, &["interview.completed"]).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(field(&body), "url", "{url}");
    }

    // Without WEBHOOKS_ALLOW_PRIVATE_NETWORKS: loopback, private, link-local and mapped
    // addresses are refused, and so is plain http.
    let strict = app.spawn_sibling(TestOptions::default()).await;
    let (strict_session, _) = recruiter(&strict, "stricter@acme.test").await;
    let strict_token = strict_session.token();
    for url in [
        "http://127.0.0.1:9/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://100.64.1.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook",
    ] {
        let body = expect_error(
            create(&strict, strict_token, url, &["interview.completed"]).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(field(&body), "url", "{url}");
        let message = body.error.message.to_lowercase();
        assert!(
            message.contains("private") && message.contains("loopback"),
            "{url}: {message}"
        );
    }
    // A public address over plain http: refused for the scheme.
    let body = expect_error(
        create(
            &strict,
            strict_token,
            "http://93.184.216.34/hook",
            &["interview.completed"],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(field(&body), "url");
    assert!(body.error.message.contains("https://"));

    // Only recruiters.
    expect_error(
        app.post_json(
            "/api/v1/webhooks",
            &json!({"url": "https://hooks.example.com", "events": ["email.failed"]}),
            None,
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "not_signed_in",
    )
    .await;
    let candidate = app.register("cand@acme.test", Role::Candidate).await;
    expect_error(
        app.get("/api/v1/webhooks", Some(candidate.token())).await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
}
backend_test!(
    validates_events_and_urls_test,
    validates_events_and_urls,
    options()
);

async fn other_organisations_get_404(app: TestApp) {
    let (server, _log) = receiver(0).await;
    let (owner, _) = recruiter(&app, "owner@acme.test").await;
    let (other, _) = recruiter(&app, "other@globex.test").await;
    let endpoint = created(&app, owner.token(), &server.uri(), &["interview.completed"]).await;
    let ping = wait_for(&app, owner.token(), &endpoint.id, "webhook.ping", |d| {
        d.status == WebhookDeliveryStatus::Delivered
    })
    .await;
    assert_eq!(ping.attempts, 1);

    let listed: Page<WebhookEndpointDto> = json(
        app.get("/api/v1/webhooks", Some(other.token())).await,
        StatusCode::OK,
    )
    .await;
    assert!(listed.items.is_empty());
    expect_error(
        app.get(
            &format!("/api/v1/webhooks/{}/deliveries", endpoint.id),
            Some(other.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let redeliver = format!(
        "/api/v1/webhooks/{}/deliveries/{}/redeliver",
        endpoint.id, ping.id
    );
    expect_error(
        app.request(Method::POST, &redeliver)
            .bearer_auth(other.token())
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Through an endpoint of its own, the other organisation still cannot reach the delivery.
    let own = created(&app, other.token(), &server.uri(), &["email.failed"]).await;
    expect_error(
        app.request(
            Method::POST,
            &format!(
                "/api/v1/webhooks/{}/deliveries/{}/redeliver",
                own.id, ping.id
            ),
        )
        .bearer_auth(other.token())
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        app.request(Method::DELETE, &format!("/api/v1/webhooks/{}", endpoint.id))
            .bearer_auth(other.token())
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The owner's endpoint is untouched.
    assert_eq!(deliveries(&app, owner.token(), &endpoint.id).await.len(), 1);
}
backend_test!(
    other_organisations_get_404_test,
    other_organisations_get_404,
    options()
);

/// An email undeliverable for longer than EMAIL_MAX_AGE_HOURS is given up (status failed,
/// `email.failed`), and an interview whose window closed unused emits `interview.expired`.
async fn give_up_and_expiry_are_announced(app: TestApp) {
    let (server, log) = receiver(0).await;
    let (session, _) = recruiter(&app, "life@acme.test").await;
    let token = session.token();
    let endpoint = created(
        &app,
        token,
        &format!("{}/hooks", server.uri()),
        &["email.failed", "interview.expired"],
    )
    .await;
    let job: Value = json(
        app.post_json(
            "/api/v1/jobs",
            &json!({"title": "Data Engineer", "description": "Build reliable data pipelines in Rust and SQL for analytics.",
                    "required_skills": ["Rust", "SQL"], "question_count": 3, "time_limit_minutes": 20}),
            Some(token),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let schedule = |email: &'static str| {
        let job_id = job["id"].as_str().unwrap().to_string();
        let app = &app;
        async move {
            json::<Value>(
                app.post_json(
                    "/api/v1/interviews",
                    &json!({"job_id": job_id, "candidate": {"full_name": "Kim", "email": email},
                            "scheduled_at": (Utc::now() + chrono::TimeDelta::hours(3)).to_rfc3339()}),
                    Some(token),
                )
                .await,
                StatusCode::CREATED,
            )
            .await
        }
    };

    // SMTP is unreachable; the invitation has been trying for a day: the next failure ends it.
    let unlucky = schedule("unlucky@example.com").await;
    let unlucky_id = unlucky["id"].as_str().unwrap().to_string();
    let day_ago = sql_timestamp(Utc::now() - chrono::TimeDelta::hours(25));
    app.execute_sql(format!(
        "UPDATE background_jobs SET created_at = '{day_ago}' WHERE kind = 'send_email' \
         AND subject IN (SELECT id FROM email_outbox WHERE interview_id = '{unlucky_id}')"
    ))
    .await;
    let failed = wait_for(&app, token, &endpoint.id, "email.failed", |d| {
        d.status == WebhookDeliveryStatus::Delivered
    })
    .await;
    let body = log.for_id(&failed.id);
    let payload: Value = serde_json::from_slice(&body[0].0.body).unwrap();
    assert_eq!(
        payload["data"]["interview_id"],
        unlucky_id.as_str(),
        "{payload}"
    );
    assert_eq!(payload["data"]["email"]["kind"], "invitation", "{payload}");
    let interview: Value = json(
        app.get(&format!("/api/v1/interviews/{unlucky_id}"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(interview["email_status"], "failed", "{interview}");

    // A window that closed unused.
    let unused = schedule("unused@example.com").await;
    let unused_id = unused["id"].as_str().unwrap().to_string();
    let past = sql_timestamp(Utc::now() - chrono::TimeDelta::seconds(1));
    app.execute_sql(format!(
        "UPDATE interviews SET expires_at = '{past}' WHERE id = '{unused_id}'"
    ))
    .await;
    let expired = wait_for(&app, token, &endpoint.id, "interview.expired", |d| {
        d.status == WebhookDeliveryStatus::Delivered
    })
    .await;
    let body = log.for_id(&expired.id);
    let payload: Value = serde_json::from_slice(&body[0].0.body).unwrap();
    assert_eq!(
        payload["data"]["interview_id"],
        unused_id.as_str(),
        "{payload}"
    );
    let interview: Value = json(
        app.get(&format!("/api/v1/interviews/{unused_id}"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(interview["status"], "expired", "{interview}");
}
backend_test!(
    email_give_up_and_interview_expiry_emit_webhooks,
    give_up_and_expiry_are_announced,
    TestOptions {
        extra: vec![
            ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".to_string()),
            ("EMAIL_POLL_INTERVAL_MS", "100".to_string()),
            ("EMAIL_RETRY_BASE_SECS", "1".to_string()),
            ("SMTP_TIMEOUT_SECS", "2".to_string()),
            // Nothing listens on port 9 (discard) here: every attempt is refused at once.
            ("SMTP_URL", "smtp://127.0.0.1:9".to_string()),
        ],
        ..TestOptions::default()
    }
);

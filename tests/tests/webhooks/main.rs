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

mod delivery;
mod lifecycle_events;
mod registration;

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

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

async fn keys_act_for_their_organisation(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app, "keys@acme.test").await;
    let created = create_key(&app, recruiter.token(), json!(["read", "write"])).await;
    assert!(
        created.key.starts_with("ifk_") && created.key.len() >= 40,
        "recognisable, high-entropy"
    );
    assert!(created.key.starts_with(&created.prefix));
    let listed: Page<ApiKeyDto> = json(
        app.get("/api/v1/api-keys", Some(recruiter.token())).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].prefix, created.prefix);
    assert!(
        !serde_json::to_string(&listed)
            .unwrap()
            .contains(&created.key),
        "the secret is shown once"
    );

    // Bearer and Basic (key as user name, empty password) both act as the organisation.
    let interview: InterviewDto = json(
        app.request(Method::POST, "/api/v1/interviews")
            .bearer_auth(&created.key)
            .json(&json!({"job_id": job.id, "candidate": {"full_name": "Ada Ats", "email": "ada@example.com"},
                          "scheduled_at": (chrono::Utc::now() + chrono::TimeDelta::hours(5)).to_rfc3339(),
                          "external_ids": {"ats_application_id": "app-77"}}))
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let via_basic = app
        .request(Method::GET, &format!("/api/v1/interviews/{}", interview.id))
        .header("Authorization", basic(&created.key))
        .send()
        .await
        .unwrap();
    assert_eq!(via_basic.status(), StatusCode::OK);
    for header in ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"] {
        assert!(via_basic.headers().contains_key(header), "{header}");
    }
    // external_ids are echoed and filterable.
    let filtered: Page<InterviewDto> = json(
        app.request(
            Method::GET,
            "/api/v1/interviews?external_id=ats_application_id:app-77",
        )
        .bearer_auth(&created.key)
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(filtered.items.len(), 1);
    assert_eq!(
        filtered.items[0]
            .external_ids
            .get("ats_application_id")
            .map(String::as_str),
        Some("app-77")
    );
    let none: Page<InterviewDto> = json(
        app.request(
            Method::GET,
            "/api/v1/interviews?external_id=ats_application_id:other",
        )
        .bearer_auth(&created.key)
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(none.items.is_empty());

    // Read-only keys cannot write; keys cannot manage keys.
    let read_only = create_key(&app, recruiter.token(), json!(["read"])).await;
    assert_eq!(
        app.request(Method::GET, "/api/v1/interviews")
            .bearer_auth(&read_only.key)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let write = app
        .request(Method::POST, "/api/v1/jobs")
        .bearer_auth(&read_only.key)
        .json(&json!({"title": "Nope", "description": "Should not be created by a read-only key."}))
        .send()
        .await
        .unwrap();
    expect_error(write, StatusCode::FORBIDDEN, "insufficient_scope").await;
    let by_key = app
        .request(Method::POST, "/api/v1/api-keys")
        .bearer_auth(&created.key)
        .json(&json!({"name": "x", "scopes": ["read"]}))
        .send()
        .await
        .unwrap();
    expect_error(by_key, StatusCode::FORBIDDEN, "api_key_not_allowed").await;
    let bad_scopes = app
        .post_json(
            "/api/v1/api-keys",
            &json!({"name": "x", "scopes": ["write"]}),
            Some(recruiter.token()),
        )
        .await;
    assert_eq!(
        expect_error(
            bad_scopes,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed"
        )
        .await
        .field(),
        Some("scopes")
    );

    // Organisation isolation: another organisation's key sees nothing of this one.
    let (other, _) = recruiter_with_job(&app, "other@globex.test").await;
    let other_key = create_key(&app, other.token(), json!(["read", "write"])).await;
    expect_error(
        app.request(Method::GET, &format!("/api/v1/interviews/{}", interview.id))
            .bearer_auth(&other_key.key)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let theirs: Page<InterviewDto> = json(
        app.request(Method::GET, "/api/v1/interviews")
            .bearer_auth(&other_key.key)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(theirs.items.is_empty());
    expect_error(
        app.request(Method::DELETE, &format!("/api/v1/api-keys/{}", created.id))
            .bearer_auth(other.token())
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Revocation takes effect at once; garbage keys are 401 too.
    let revoked = app
        .request(Method::DELETE, &format!("/api/v1/api-keys/{}", created.id))
        .bearer_auth(recruiter.token())
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    expect_error(
        app.request(Method::GET, "/api/v1/interviews")
            .bearer_auth(&created.key)
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "invalid_api_key",
    )
    .await;
    expect_error(
        app.request(Method::GET, "/api/v1/interviews")
            .header(
                "Authorization",
                basic("ifk_not-a-real-key-at-all-xxxxxxxxxxxxxx"),
            )
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "invalid_api_key",
    )
    .await;
    // Keys never open candidate routes.
    expect_error(
        app.request(Method::GET, "/api/v1/dashboard/candidate")
            .bearer_auth(&other_key.key)
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
}
backend_test!(
    api_keys_bearer_basic_scopes_revocation_isolation,
    keys_act_for_their_organisation
);

async fn keys_are_rate_limited(app: TestApp) {
    let (recruiter, _) = recruiter_with_job(&app, "rate@acme.test").await;
    let key = create_key(&app, recruiter.token(), json!(["read"])).await;
    for remaining in (0..3).rev() {
        let response = app
            .request(Method::GET, "/api/v1/interviews")
            .bearer_auth(&key.key)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["ratelimit-remaining"],
            remaining.to_string().as_str()
        );
    }
    let limited = app
        .request(Method::GET, "/api/v1/interviews")
        .bearer_auth(&key.key)
        .send()
        .await
        .unwrap();
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(limited.headers()["ratelimit-remaining"], "0");
    expect_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
backend_test!(
    api_keys_are_rate_limited_with_ratelimit_headers,
    keys_are_rate_limited,
    TestOptions {
        extra: vec![("API_KEY_RATE_LIMIT_PER_MINUTE", "3".into())],
        ..Default::default()
    }
);

async fn idempotency_semantics(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app, "idem@acme.test").await;
    let key = create_key(&app, recruiter.token(), json!(["read", "write"])).await;
    let body = json!({"job_id": job.id, "candidate": {"full_name": "Idem Potent", "email": "idem@example.com"},
                      "scheduled_at": (chrono::Utc::now() + chrono::TimeDelta::hours(3)).to_rfc3339()});
    let post = |idempotency_key: &'static str, body: serde_json::Value| {
        app.request(Method::POST, "/api/v1/interviews")
            .bearer_auth(&key.key)
            .header("Idempotency-Key", idempotency_key)
            .json(&body)
            .send()
    };
    let first: InterviewDto =
        json(post("k1", body.clone()).await.unwrap(), StatusCode::CREATED).await;
    let replay = post("k1", body.clone()).await.unwrap();
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let replay: InterviewDto = json(replay, StatusCode::CREATED).await;
    assert_eq!(replay.id, first.id);
    let mut changed = body.clone();
    changed["candidate"]["email"] = json!("someone.else@example.com");
    expect_error(
        post("k1", changed).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // While the first request with a key is still running, a second one gets 409.
    use diesel::prelude::*;
    use interview_flow_api::db::schema::idempotency_keys;
    let (pool, scope) = (
        app.pool.clone(),
        format!("org:{}:POST /interviews", job.organization_id),
    );
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::id.eq(uuid::Uuid::new_v4().to_string()),
                idempotency_keys::scope.eq(scope),
                idempotency_keys::idempotency_key.eq("k-running"),
                idempotency_keys::request_hash.eq("in-flight"),
                idempotency_keys::created_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
    expect_error(
        post("k-running", body.clone()).await.unwrap(),
        StatusCode::CONFLICT,
        "idempotency_key_in_use",
    )
    .await;
    let page: Page<InterviewDto> = json(
        app.request(Method::GET, "/api/v1/interviews")
            .bearer_auth(&key.key)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.items.len(), 1, "no duplicate interviews");
}
backend_test!(
    idempotency_keys_follow_the_ietf_draft,
    idempotency_semantics
);

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

async fn greenhouse_flow(app: TestApp) {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let greenhouse = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/resume.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Sam Lee\nData Engineer at Initech (2020-2025)\nPython, SQL, PostgreSQL, Airflow pipelines"))
        .mount(&greenhouse)
        .await;
    // The completion callback fails once, then succeeds.
    Mock::given(method("PATCH"))
        .and(path("/callback"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&greenhouse)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/callback"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&greenhouse)
        .await;

    let (recruiter, job) = recruiter_with_job(&app, "gh@acme.test").await;
    let key = create_key(&app, recruiter.token(), json!(["read", "write"])).await;
    let auth = basic(&key.key);
    let gh = |method: Method, path: &str| {
        app.request(method, &format!("/integrations/greenhouse/{path}"))
            .header("Authorization", auth.clone())
    };

    expect_error(
        app.request(Method::GET, "/integrations/greenhouse/list_tests")
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "not_signed_in",
    )
    .await;
    let tests: Vec<GreenhouseTestDto> = json(
        gh(Method::GET, "list_tests").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(tests.len(), 1);
    assert_eq!(tests[0].partner_test_id, job.id);
    assert!(tests[0].partner_test_name.contains("Data Engineer"));

    let sent: GreenhouseSendTestResponse = json(
        gh(Method::POST, "send_test")
            .json(&json!({
                "partner_test_id": job.id,
                "candidate": {"first_name": "Sam", "last_name": "Lee", "preferred_name": null, "phone_number": null,
                              "resume_url": format!("{}/resume.txt", greenhouse.uri()), "email": "Sam.Lee@Example.com",
                              "greenhouse_profile_url": "https://app.greenhouse.io/people/42"},
                "sent_by": "recruiter@acme.test",
                "url": format!("{}/callback", greenhouse.uri())
            }))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let id = sent.partner_interview_id.clone();
    let status: GreenhouseTestStatusDto = json(
        gh(
            Method::GET,
            &format!("test_status?partner_interview_id={id}"),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(status.partner_status, "sent");
    assert_eq!(status.partner_score, None);
    expect_error(
        gh(Method::GET, "test_status?partner_interview_id=nope")
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(gh(Method::POST, "send_test").json(&json!({"partner_test_id": "unknown", "candidate": {"email": "x@example.com", "first_name": "X"}})).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
    // The résumé was fetched and is on the candidate's application.
    let applications = app.applications_for_job(recruiter.token(), &job.id).await;
    assert_eq!(applications.items.len(), 1);
    assert_eq!(applications.items[0].candidate.email, "sam.lee@example.com");
    assert!(
        applications.items[0]
            .resume
            .as_ref()
            .unwrap()
            .text_extracted
    );

    // The candidate takes the interview through the emailed link.
    let token = emailed_token(&app, &id).await;
    let signed_in: interview_flow_shared::AuthResponse = json(
        app.post_json("/api/v1/auth/link", &json!({"token": token}), None)
            .await,
        StatusCode::OK,
    )
    .await;
    let candidate = signed_in.access_token;
    let session: SessionDto = json(
        app.post_json(
            &format!("/api/v1/interviews/{id}/session"),
            &json!({"consent": true}),
            Some(&candidate),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    app.play_through(&candidate, &id, session, |_| {
        "At Initech I built Airflow pipelines in Python on PostgreSQL and cut load times by half by partitioning tables.".into()
    })
    .await;
    // Greenhouse is told (after one failed attempt) and can read the result.
    eventually_showing(
        "the completion PATCH reaches Greenhouse (with a retry)",
        Duration::from_secs(20),
        || async {
            let patches = greenhouse
                .received_requests()
                .await
                .unwrap()
                .into_iter()
                .filter(|r| r.method.as_str() == "PATCH")
                .count();
            (patches >= 2)
                .then_some(())
                .ok_or(format!("{patches} PATCH(es)"))
        },
    )
    .await;
    let status: GreenhouseTestStatusDto = json(
        gh(
            Method::GET,
            &format!("test_status?partner_interview_id={id}"),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(status.partner_status, "complete");
    assert!(status.partner_score.is_some());
    assert!(
        status
            .partner_profile_url
            .unwrap()
            .ends_with(&format!("/dashboard/interviews/{id}/report"))
    );
    app.settled("webhooks").await;
    let patches: Vec<_> = greenhouse
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == "PATCH")
        .collect();
    assert_eq!(patches.len(), 2, "no more PATCHes after the successful one");
    // Greenhouse's partner protocol: the PATCH only says "look again"; it reads the result
    // from test_status, so nothing about the candidate travels in it.
    for patch in &patches {
        assert!(
            patch.body.is_empty(),
            "an empty PATCH body: {:?}",
            String::from_utf8_lossy(&patch.body)
        );
    }
    let logged = gh(Method::POST, "response_error")
        .json(&json!({"error": "something"}))
        .send()
        .await
        .unwrap();
    assert_eq!(logged.status(), StatusCode::OK);
}
backend_test!(
    greenhouse_assessment_flow_end_to_end,
    greenhouse_flow,
    TestOptions {
        extra: vec![
            ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".into()),
            ("WEBHOOK_RETRY_SCHEDULE_SECS", "1,1,1".into()),
            ("EMAIL_POLL_INTERVAL_MS", "100".into()),
        ],
        ..Default::default()
    }
);

async fn webhooks_follow_the_lifecycle(app: TestApp) {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&receiver)
        .await;
    let (recruiter, job) = recruiter_with_job(&app, "hooks@acme.test").await;
    let endpoint = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": format!("{}/hooks", receiver.uri()), "events": ["interview.scheduled", "interview.started", "interview.completed", "interview.cancelled"]}),
            Some(recruiter.token()),
        )
        .await;
    assert_eq!(endpoint.status(), StatusCode::CREATED);
    let schedule = |email: &'static str| {
        let body = json!({"job_id": job.id, "candidate": {"full_name": "Hook Candidate", "email": email, "external_ids": {"ats_candidate_id": "c-9"}},
                          "scheduled_at": (chrono::Utc::now() + chrono::TimeDelta::minutes(5)).to_rfc3339(), "external_ids": {"ats_application_id": "a-9"}});
        let request = app
            .request(Method::POST, "/api/v1/interviews")
            .bearer_auth(recruiter.token())
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let taken: InterviewDto = json(schedule("hook1@example.com").await, StatusCode::CREATED).await;
    let cancelled: InterviewDto =
        json(schedule("hook2@example.com").await, StatusCode::CREATED).await;
    app.request(
        Method::POST,
        &format!("/api/v1/interviews/{}/cancel", cancelled.id),
    )
    .bearer_auth(recruiter.token())
    .send()
    .await
    .unwrap();
    let token = emailed_token(&app, &taken.id).await;
    let signed_in: interview_flow_shared::AuthResponse = json(
        app.post_json("/api/v1/auth/link", &json!({"token": token}), None)
            .await,
        StatusCode::OK,
    )
    .await;
    let session: SessionDto = json(
        app.post_json(
            &format!("/api/v1/interviews/{}/session", taken.id),
            &json!({"consent": true}),
            Some(&signed_in.access_token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    app.play_through(&signed_in.access_token, &taken.id, session, |_| {
        "I designed Python and SQL pipelines on PostgreSQL and measured their cost.".into()
    })
    .await;
    let events = eventually_showing(
        "interview.completed arrives",
        Duration::from_secs(20),
        || async {
            let bodies: Vec<serde_json::Value> = receiver
                .received_requests()
                .await
                .unwrap()
                .iter()
                .filter_map(|r| serde_json::from_slice(&r.body).ok())
                .collect();
            if bodies.iter().any(|b| b["type"] == "interview.completed") {
                Ok(bodies)
            } else {
                Err(format!("{bodies:?}"))
            }
        },
    )
    .await;
    let of = |kind: &str, id: &str| {
        events
            .iter()
            .find(|b| b["type"] == kind && b["data"]["interview_id"] == id)
            .cloned()
    };
    let scheduled = of("interview.scheduled", &taken.id).expect("scheduled event");
    assert_eq!(
        scheduled["data"]["external_ids"]["ats_application_id"], "a-9",
        "external ids echoed"
    );
    assert_eq!(scheduled["data"]["external_ids"]["ats_candidate_id"], "c-9");
    assert_eq!(scheduled["data"]["external_ids"]["ats_job_id"], "gh-4411");
    assert!(of("interview.started", &taken.id).is_some());
    assert!(of("interview.cancelled", &cancelled.id).is_some());
    let completed = of("interview.completed", &taken.id).unwrap();
    assert!(completed["data"]["score"].as_u64().unwrap() <= 100);
    assert!(completed["data"]["recommendation"].is_string());
    assert!(
        completed["data"]["report_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/dashboard/interviews/{}/report", taken.id))
    );
    for request in receiver.received_requests().await.unwrap() {
        for header in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
            assert!(request.headers.contains_key(header), "{header}");
        }
    }
}
backend_test!(
    webhooks_follow_the_interview_lifecycle,
    webhooks_follow_the_lifecycle,
    TestOptions {
        extra: vec![
            ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".into()),
            ("EMAIL_POLL_INTERVAL_MS", "100".into())
        ],
        ..Default::default()
    }
);

// ---------------------------------------------------------------------------------------
// Key scopes: configuring the organisation needs `admin`.

async fn scopes_separate_scheduling_from_configuration(app: TestApp) {
    use interview_flow_shared::{
        ApiKeyScope, OrganizationDto, WebhookCreatedDto, WebhookDeliveryDto,
    };
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&receiver)
        .await;
    let hook_url = format!("{}/hooks", receiver.uri());
    let (recruiter, job) = recruiter_with_job(&app, "scopes@acme.test").await;
    let write = create_key(&app, recruiter.token(), json!(["read", "write"])).await;
    let admin = create_key(&app, recruiter.token(), json!(["read", "write", "admin"])).await;
    assert_eq!(
        admin.scopes,
        vec![ApiKeyScope::Read, ApiKeyScope::Write, ApiKeyScope::Admin]
    );
    let keys: Page<ApiKeyDto> = json(
        app.get("/api/v1/api-keys", Some(recruiter.token())).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        keys.items
            .iter()
            .any(|k| k.id == admin.id && k.scopes.contains(&ApiKeyScope::Admin))
    );
    for scopes in [json!(["admin"]), json!(["read", "admin"])] {
        let refused = app
            .post_json(
                "/api/v1/api-keys",
                &json!({"name": "x", "scopes": scopes}),
                Some(recruiter.token()),
            )
            .await;
        assert_eq!(
            expect_error(
                refused,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed"
            )
            .await
            .field(),
            Some("scopes")
        );
    }
    let with_key = |key: &str, method: Method, path: &str| {
        app.request(method, path).bearer_auth(key.to_string())
    };

    // A person registers an endpoint; its ping is delivered (so redelivery is not racing it).
    let endpoint: WebhookCreatedDto = json(
        app.post_json(
            "/api/v1/webhooks",
            &json!({"url": hook_url, "events": ["interview.completed"]}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let ping = eventually("the ping is delivered", Duration::from_secs(15), || async {
        let page: Page<WebhookDeliveryDto> = json(
            app.get(
                &format!("/api/v1/webhooks/{}/deliveries", endpoint.id),
                Some(recruiter.token()),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        page.items.into_iter().find(|d| d.delivered_at.is_some())
    })
    .await;
    let redeliver_path = format!(
        "/api/v1/webhooks/{}/deliveries/{}/redeliver",
        endpoint.id, ping.id
    );

    // A write key: every organisation-configuring route is 403 insufficient_scope naming admin.
    let refusals = [
        with_key(&write.key, Method::PATCH, "/api/v1/organization")
            .json(&json!({"name": "Evil Corp", "logo_url": "https://evil.example/logo.png"})),
        with_key(&write.key, Method::POST, "/api/v1/webhooks").json(
            &json!({"url": "https://exfiltrate.example.com/x", "events": ["interview.completed"]}),
        ),
        with_key(
            &write.key,
            Method::DELETE,
            &format!("/api/v1/webhooks/{}", endpoint.id),
        ),
        with_key(&write.key, Method::POST, &redeliver_path),
    ];
    for request in refusals {
        let body = expect_error(
            request.send().await.unwrap(),
            StatusCode::FORBIDDEN,
            "insufficient_scope",
        )
        .await;
        assert!(body.error.message.contains("admin"), "{body:?}");
    }
    // Nothing changed.
    let organization: OrganizationDto = json(
        app.get("/api/v1/organization", Some(recruiter.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_ne!(organization.name, "Evil Corp");
    let hooks: Page<interview_flow_shared::WebhookEndpointDto> = json(
        with_key(&write.key, Method::GET, "/api/v1/webhooks")
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(hooks.items.len(), 1, "no endpoint added or deleted");
    // ... and it still schedules.
    let schedule = |key: &str, email: &str| {
        with_key(key, Method::POST, "/api/v1/interviews").json(&json!({
            "job_id": job.id, "candidate": {"full_name": "Scope Candidate", "email": email},
            "scheduled_at": (chrono::Utc::now() + chrono::TimeDelta::hours(4)).to_rfc3339()}))
    };
    assert_eq!(
        schedule(&write.key, "w@example.com")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );

    // An admin key configures the organisation, and (admin includes write) schedules.
    let renamed: OrganizationDto = json(
        with_key(&admin.key, Method::PATCH, "/api/v1/organization")
            .json(&json!({"name": "Acme Admin Key"}))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed.name, "Acme Admin Key");
    let by_key: WebhookCreatedDto = json(
        with_key(&admin.key, Method::POST, "/api/v1/webhooks")
            .json(&json!({"url": hook_url, "events": ["interview.scheduled"]}))
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        with_key(&admin.key, Method::POST, &redeliver_path)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        with_key(
            &admin.key,
            Method::DELETE,
            &format!("/api/v1/webhooks/{}", by_key.id)
        )
        .send()
        .await
        .unwrap()
        .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        schedule(&admin.key, "a@example.com")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );

    // A signed-in recruiter (a person) still does all of it.
    let renamed: OrganizationDto = json(
        app.request(Method::PATCH, "/api/v1/organization")
            .bearer_auth(recruiter.token())
            .json(&json!({"name": "Acme Person"}))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed.name, "Acme Person");
    let by_person: WebhookCreatedDto = json(
        app.post_json(
            "/api/v1/webhooks",
            &json!({"url": hook_url, "events": ["interview.cancelled"]}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // Redelivery may meet the worker sending the delivery requeued above; wait it out.
    eventually(
        "the redelivery is accepted",
        Duration::from_secs(15),
        || async {
            let response = app
                .request(Method::POST, &redeliver_path)
                .bearer_auth(recruiter.token())
                .send()
                .await
                .unwrap();
            if response.status() == StatusCode::ACCEPTED {
                return Some(());
            }
            expect_error(response, StatusCode::CONFLICT, "delivery_in_progress").await;
            None
        },
    )
    .await;
    for id in [&by_person.id, &endpoint.id] {
        assert_eq!(
            app.request(Method::DELETE, &format!("/api/v1/webhooks/{id}"))
                .bearer_auth(recruiter.token())
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::NO_CONTENT
        );
    }
}
backend_test!(
    write_keys_schedule_admin_keys_configure_the_organisation,
    scopes_separate_scheduling_from_configuration,
    TestOptions {
        extra: vec![
            ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".into()),
            ("EMAIL_POLL_INTERVAL_MS", "100".into()),
        ],
        ..Default::default()
    }
);

// ---------------------------------------------------------------------------------------
// Greenhouse URLs go through the SSRF guard: no redirects, no proxies.

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

async fn greenhouse_redirects_are_not_followed(app: TestApp) {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    // What a redirect would reach: an internal service (metadata endpoint, admin API…).
    let internal = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "Internal Secret\nData Engineer with Python, SQL and PostgreSQL pipelines",
        ))
        .mount(&internal)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&internal)
        .await;
    let greenhouse = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/resume.txt"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/latest/meta-data", internal.uri())),
        )
        .mount(&greenhouse)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/callback"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/admin", internal.uri())),
        )
        .mount(&greenhouse)
        .await;
    let (recruiter, job) = recruiter_with_job(&app, "redirect@acme.test").await;
    let key = create_key(&app, recruiter.token(), json!(["read", "write"])).await;

    // The résumé link redirects: the test is sent without the résumé.
    let sent: GreenhouseSendTestResponse = json(
        greenhouse_send_test(
            &app,
            &key.key,
            &job.id,
            &format!("{}/resume.txt", greenhouse.uri()),
            &format!("{}/callback", greenhouse.uri()),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let asked = greenhouse.received_requests().await.unwrap();
    assert_eq!(
        asked.iter().filter(|r| r.method.as_str() == "GET").count(),
        1,
        "the résumé link was asked for"
    );
    let applications = app.applications_for_job(recruiter.token(), &job.id).await;
    assert!(
        applications.items.iter().all(|a| a.resume.is_none()),
        "no résumé from the redirect target: {applications:?}"
    );

    // The completion callback redirects: it fails (and is retried), never following.
    callback_due_now(&app, &sent.partner_interview_id).await;
    let error = eventually_showing(
        "the callback is tried (and retried)",
        Duration::from_secs(20),
        || async {
            let patches = greenhouse
                .received_requests()
                .await
                .unwrap()
                .into_iter()
                .filter(|r| r.method.as_str() == "PATCH")
                .count();
            let (status, error) = callback_state(&app, &sent.partner_interview_id).await;
            assert_ne!(status, "sent", "a redirect is not a successful callback");
            error
                .filter(|_| patches >= 2)
                .ok_or(format!("{patches} PATCHes, {status}"))
        },
    )
    .await;
    assert!(error.contains("redirects are not followed"), "{error}");
    assert!(
        internal.received_requests().await.unwrap().is_empty(),
        "no redirect was followed to the internal service"
    );
}
backend_test!(
    greenhouse_resume_and_callback_redirects_are_not_followed,
    greenhouse_redirects_are_not_followed,
    TestOptions {
        extra: vec![
            ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".into()),
            ("WEBHOOK_RETRY_SCHEDULE_SECS", "1,1,1".into()),
            ("EMAIL_POLL_INTERVAL_MS", "100".into()),
        ],
        ..Default::default()
    }
);

async fn greenhouse_urls_must_be_public(app: TestApp) {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let internal = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("Internal Secret"))
        .mount(&internal)
        .await;
    let (recruiter, job) = recruiter_with_job(&app, "public@acme.test").await;
    let key = create_key(&app, recruiter.token(), json!(["read", "write"])).await;
    // A callback URL on loopback, link-local, or in Teredo / local-use NAT64 form: 422.
    for callback in [
        format!("{}/callback", internal.uri()),
        "http://169.254.169.254/latest/meta-data".to_string(),
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x".to_string(),
        "https://[64:ff9b:1::a9fe:a9fe]/x".to_string(),
    ] {
        let body = expect_error(
            greenhouse_send_test(
                &app,
                &key.key,
                &job.id,
                &format!("{}/resume.txt", internal.uri()),
                &callback,
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(body.field(), Some("url"), "{callback}");
    }
    // A résumé link on loopback: the test is sent, without fetching it.
    let sent = app
        .request(Method::POST, "/integrations/greenhouse/send_test")
        .header("Authorization", basic(&key.key))
        .json(&json!({
            "partner_test_id": job.id,
            "candidate": {"first_name": "Lo", "last_name": "Cal", "email": "lo@example.com",
                          "resume_url": format!("{}/resume.txt", internal.uri())}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    assert!(
        internal.received_requests().await.unwrap().is_empty(),
        "nothing reached the loopback service"
    );
}
backend_test!(
    greenhouse_urls_on_private_networks_are_refused,
    greenhouse_urls_must_be_public
);

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
mod outbound_ignores_proxies_child {
    use super::*;

    fn options() -> TestOptions {
        TestOptions {
            extra: vec![
                ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".into()),
                ("EMAIL_POLL_INTERVAL_MS", "100".into()),
            ],
            ..Default::default()
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        if std::env::var_os(PROXY_CHILD).is_none() {
            return;
        }
        let app = TestApp::spawn(interview_flow_tests::Backend::Sqlite, options())
            .await
            .expect("SQLite test app");
        outbound_ignores_proxies(app).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if std::env::var_os(PROXY_CHILD).is_none() {
            return;
        }
        let Some(app) = TestApp::spawn(interview_flow_tests::Backend::Postgres, options()).await
        else {
            return;
        };
        outbound_ignores_proxies(app).await;
    }
}

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

// A completion callback Greenhouse never accepts is tried on the retry schedule, then marked
// failed with the reason, and not tried again.
async fn greenhouse_callback_gives_up(app: TestApp) {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let greenhouse = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&greenhouse)
        .await;
    let (recruiter, job) = recruiter_with_job(&app, "ghfail@acme.test").await;
    let key = create_key(&app, recruiter.token(), json!(["read", "write"])).await;
    let sent: GreenhouseSendTestResponse = json(
        app.request(Method::POST, "/integrations/greenhouse/send_test")
            .header("Authorization", basic(&key.key))
            .json(&json!({
                "partner_test_id": job.id,
                "candidate": {"first_name": "Pat", "last_name": "Kim", "email": "pat.kim@example.com"},
                "url": format!("{}/callback", greenhouse.uri())
            }))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let id = sent.partner_interview_id;
    // As if the evaluation had just finished: the callback is due.
    callback_due_now(&app, &id).await;
    let (status, attempts, error) = eventually(
        "the callback is given up",
        Duration::from_secs(30),
        || async {
            let order = greenhouse_order(&app, &id).await;
            (order.0 != "pending").then_some(order)
        },
    )
    .await;
    assert_eq!(status, "failed");
    // One attempt and one retry per scheduled wait ("1,2").
    assert_eq!(attempts, 3);
    assert!(
        error.as_deref().is_some_and(|e| e.contains("500")),
        "{error:?}"
    );
    app.settled("webhooks").await;
    let patches = greenhouse.received_requests().await.unwrap().len();
    assert_eq!(patches, 3, "no attempts after giving up");
}
backend_test!(
    greenhouse_callback_failure_is_final,
    greenhouse_callback_gives_up,
    TestOptions {
        extra: vec![
            ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".into()),
            ("WEBHOOK_RETRY_SCHEDULE_SECS", "1,2".into()),
            ("EMAIL_POLL_INTERVAL_MS", "100".into()),
        ],
        ..Default::default()
    }
);

//! Organisation API keys: acting for the organisation, rate limits, idempotency.

use super::*;

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
            &json!({"name": "x", "scopes": []}),
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

use super::*;

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
    // The highest scope named is the key's level: admin includes write and read.
    for scopes in [json!(["admin"]), json!(["read", "admin"])] {
        let created: CreatedApiKeyDto = json(
            app.post_json(
                "/api/v1/api-keys",
                &json!({"name": "x", "scopes": scopes}),
                Some(recruiter.token()),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            created.scopes,
            [ApiKeyScope::Read, ApiKeyScope::Write, ApiKeyScope::Admin],
            "{scopes}"
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

//! Registration and its validation, and organisation isolation.

use super::*;

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

/// The catalogue lists every event an endpoint can subscribe to, with when it fires and the
/// body's schema, which the OpenAPI document defines.
async fn the_event_catalogue_lists_every_event(app: TestApp) {
    let catalogue: Vec<interview_flow_shared::WebhookEventTypeDto> = json(
        app.get("/api/v1/webhook-events", None).await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = catalogue.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(names, interview_flow_shared::WEBHOOK_EVENT_TYPES);
    let doc: Value = json(app.get("/api/v1/openapi.json", None).await, StatusCode::OK).await;
    for entry in &catalogue {
        assert!(entry.fires_when.len() > 20, "{entry:?}");
        let schema = entry
            .payload_schema
            .trim_start_matches("#/components/schemas/");
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    assert!(
        doc["components"]["schemas"]["WebhookInterviewData"]["properties"]["score"].is_object()
    );
}
backend_test!(
    webhook_event_catalogue,
    the_event_catalogue_lists_every_event
);

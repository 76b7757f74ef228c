//! Retries on the schedule, signatures, giving up, redelivery and deletion.

use super::*;

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

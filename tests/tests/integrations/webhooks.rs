//! Webhooks following the interview lifecycle.

use super::*;

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
    // Every body is exactly what the document's WebhookEnvelope says (its `data` refuses
    // unknown fields), and each event sets its own fields only.
    for body in &events {
        let envelope: interview_flow_shared::WebhookEnvelope =
            serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{e}: {body}"));
        let Some(data) = envelope.data.interview() else {
            assert_eq!(envelope.event_type, "webhook.ping", "{body}");
            continue;
        };
        let completed = envelope.event_type == "interview.completed";
        assert_eq!(data.score.is_some(), completed, "{body}");
        assert_eq!(data.report_api_url.is_some(), completed, "{body}");
        assert!(data.email.is_none(), "{body}");
    }
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

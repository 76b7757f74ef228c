//! Events announcing a given-up email and an expired interview.

use super::*;

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
    let envelope: interview_flow_shared::WebhookEnvelope =
        serde_json::from_value(payload.clone()).unwrap_or_else(|e| panic!("{e}: {payload}"));
    let data = envelope.data.interview().expect("interview data");
    assert!(
        data.email
            .as_ref()
            .is_some_and(|email| !email.error.is_empty())
    );
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

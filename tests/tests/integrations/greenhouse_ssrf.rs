use super::*;

// ---------------------------------------------------------------------------------------
// Greenhouse URLs go through the SSRF guard: no redirects, no proxies.

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

//! The Greenhouse assessment-partner flow, and a completion callback that is never accepted.

use super::*;

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

    let order = json!({
        "partner_test_id": job.id,
        "candidate": {"first_name": "Sam", "last_name": "Lee", "preferred_name": null, "phone_number": null,
                      "resume_url": format!("{}/resume.txt", greenhouse.uri()), "email": "Sam.Lee@Example.com",
                      "greenhouse_profile_url": "https://app.greenhouse.io/people/42"},
        "sent_by": "recruiter@acme.test",
        "url": format!("{}/callback", greenhouse.uri())
    });
    let send = || async {
        json::<GreenhouseSendTestResponse>(
            gh(Method::POST, "send_test")
                .json(&order)
                .send()
                .await
                .unwrap(),
            StatusCode::OK,
        )
        .await
        .partner_interview_id
    };
    let id = send().await;
    // Greenhouse retries (after a timeout, say): the same order, by its own ids, is the same
    // interview, whether the retry comes after the first answer or while another is running.
    assert_eq!(send().await, id);
    let (first, second) = tokio::join!(send(), send());
    assert_eq!(
        (first.as_str(), second.as_str()),
        (id.as_str(), id.as_str())
    );
    let interviews: Page<InterviewDto> = json(
        app.get(
            &format!("/api/v1/interviews?job_id={}", job.id),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(interviews.items.len(), 1, "one interview for one order");
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

//! Concurrent refresh and scheduling; expiry of sessions and links; secure cookies.

use super::*;

// 5. Two tabs refreshing at once keep the session; a late reuse still ends it.
async fn concurrent_refresh_keeps_the_session(app: TestApp) {
    let session = app.register("tabs@example.com", Role::Candidate).await;
    // Round after round, two tabs present the same cookie at the same moment.
    let mut current = session.refresh_token.clone();
    for round in 0..5 {
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let tabs = (0..2).map(|_| {
            let (http, url, token, barrier) = (
                app.http.clone(),
                app.url("/api/v1/auth/refresh"),
                current.clone(),
                barrier.clone(),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                http.post(url)
                    .header("Cookie", format!("{REFRESH_COOKIE}={token}"))
                    .send()
                    .await
                    .unwrap()
            })
        });
        let mut cookies = Vec::new();
        for tab in tabs.collect::<Vec<_>>() {
            let response = tab.await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::OK,
                "round {round}: both tabs stay signed in"
            );
            cookies.push(cookie_value(&refresh_set_cookie(&response).unwrap()));
        }
        assert_eq!(
            cookies[0], cookies[1],
            "round {round}: both tabs get the same new session"
        );
        current = cookies.remove(0);
    }
    let cookies = [current.clone()];
    let next = app.refresh(&cookies[0]).await;
    assert_eq!(next.status(), StatusCode::OK);
    let latest = cookie_value(&refresh_set_cookie(&next).unwrap());

    // Outside the grace window, reusing a rotated token is theft: the family ends.
    app.execute_sql(format!(
        "UPDATE refresh_tokens SET used_at = '{}' WHERE token_hash = '{}'",
        sql_timestamp(Utc::now() - TimeDelta::minutes(1)),
        sha256_hex(&cookies[0])
    ))
    .await;
    expect_error(
        app.refresh(&cookies[0]).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    expect_error(
        app.refresh(&latest).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
}
backend_test!(refresh_grace_window, concurrent_refresh_keeps_the_session);

// 7. Two recruiters scheduling the same new address at once share one account.
async fn concurrent_scheduling_shares_one_candidate(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app).await;
    for round in 0..5 {
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let email = format!("race{round}@example.com");
        let requests = (0..2).map(|_| {
            let (http, url, token, barrier, body) = (
                app.http.clone(),
                app.url("/api/v1/interviews"),
                recruiter.token().to_string(),
                barrier.clone(),
                json!({
                    "job_id": job.id,
                    "candidate": {"full_name": "Race Condition", "email": email},
                    "scheduled_at": (Utc::now() + TimeDelta::hours(2)).to_rfc3339(),
                }),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                http.post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
            })
        });
        let mut candidates = Vec::new();
        for request in requests.collect::<Vec<_>>() {
            let interview: InterviewDto = json(request.await.unwrap(), StatusCode::CREATED).await;
            candidates.push(interview.candidate.id);
        }
        assert_eq!(
            candidates[0], candidates[1],
            "round {round}: one account per address"
        );
    }
}
backend_test!(
    concurrent_scheduling_same_new_email,
    concurrent_scheduling_shares_one_candidate
);

// Sessions and links end when they expire; cookies are Secure behind https.
async fn expiry_ends_sessions_and_links(app: TestApp, smtp: SmtpSink) {
    let user = app.register("old@example.com", Role::Candidate).await;
    app.execute_sql(format!(
        "UPDATE refresh_tokens SET expires_at = '{}' WHERE token_hash = '{}'",
        sql_timestamp(Utc::now() - TimeDelta::seconds(1)),
        sha256_hex(&user.refresh_token)
    ))
    .await;
    expect_error(
        app.refresh(&user.refresh_token).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;

    let (recruiter, job) = recruiter_with_job(&app).await;
    let interview = schedule(&app, &recruiter, &job, "late@example.com", 5).await;
    let token = interview_mail(&smtp, &interview, "Your interview")
        .await
        .link_token()
        .unwrap();
    app.execute_sql(format!(
        "UPDATE interview_access_tokens SET expires_at = '{}' WHERE token_hash = '{}'",
        sql_timestamp(Utc::now() - TimeDelta::seconds(1)),
        sha256_hex(&token)
    ))
    .await;
    expect_error(
        link_sign_in(&app, &token).await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
}
backend_test_with_smtp!(
    expired_refresh_tokens_and_links_are_refused,
    expiry_ends_sessions_and_links
);

async fn cookies_are_secure_behind_https(app: TestApp) {
    let response = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": "tls@example.com", "password": GOOD_PASSWORD, "full_name": "T", "role": "candidate"}),
            None,
        )
        .await;
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    for cookie in &cookies {
        assert!(
            cookie.contains("; secure")
                && cookie.contains("httponly")
                && cookie.contains("samesite=strict"),
            "{cookie}"
        );
    }
}
backend_test!(
    session_cookies_are_secure_with_an_https_public_url,
    cookies_are_secure_behind_https,
    TestOptions {
        extra: vec![("PUBLIC_URL", "https://interviews.example.com".to_string())],
        ..TestOptions::default()
    }
);

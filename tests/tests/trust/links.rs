//! Emailed interview links: what a link session opens, and when links stop working.

use super::*;

// 1. A link session opens its own interview and nothing else of the account.
async fn link_sessions_open_only_their_interview(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app).await;
    let first = schedule(&app, &recruiter, &job, "alex@example.com", 5).await;
    let second = schedule(&app, &recruiter, &job, "alex@example.com", 60).await;
    let token = interview_mail(&smtp, &first, "Your interview")
        .await
        .link_token()
        .expect("the invitation of a new candidate carries a sign-in token");
    let session = link_session(&app, &token).await;
    assert_eq!(
        session.auth.user.link_interview_id.as_deref(),
        Some(first.id.as_str())
    );
    assert_eq!(
        session.auth.interview_id.as_deref(),
        Some(first.id.as_str())
    );

    let me: UserDto = json(
        app.get("/api/v1/me", Some(session.token())).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.link_interview_id.as_deref(), Some(first.id.as_str()));
    let page: InterviewReadyDto = json(
        ready(&app, session.token(), &first.id).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.id, first.id);

    // Not another interview of the same account, not the dashboard, not the password.
    expect_error(
        ready(&app, session.token(), &second.id).await,
        StatusCode::FORBIDDEN,
        "link_session",
    )
    .await;
    expect_error(
        app.get("/api/v1/dashboard/candidate", Some(session.token()))
            .await,
        StatusCode::FORBIDDEN,
        "link_session",
    )
    .await;
    expect_error(
        app.post_json(
            "/api/v1/auth/password",
            &json!({"new_password": NEW_PASSWORD}),
            Some(session.token()),
        )
        .await,
        StatusCode::FORBIDDEN,
        "link_session",
    )
    .await;
    expect_error(
        app.post_json(
            &format!("/api/v1/interviews/{}/session", second.id),
            &json!({"consent": true}),
            Some(session.token()),
        )
        .await,
        StatusCode::FORBIDDEN,
        "link_session",
    )
    .await;

    // A refreshed link session is just as limited.
    let refreshed = app.refresh(&session.refresh_token).await;
    assert_eq!(refreshed.status(), StatusCode::OK);
    let access = refreshed.json::<serde_json::Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        ready(&app, &access, &first.id).await.status(),
        StatusCode::OK
    );
    expect_error(
        ready(&app, &access, &second.id).await,
        StatusCode::FORBIDDEN,
        "link_session",
    )
    .await;
}
backend_test_with_smtp!(
    link_session_is_scoped_to_its_interview,
    link_sessions_open_only_their_interview
);

// 1. Links stop working when the interview is over.
async fn links_end_with_the_interview(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app).await;
    for (email, final_status) in [
        ("done@example.com", "completed"),
        ("gone@example.com", "abandoned"),
    ] {
        let interview = schedule(&app, &recruiter, &job, email, 5).await;
        let token = interview_mail(&smtp, &interview, "Your interview")
            .await
            .link_token()
            .unwrap();
        let session = link_session(&app, &token).await;
        app.execute_sql(format!(
            "UPDATE interviews SET status = '{final_status}' WHERE id = '{}'",
            interview.id
        ))
        .await;
        expect_error(
            link_sign_in(&app, &token).await,
            StatusCode::UNAUTHORIZED,
            "invalid_link",
        )
        .await;
        expect_error(
            app.refresh(&session.refresh_token).await,
            StatusCode::UNAUTHORIZED,
            "session_expired",
        )
        .await;
    }
}
backend_test_with_smtp!(
    link_token_stops_when_interview_final,
    links_end_with_the_interview
);

// 1. A newer invitation ends the links of older ones.
async fn newer_invitation_ends_older_links(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app).await;
    let interview = schedule(&app, &recruiter, &job, "alex@example.com", 5).await;
    let first = interview_mail(&smtp, &interview, "Your interview for")
        .await
        .link_token()
        .unwrap();
    let resent = app
        .request(
            Method::POST,
            &format!("/api/v1/interviews/{}/resend", interview.id),
        )
        .bearer_auth(recruiter.token())
        .send()
        .await
        .unwrap();
    assert!(resent.status().is_success(), "resend: {}", resent.status());
    let second = interview_mail(&smtp, &interview, "Your interview link")
        .await
        .link_token()
        .unwrap();
    assert_ne!(first, second);
    expect_error(
        link_sign_in(&app, &first).await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    link_session(&app, &second).await;
}
backend_test_with_smtp!(
    newer_invitation_revokes_older_link,
    newer_invitation_ends_older_links
);

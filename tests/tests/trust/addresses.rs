//! Proving an address: password reset, email verification, pre-registered addresses, fresh links.

use super::*;

/// The single-use token of the newest account email to `to` with this subject.
async fn account_token(smtp: &SmtpSink, to: &str, subject: &str) -> String {
    let mail = eventually(
        &format!("a {subject:?} email to {to}"),
        MAIL_WAIT,
        || async {
            smtp.account_messages().into_iter().rev().find(|m| {
                m.subject().contains(subject) && m.to.iter().any(|t| t.eq_ignore_ascii_case(to))
            })
        },
    )
    .await;
    mail.link_token()
        .expect("the account email carries a token")
}

async fn request_reset(app: &TestApp, email: &str) -> EmailRequestAccepted {
    json(
        app.post_json(
            "/api/v1/auth/password-reset",
            &json!({"email": email}),
            None,
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await
}

// 1 + 2. Turning a link session into an account needs the mailbox: a password-reset link.
// Setting the password ends every link and other session.
async fn password_reset_proves_the_address(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app).await;
    let interview = schedule(&app, &recruiter, &job, "alex@example.com", 5).await;
    let link = interview_mail(&smtp, &interview, "Your interview")
        .await
        .link_token()
        .unwrap();
    let scoped = link_session(&app, &link).await;

    let unknown = request_reset(&app, "nobody@example.com").await;
    let known = request_reset(&app, "Alex@Example.com").await;
    assert_eq!(
        unknown, known,
        "the same answer whether or not the address has an account"
    );
    let reset = account_token(
        &smtp,
        "alex@example.com",
        "Set your Interview Flow password",
    )
    .await;
    assert!(
        smtp.all_messages()
            .iter()
            .all(|m| !m.to.iter().any(|t| t.contains("nobody"))),
        "no email to an address without an account"
    );

    expect_error(
        app.post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": reset, "new_password": "short"}),
            None,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let confirmed = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": reset, "new_password": NEW_PASSWORD}),
            None,
        )
        .await;
    let full = Session::from_response(confirmed).await;
    assert!(full.auth.user.email_verified && full.auth.user.has_password);
    assert_eq!(full.auth.user.link_interview_id, None);
    expect_error(
        app.post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": reset, "new_password": NEW_PASSWORD}),
            None,
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    // The emailed link and its session are over; the new full session sees the account.
    expect_error(
        link_sign_in(&app, &link).await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    expect_error(
        app.refresh(&scoped.refresh_token).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    let dashboard: CandidateDashboardDto = json(
        app.get("/api/v1/dashboard/candidate", Some(full.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(dashboard.interviews.len(), 1);

    // Changing the password keeps this session and ends the others.
    let other = Session::from_response(app.login("alex@example.com", NEW_PASSWORD).await).await;
    let changed = app
        .request(Method::POST, "/api/v1/auth/password")
        .bearer_auth(full.token())
        .header("Cookie", format!("{REFRESH_COOKIE}={}", full.refresh_token))
        .json(&json!({"current_password": NEW_PASSWORD, "new_password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    expect_error(
        app.refresh(&other.refresh_token).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    assert_eq!(
        app.refresh(&full.refresh_token).await.status(),
        StatusCode::OK
    );
}
backend_test_with_smtp!(
    setting_password_needs_the_mailbox_and_ends_links,
    password_reset_proves_the_address
);

// 2. Reset links expire after 30 minutes.
async fn reset_links_expire(app: TestApp, smtp: SmtpSink) {
    app.register_verified("ann@example.com", Role::Candidate)
        .await;
    request_reset(&app, "ann@example.com").await;
    let token = account_token(&smtp, "ann@example.com", "Set your").await;
    app.execute_sql(format!(
        "UPDATE account_tokens SET expires_at = '{}' WHERE token_hash = '{}'",
        sql_timestamp(Utc::now() - TimeDelta::seconds(1)),
        sha256_hex(&token)
    ))
    .await;
    expect_error(
        app.post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": NEW_PASSWORD}),
            None,
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    // Still the old password.
    assert_eq!(
        app.login("ann@example.com", GOOD_PASSWORD).await.status(),
        StatusCode::OK
    );
}
backend_test_with_smtp!(password_reset_link_expires, reset_links_expire);

// 2. Someone who registers another person's address gets nothing from it.
async fn unverified_registration_is_not_trusted(app: TestApp, smtp: SmtpSink) {
    let attacker = app.register("victim@example.com", Role::Candidate).await;
    assert!(!attacker.auth.user.email_verified);
    let early_verification = account_token(&smtp, "victim@example.com", "Confirm your email").await;
    let (recruiter, job) = recruiter_with_job(&app).await;
    let interview = schedule(&app, &recruiter, &job, "victim@example.com", 5).await;
    let token = interview_mail(&smtp, &interview, "Your interview")
        .await
        .link_token()
        .expect("sent with its own sign-in link, as for a new candidate");

    // The attacker's password, session and pending verification are gone.
    expect_error(
        app.login("victim@example.com", GOOD_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    expect_error(
        app.refresh(&attacker.refresh_token).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    let dashboard: CandidateDashboardDto = json(
        app.get("/api/v1/dashboard/candidate", Some(attacker.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        dashboard.interviews.is_empty(),
        "an unproven account sees no interviews"
    );
    expect_error(
        app.post_json(
            "/api/v1/auth/verify-email",
            &json!({"token": early_verification}),
            None,
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    // The owner of the mailbox gets in.
    let owner = link_session(&app, &token).await;
    assert_eq!(
        ready(&app, owner.token(), &interview.id).await.status(),
        StatusCode::OK
    );
}
backend_test_with_smtp!(
    pre_registered_address_cannot_take_interviews,
    unverified_registration_is_not_trusted
);

// 2. Email verification for self-registration.
async fn verification_proves_the_address(app: TestApp, smtp: SmtpSink) {
    let user = app.register("ann@example.com", Role::Candidate).await;
    let token = account_token(&smtp, "ann@example.com", "Confirm your email").await;
    let verified: UserDto = json(
        app.post_json("/api/v1/auth/verify-email", &json!({"token": token}), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(verified.email_verified);
    let me: UserDto = json(
        app.get("/api/v1/me", Some(user.token())).await,
        StatusCode::OK,
    )
    .await;
    assert!(me.email_verified);
    expect_error(
        app.post_json("/api/v1/auth/verify-email", &json!({"token": token}), None)
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    expect_error(
        app.post_json(
            "/api/v1/auth/verify-email/resend",
            &json!({}),
            Some(user.token()),
        )
        .await,
        StatusCode::CONFLICT,
        "already_verified",
    )
    .await;
}
backend_test_with_smtp!(email_verification_link, verification_proves_the_address);

// 3. The plain interview link offers a fresh sign-in link, sent only to the invited address.
async fn signed_out_visitor_asks_for_a_link(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app).await;
    let interview = schedule(&app, &recruiter, &job, "alex@example.com", 5).await;
    let invitation = interview_mail(&smtp, &interview, "Your interview")
        .await
        .link_token()
        .unwrap();
    let ask = |id: String, email: &'static str| {
        let app = &app;
        async move {
            json::<EmailRequestAccepted>(
                app.post_json(
                    &format!("/api/v1/interviews/{id}/sign-in-link"),
                    &json!({"email": email}),
                    None,
                )
                .await,
                StatusCode::ACCEPTED,
            )
            .await
        }
    };
    let wrong = ask(interview.id.clone(), "mallory@example.com").await;
    let unknown = ask(uuid::Uuid::new_v4().to_string(), "alex@example.com").await;
    let right = ask(interview.id.clone(), "ALEX@example.com").await;
    assert_eq!(wrong, right);
    assert_eq!(unknown, right);
    let token = interview_mail(&smtp, &interview, "Your sign-in link")
        .await
        .link_token()
        .unwrap();
    assert!(
        smtp.all_messages()
            .iter()
            .all(|m| !m.to.iter().any(|t| t.contains("mallory")))
    );
    let session = link_session(&app, &token).await;
    assert_eq!(
        session.auth.user.link_interview_id.as_deref(),
        Some(interview.id.as_str())
    );
    // Asking for a link is not an invitation: the emailed one keeps working.
    link_session(&app, &invitation).await;
}
backend_test_with_smtp!(
    interview_page_emails_a_sign_in_link,
    signed_out_visitor_asks_for_a_link
);

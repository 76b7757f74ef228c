//! Attacks from the trust review, replayed over HTTP on both databases: emailed links that
//! owned the account, pre-registered addresses, password reset and email verification,
//! concurrent refresh and scheduling, and rate limits behind proxies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use interview_flow_shared::{
    CandidateDashboardDto, EmailRequestAccepted, InterviewDto, InterviewReadyDto, JobDto,
    REFRESH_COOKIE, Role, UserDto,
};
use interview_flow_tests::smtp::{ReceivedMail, SmtpSink};
use interview_flow_tests::{
    GOOD_PASSWORD, Session, TestApp, TestOptions, backend_test, backend_test_with_smtp,
    cookie_value, eventually, expect_error, json, refresh_set_cookie, sql_timestamp,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

const MAIL_WAIT: Duration = Duration::from_secs(20);
const NEW_PASSWORD: &str = "a much better passphrase";

async fn recruiter_with_job(app: &TestApp) -> (Session, JobDto) {
    let recruiter = app
        .register_verified("rec@acme.test", Role::Recruiter)
        .await;
    let job: JobDto = json(
        app.post_json(
            "/api/v1/jobs",
            &json!({
                "title": "Platform Engineer",
                "description": "Run our Rust services on Kubernetes and keep PostgreSQL healthy.",
                "required_skills": ["Rust", "Kubernetes"],
                "question_count": 3,
                "time_limit_minutes": 20
            }),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (recruiter, job)
}

/// Schedules `email` for `job`, `minutes` from now (the link is open within 15 minutes).
async fn schedule(
    app: &TestApp,
    recruiter: &Session,
    job: &JobDto,
    email: &str,
    minutes: i64,
) -> InterviewDto {
    json(
        app.post_json(
            "/api/v1/interviews",
            &json!({
                "job_id": job.id,
                "candidate": {"full_name": "Alex Doe", "email": email},
                "scheduled_at": (Utc::now() + TimeDelta::minutes(minutes)).to_rfc3339(),
            }),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// The newest email about `interview` whose subject contains `subject`, once it arrived.
async fn interview_mail(smtp: &SmtpSink, interview: &InterviewDto, subject: &str) -> ReceivedMail {
    let what = format!("a {subject:?} email about {}", interview.id);
    eventually(&what, MAIL_WAIT, || async {
        smtp.messages()
            .into_iter()
            .rev()
            .find(|m| m.subject().contains(subject) && m.body("text/plain").contains(&interview.id))
    })
    .await
}

async fn link_sign_in(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/link", &json!({"token": token}), None)
        .await
}

async fn link_session(app: &TestApp, token: &str) -> Session {
    let response = link_sign_in(app, token).await;
    assert_eq!(response.status(), StatusCode::OK, "link sign-in");
    Session::from_response(response).await
}

async fn ready(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/interviews/{id}/ready"), Some(token))
        .await
}

fn sha256_hex(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

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

async fn reset_request_from(app: &TestApp, forwarded_for: Option<&str>, email: &str) -> StatusCode {
    let mut request = app
        .request(Method::POST, "/api/v1/auth/password-reset")
        .json(&json!({"email": email}));
    if let Some(forwarded_for) = forwarded_for {
        request = request.header("X-Forwarded-For", forwarded_for);
    }
    request.send().await.unwrap().status()
}

fn per_ip_limit(limit: u32, extra: Vec<(&'static str, String)>) -> TestOptions {
    TestOptions {
        auth_per_ip_per_minute: limit,
        extra,
        ..TestOptions::default()
    }
}

// 9. Without TRUSTED_PROXIES, a client cannot pick its address with a header.
async fn forwarding_headers_ignored_by_default(app: TestApp) {
    for i in 0..3 {
        let status = reset_request_from(
            &app,
            Some(&format!("198.51.100.{i}")),
            &format!("u{i}@example.com"),
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let status = reset_request_from(&app, Some("198.51.100.99"), "u9@example.com").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}
backend_test!(
    untrusted_forwarded_for_is_ignored,
    forwarding_headers_ignored_by_default,
    per_ip_limit(3, Vec::new())
);

// 9. Behind a trusted proxy every client has its own budget; IPv6 counts per /64.
async fn trusted_proxy_names_the_client(app: TestApp) {
    for i in 0..4 {
        let status = reset_request_from(
            &app,
            Some(&format!("198.51.100.{i}")),
            &format!("u{i}@example.com"),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::ACCEPTED,
            "client {i} has its own budget"
        );
    }
    for i in 0..3 {
        let hop = format!("2001:db8:1:2::{i}, 127.0.0.1");
        assert_eq!(
            reset_request_from(&app, Some(&hop), &format!("v{i}@example.com")).await,
            StatusCode::ACCEPTED
        );
    }
    let same_64 = reset_request_from(&app, Some("2001:db8:1:2:ffff::1"), "v9@example.com").await;
    assert_eq!(
        same_64,
        StatusCode::TOO_MANY_REQUESTS,
        "one budget per IPv6 /64"
    );
    let other_64 = reset_request_from(&app, Some("2001:db8:1:3::1"), "w@example.com").await;
    assert_eq!(other_64, StatusCode::ACCEPTED);
}
backend_test!(
    trusted_proxy_forwarded_for_per_client,
    trusted_proxy_names_the_client,
    per_ip_limit(
        3,
        vec![("TRUSTED_PROXIES", "127.0.0.1/32, ::1/128".to_string())]
    )
);

// 9. Guessing someone's password slows the guesser down, not the owner's known browser.
async fn owner_is_not_locked_out(app: TestApp) {
    let registered = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": "owner@example.com", "password": GOOD_PASSWORD, "full_name": "Owner", "role": "candidate"}),
            None,
        )
        .await;
    let device = interview_flow_tests::set_cookie(&registered, "if_device")
        .map(|v| v.split(';').next().unwrap().to_string())
        .expect("a device cookie for the account");
    let mut limited = false;
    for _ in 0..4 {
        let status = app
            .login("owner@example.com", "wrong password guess")
            .await
            .status();
        limited |= status == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(limited, "an attacker is slowed down per account");
    let owner = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("Cookie", device)
        .json(&json!({"email": "owner@example.com", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        owner.status(),
        StatusCode::OK,
        "the owner's browser is not locked out"
    );
    let forged = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("Cookie", "if_device=forged")
        .json(&json!({"email": "owner@example.com", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
}
backend_test!(
    per_account_limit_spares_the_owner,
    owner_is_not_locked_out,
    TestOptions {
        auth_per_account_per_minute: 3,
        ..TestOptions::default()
    }
);

// 9. Refresh and password changes are rate limited too.
async fn refresh_and_password_are_limited(app: TestApp) {
    for _ in 0..3 {
        expect_error(
            app.refresh("not-a-token").await,
            StatusCode::UNAUTHORIZED,
            "session_expired",
        )
        .await;
    }
    expect_error(
        app.refresh("not-a-token").await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;

    let user = app.register("pw@example.com", Role::Candidate).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let response = app
            .post_json(
                "/api/v1/auth/password",
                &json!({"current_password": "wrong guess here", "new_password": NEW_PASSWORD}),
                Some(user.token()),
            )
            .await;
        statuses.push(response.status());
    }
    assert!(statuses.contains(&StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
backend_test!(
    refresh_and_password_routes_are_rate_limited,
    refresh_and_password_are_limited,
    TestOptions {
        auth_per_ip_per_minute: 4,
        extra: vec![("AUTH_RATE_LIMIT_REFRESH_PER_IP_PER_MINUTE", "3".to_string())],
        ..TestOptions::default()
    }
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

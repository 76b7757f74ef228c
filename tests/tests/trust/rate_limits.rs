//! Rate limits behind proxies.

use super::*;

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

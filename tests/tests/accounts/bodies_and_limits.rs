//! Bad request bodies, and rate limits on sign-in and registration.

use super::*;

async fn bad_bodies_get_clear_errors(app: TestApp) {
    // Malformed JSON → 400 with a JSON body that says where.
    let malformed = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("Content-Type", "application/json")
        .body("{\"email\": \"a@b.co\", ")
        .send()
        .await
        .unwrap();
    let body = expect_error(malformed, StatusCode::BAD_REQUEST, "malformed_json").await;
    assert!(body.error.message.contains("not valid JSON"), "{body:?}");

    // Missing fields → 422 naming the field.
    let missing = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": "x@example.com", "password": GOOD_PASSWORD, "role": "candidate"}),
            None,
        )
        .await;
    let body = expect_error(
        missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body.field(), Some("full_name"));
    let bad_role = app
        .post_json("/api/v1/auth/register", &json!({"email": "x@example.com", "password": GOOD_PASSWORD, "full_name": "X", "role": "admin"}), None)
        .await;
    assert_eq!(
        expect_error(
            bad_role,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed"
        )
        .await
        .field(),
        Some("role")
    );

    // Semantic checks name the field too.
    for (body, field) in [
        (
            json!({"email": "x@example.com", "password": "short", "full_name": "X", "role": "candidate"}),
            "password",
        ),
        (
            json!({"email": "x@example.com", "password": "aaaaaaaaaaaaaa", "full_name": "X", "role": "candidate"}),
            "password",
        ),
        (
            json!({"email": "not-an-email", "password": GOOD_PASSWORD, "full_name": "X", "role": "candidate"}),
            "email",
        ),
        (
            json!({"email": "x@example.com", "password": GOOD_PASSWORD, "full_name": "  ", "role": "candidate"}),
            "full_name",
        ),
        (
            json!({"email": "x@example.com", "password": GOOD_PASSWORD, "full_name": "X", "role": "recruiter"}),
            "company_name",
        ),
    ] {
        let response = app.post_json("/api/v1/auth/register", &body, None).await;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error.field(), Some(field), "{body}");
    }
    // None of those created an account.
    expect_error(
        app.login("x@example.com", GOOD_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;

    // Over-size body → 413 (limit 64 KiB), declared or streamed.
    let huge = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(70 * 1024)
    );
    let too_large = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("Content-Type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    expect_error(
        too_large,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;

    // Not JSON at all.
    let form = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("email=a&password=b")
        .send()
        .await
        .unwrap();
    expect_error(
        form,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}
backend_test!(
    malformed_oversize_and_incomplete_bodies,
    bad_bodies_get_clear_errors
);

async fn sign_in_is_rate_limited(app: TestApp) {
    // Registration counts as the account's first attempt.
    app.register("rate@example.com", Role::Candidate).await;
    for _ in 0..2 {
        let response = app.login("rate@example.com", "wrong password here").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Fourth attempt on the account within the minute: limited, even in another letter case.
    let limited = app.login("RATE@example.com", GOOD_PASSWORD).await;
    let retry_after: u64 = limited
        .headers()
        .get("retry-after")
        .expect("Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    expect_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another account from the same IP is still allowed (per-IP limit is higher).
    app.register("other@example.com", Role::Candidate).await;
}
backend_test!(
    sign_in_rate_limited_per_account,
    sign_in_is_rate_limited,
    TestOptions {
        auth_per_account_per_minute: 3,
        auth_per_ip_per_minute: 100,
        ..Default::default()
    }
);

async fn registration_is_rate_limited_per_ip(app: TestApp) {
    app.register("a1@example.com", Role::Candidate).await;
    app.register("a2@example.com", Role::Candidate).await;
    let response = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": "a3@example.com", "password": GOOD_PASSWORD, "full_name": "A3", "role": "candidate"}),
            None,
        )
        .await;
    assert!(response.headers().contains_key("retry-after"));
    expect_error(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
backend_test!(
    registration_rate_limited_per_ip,
    registration_is_rate_limited_per_ip,
    TestOptions {
        auth_per_ip_per_minute: 2,
        ..Default::default()
    }
);

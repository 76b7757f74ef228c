//! Accounts and auth over HTTP, on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interview_flow_shared::{RefreshResponse, Role, UserDto};
use interview_flow_tests::{
    GOOD_PASSWORD, Session, TEST_JWT_SECRET, TestApp, TestOptions, backend_test, expect_error,
    json, refresh_set_cookie,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn register_login_refresh_rotate_logout(app: TestApp) {
    let registered = app.register("Ann.Lee@Example.com", Role::Recruiter).await;
    let user = &registered.auth.user;
    assert_eq!(user.email, "ann.lee@example.com", "email is normalised");
    assert_eq!(user.role, Role::Recruiter);
    let org = user
        .organization
        .as_ref()
        .expect("recruiter has an organisation");
    assert_eq!(org.name, "Company of Ann.Lee@Example.com");
    assert_eq!(registered.auth.expires_in, 15 * 60);
    // The refresh cookie is httpOnly, SameSite=Strict, scoped to the auth routes, and not
    // Secure on an http:// PUBLIC_URL.
    let cookie = registered.set_cookie.to_lowercase();
    assert!(cookie.contains("httponly"), "{cookie}");
    assert!(cookie.contains("samesite=strict"), "{cookie}");
    assert!(cookie.contains("path=/api/v1/auth"), "{cookie}");
    assert!(!cookie.contains("secure"), "{cookie}");

    let me: UserDto = json(
        app.get("/api/v1/me", Some(registered.token())).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(&me, user);

    let login = app.login("ANN.LEE@example.COM", GOOD_PASSWORD).await;
    assert_eq!(login.status(), StatusCode::OK);
    let session = Session::from_response(login).await;
    assert_eq!(session.auth.user.id, user.id);

    // Rotation: a new refresh token each time, and the new access token works.
    let first = app.refresh(&session.refresh_token).await;
    assert_eq!(first.status(), StatusCode::OK);
    let rotated =
        interview_flow_tests::cookie_value(&refresh_set_cookie(&first).expect("rotated cookie"));
    assert_ne!(rotated, session.refresh_token);
    let refreshed: RefreshResponse = first.json().await.unwrap();
    let me: UserDto = json(
        app.get("/api/v1/me", Some(&refreshed.access_token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.id, user.id);

    // Reusing the spent token is refused, and it revokes the family (the rotated one too).
    expect_error(
        app.refresh(&session.refresh_token).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    expect_error(
        app.refresh(&rotated).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;

    // The first session (from registration) is another family and still works; logout ends it.
    let again = app.refresh(&registered.refresh_token).await;
    assert_eq!(again.status(), StatusCode::OK);
    let live = interview_flow_tests::cookie_value(&refresh_set_cookie(&again).unwrap());
    let logout = app
        .request(Method::POST, "/api/v1/auth/logout")
        .header("Cookie", format!("if_refresh={live}"))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let cleared = refresh_set_cookie(&logout).expect("logout clears the cookie");
    assert!(cleared.to_lowercase().contains("max-age=0"), "{cleared}");
    expect_error(
        app.refresh(&live).await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    // No cookie at all.
    expect_error(
        app.request(Method::POST, "/api/v1/auth/refresh")
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "not_signed_in",
    )
    .await;
}
// Without the grace window for concurrent tabs (see trust.rs), so reuse is theft at once.
backend_test!(
    register_login_refresh_rotate_logout_works,
    register_login_refresh_rotate_logout,
    TestOptions {
        extra: vec![("REFRESH_REUSE_GRACE_SECS", "0".to_string())],
        ..TestOptions::default()
    }
);

async fn duplicate_email_in_any_case_conflicts(app: TestApp) {
    app.register("sam@example.com", Role::Candidate).await;
    let response = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": "SAM@Example.com", "password": GOOD_PASSWORD, "full_name": "Sam Two", "role": "recruiter", "company_name": "Other Co"}),
            None,
        )
        .await;
    let body = expect_error(response, StatusCode::CONFLICT, "email_taken").await;
    assert!(body.error.message.contains("already exists"));
    // Nothing half-written: the organisation of the refused recruiter was rolled back, so the
    // same email still cannot sign in as a recruiter and the original account is intact.
    let login = app.login("sam@example.com", GOOD_PASSWORD).await;
    let session = Session::from_response(login).await;
    assert_eq!(session.auth.user.role, Role::Candidate);
    assert!(session.auth.user.organization.is_none());
}
backend_test!(
    duplicate_email_conflicts,
    duplicate_email_in_any_case_conflicts
);

async fn wrong_password_and_unknown_email_look_the_same(app: TestApp) {
    app.register("kim@example.com", Role::Candidate).await;
    let wrong_password = expect_error(
        app.login("kim@example.com", "not the right password").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let unknown = expect_error(
        app.login("nobody@example.com", GOOD_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong_password, unknown);
}
backend_test!(
    same_401_for_wrong_password_and_unknown_email,
    wrong_password_and_unknown_email_look_the_same
);

#[derive(serde::Serialize)]
struct Claims<'a> {
    sub: &'a str,
    role: &'a str,
    iat: i64,
    exp: i64,
    iss: &'a str,
    aud: &'a str,
}

fn sign(claims: &Claims<'_>, algorithm: Algorithm, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

async fn bad_tokens_are_refused(app: TestApp) {
    let session = app.register("lee@example.com", Role::Candidate).await;
    let id = session.auth.user.id.clone();
    let now = chrono::Utc::now().timestamp();
    let valid = Claims {
        sub: &id,
        role: "candidate",
        iat: now,
        exp: now + 600,
        iss: "interview-flow",
        aud: "interview-flow-api",
    };
    // Sanity: our own signing recipe is accepted, so the refusals below are about the flaw.
    let ok = app
        .get(
            "/api/v1/me",
            Some(&sign(&valid, Algorithm::HS256, TEST_JWT_SECRET)),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);

    let forged = sign(
        &valid,
        Algorithm::HS256,
        "another-secret-another-secret-another",
    );
    let expired = sign(
        &Claims {
            iat: now - 3600,
            exp: now - 1800,
            ..valid
        },
        Algorithm::HS256,
        TEST_JWT_SECRET,
    );
    let wrong_algorithm = sign(&valid, Algorithm::HS512, TEST_JWT_SECRET);
    let wrong_audience = sign(
        &Claims {
            aud: "someone-else",
            ..valid
        },
        Algorithm::HS256,
        TEST_JWT_SECRET,
    );
    // alg "none": header and claims with an empty signature.
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let unsigned = format!(
        "{}.{}.",
        b64.encode(br#"{"alg":"none","typ":"JWT"}"#),
        b64.encode(serde_json::to_vec(&valid).unwrap())
    );
    for (what, token) in [
        ("forged", forged),
        ("expired", expired),
        ("HS512", wrong_algorithm),
        ("wrong audience", wrong_audience),
        ("alg none", unsigned),
        ("garbage", "not-a-jwt".to_string()),
    ] {
        let response = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what} token");
        expect_error(response, StatusCode::UNAUTHORIZED, "invalid_token").await;
    }
    expect_error(
        app.get("/api/v1/me", None).await,
        StatusCode::UNAUTHORIZED,
        "not_signed_in",
    )
    .await;
    let basic = app
        .request(Method::GET, "/api/v1/me")
        .header("Authorization", "Basic Zm9vOmJhcg==")
        .send()
        .await
        .unwrap();
    expect_error(basic, StatusCode::UNAUTHORIZED, "invalid_token").await;
}
backend_test!(
    forged_expired_and_wrong_algorithm_tokens_get_401,
    bad_tokens_are_refused
);

async fn candidate_cannot_use_recruiter_routes(app: TestApp) {
    let candidate = app.register("cand@example.com", Role::Candidate).await;
    let response = app
        .request(Method::PATCH, "/api/v1/organization")
        .bearer_auth(candidate.token())
        .json(&json!({"brand_color": "#000000"}))
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::FORBIDDEN, "wrong_role").await;
    expect_error(
        app.get("/api/v1/organization", Some(candidate.token()))
            .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
}
backend_test!(
    candidate_gets_403_on_recruiter_routes,
    candidate_cannot_use_recruiter_routes
);

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

async fn organisation_branding_and_passwords(app: TestApp) {
    let recruiter = app.register("brand@example.com", Role::Recruiter).await;
    let token = recruiter.token().to_string();
    let patch = |body: serde_json::Value| {
        app.request(Method::PATCH, "/api/v1/organization")
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let bad = patch(json!({"brand_color": "teal"})).await.unwrap();
    assert_eq!(
        expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field(),
        Some("brand_color")
    );
    let bad = patch(json!({"logo_url": "javascript:alert(1)"}))
        .await
        .unwrap();
    assert_eq!(
        expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field(),
        Some("logo_url")
    );
    let ok = patch(json!({"brand_color": "#0F766E", "name": "Teal Co", "logo_url": "https://cdn.example.com/l.png"})).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let me: UserDto = json(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    let org = me.organization.unwrap();
    assert_eq!(
        (org.name.as_str(), org.brand_color.as_str()),
        ("Teal Co", "#0f766e")
    );
    assert_eq!(
        org.logo_url.as_deref(),
        Some("https://cdn.example.com/l.png")
    );

    // Changing the password needs the current one.
    let wrong = app
        .post_json("/api/v1/auth/password", &json!({"current_password": "nope nope nope", "new_password": "a brand new passphrase"}), Some(&token))
        .await;
    assert_eq!(
        expect_error(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field(),
        Some("current_password")
    );
    let weak = app
        .post_json(
            "/api/v1/auth/password",
            &json!({"current_password": GOOD_PASSWORD, "new_password": "short"}),
            Some(&token),
        )
        .await;
    assert_eq!(
        expect_error(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field(),
        Some("new_password")
    );
    let changed = app
        .post_json(
            "/api/v1/auth/password",
            &json!({"current_password": GOOD_PASSWORD, "new_password": "a brand new passphrase"}),
            Some(&token),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    expect_error(
        app.login("brand@example.com", GOOD_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(
        app.login("brand@example.com", "a brand new passphrase")
            .await
            .status(),
        StatusCode::OK
    );
}
backend_test!(
    organisation_branding_and_password_change,
    organisation_branding_and_passwords
);

//! Registration, sign-in, refresh rotation and sign-out.

use super::*;

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
// Without the grace window for concurrent tabs (see trust/), so reuse is theft at once.
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

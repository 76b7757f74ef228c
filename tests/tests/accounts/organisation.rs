//! Organisation branding and password changes.

use super::*;

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

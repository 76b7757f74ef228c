//! Access tokens that are forged, expired or used for the wrong role.

use super::*;

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

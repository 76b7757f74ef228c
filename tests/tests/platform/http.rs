//! JSON 404s, the SPA fallback, security headers, health probes, the OpenAPI document.

use super::*;

async fn unknown_api_routes_are_json_404s(app: TestApp) {
    expect_error(
        app.get("/api/v1/no-such-thing", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        app.get("/api/nope", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // A path the API document lists, asked with another method: 405 naming the methods it
    // answers (path parameters match any id), as JSON.
    for (method, path, allowed) in [
        (Method::DELETE, "/api/v1/auth/login", "POST"),
        (Method::PUT, "/api/v1/interviews", "GET, POST"),
        (
            Method::DELETE,
            "/api/v1/jobs/7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90",
            "GET, PATCH",
        ),
        (Method::POST, "/api/v1/jobs/not-an-id", "GET, PATCH"),
        (Method::GET, "/integrations/greenhouse/send_test", "POST"),
    ] {
        let response = app.request(method.clone(), path).send().await.unwrap();
        assert_eq!(
            response
                .headers()
                .get("allow")
                .and_then(|v| v.to_str().ok()),
            Some(allowed),
            "{method} {path}"
        );
        expect_error(
            response,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        )
        .await;
    }
    // One segment more than any documented path is still unknown.
    expect_error(
        app.request(
            Method::GET,
            "/api/v1/jobs/7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90/nope",
        )
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
backend_test!(unknown_api_route_json_404, unknown_api_routes_are_json_404s);

/// Ids in paths are parsed before anything runs: one that is not an id of ours names nothing
/// (a JSON 404), whoever asks, and is never looked up.
async fn malformed_ids_in_paths_are_json_404s(app: TestApp) {
    let recruiter = app
        .register("ids@acme.test", interview_flow_shared::Role::Recruiter)
        .await;
    for path in [
        "/api/v1/interviews/not-an-id",
        "/api/v1/interviews/%27%20OR%201%3D1%20--/report",
        "/api/v1/jobs/12345",
        "/api/v1/applications/6c1f/resume",
    ] {
        let response = app.get(path, Some(recruiter.token())).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}: {body}");
        // Refused by the path's id type, not by a lookup that found nothing.
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("is not a valid"), "{path}: {body}");
    }
    // A well-formed id that names nothing is the same status, from the lookup.
    expect_error(
        app.get(
            "/api/v1/interviews/0b6f3a5e-8d4c-4b1e-9f2a-1c3d5e7f9a0b",
            Some(recruiter.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
backend_test!(malformed_path_ids, malformed_ids_in_paths_are_json_404s);

async fn spa_is_served_with_security_headers(app: TestApp) {
    for path in [
        "/",
        "/dashboard/jobseeker",
        "/interview/ready/5f0c7a8e-0000-4000-8000-000000000000",
    ] {
        let response = app.get(path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.contains("'unsafe-eval'"), "{csp}");
        // The inline bootstrap script is allowed by its hash, nothing else inline.
        assert!(csp.contains("'sha256-"), "{csp}");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers.contains_key("x-request-id"));
        assert_eq!(response.text().await.unwrap(), FAKE_INDEX_HTML, "{path}");
    }
    let asset = app.get("/app.js", None).await;
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(asset.text().await.unwrap().contains("export default"));
    // API answers carry the same headers and a request id.
    let api = app.get("/api/v1/me", None).await;
    assert_eq!(api.headers()["referrer-policy"], "no-referrer");
    let request_id = api.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(request_id).is_ok(), "{request_id}");
}
backend_test!(
    spa_fallback_and_security_headers,
    spa_is_served_with_security_headers
);

async fn health_and_readiness(app: TestApp) {
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status(), StatusCode::OK);
    let body: serde_json::Value = ready.json().await.unwrap();
    let expected = match app.backend {
        interview_flow_tests::Backend::Sqlite => "sqlite",
        interview_flow_tests::Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
}
backend_test!(healthz_and_readyz, health_and_readiness);

async fn openapi_documents_every_route(app: TestApp) {
    let response = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: serde_json::Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let routes = registered_routes();
    assert!(routes.len() > 50, "{routes:?}");
    let missing: Vec<String> = routes
        .iter()
        .filter(|(method, path)| !doc["paths"][path][method].is_object())
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes missing from the OpenAPI document: {missing:?}"
    );
    // And nothing documented that the server does not answer (a path prefixed twice, say).
    let documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    let extra: Vec<_> = documented
        .iter()
        .filter(|route| !routes.contains(route))
        .collect();
    assert!(extra.is_empty(), "documented but not registered: {extra:?}");
    assert_eq!(documented.len(), routes.len());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let page = app.get("/api/docs", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("/api/v1/auth/register") && html.contains("Interview Flow API"));
}
backend_test!(openapi_and_docs_page, openapi_documents_every_route);

/// Every handler's route, read from the `#[get("…")]`-style attributes under
/// crates/api/src/routes with the scope its folder is mounted under: the OpenAPI document
/// can't silently miss one.
fn registered_routes() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/api/src/routes");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut routes = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .to_string();
        // The document and its page describe the API; they are not part of it.
        if relative == "docs.rs" {
            continue;
        }
        let scope = if relative == "health.rs" {
            ""
        } else if relative.starts_with("greenhouse/") {
            "/integrations/greenhouse"
        } else {
            "/api/v1"
        };
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            for method in ["get", "post", "patch", "put", "delete"] {
                if let Some(rest) = line.trim().strip_prefix(&format!("#[{method}(\"")) {
                    let path = rest.split('"').next().unwrap();
                    routes.push((method.to_string(), format!("{scope}{path}")));
                }
            }
        }
    }
    routes.sort();
    routes
}

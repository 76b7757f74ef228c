//! The OpenAPI document names every status the server answers: each documented operation is
//! called as a stranger (no credentials), as a recruiter and as a candidate, with unknown ids
//! in its path and, where it takes a JSON body, a body that is not JSON. Whatever the server
//! answers must be one of the statuses the operation documents. These requests are what
//! integrators' generated clients meet first (401 without a token, 404 for a stale id, 400
//! for a broken body), and an undocumented one is where a client breaks.

use super::*;
use interview_flow_shared::Role;

/// `path` with every `{param}` replaced by a well-formed id that names nothing.
fn with_unknown_ids(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|i| start + i + 1).unwrap();
        out.push_str("7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

async fn documented_statuses_are_the_ones_answered(app: TestApp) {
    let doc: serde_json::Value = app
        .get("/api/v1/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let recruiter = app
        .register("probe-recruiter@example.com", Role::Recruiter)
        .await;
    let candidate = app
        .register("probe-candidate@example.com", Role::Candidate)
        .await;
    let callers = [
        ("a stranger", None),
        ("a recruiter", Some(recruiter.auth.access_token.clone())),
        ("a candidate", Some(candidate.auth.access_token.clone())),
    ];
    let mut undocumented = Vec::new();
    let mut probes = 0;
    // Generated clients name their methods after operationIds: each is there, unique, and
    // each operation has a tag to group it.
    let mut operation_ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(
                !id.is_empty() && operation_ids.insert(id.to_string()),
                "{method} {path}: operationId {id:?} missing or repeated"
            );
            assert!(operation["tags"][0].is_string(), "{method} {path}: no tag");
        }
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            // Signing out would end the probing sessions; it answers 204 to anyone anyway.
            if path == "/api/v1/auth/logout" {
                continue;
            }
            let documented: BTreeSet<&str> = operation["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let json_body = operation["requestBody"]["content"]["application/json"].is_object();
            for (who, token) in &callers {
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let mut request = app.request(method.clone(), &with_unknown_ids(path));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                if json_body {
                    request = request
                        .header("content-type", "application/json")
                        .body("{\"not json");
                }
                let status = request.send().await.unwrap().status();
                probes += 1;
                if !documented.contains(status.as_str()) {
                    undocumented.push(format!(
                        "{method} {path} as {who}: {status} (documented: {documented:?})"
                    ));
                }
            }
        }
    }
    assert!(probes > 150, "only {probes} probes");
    assert!(
        undocumented.is_empty(),
        "answers the OpenAPI document does not list:\n{}",
        undocumented.join("\n")
    );
    // The extractors' statuses carry the error schema, and a key's 429 names Retry-After.
    let interviews = &doc["paths"]["/api/v1/interviews"]["post"]["responses"];
    for status in ["400", "401", "403", "409", "413", "415", "422", "429"] {
        assert_eq!(
            interviews[status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody",
            "POST /interviews {status}"
        );
    }
    assert!(interviews["429"]["headers"]["Retry-After"].is_object());
    let parameters = doc["paths"]["/api/v1/interviews"]["post"]["parameters"]
        .as_array()
        .unwrap();
    assert!(
        parameters
            .iter()
            .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"),
        "{parameters:?}"
    );
}
backend_test!(
    documented_statuses_match_answers,
    documented_statuses_are_the_ones_answered
);

//! `ApiJson<T>`: a JSON body extractor whose failures are our JSON errors: a body over the
//! limit → 413, not JSON → 400 saying where it broke, a missing or mistyped field → 422
//! naming the field, a control character (NUL, ESC…) in any string or key → 422 naming its
//! path. [`reject_control_characters`] does the same for every path (404) and query string (422).

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError, web};
use bytes::BytesMut;
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use interview_flow_shared::validation::{control_character_message, is_forbidden_control};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors::ApiError;
use crate::state::AppState;

const FALLBACK_LIMIT: usize = 64 * 1024;

pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + Serialize + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map(|state| state.settings.json_body_limit_bytes)
            .unwrap_or(FALLBACK_LIMIT);
        let content_type_ok = match req.mime_type() {
            Ok(Some(mime)) => {
                mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json")
            }
            // No Content-Type: be liberal, the body is still parsed as JSON.
            Ok(None) => true,
            Err(_) => false,
        };
        let declared_len = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::UnsupportedMediaType {
                    message: "Send the request body as JSON with Content-Type: application/json."
                        .into(),
                });
            }
            if declared_len.is_some_and(|len| len > limit) {
                return Err(too_large(limit));
            }
            let mut body = BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| ApiError::BadRequest {
                    code: "bad_body",
                    message: format!("The request body could not be read: {e}"),
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(too_large(limit));
                }
                body.extend_from_slice(&chunk);
            }
            parse_json(&body).map(ApiJson)
        })
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::PayloadTooLarge {
        message: format!("The request body is larger than the {limit}-byte limit."),
    }
}

/// Parses a JSON body, classifying failures as described in the module docs.
pub fn parse_json<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadRequest {
            code: "malformed_json",
            message: "The request body is empty; send a JSON object.".into(),
        });
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let message = inner.to_string();
                let field = missing_field(&message)
                    .map(|name| {
                        if path == "." {
                            name.to_string()
                        } else {
                            format!("{path}.{name}")
                        }
                    })
                    .unwrap_or(path);
                ApiError::Validation {
                    message: format!(
                        "Invalid value for \"{field}\": {}",
                        strip_position(&message)
                    ),
                    field,
                }
            }
            _ => ApiError::BadRequest {
                code: "malformed_json",
                message: format!("The request body is not valid JSON: {inner}."),
            },
        }
    })?;
    deserializer.end().map_err(|e| ApiError::BadRequest {
        code: "malformed_json",
        message: format!("The request body has trailing characters after the JSON value: {e}."),
    })?;
    // Every string the request carries into the API, not only the fields a parse function
    // checks: a NUL would make PostgreSQL fail (and SQLite store it), so both backends refuse
    // it here alike. Read from what was parsed, so unknown fields (ignored, never stored) are
    // not held against the request: the document allows them.
    let document = serde_json::to_value(&value)
        .map_err(|e| ApiError::internal(format!("a parsed request does not serialise: {e}")))?;
    if let Some(field) = control_character_path(&document, "") {
        return Err(ApiError::Validation {
            message: control_character_message(&field),
            field,
        });
    }
    Ok(value)
}

/// The path (`candidate.full_name`, `required_skills[2]`) of the first string or object key
/// holding a forbidden control character; a bad key is named by its object's path.
fn control_character_path(value: &Value, path: &str) -> Option<String> {
    let bad = |text: &str| text.chars().any(is_forbidden_control);
    match value {
        Value::String(text) => bad(text).then(|| path_or_body(path)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| control_character_path(item, &format!("{path}[{index}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            if bad(key) {
                return Some(path_or_body(path));
            }
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            control_character_path(item, &child)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

fn path_or_body(path: &str) -> String {
    if path.is_empty() {
        "body".into()
    } else {
        path.to_string()
    }
}

/// Middleware: refuses a request whose (percent-decoded) path or query string holds a
/// forbidden control character, before any handler passes it to the database: 404 for the
/// path, 422 naming the query parameter.
pub async fn reject_control_characters(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(field) = control_character_in_uri(req.path(), req.query_string()) {
        // A path holding one names nothing we have (as a malformed id does): 404. A query
        // parameter is a bad value: 422 naming it.
        let error = if field == "path" {
            ApiError::not_found("There is no such resource: the path holds a control character.")
        } else {
            ApiError::Validation {
                message: control_character_message(&field),
                field,
            }
        };
        // A response, not an error, so the outer middleware still adds its headers.
        return Ok(req
            .into_response(error.error_response())
            .map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

fn control_character_in_uri(path: &str, query: &str) -> Option<String> {
    let bad = |text: &str| text.chars().any(is_forbidden_control);
    if bad(&String::from_utf8_lossy(&percent_decode(path))) {
        return Some("path".into());
    }
    // A query string that does not decode is left to the route's own extractor (400).
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query).ok()?;
    pairs.into_inner().into_iter().find_map(|(name, value)| {
        if bad(&name) {
            Some("query".into())
        } else if bad(&value) {
            Some(name)
        } else {
            None
        }
    })
}

/// `%XX` escapes decoded (anything malformed is kept as it is).
fn percent_decode(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    decoded
}

fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Body {
        email: String,
        count: u32,
    }

    fn field_of(err: ApiError) -> String {
        match err {
            ApiError::Validation { field, .. } => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn classifies_failures() {
        assert!(matches!(
            parse_json::<Body>(b"{\"email\": "),
            Err(ApiError::BadRequest { .. })
        ));
        assert!(matches!(
            parse_json::<Body>(b""),
            Err(ApiError::BadRequest { .. })
        ));
        assert_eq!(
            field_of(parse_json::<Body>(b"{\"count\": 1}").unwrap_err()),
            "email"
        );
        assert_eq!(
            field_of(parse_json::<Body>(b"{\"email\": \"a\", \"count\": \"x\"}").unwrap_err()),
            "count"
        );
        assert!(parse_json::<Body>(b"{\"email\": \"a\", \"count\": 2}").is_ok());
    }

    #[test]
    fn control_characters_are_refused_with_their_path() {
        #[derive(Debug, serde::Deserialize, serde::Serialize)]
        struct Nested {
            candidate: serde_json::Value,
            tags: Vec<String>,
        }
        let field = |body: &[u8]| field_of(parse_json::<Nested>(body).unwrap_err());
        assert_eq!(
            field(br#"{"candidate": {"full_name": "Ann\u0000"}, "tags": []}"#),
            "candidate.full_name"
        );
        assert_eq!(
            field(br#"{"candidate": {}, "tags": ["ok", "bad\u001b"]}"#),
            "tags[1]"
        );
        assert_eq!(
            field(br#"{"candidate": {"x\u0000": 1}, "tags": []}"#),
            "candidate"
        );
        assert!(
            parse_json::<Nested>(br#"{"candidate": {"note": "a\r\n\tb"}, "tags": []}"#).is_ok()
        );
        // A field the request type does not have is ignored, whatever it holds: it is never
        // read or stored.
        assert!(
            parse_json::<Nested>(br#"{"candidate": {}, "tags": [], "x\u0000": "\u0000"}"#).is_ok()
        );
        assert_eq!(
            control_character_in_uri("/api/v1/jobs", "q=a%00b&limit=2").as_deref(),
            Some("q")
        );
        assert_eq!(
            control_character_in_uri("/api/v1/interviews/a%00b", "").as_deref(),
            Some("path")
        );
        assert_eq!(control_character_in_uri("/api/v1/jobs", "q=a+b%0A"), None);
    }
}

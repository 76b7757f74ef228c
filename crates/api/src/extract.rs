//! `ApiJson<T>`: a JSON body extractor whose failures are our JSON errors: a body over the
//! limit → 413, not JSON → 400 saying where it broke, a missing or mistyped field → 422
//! naming the field.

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use bytes::BytesMut;
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::errors::ApiError;
use crate::state::AppState;

const FALLBACK_LIMIT: usize = 64 * 1024;

pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
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
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
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
    Ok(value)
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

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
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
}

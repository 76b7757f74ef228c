//! What an extractor answers before a handler runs, documented once by the extractor's own
//! type. A route lists the types of its signature in `responses(...)` (`Recruiter`,
//! `InterviewId`, `ApiJson<T>`, `QueryString`), then only the outcomes of its own logic as
//! tuples; a tuple for a status the types document replaces that description with the
//! route's more precise one. [`IdempotencyKey`] is also the header's parameter (`params(...)`).

use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{Object, ObjectBuilder, Ref, Type};
use utoipa::openapi::{ContentBuilder, RefOr};
use utoipa::{IntoParams, IntoResponses};

use crate::auth::principal::Candidate;
use crate::auth::{AuthRateLimiter, AuthenticatedUser, InterviewUser, OrgAdmin, Recruiter};
use crate::domain::ids::{ApplicationId, InterviewId, JobId};
use crate::extract::ApiJson;
use crate::services::idempotency;

const SIGNED_OUT: &str =
    "Not signed in, or the access token is invalid or expired (`not_signed_in`, `invalid_token`)";
const KEY_OR_SIGNED_OUT: &str = "Not signed in, an invalid or expired access token, or an API key that is not valid or has been revoked (`not_signed_in`, `invalid_token`, `invalid_api_key`)";
const KEY_RATE_LIMITED: &str =
    "The API key's request budget is spent (`rate_limited`); retry after `Retry-After` seconds";

/// `{"error": …}` with `description`; 429 also names its `Retry-After` header.
fn error_response(status: u16, description: &str) -> Response {
    let mut response = ResponseBuilder::new().description(description).content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorBody")))
            .build(),
    );
    if status == 429 {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Object::with_type(Type::Integer))
                .description(Some("Seconds until the budget is renewed"))
                .build(),
        );
    }
    response.build()
}

fn errors(list: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    list.iter()
        .map(|(status, description)| {
            (
                status.to_string(),
                RefOr::T(error_response(*status, description)),
            )
        })
        .collect()
}

/// One row per extractor: the type, then each status it can answer with its reason.
macro_rules! rejections {
    ($($ty:ty => [$($status:literal: $description:expr),* $(,)?];)*) => {$(
        impl IntoResponses for $ty {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                errors(&[$(($status, $description)),*])
            }
        }
    )*};
}

/// The query string's own checks: a value of the wrong type is 400 `invalid_query`, a bad
/// cursor or an out-of-range `limit` is 422, and so is a control character anywhere in it.
pub struct QueryString;

/// A `multipart/form-data` upload that cannot be read as one (wrong Content-Type, a broken
/// part): 400 `bad_multipart`.
pub struct MultipartForm;

/// The optional `Idempotency-Key` header of a create (`services::idempotency`): a retry with
/// the same key and body replays the first result instead of creating a second.
pub struct IdempotencyKey;

impl IntoParams for IdempotencyKey {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name(idempotency::HEADER)
                .parameter_in(ParameterIn::Header)
                .description(Some(
                    "1 to 255 printable ASCII characters, kept 24 hours: a retried request with the same key and body returns the first result (header `Idempotent-Replayed: true`) instead of creating a second",
                ))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .max_length(Some(255))
                        .pattern(Some("^[ -~]*[!-~][ -~]*$")),
                ))
                .build(),
        ]
    }
}

rejections! {
    AuthenticatedUser => [
        401: SIGNED_OUT,
        403: "A session from an emailed interview link, which only opens its interview (`link_session`)",
    ];
    InterviewUser => [
        401: SIGNED_OUT,
        403: "A session from another interview's emailed link (`link_session`), or another user's interview (`not_your_interview`)",
    ];
    Candidate => [
        401: SIGNED_OUT,
        403: "Not a candidate (`wrong_role`), or a session from an emailed interview link (`link_session`)",
    ];
    Recruiter => [
        401: KEY_OR_SIGNED_OUT,
        403: "Not a recruiter of an organisation (`wrong_role`), a session from an emailed interview link (`link_session`), or a read-only API key on a change (`insufficient_scope`)",
        429: KEY_RATE_LIMITED,
    ];
    OrgAdmin => [
        401: KEY_OR_SIGNED_OUT,
        403: "Not a recruiter of an organisation (`wrong_role`), a session from an emailed interview link (`link_session`), or an API key without the admin scope (`insufficient_scope`)",
        429: KEY_RATE_LIMITED,
    ];
    JobId => [404: "No such job (or not a job id)"];
    ApplicationId => [404: "No such application in your organisation (or not an application id)"];
    InterviewId => [404: "No such interview (or not an interview id)"];
    AuthRateLimiter => [
        429: "Too many attempts from this client or for this account; retry after `Retry-After` seconds (`rate_limited`)",
    ];
    IdempotencyKey => [
        400: "An `Idempotency-Key` that is empty, too long or not printable ASCII (`invalid_idempotency_key`)",
        409: "A request with the same `Idempotency-Key` is still being processed (`idempotency_key_in_use`)",
        422: "The `Idempotency-Key` was already used with a different body (details.field is `Idempotency-Key`)",
    ];
    MultipartForm => [400: "Not a readable multipart/form-data body (`bad_multipart`)"];
    QueryString => [
        400: "A parameter of the wrong type (`invalid_query`)",
        422: "A bad `cursor`, a `limit` out of range, or a control character, named in details.field",
    ];
}

impl<T> IntoResponses for ApiJson<T> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        errors(&[
            (
                400,
                "The body is not JSON, or not one JSON value (`malformed_json`)",
            ),
            (
                413,
                "The body is larger than `JSON_BODY_LIMIT_BYTES` (`payload_too_large`)",
            ),
            (
                415,
                "A Content-Type other than JSON (`unsupported_media_type`)",
            ),
            (
                422,
                "A missing, mistyped or invalid field, or a control character in a string, named in details.field",
            ),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_points_at_the_error_schema_and_429_names_retry_after() {
        let responses = Recruiter::responses();
        assert_eq!(
            responses.keys().map(String::as_str).collect::<Vec<_>>(),
            ["401", "403", "429"]
        );
        let json = serde_json::to_value(&responses).unwrap();
        for status in ["401", "403", "429"] {
            assert_eq!(
                json[status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorBody"
            );
        }
        assert!(json["429"]["headers"]["Retry-After"].is_object());
        assert!(json["401"].get("headers").is_none());
        assert_eq!(
            ApiJson::<()>::responses()
                .keys()
                .cloned()
                .collect::<Vec<_>>(),
            ["400", "413", "415", "422"]
        );
    }
}

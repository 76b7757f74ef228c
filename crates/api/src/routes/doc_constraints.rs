//! Rules the server enforces on requests, written into the OpenAPI document from the code that
//! enforces them rather than by hand on each field: no string a client sends may hold a
//! control character other than line breaks and tabs (`extract::ApiJson`,
//! `extract::reject_control_characters`); `limit` is 1 to 100 and `cursor` has one form
//! (`db::cursor`); and each request field's own rule (lengths, patterns, ranges), from the
//! constants and patterns of `interview_flow_shared::validation` and `::patterns` that the
//! validators use (their unit test checks each pattern against its validator). Clients
//! generated from the document then refuse what the server would refuse, and property-based
//! testers generate only what it accepts.

use serde_json::{Map, Value, json};
use utoipa::openapi::OpenApi as OpenApiDoc;

use interview_flow_shared::jobs::{
    MAX_QUESTION_COUNT, MAX_TIME_LIMIT_MINUTES, MIN_QUESTION_COUNT, MIN_TIME_LIMIT_MINUTES,
};
use interview_flow_shared::validation::{
    MAX_COMPANY_LEN, MAX_EMAIL_LEN, MAX_EXTERNAL_ID_LEN, MAX_EXTERNAL_IDS, MAX_JOB_DESCRIPTION_LEN,
    MAX_JOB_TITLE_LEN, MAX_LANGUAGE_LEN, MAX_LOCATION_LEN, MAX_NAME_LEN, MAX_NOTE_LEN,
    MAX_PASSWORD_LEN, MAX_SKILL_LEN, MAX_SKILLS, MAX_URL_LEN, MIN_PASSWORD_LEN,
};
use interview_flow_shared::{InterviewStatus, WEBHOOK_EVENT_TYPES, patterns};

use crate::db::cursor::CURSOR_PATTERN;
use crate::services::api_keys::MAX_KEY_NAME_LEN;
use crate::services::interviews::MAX_OPENS_BEFORE_MINUTES;
use crate::services::sessions::MAX_ANSWER_CHARS;

/// Every character but the control characters `extract` refuses (Unicode `Cc` except
/// `\t`, `\n`, `\r`).
pub const NO_CONTROL_CHARACTERS: &str =
    "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

/// The collected document, as JSON, with the server-wide rules applied.
pub fn apply(document: &OpenApiDoc) -> Value {
    let mut json = serde_json::to_value(document).unwrap_or_else(|error| {
        tracing::error!(%error, "the OpenAPI document does not serialise");
        Value::Null
    });
    let request_schemas = request_schema_names(&json);
    for (schema, property, rule) in field_rules() {
        let pointer = match property {
            Some(property) => format!("/components/schemas/{schema}/properties/{property}"),
            None => format!("/components/schemas/{schema}"),
        };
        match json.pointer_mut(&pointer) {
            Some(target) => merge(target, rule),
            // A renamed field must not lose its rule silently (the unit test reads every one).
            None => tracing::error!(schema, ?property, "a request field rule names no field"),
        }
    }
    if let Some(paths) = json.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for operation in item.values_mut().filter_map(Value::as_object_mut) {
                constrain_parameters(path, operation);
                if let Some(content) = operation
                    .get_mut("requestBody")
                    .and_then(|body| body.get_mut("content"))
                    .and_then(|content| content.get_mut("application/json"))
                    .and_then(|media| media.get_mut("schema"))
                {
                    constrain_strings(content);
                }
            }
        }
    }
    if let Some(schemas) = json
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            if request_schemas.contains(name) {
                constrain_strings(schema);
            }
        }
    }
    json
}

/// Each request field's own rule, as the validator that reads it enforces it.
fn field_rules() -> Vec<(&'static str, Option<&'static str>, Value)> {
    let text = |min: usize, max: usize| json!({"minLength": min, "maxLength": max, "pattern": patterns::text_at_least(min)});
    let email = || json!({"maxLength": MAX_EMAIL_LEN, "pattern": patterns::EMAIL});
    let new_password = || json!({"minLength": MIN_PASSWORD_LEN, "maxLength": MAX_PASSWORD_LEN, "description": "At least 10 characters and not easily guessed (a common password, or one of fewer than 4 different characters, is refused with 422)."});
    let uuid = || json!({"format": "uuid"});
    let external_ids = || {
        json!({
            "maxProperties": MAX_EXTERNAL_IDS,
            "propertyNames": {"pattern": patterns::EXTERNAL_ID_NAME},
            "additionalProperties": {"type": "string", "minLength": 1, "maxLength": MAX_EXTERNAL_ID_LEN},
        })
    };
    let question_count = || json!({"minimum": MIN_QUESTION_COUNT, "maximum": MAX_QUESTION_COUNT});
    let time_limit =
        || json!({"minimum": MIN_TIME_LIMIT_MINUTES, "maximum": MAX_TIME_LIMIT_MINUTES});
    let skills = || json!({"maxItems": MAX_SKILLS, "items": {"maxLength": MAX_SKILL_LEN}});
    let language = || json!({"maxLength": MAX_LANGUAGE_LEN, "pattern": patterns::LANGUAGE});
    let description = || json!({"minLength": 20, "maxLength": MAX_JOB_DESCRIPTION_LEN, "pattern": patterns::DESCRIPTION});
    let location = || json!({"maxLength": MAX_LOCATION_LEN});
    let opens_before = || json!({"maximum": MAX_OPENS_BEFORE_MINUTES});
    let date_time = || json!({"format": "date-time"});
    vec![
        // Every `external_ids` field refers to this one map schema (`jobs::ExternalIds`).
        ("BTreeMap", None, external_ids()),
        ("RegisterRequest", Some("email"), email()),
        ("RegisterRequest", Some("password"), new_password()),
        ("RegisterRequest", Some("full_name"), text(1, MAX_NAME_LEN)),
        (
            "RegisterRequest",
            Some("company_name"),
            text(2, MAX_COMPANY_LEN),
        ),
        ("LoginRequest", Some("email"), email()),
        ("SetPasswordRequest", Some("new_password"), new_password()),
        ("PasswordResetRequest", Some("email"), email()),
        (
            "PasswordResetConfirmRequest",
            Some("new_password"),
            new_password(),
        ),
        ("InterviewSignInLinkRequest", Some("email"), email()),
        (
            "CreateApiKeyRequest",
            Some("name"),
            text(1, MAX_KEY_NAME_LEN),
        ),
        (
            "CreateApiKeyRequest",
            Some("scopes"),
            json!({"minItems": 1}),
        ),
        (
            "UpdateOrganizationRequest",
            Some("name"),
            text(2, MAX_COMPANY_LEN),
        ),
        (
            "UpdateOrganizationRequest",
            Some("logo_url"),
            json!({"maxLength": MAX_URL_LEN, "pattern": patterns::LOGO_URL}),
        ),
        (
            "UpdateOrganizationRequest",
            Some("brand_color"),
            json!({"pattern": patterns::BRAND_COLOR}),
        ),
        (
            "CreateJobRequest",
            Some("title"),
            text(3, MAX_JOB_TITLE_LEN),
        ),
        ("CreateJobRequest", Some("description"), description()),
        ("CreateJobRequest", Some("location"), location()),
        ("CreateJobRequest", Some("required_skills"), skills()),
        ("CreateJobRequest", Some("question_count"), question_count()),
        ("CreateJobRequest", Some("time_limit_minutes"), time_limit()),
        ("CreateJobRequest", Some("language"), language()),
        (
            "UpdateJobRequest",
            Some("title"),
            text(3, MAX_JOB_TITLE_LEN),
        ),
        ("UpdateJobRequest", Some("description"), description()),
        ("UpdateJobRequest", Some("location"), location()),
        ("UpdateJobRequest", Some("required_skills"), skills()),
        ("UpdateJobRequest", Some("question_count"), question_count()),
        ("UpdateJobRequest", Some("time_limit_minutes"), time_limit()),
        ("UpdateJobRequest", Some("language"), language()),
        ("CandidateInput", Some("full_name"), text(1, MAX_NAME_LEN)),
        ("CandidateInput", Some("email"), email()),
        ("CreateInterviewRequest", Some("job_id"), uuid()),
        ("CreateInterviewRequest", Some("application_id"), uuid()),
        ("CreateInterviewRequest", Some("scheduled_at"), date_time()),
        ("CreateInterviewRequest", Some("expires_at"), date_time()),
        (
            "CreateInterviewRequest",
            Some("opens_before_minutes"),
            opens_before(),
        ),
        (
            "CreateInterviewRequest",
            Some("note"),
            json!({"maxLength": MAX_NOTE_LEN}),
        ),
        (
            "RescheduleInterviewRequest",
            Some("scheduled_at"),
            date_time(),
        ),
        (
            "RescheduleInterviewRequest",
            Some("expires_at"),
            date_time(),
        ),
        (
            "RescheduleInterviewRequest",
            Some("opens_before_minutes"),
            opens_before(),
        ),
        ("AnswerRequest", Some("text"), text(1, MAX_ANSWER_CHARS)),
        ("IntegrityEventRequest", Some("at"), date_time()),
        (
            "CreateWebhookRequest",
            Some("events"),
            json!({"minItems": 1, "items": {"enum": WEBHOOK_EVENT_TYPES}}),
        ),
    ]
}

/// `rule` written into `target`, objects merged key by key.
fn merge(target: &mut Value, rule: Value) {
    match (target, rule) {
        (Value::Object(target), Value::Object(rule)) => {
            for (key, value) in rule {
                merge(target.entry(key).or_insert(Value::Null), value);
            }
        }
        (target, rule) => *target = rule,
    }
}

/// Query parameters with a rule of their own, by operation path and name.
fn parameter_rule(path: &str, name: &str) -> Option<Value> {
    match (path, name) {
        ("/api/v1/interviews", "status") => {
            let statuses: Vec<&str> = InterviewStatus::ALL.iter().map(|s| s.as_str()).collect();
            Some(json!({"pattern": patterns::comma_list(&statuses)}))
        }
        ("/api/v1/interviews", "job_id") => Some(json!({"format": "uuid"})),
        ("/api/v1/interviews", "external_id") => Some(json!({"pattern": patterns::KEY_VALUE})),
        _ => None,
    }
}

fn constrain_parameters(path: &str, operation: &mut Map<String, Value>) {
    let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for parameter in parameters {
        let name = parameter["name"].as_str().unwrap_or_default().to_string();
        let location = parameter["in"].as_str().unwrap_or_default().to_string();
        let Some(schema) = parameter.get_mut("schema").and_then(Value::as_object_mut) else {
            continue;
        };
        if let Some(rule) = parameter_rule(path, &name) {
            let mut target = Value::Object(std::mem::take(schema));
            merge(&mut target, rule);
            if let Value::Object(merged) = target {
                *schema = merged;
            }
        }
        match (location.as_str(), name.as_str()) {
            ("query", "limit") => {
                schema.insert("minimum".into(), json!(1));
                schema.insert(
                    "maximum".into(),
                    json!(interview_flow_shared::MAX_PAGE_LIMIT),
                );
            }
            ("query", "cursor") => {
                schema.insert("pattern".into(), json!(CURSOR_PATTERN));
            }
            _ => constrain_string(schema),
        }
    }
}

/// The component schemas a request body reaches, through `$ref`s at any depth.
fn request_schema_names(document: &Value) -> Vec<String> {
    let mut pending: Vec<String> = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for item in paths.values().filter_map(Value::as_object) {
            for operation in item.values() {
                collect_refs(&operation["requestBody"], &mut pending);
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    while let Some(name) = pending.pop() {
        if seen.contains(&name) {
            continue;
        }
        collect_refs(&document["components"]["schemas"][&name], &mut pending);
        seen.push(name);
    }
    seen
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            if let Some(name) = fields
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(name.to_string());
            }
            fields.values().for_each(|child| collect_refs(child, out));
        }
        Value::Array(items) => items.iter().for_each(|child| collect_refs(child, out)),
        _ => {}
    }
}

/// Every string schema under `schema` (properties, items, maps, alternatives).
fn constrain_strings(schema: &mut Value) {
    match schema {
        Value::Object(fields) => {
            constrain_string(fields);
            for (key, child) in fields.iter_mut() {
                // Examples and defaults are values, not schemas.
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    constrain_strings(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(constrain_strings),
        _ => {}
    }
}

/// A string schema without a stricter rule of its own (an enum, a format, a pattern) gets
/// the no-control-characters pattern.
fn constrain_string(schema: &mut Map<String, Value>) {
    let is_string = match schema.get("type") {
        Some(Value::String(kind)) => kind == "string",
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == "string"),
        _ => false,
    };
    let has_rule = ["enum", "format", "pattern", "const"]
        .iter()
        .any(|key| schema.contains_key(*key));
    if is_string && !has_rule {
        schema.insert("pattern".into(), json!(NO_CONTROL_CHARACTERS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_of_request_schemas_and_parameters_get_the_rules() {
        let document: OpenApiDoc = serde_json::from_value(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"post": {
                "parameters": [
                    {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer"}},
                    {"name": "cursor", "in": "query", "required": false, "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "required": false, "schema": {"type": ["string", "null"]}},
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}
                ],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Make"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Made"}}}}}
            }}},
            "components": {"schemas": {
                "Make": {"type": "object", "properties": {
                    "name": {"type": "string", "example": "x"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "kind": {"type": "string", "enum": ["a", "b"]},
                    "inner": {"$ref": "#/components/schemas/Inner"}
                }},
                "Inner": {"type": "object", "properties": {"note": {"type": "string"}}},
                "Made": {"type": "object", "properties": {"name": {"type": "string"}}}
            }}
        }))
        .unwrap();
        let json = apply(&document);
        let parameters = &json["paths"]["/things"]["post"]["parameters"];
        assert_eq!(parameters[0]["schema"]["minimum"], 1);
        assert_eq!(parameters[0]["schema"]["maximum"], 100);
        assert_eq!(parameters[1]["schema"]["pattern"], CURSOR_PATTERN);
        assert_eq!(parameters[2]["schema"]["pattern"], NO_CONTROL_CHARACTERS);
        assert!(parameters[3]["schema"].get("pattern").is_none());
        let schemas = &json["components"]["schemas"];
        assert_eq!(
            schemas["Make"]["properties"]["name"]["pattern"],
            NO_CONTROL_CHARACTERS
        );
        assert_eq!(
            schemas["Make"]["properties"]["tags"]["items"]["pattern"],
            NO_CONTROL_CHARACTERS
        );
        assert!(
            schemas["Make"]["properties"]["kind"]
                .get("pattern")
                .is_none()
        );
        assert_eq!(
            schemas["Inner"]["properties"]["note"]["pattern"],
            NO_CONTROL_CHARACTERS
        );
        // Responses are what we send, not what we accept.
        assert!(
            schemas["Made"]["properties"]["name"]
                .get("pattern")
                .is_none()
        );
    }

    #[test]
    fn every_field_rule_names_a_field_of_the_document() {
        use utoipa::OpenApi;
        let document = serde_json::to_value(super::super::docs::ApiDoc::openapi()).unwrap();
        for (schema, property, _) in field_rules() {
            let pointer = match property {
                Some(property) => format!("/components/schemas/{schema}/properties/{property}"),
                None => format!("/components/schemas/{schema}"),
            };
            assert!(document.pointer(&pointer).is_some(), "{pointer}");
        }
        let constrained = apply(&super::super::docs::ApiDoc::openapi());
        let email = &constrained["components"]["schemas"]["LoginRequest"]["properties"]["email"];
        assert_eq!(email["pattern"], patterns::EMAIL);
        assert_eq!(email["maxLength"], MAX_EMAIL_LEN);
    }
}

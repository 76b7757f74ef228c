//! Business operations. Handlers parse input into the domain types here and call these;
//! these talk to `db` through `db::run`, one unit of work each.

pub mod accounts;
pub mod api_keys;
pub mod applications;
pub mod context;
pub mod dashboards;
pub mod evaluation;
pub mod greenhouse;
pub mod idempotency;
pub mod interviews;
pub mod jobs;
pub mod mailer;
pub mod organizations;
pub mod queue;
pub mod reports;
pub mod sessions;
pub mod webhooks;

use chrono::{NaiveDateTime, SecondsFormat};
use interview_flow_shared::ExternalIds;

/// How times go on the wire: RFC 3339 in UTC.
pub fn rfc3339(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn external_ids_from_json(text: &str) -> ExternalIds {
    serde_json::from_str(text).unwrap_or_default()
}

pub fn external_ids_to_json(ids: &ExternalIds) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "{}".into())
}

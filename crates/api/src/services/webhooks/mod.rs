//! Outgoing webhooks, signed as Standard Webhooks
//! (<https://www.standardwebhooks.com/>): `webhook-id`, `webhook-timestamp` and
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.
//!
//! [`emit`] queues one delivery per subscribed endpoint inside the caller's transaction, each
//! with a `deliver_webhook` job; the job ([`deliver`]) POSTs it, retried on a fixed schedule
//! (`WEBHOOK_RETRY_SCHEDULE_SECS`) by the job queue. Delivery is at-least-once; receivers
//! deduplicate on `webhook-id`.
//!
//! Endpoints are guarded against server-side request forgery ([`crate::outbound`]): unless
//! `WEBHOOKS_ALLOW_PRIVATE_NETWORKS` is set, a URL must be https:// and every address its
//! host resolves to must be public — checked on registration and again before each attempt,
//! connecting only to the addresses checked, without redirects or proxies.

mod deliver;
mod destination;
mod emit;
mod endpoints;
mod signing;
#[cfg(test)]
mod tests;

use crate::errors::ApiError;
use std::time::Duration;

pub use deliver::deliver;
pub use emit::emit;
pub use endpoints::{create, disable, list, list_deliveries, redeliver, validate_events};
pub use signing::{generate_secret, secret_key, sign};

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const USER_AGENT: &str = "InterviewFlow-Webhooks/1";
const SECRET_PREFIX: &str = "whsec_";
const MAX_ENDPOINTS_PER_ORGANIZATION: usize = 20;
/// Longest error text kept in the delivery log.
const MAX_ERROR_LEN: usize = 500;

fn not_found() -> ApiError {
    ApiError::not_found("No such webhook endpoint.")
}

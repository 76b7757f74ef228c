//! Cross-cutting behaviour: JSON 404s, the SPA fallback, security headers, request ids,
//! health probes, the OpenAPI document, and the migrations (same versions, same schema on
//! both backends, safe to start concurrently).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use diesel::{Connection, PgConnection, RunQueryDsl};
use interview_flow_tests::{FAKE_INDEX_HTML, TestApp, backend_test, expect_error};
use reqwest::{Method, StatusCode};

mod documented_statuses;
mod enums;
mod http;
mod migrations;
mod schema;

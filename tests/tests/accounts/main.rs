//! Accounts and auth over HTTP, on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interview_flow_shared::{RefreshResponse, Role, UserDto};
use interview_flow_tests::{
    GOOD_PASSWORD, Session, TEST_JWT_SECRET, TestApp, TestOptions, backend_test, expect_error,
    json, refresh_set_cookie,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::json;

mod bodies_and_limits;
mod organisation;
mod sign_in;
mod tokens;

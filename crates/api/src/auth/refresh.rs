//! Refresh tokens: 256 random bits, given to the browser as an httpOnly cookie and stored
//! only as a SHA-256 hash.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use interview_flow_shared::REFRESH_COOKIE;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Path the cookie is scoped to: only the auth routes ever see it.
pub const COOKIE_PATH: &str = "/api/v1/auth";

/// A fresh random secret token (URL-safe base64, 43 characters).
pub fn generate_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// How a secret token is stored: hex SHA-256. High-entropy tokens need no salt or slow hash.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn cookie(token: &str, max_age_days: u32, secure: bool) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_string())
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(i64::from(max_age_days)))
        .finish()
}

pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = Cookie::build(REFRESH_COOKIE, "")
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .finish();
    cookie.make_removal();
    cookie
}

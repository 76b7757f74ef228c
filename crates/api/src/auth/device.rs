//! Device cookies: a browser that once signed in to an account with its password carries a
//! tag for that account (an HMAC of the address under the server's secret). Such a browser
//! is not held back by the per-account sign-in limit, so an attacker guessing passwords for
//! an address slows down only themselves, never the account's owner.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::refresh::COOKIE_PATH;

pub const DEVICE_COOKIE: &str = "if_device";
const DEVICE_COOKIE_DAYS: i64 = 365;

/// The tag for `email` (normalised) under `secret`.
fn tag(secret: &[u8], email: &str) -> String {
    // HMAC accepts keys of any length; the error arm cannot happen.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(b"interview-flow device\0");
    mac.update(email.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

pub fn cookie(secret: &[u8], email: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(DEVICE_COOKIE, tag(secret, email))
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(DEVICE_COOKIE_DAYS))
        .finish()
}

/// Whether this browser has signed in to `email` before.
pub fn is_known(req: &HttpRequest, secret: &[u8], email: &str) -> bool {
    let Some(presented) = req.cookie(DEVICE_COOKIE) else {
        return false;
    };
    let expected = tag(secret, email);
    // Constant-time comparison: the tag is a credential for skipping the limit.
    let (a, b) = (presented.value().as_bytes(), expected.as_bytes());
    !expected.is_empty()
        && a.len() == b.len()
        && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

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

/// The key that seals a token's successor: derived from the old token, which only its holder
/// (and not the database, which keeps hashes) knows.
fn successor_key(presented: &str) -> [u8; 32] {
    Sha256::digest(format!("interview-flow refresh successor\0{presented}").as_bytes()).into()
}

/// Seals `successor` so that only someone presenting `presented` can recover it.
pub fn seal_successor(presented: &str, successor: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(successor).ok()?;
    let key = successor_key(presented);
    (bytes.len() == key.len()).then(|| {
        bytes
            .iter()
            .zip(key)
            .map(|(b, k)| format!("{:02x}", b ^ k))
            .collect()
    })
}

/// The inverse of [`seal_successor`].
pub fn unseal_successor(presented: &str, sealed: &str) -> Option<String> {
    let key = successor_key(presented);
    if sealed.len() != key.len() * 2 || !sealed.is_ascii() {
        return None;
    }
    let bytes = (0..key.len())
        .map(|i| u8::from_str_radix(&sealed[i * 2..i * 2 + 2], 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    let plain: Vec<u8> = bytes.iter().zip(key).map(|(b, k)| b ^ k).collect();
    Some(URL_SAFE_NO_PAD.encode(plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_successor_opens_only_with_the_old_token() {
        let old = generate_token();
        let new = generate_token();
        let sealed = seal_successor(&old, &new).unwrap();
        assert_ne!(sealed, hash_token(&new));
        assert_eq!(
            unseal_successor(&old, &sealed).as_deref(),
            Some(new.as_str())
        );
        assert_ne!(
            unseal_successor(&generate_token(), &sealed).as_deref(),
            Some(new.as_str())
        );
        assert_eq!(unseal_successor(&old, "zz"), None);
    }
}

//! Organisation API keys: `ifk_` followed by 43 URL-safe characters (256 random bits). The
//! fixed prefix lets secret scanners recognise a leaked key; only its SHA-256 is stored.

use super::refresh::{generate_token, hash_token};

pub const KEY_PREFIX: &str = "ifk_";
/// How many leading characters of a key are kept to show in lists.
pub const DISPLAY_PREFIX_LEN: usize = 12;

/// A new key and what is stored of it: (key, display prefix, hash).
pub fn generate() -> (String, String, String) {
    let key = format!("{KEY_PREFIX}{}", generate_token());
    let prefix = key.chars().take(DISPLAY_PREFIX_LEN).collect();
    let hash = hash_token(&key);
    (key, prefix, hash)
}

pub fn looks_like_key(candidate: &str) -> bool {
    candidate.starts_with(KEY_PREFIX) && candidate.len() > KEY_PREFIX.len() + 20
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_prefixed_high_entropy_and_hashed() {
        let (key, prefix, hash) = generate();
        assert!(looks_like_key(&key));
        assert_eq!(key.len(), KEY_PREFIX.len() + 43);
        assert!(key.starts_with(&prefix));
        assert_eq!(hash, hash_token(&key));
        assert_ne!(generate().0, key);
    }
}

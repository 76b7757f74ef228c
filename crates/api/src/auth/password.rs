//! argon2id password hashing. CPU- and memory-heavy (19 MiB per hash): the free functions
//! run on the calling thread; requests go through [`PasswordHasher`], which bounds how many
//! hashes run at once.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use tokio::sync::Semaphore;

use crate::errors::ApiError;
use crate::settings::Settings;

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// False for a wrong password or an unparsable hash.
pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Verifying against this when the account does not exist (or has no password) makes a
/// wrong email cost as long as a wrong password, so timing does not reveal which accounts exist.
pub fn burn_verification_time(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    if let Some(hash) = DUMMY.get_or_init(|| hash_password("not-a-real-account-password").ok()) {
        let _ = verify_password(hash, password);
    }
}

/// Runs hashes on the blocking pool, at most `concurrency` at a time. Unbounded, a burst of
/// sign-ins starts one 19 MiB hash per request and a small node runs out of memory; bounded,
/// the excess waits up to `max_wait` and then gets 503 with Retry-After.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    max_wait: Duration,
}

impl PasswordHasher {
    pub fn new(concurrency: usize, max_wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            max_wait,
        }
    }

    pub fn from_settings(settings: &Settings) -> Self {
        Self::new(
            settings.password_hash_concurrency,
            settings.password_hash_max_wait,
        )
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        Ok(self.run(move || hash_password(&password)).await??)
    }

    pub async fn verify(&self, hash: String, password: String) -> Result<bool, ApiError> {
        self.run(move || verify_password(&hash, &password)).await
    }

    /// As long as [`Self::verify`] takes, for an account that does not exist.
    pub async fn burn_verification_time(&self, password: String) -> Result<(), ApiError> {
        self.run(move || burn_verification_time(&password)).await
    }

    async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = match tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned())
            .await
        {
            Ok(Ok(permit)) => permit,
            Ok(Err(closed)) => return Err(ApiError::internal(format!("hash permits: {closed}"))),
            Err(_elapsed) => {
                tracing::warn!(
                    max_wait_ms = self.max_wait.as_millis() as u64,
                    "password hashing at capacity; shedding a request"
                );
                return Err(ApiError::Overloaded {
                    retry_after_secs: self.max_wait.as_secs().max(1),
                });
            }
        };
        tokio::task::spawn_blocking(move || {
            // Held until the hash is done, even if the request is dropped meanwhile.
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| ApiError::internal(format!("password hashing task failed: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "wrong horse battery"));
        assert!(!verify_password("garbage", "anything"));
    }

    #[tokio::test]
    async fn a_full_hasher_sheds_after_its_wait() {
        let hasher = PasswordHasher::new(1, Duration::from_millis(20));
        let held = hasher.permits.clone().acquire_owned().await.unwrap();
        let refused = hasher.hash("correct horse battery".into()).await;
        assert!(
            matches!(
                refused,
                Err(ApiError::Overloaded {
                    retry_after_secs: 1
                })
            ),
            "{refused:?}"
        );
        drop(held);
        let hash = hasher.hash("correct horse battery".into()).await.unwrap();
        assert!(
            hasher
                .verify(hash, "correct horse battery".into())
                .await
                .unwrap()
        );
    }
}

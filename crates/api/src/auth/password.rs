//! argon2id password hashing. CPU- and memory-heavy (19 MiB per hash): the free functions
//! run on the calling thread; requests go through [`PasswordHasher`], which bounds how many
//! hashes run at once and reuses their memory.

use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{Semaphore, oneshot};

use crate::errors::ApiError;
use crate::settings::Settings;

/// Argon2's working memory (19 MiB at the default parameters), kept by a hashing thread from
/// one hash to the next.
type HashMemory = Vec<Block>;

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    hash_with_memory(password, &mut HashMemory::new())
}

/// False for a wrong password or an unparsable hash.
pub fn verify_password(hash: &str, password: &str) -> bool {
    verify_with_memory(hash, password, &mut HashMemory::new())
}

/// Verifying against this when the account does not exist (or has no password) makes a
/// wrong email cost as long as a wrong password, so timing does not reveal which accounts exist.
pub fn burn_verification_time(password: &str) {
    burn_with_memory(password, &mut HashMemory::new());
}

/// The argon2id PHC string (default parameters, random salt), computed in `memory`.
/// Equivalent to `argon2::PasswordHasher::hash_password`, which allocates afresh each time.
fn hash_with_memory(password: &str, memory: &mut HashMemory) -> anyhow::Result<String> {
    let failed = |e| anyhow::anyhow!("password hashing failed: {e}");
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::default(), Version::default(), params.clone());
    let output = compute(&argon2, &params, password, salt.as_salt(), memory).map_err(failed)?;
    let hash = PasswordHash {
        algorithm: Algorithm::default().ident(),
        version: Some(Version::default().into()),
        params: ParamsString::try_from(&params).map_err(failed)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Recomputes with the algorithm, version, parameters and salt recorded in `hash` and
/// compares in constant time, as `argon2::PasswordVerifier::verify_password` does.
fn verify_with_memory(hash: &str, password: &str, memory: &mut HashMemory) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params.clone());
    match compute(&argon2, &params, password, salt, memory) {
        // `Output`'s equality is constant-time.
        Ok(computed) => computed == expected,
        Err(_) => false,
    }
}

fn burn_with_memory(password: &str, memory: &mut HashMemory) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        hash_with_memory("not-a-real-account-password", &mut HashMemory::new()).ok()
    });
    if let Some(hash) = dummy {
        let _ = verify_with_memory(hash, password, memory);
    }
}

fn compute(
    argon2: &Argon2<'_>,
    params: &Params,
    password: &str,
    salt: Salt<'_>,
    memory: &mut HashMemory,
) -> argon2::password_hash::Result<Output> {
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    // Grows once to the block count; shorter needs keep the allocation.
    memory.resize(params.block_count(), Block::default());
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    Output::init_with(output_len, |out| {
        Ok(argon2.hash_password_into_with_memory(
            password.as_bytes(),
            salt_bytes,
            out,
            &mut memory[..],
        )?)
    })
}

/// A job for the hashing threads, given the thread's working memory.
type HashJob = Box<dyn FnOnce(&mut HashMemory) + Send>;

/// Runs hashes on its own `concurrency` threads, at most `concurrency` at a time. Unbounded,
/// a burst of sign-ins starts one 19 MiB hash per request and a small node runs out of
/// memory; bounded, the excess waits up to `max_wait` and then gets 503 with Retry-After.
/// Each of its threads keeps one argon2 working memory and reuses it, so hashing holds
/// `concurrency` x 19 MiB however many requests come (allocating per hash on the shared
/// blocking pool left freed 19 MiB buffers resident in every allocator arena touched:
/// gigabytes after a burst).
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    max_wait: Duration,
    jobs: mpsc::Sender<HashJob>,
}

impl PasswordHasher {
    pub fn new(concurrency: usize, max_wait: Duration) -> anyhow::Result<Self> {
        let concurrency = concurrency.max(1);
        let (jobs, queue) = mpsc::channel::<HashJob>();
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..concurrency {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{index}"))
                .spawn(move || run_hash_jobs(&queue))
                .map_err(|e| anyhow::anyhow!("cannot start a password hashing thread: {e}"))?;
        }
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            max_wait,
            jobs,
        })
    }

    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        Self::new(
            settings.password_hash_concurrency,
            settings.password_hash_max_wait,
        )
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        Ok(self
            .run(move |memory| hash_with_memory(&password, memory))
            .await??)
    }

    pub async fn verify(&self, hash: String, password: String) -> Result<bool, ApiError> {
        self.run(move |memory| verify_with_memory(&hash, &password, memory))
            .await
    }

    /// As long as [`Self::verify`] takes, for an account that does not exist.
    pub async fn burn_verification_time(&self, password: String) -> Result<(), ApiError> {
        self.run(move |memory| burn_with_memory(&password, memory))
            .await
    }

    async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut HashMemory) -> T + Send + 'static,
    {
        let permit = match tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned())
            .await
        {
            Ok(Ok(permit)) => permit,
            Ok(Err(closed)) => return Err(ApiError::internal(format!("hash permits: {closed}"))),
            Err(_elapsed) => {
                // Not a warning per request: a storm would flood the log too.
                tracing::debug!("password hashing at capacity; shedding a request");
                return Err(ApiError::Overloaded {
                    retry_after_secs: self.max_wait.as_secs().max(1),
                });
            }
        };
        let (done, result) = oneshot::channel();
        let job: HashJob = Box::new(move |memory| {
            // Held until the hash is done, even if the request was dropped meanwhile.
            let _permit = permit;
            let _ = done.send(work(memory));
        });
        self.jobs
            .send(job)
            .map_err(|_| ApiError::internal("password hashing threads have stopped"))?;
        result
            .await
            .map_err(|_| ApiError::internal("password hashing job failed"))
    }
}

/// One hashing thread: runs jobs until every `PasswordHasher` handle is gone. A panicking
/// job is logged (its caller sees an error) and the thread carries on.
fn run_hash_jobs(queue: &Mutex<mpsc::Receiver<HashJob>>) {
    let mut memory = HashMemory::new();
    loop {
        let job = match queue.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut memory))).is_err() {
            tracing::error!("a password hashing job panicked");
        }
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

    /// Hashes made with reused memory are standard PHC strings, and verify either way.
    #[test]
    fn reused_memory_matches_the_argon2_crate() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let mut memory = HashMemory::new();
        let ours = hash_with_memory("correct horse battery", &mut memory).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        assert!(verify_with_memory(
            &theirs,
            "correct horse battery",
            &mut memory
        ));
        assert!(!verify_with_memory(
            &theirs,
            "wrong horse battery",
            &mut memory
        ));
        // Other parameters (an older or stronger hash) verify too, resizing the memory.
        let small = Params::new(1024, 1, 1, None).unwrap();
        let older = Argon2::new(Algorithm::Argon2i, Version::V0x10, small)
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(verify_with_memory(
            &older,
            "correct horse battery",
            &mut memory
        ));
        assert!(!verify_with_memory(
            &older,
            "correct horse batter",
            &mut memory
        ));
        assert!(verify_with_memory(
            &ours,
            "correct horse battery",
            &mut memory
        ));
    }

    #[tokio::test]
    async fn a_full_hasher_sheds_after_its_wait() {
        let hasher = PasswordHasher::new(1, Duration::from_millis(20)).unwrap();
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

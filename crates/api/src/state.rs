use std::sync::Arc;

use crate::auth::password::PasswordHasher;
use crate::auth::{AuthRateLimiter, JwtKeys, KeyRateLimiter};
use crate::services::context::Context;
use crate::settings::Settings;
use crate::workers::WorkerRegistry;

/// Shared by all handlers (as `web::Data<AppState>`). Holds handles only, no mutable
/// business state: anything that must survive a restart lives in the database.
pub struct AppState {
    pub settings: Arc<Settings>,
    /// What services work with: pool, links, AI engine and clock.
    pub context: Context,
    pub jwt: JwtKeys,
    pub auth_limiter: AuthRateLimiter,
    pub key_limiter: KeyRateLimiter,
    /// Bounds concurrent password hashes (memory and CPU).
    pub passwords: PasswordHasher,
    /// The background workers' heartbeats, for `/readyz`.
    pub workers: WorkerRegistry,
}

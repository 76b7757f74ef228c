//! Sign-in and registration limits per client IP and per account (email), with governor's
//! GCRA limiters. Per-node memory is fine here: a limit only needs to be approximately global.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::errors::ApiError;
use crate::settings::AuthRateLimits;

pub struct AuthRateLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl AuthRateLimiter {
    pub fn new(limits: AuthRateLimits) -> Self {
        let quota = |per_minute: u32| {
            Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
        };
        Self {
            per_ip: RateLimiter::keyed(quota(limits.per_ip_per_minute)),
            per_account: RateLimiter::keyed(quota(limits.per_account_per_minute)),
            clock: DefaultClock::default(),
        }
    }

    pub fn check_ip(&self, ip: IpAddr) -> Result<(), ApiError> {
        self.per_ip
            .check_key(&ip)
            .map_err(|not_until| self.limited(not_until.wait_time_from(self.clock.now())))
    }

    /// `account` is the normalised email.
    pub fn check_account(&self, account: &str) -> Result<(), ApiError> {
        self.per_account
            .check_key(&account.to_string())
            .map_err(|not_until| self.limited(not_until.wait_time_from(self.clock.now())))
    }

    fn limited(&self, wait: std::time::Duration) -> ApiError {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        ApiError::RateLimited {
            retry_after_secs: secs.max(1),
        }
    }

    /// Drops state of keys that are back to full allowance; call periodically.
    pub fn forget_idle_keys(&self) {
        self.per_ip.retain_recent();
        self.per_ip.shrink_to_fit();
        self.per_account.retain_recent();
        self.per_account.shrink_to_fit();
    }
}

/// Per-API-key request budget in fixed one-minute windows, so clients can be told exactly how
/// much is left (`RateLimit-*` headers).
pub struct KeyRateLimiter {
    per_minute: u32,
    windows: std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, u32)>>,
}

/// What the response headers say about a key's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitInfo {
    pub limit: u32,
    pub remaining: u32,
    pub reset_secs: u64,
}

impl KeyRateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            windows: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Counts one request; Err(info) when the budget of this window is spent.
    pub fn check(&self, key_id: &str) -> Result<RateLimitInfo, RateLimitInfo> {
        let now = std::time::Instant::now();
        let window = std::time::Duration::from_secs(60);
        let mut windows = match self.windows.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = windows.entry(key_id.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        let reset_secs = window
            .saturating_sub(now.duration_since(entry.0))
            .as_secs()
            .max(1);
        if entry.1 >= self.per_minute {
            return Err(RateLimitInfo {
                limit: self.per_minute,
                remaining: 0,
                reset_secs,
            });
        }
        entry.1 += 1;
        Ok(RateLimitInfo {
            limit: self.per_minute,
            remaining: self.per_minute - entry.1,
            reset_secs,
        })
    }
}

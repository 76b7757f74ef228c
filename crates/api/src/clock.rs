//! The server's clock. Services read "now" from the one in their `Context`, so every decision
//! about time (windows, deadlines, expiry, reminders) comes from one place, and a test can move
//! time forward instead of rewriting rows.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DurationRound, NaiveDateTime, TimeDelta, Utc};

/// The system clock in UTC, plus an offset that only `advance` changes (shared by every clone).
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    /// Now, in UTC, to the microsecond (what both databases store).
    pub fn now(&self) -> NaiveDateTime {
        let offset = TimeDelta::microseconds(self.offset_micros.load(Ordering::Relaxed));
        let now = Utc::now().naive_utc() + offset;
        now.duration_trunc(TimeDelta::microseconds(1))
            .unwrap_or(now)
    }

    /// Moves this clock and all its clones forward by `by` (a test's way to let time pass).
    pub fn advance(&self, by: TimeDelta) {
        let micros = by.num_microseconds().unwrap_or(i64::MAX);
        self.offset_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_clone() {
        let clock = Clock::system();
        let clone = clock.clone();
        let before = clone.now();
        clock.advance(TimeDelta::hours(2));
        let after = clone.now();
        assert!(after - before >= TimeDelta::hours(2), "{before} -> {after}");
        assert!(after - before < TimeDelta::hours(2) + TimeDelta::minutes(1));
    }

    #[test]
    fn now_is_whole_microseconds() {
        let now = Clock::system().now();
        assert_eq!(now.and_utc().timestamp_subsec_nanos() % 1_000, 0);
    }
}

//! The limits of one extraction and the running account against them.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How much work extracting one résumé's text may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractionLimits {
    /// PDF pages read; later pages are skipped (with a warning).
    pub max_pages: usize,
    /// Decompressed bytes, summed over every stream or zip entry read, each time it is
    /// read: a stream shared by many pages counts once per page.
    pub max_inflated_bytes: usize,
    /// Entries in a Word document's zip archive (real ones have a few dozen).
    pub max_zip_entries: usize,
    /// Wall-clock time from the creation of the budget.
    pub max_duration: Duration,
}

impl Default for ExtractionLimits {
    fn default() -> Self {
        Self {
            max_pages: 50,
            max_inflated_bytes: 8 * 1024 * 1024,
            max_zip_entries: 2_000,
            max_duration: Duration::from_millis(1_500),
        }
    }
}

/// Set when whoever asked for an extraction no longer wants it (the request is gone);
/// the extraction stops at its next check.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// A guard that cancels this flag when dropped: held by the request's future, it
    /// stops the extraction when that future is dropped (the client went away).
    pub fn cancel_on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

/// Cancels its flag when dropped (see [`CancelFlag::cancel_on_drop`]).
#[derive(Debug)]
pub struct CancelOnDrop(CancelFlag);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The limits of one extraction, with its deadline fixed and its cancellation flag.
#[derive(Debug, Clone)]
pub struct ExtractionBudget {
    limits: ExtractionLimits,
    deadline: Instant,
    cancel: CancelFlag,
}

impl ExtractionBudget {
    /// A budget whose clock starts now.
    pub fn new(limits: ExtractionLimits, cancel: CancelFlag) -> Self {
        Self {
            limits,
            deadline: Instant::now() + limits.max_duration,
            cancel,
        }
    }

    pub fn deadline(&self) -> Instant {
        self.deadline
    }
}

/// Why an extraction stopped before the end of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OverBudget {
    Bytes,
    Time,
    Cancelled,
    ZipEntries,
}

impl OverBudget {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Bytes => "decompressed bytes",
            Self::Time => "deadline",
            Self::Cancelled => "cancelled",
            Self::ZipEntries => "zip entries",
        }
    }
}

/// The running account of one extraction against its budget.
pub(super) struct Meter<'a> {
    budget: &'a ExtractionBudget,
    inflated: usize,
}

impl<'a> Meter<'a> {
    pub(super) fn new(budget: &'a ExtractionBudget) -> Self {
        Self {
            budget,
            inflated: 0,
        }
    }

    pub(super) fn limits(&self) -> &ExtractionLimits {
        &self.budget.limits
    }

    /// Fails once the request is gone or the deadline has passed.
    pub(super) fn check(&self) -> Result<(), OverBudget> {
        if self.budget.cancel.is_cancelled() {
            return Err(OverBudget::Cancelled);
        }
        if Instant::now() >= self.budget.deadline {
            return Err(OverBudget::Time);
        }
        Ok(())
    }

    /// Decompressed bytes still allowed.
    pub(super) fn remaining(&self) -> usize {
        self.limits()
            .max_inflated_bytes
            .saturating_sub(self.inflated)
    }

    /// Counts `bytes` more decompressed bytes, then checks the rest of the budget.
    pub(super) fn charge(&mut self, bytes: usize) -> Result<(), OverBudget> {
        self.inflated = self.inflated.saturating_add(bytes);
        if self.inflated > self.limits().max_inflated_bytes {
            return Err(OverBudget::Bytes);
        }
        self.check()
    }
}

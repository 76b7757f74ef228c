//! Background workers run under a supervisor: a panic (or an unexpected return) is logged
//! with the worker's name and the worker is started again after an exponential backoff, so
//! one bad row cannot silently stop email, webhooks or evaluation. Each worker beats a
//! heartbeat once per loop; `/readyz` reports a worker whose heartbeat is stale (wedged, or
//! crash-looping). Heartbeats are per process: readiness is a property of one node.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use futures_util::FutureExt;

/// One worker's liveness record.
#[derive(Debug)]
struct Entry {
    name: &'static str,
    stale_after: Duration,
    /// Milliseconds since the registry's `started`, at the last beat. A monotonic clock, so a
    /// wall-clock jump neither hides a wedged worker nor flags a healthy one.
    last_beat_ms: AtomicI64,
}

/// The handle a worker beats on each loop iteration.
#[derive(Debug, Clone)]
pub struct Heartbeat {
    entry: Arc<Entry>,
    started: Instant,
}

impl Heartbeat {
    pub fn beat(&self) {
        self.entry
            .last_beat_ms
            .store(millis_since(self.started), Ordering::Relaxed);
    }

    pub fn name(&self) -> &'static str {
        self.entry.name
    }
}

/// How one worker is doing, as `/readyz` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WorkerStatus {
    pub name: &'static str,
    pub last_beat_secs_ago: f64,
    pub stale_after_secs: f64,
    pub stale: bool,
}

/// Every worker of this process, registered when the application is built (held by
/// `AppState`, no globals).
#[derive(Debug)]
pub struct WorkerRegistry {
    started: Instant,
    entries: Vec<Arc<Entry>>,
}

impl Default for WorkerRegistry {
    fn default() -> Self {
        Self::new()
    }
}

impl WorkerRegistry {
    pub fn new() -> Self {
        Self {
            started: Instant::now(),
            entries: Vec::new(),
        }
    }

    /// Adds a worker, counted as having just beaten. It is stale once it goes
    /// `stale_after` without a beat.
    pub fn register(&mut self, name: &'static str, stale_after: Duration) -> Heartbeat {
        let entry = Arc::new(Entry {
            name,
            stale_after,
            last_beat_ms: AtomicI64::new(millis_since(self.started)),
        });
        self.entries.push(entry.clone());
        Heartbeat {
            entry,
            started: self.started,
        }
    }

    pub fn statuses(&self) -> Vec<WorkerStatus> {
        let now_ms = millis_since(self.started);
        self.entries
            .iter()
            .map(|entry| {
                let age_ms = now_ms.saturating_sub(entry.last_beat_ms.load(Ordering::Relaxed));
                let age = Duration::from_millis(u64::try_from(age_ms).unwrap_or(0));
                WorkerStatus {
                    name: entry.name,
                    last_beat_secs_ago: age.as_secs_f64(),
                    stale_after_secs: entry.stale_after.as_secs_f64(),
                    stale: age > entry.stale_after,
                }
            })
            .collect()
    }
}

fn millis_since(start: Instant) -> i64 {
    i64::try_from(start.elapsed().as_millis()).unwrap_or(i64::MAX)
}

/// How long to wait before restarting a worker that stopped.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
    /// A run at least this long counts as healthy: the next failure waits `initial` again.
    pub healthy_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(60),
            healthy_after: Duration::from_secs(60),
        }
    }
}

/// Runs the worker `factory` makes, for ever: when it panics or returns, logs an error naming
/// it and starts a fresh one after the backoff. Stops when its task is aborted (shutdown),
/// which drops the running worker with it.
pub async fn supervise<F, Fut>(heartbeat: Heartbeat, backoff: Backoff, mut factory: F)
where
    F: FnMut(Heartbeat) -> Fut,
    Fut: Future<Output = ()>,
{
    let worker = heartbeat.name();
    let mut delay = backoff.initial;
    loop {
        let started = Instant::now();
        // Nothing the worker shares is left half-updated by a panic: its state lives in the
        // database (transactions roll back) and in atomics.
        let outcome = AssertUnwindSafe(factory(heartbeat.clone()))
            .catch_unwind()
            .await;
        if started.elapsed() >= backoff.healthy_after {
            delay = backoff.initial;
        }
        match outcome {
            Ok(()) => tracing::error!(
                worker,
                restart_in_ms = delay.as_millis() as u64,
                "background worker stopped unexpectedly; restarting"
            ),
            Err(panic) => tracing::error!(
                worker,
                panic = panic_message(panic.as_ref()),
                restart_in_ms = delay.as_millis() as u64,
                "background worker panicked; restarting"
            ),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(backoff.max);
    }
}

fn panic_message(panic: &(dyn Any + Send)) -> &str {
    if let Some(message) = panic.downcast_ref::<&'static str>() {
        message
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message
    } else {
        "(not a string)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn fast_backoff() -> Backoff {
        Backoff {
            initial: Duration::from_millis(10),
            max: Duration::from_millis(40),
            healthy_after: Duration::from_secs(60),
        }
    }

    #[tokio::test]
    async fn a_panicking_worker_is_restarted() {
        let mut registry = WorkerRegistry::new();
        let heartbeat = registry.register("flaky", Duration::from_secs(10));
        let runs = Arc::new(AtomicUsize::new(0));
        let (second_run_tx, second_run_rx) = tokio::sync::oneshot::channel();
        let mut second_run_tx = Some(second_run_tx);
        let counted = runs.clone();
        let supervisor = tokio::spawn(supervise(heartbeat, fast_backoff(), move |heartbeat| {
            let run = counted.fetch_add(1, Ordering::SeqCst) + 1;
            let report = if run == 2 { second_run_tx.take() } else { None };
            async move {
                heartbeat.beat();
                if run == 1 {
                    panic!("first run fails");
                }
                if let Some(report) = report {
                    let _ = report.send(());
                }
                // A healthy worker loops for ever.
                std::future::pending::<()>().await;
            }
        }));
        tokio::time::timeout(Duration::from_secs(5), second_run_rx)
            .await
            .expect("restarted within 5 s")
            .unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        // It stays running: no third start.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        supervisor.abort();
    }

    #[tokio::test]
    async fn a_returning_worker_is_restarted_with_growing_backoff() {
        let mut registry = WorkerRegistry::new();
        let heartbeat = registry.register("quits", Duration::from_secs(10));
        let starts = Arc::new(std::sync::Mutex::new(Vec::<Instant>::new()));
        let recorded = starts.clone();
        let supervisor = tokio::spawn(supervise(heartbeat, fast_backoff(), move |_| {
            recorded.lock().unwrap().push(Instant::now());
            async {}
        }));
        let deadline = Instant::now() + Duration::from_secs(5);
        while starts.lock().unwrap().len() < 5 {
            assert!(Instant::now() < deadline, "five starts within 5 s");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        supervisor.abort();
        let starts = starts.lock().unwrap().clone();
        let gaps: Vec<Duration> = starts.windows(2).map(|w| w[1] - w[0]).collect();
        // 10, 20, 40, 40 ms (capped): never faster than the backoff.
        for (gap, least) in gaps.iter().zip([10u64, 20, 40, 40]) {
            assert!(*gap >= Duration::from_millis(least), "{gaps:?}");
        }
    }

    #[tokio::test]
    async fn a_worker_without_recent_beats_is_stale() {
        let mut registry = WorkerRegistry::new();
        let quick = registry.register("quick", Duration::from_millis(50));
        let _slow = registry.register("slow", Duration::from_secs(60));
        tokio::time::sleep(Duration::from_millis(80)).await;
        let stale: Vec<_> = registry
            .statuses()
            .into_iter()
            .filter(|s| s.stale)
            .map(|s| s.name)
            .collect();
        assert_eq!(stale, ["quick"]);
        quick.beat();
        assert!(registry.statuses().iter().all(|s| !s.stale));
    }
}

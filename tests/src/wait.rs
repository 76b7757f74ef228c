//! Waiting for something to happen, and time literals for SQL.

/// A timestamp literal both databases compare correctly with stored times.
pub fn sql_timestamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.naive_utc().format("%Y-%m-%d %H:%M:%S%.6f").to_string()
}

/// Polls `probe` (every 50 ms) until it gives a value, or fails the test after `timeout`
/// naming `what`: the one way tests wait for something to happen.
pub async fn eventually<T, F, Fut>(what: &str, timeout: std::time::Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    eventually_showing(what, timeout, || {
        let polled = probe();
        async move { polled.await.ok_or_else(String::new) }
    })
    .await
}

/// [`eventually`] for a probe that says what it saw while waiting (`Err(state)`): a failure
/// names the last state, so a timeout explains itself.
pub async fn eventually_showing<T, F, Fut>(
    what: &str,
    timeout: std::time::Duration,
    mut probe: F,
) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let last = match probe().await {
            Ok(value) => return value,
            Err(state) => state,
        };
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: not within {timeout:?}{}",
            if last.is_empty() {
                String::new()
            } else {
                format!(" (last seen: {last})")
            }
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

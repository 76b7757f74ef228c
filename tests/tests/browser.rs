//! Browser tests: the built SPA served by a real `interview-flow serve` process, driven in
//! headless Chromium (tests/browser/*.mjs), on SQLite and on PostgreSQL when
//! TEST_DATABASE_URL is set. Screenshots of every step go to ./artifacts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interview_flow_tests::Backend;
use interview_flow_tests::server::ServerProcess;

fn accounts_flow(backend: Backend) {
    let Some(server) = ServerProcess::start(backend, &[]) else {
        eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set");
        return;
    };
    server.run_browser_script(
        "accounts.mjs",
        &[("ARTIFACTS_SUFFIX", format!("{backend:?}"))],
    );
}

#[test]
fn accounts_in_the_browser_sqlite() {
    accounts_flow(Backend::Sqlite);
}

#[test]
fn accounts_in_the_browser_postgres() {
    accounts_flow(Backend::Postgres);
}

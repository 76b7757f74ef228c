//! Browser tests: the built SPA served by a real `interview-flow serve` process, driven in
//! headless Chromium (tests/browser/*.mjs), on SQLite and on PostgreSQL when
//! TEST_DATABASE_URL is set. Screenshots of every step go to ./artifacts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interview_flow_tests::Backend;
use interview_flow_tests::server::ServerProcess;

fn accounts_flow(backend: Backend) {
    let Some(server) = ServerProcess::start(backend, &[]) else {
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

/// The recruiter workspace and the candidate dashboard; the candidate confirms their address
/// with the verification email from the outbox before an interview is scheduled for it.
fn dashboards_flow(backend: Backend) {
    let Some(server) = ServerProcess::start(backend, &[]) else {
        return;
    };
    server.run_browser_script(
        "dashboards.mjs",
        &[
            ("ARTIFACTS_SUFFIX", format!("{backend:?}")),
            (
                "OUTBOX_DIR",
                server.data_dir.join("outbox").display().to_string(),
            ),
        ],
    );
}

#[test]
fn dashboards_in_the_browser_sqlite() {
    dashboards_flow(Backend::Sqlite);
}

#[test]
fn dashboards_in_the_browser_postgres() {
    dashboards_flow(Backend::Postgres);
}

/// Account trust flows: email verification (banner, resend, link), forgotten password (reset
/// link signs in), a signed-out visitor's emailed interview sign-in link, the interview-only
/// session it gives and how it becomes a full account; the script reads the outbox.
fn recovery_flow(backend: Backend) {
    let Some(server) = ServerProcess::start(backend, &[]) else {
        eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set");
        return;
    };
    server.run_browser_script(
        "recovery.mjs",
        &[
            ("ARTIFACTS_SUFFIX", format!("{backend:?}")),
            (
                "OUTBOX_DIR",
                server.data_dir.join("outbox").display().to_string(),
            ),
        ],
    );
}

#[test]
fn recovery_in_the_browser_sqlite() {
    recovery_flow(Backend::Sqlite);
}

#[test]
fn recovery_in_the_browser_postgres() {
    recovery_flow(Backend::Postgres);
}

/// The candidate's interview (ready page, room, typed answers, reload, completion, and the
/// permission-denied/text-only path); the script reads invitation emails from the outbox.
fn interview_flow(backend: Backend) {
    let Some(server) = ServerProcess::start(backend, &[]) else {
        return;
    };
    server.run_browser_script(
        "interview.mjs",
        &[
            ("ARTIFACTS_SUFFIX", format!("{backend:?}")),
            (
                "OUTBOX_DIR",
                server.data_dir.join("outbox").display().to_string(),
            ),
        ],
    );
}

#[test]
fn interview_in_the_browser_sqlite() {
    interview_flow(Backend::Sqlite);
}

#[test]
fn interview_in_the_browser_postgres() {
    interview_flow(Backend::Postgres);
}

/// Integrations: API keys (shown once, used from outside, revoked) and webhooks (server
/// validation, a signed ping to a receiver the script runs on 127.0.0.1, delivery log,
/// redelivery); private-network webhook URLs are allowed for the local receiver.
fn integrations_flow(backend: Backend) {
    let Some(server) = ServerProcess::start(
        backend,
        &[("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".into())],
    ) else {
        return;
    };
    server.run_browser_script(
        "integrations.mjs",
        &[("ARTIFACTS_SUFFIX", format!("{backend:?}"))],
    );
}

#[test]
fn integrations_in_the_browser_sqlite() {
    integrations_flow(Backend::Sqlite);
}

#[test]
fn integrations_in_the_browser_postgres() {
    integrations_flow(Backend::Postgres);
}

//! Test harness: the real application bound to port 0 over a fresh database per test, on
//! SQLite always and on PostgreSQL when `TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod server;
pub mod smtp;

mod actions;
mod app;
mod postgres;
mod session;
mod wait;

pub use app::{Backend, FAKE_INDEX_HTML, TestApp, TestOptions};
pub use postgres::{PostgresDatabase, postgres_admin_url, record_skip, running_in_ci};
pub use session::{Session, cookie_value, expect_error, json, refresh_set_cookie, set_cookie};
pub use wait::{eventually, eventually_showing, sql_timestamp};

pub const TEST_JWT_SECRET: &str = "test-secret-0123456789abcdef0123456789abcdef";
pub const GOOD_PASSWORD: &str = "correct horse battery";

/// Runs one async test body against each backend, as `mod name { fn sqlite; fn postgres }`.
#[macro_export]
macro_rules! backend_test {
    ($name:ident, $body:path) => {
        $crate::backend_test!($name, $body, $crate::TestOptions::default());
    };
    ($name:ident, $body:path, $options:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::TestApp::spawn($crate::Backend::Sqlite, $options)
                    .await
                    .expect("SQLite test app");
                $body(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = $crate::TestApp::spawn($crate::Backend::Postgres, $options).await
                else {
                    return;
                };
                $body(app).await;
            }
        }
    };
}

/// The SQLite and PostgreSQL variants of a test written as `async fn body(backend: Backend)`
/// (for tests that set the app up themselves): `on_both_backends!(body)` adds `sqlite` and
/// `postgres` test functions to the current module; `on_both_backends!(name => body)` puts
/// them in a module `name`.
#[macro_export]
macro_rules! on_both_backends {
    ($body:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn sqlite() {
            $body($crate::Backend::Sqlite).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn postgres() {
            $body($crate::Backend::Postgres).await;
        }
    };
    ($name:ident => $body:path) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $crate::on_both_backends!($body);
        }
    };
}

/// Like `backend_test!`, for `async fn body(app: TestApp, smtp: smtp::SmtpSink)`: the app
/// sends email to a real SMTP server on loopback, polling the outbox every 100 ms and
/// retrying after 1 s.
#[macro_export]
macro_rules! backend_test_with_smtp {
    ($name:ident, $body:path) => {
        $crate::backend_test_with_smtp!($name, $body, std::time::Duration::ZERO);
    };
    // `$smtp_delay`: how slowly the SMTP server answers after DATA.
    ($name:ident, $body:path, $smtp_delay:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run(backend: $crate::Backend) {
                let smtp = $crate::smtp::SmtpSink::start($smtp_delay).await;
                let Some(app) =
                    $crate::TestApp::spawn(backend, $crate::TestOptions::with_smtp(&smtp.url()))
                        .await
                else {
                    return;
                };
                $body(app, smtp).await;
            }

            $crate::on_both_backends!(run);
        }
    };
}

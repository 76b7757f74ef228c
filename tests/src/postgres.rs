//! PostgreSQL for tests: the admin URL, skipping without it, throw-away databases.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

/// Whether this run is CI's (`CI` set to anything but empty, `0` or `false`): there, a missing
/// service fails the test instead of skipping it.
pub fn running_in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// The PostgreSQL server tests create their databases on (`TEST_DATABASE_URL`). Without it the
/// PostgreSQL variant is skipped, visibly (see [`record_skip`]); under CI it fails instead.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            record_skip("TEST_DATABASE_URL is not set");
            None
        }
    }
}

/// Records that the running test skipped its work: printed, and appended to the file named by
/// `TEST_SKIP_LOG` so the test command can report how many were skipped and why. Under CI a
/// skip is a failure: every service the suite needs must be there.
pub fn record_skip(reason: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("unnamed test")
        .to_string();
    assert!(
        !running_in_ci(),
        "{test}: {reason}; CI is set, so this is a failure rather than a skip"
    );
    eprintln!("SKIPPED {test}: {reason}");
    if let Ok(path) = std::env::var("TEST_SKIP_LOG") {
        use std::io::Write;
        if let Ok(mut log) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(log, "{test}\t{reason}");
        }
    }
}

/// A throw-away PostgreSQL database, dropped with the test.
pub struct PostgresDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl PostgresDatabase {
    pub fn create(admin_url: &str) -> PostgresDatabase {
        let name = format!("if_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(admin_url).expect("connect to TEST_DATABASE_URL");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create test database");
        let mut url = url::Url::parse(admin_url).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&format!("/{name}"));
        PostgresDatabase {
            admin_url: admin_url.to_string(),
            url: url.to_string(),
            name,
        }
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the async test; do the blocking work on its own thread.
        let _ = std::thread::spawn(move || {
            if let Ok(mut admin) = PgConnection::establish(&admin_url) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        })
        .join();
    }
}

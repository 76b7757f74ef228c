//! Invalid settings stop the binary at start-up with one line naming the setting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn run_with(env: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile_dir();
    let mut command = Command::new(env!("CARGO_BIN_EXE_interview-flow"));
    command
        .arg("migrate")
        .env_clear()
        .env("DATA_DIR", &dir)
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("binary runs");
    let _ = std::fs::remove_dir_all(&dir);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).trim().to_string(),
    )
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("if-cli-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[test]
fn invalid_database_url_is_one_clear_line() {
    let (code, stderr) = run_with(&[("DATABASE_URL", "mysql://root@localhost/x")]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("invalid setting DATABASE_URL"), "{stderr}");
    assert!(
        stderr.contains("sqlite://") && stderr.contains("postgres://"),
        "{stderr}"
    );
}

#[test]
fn invalid_bind_addr_is_one_clear_line() {
    let (code, stderr) = run_with(&[("BIND_ADDR", "localhost:http")]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("invalid setting BIND_ADDR"), "{stderr}");
}

#[test]
fn weak_secret_is_refused_in_production() {
    let (code, stderr) = run_with(&[
        ("APP_ENV", "production"),
        ("PUBLIC_URL", "https://interviews.example.com"),
        ("JWT_SECRET", "changeme"),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid setting JWT_SECRET"), "{stderr}");
}

#[test]
fn unreachable_postgres_fails_with_a_clear_error() {
    let (code, stderr) = run_with(&[("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("cannot connect to the database"),
        "{stderr}"
    );
}

//! `cargo build --release -p interview-flow-api && cargo bench -p interview-flow-tests --bench login_storm`:
//! the memory of a real `interview-flow serve` process (release build, SQLite) while 500
//! sign-ins arrive at once, right and wrong passwords and unknown accounts. Each argon2id
//! hash needs 19 MiB; the server must stay well under 300 MB resident and give the memory
//! back (or reuse it) afterwards.
//!
//! Settings in the environment reach the server (e.g. `PASSWORD_HASH_CONCURRENCY`).
//! `INTERVIEW_FLOW_BIN` picks another binary, e.g. an older build to compare with.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use interview_flow_tests::server::{free_port, workspace_root};
use interview_flow_tests::{FAKE_INDEX_HTML, GOOD_PASSWORD};
use reqwest::StatusCode;
use serde_json::json;

const ATTEMPTS: usize = 500;
const STORMS: usize = 2;

struct Server {
    child: Child,
    base_url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn release_binary() -> PathBuf {
    std::env::var_os("INTERVIEW_FLOW_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/release/interview-flow"))
}

fn start_server() -> Server {
    let binary = release_binary();
    assert!(
        binary.is_file(),
        "{} is missing: run `cargo build --release -p interview-flow-api`",
        binary.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let static_dir = dir.path().join("dist");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::fs::write(static_dir.join("index.html"), FAKE_INDEX_HTML).unwrap();
    let port = free_port();
    let base_url = format!("http://127.0.0.1:{port}");
    let child = Command::new(&binary)
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("storm.db").display()),
        )
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("PUBLIC_URL", &base_url)
        .env("DATA_DIR", dir.path().join("data"))
        .env("STATIC_DIR", &static_dir)
        .env(
            "JWT_SECRET",
            "storm-secret-0123456789abcdef0123456789abcdef",
        )
        // A storm from many addresses: the per-IP and per-account limits must not be what
        // stops it here.
        .env("AUTH_RATE_LIMIT_PER_IP_PER_MINUTE", "1000000")
        .env("AUTH_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE", "1000000")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "server did not listen within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Server {
        child,
        base_url,
        _dir: dir,
    }
}

/// (VmRSS, VmHWM) of a process, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kib| kib.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Counts of 200, 401 and 503 answers, and the other outcomes by name.
async fn storm(
    client: &reqwest::Client,
    base_url: &str,
) -> (usize, usize, usize, BTreeMap<String, usize>) {
    let attempts = (0..ATTEMPTS).map(|i| {
        let (email, password) = match i % 3 {
            0 => ("storm@example.com", GOOD_PASSWORD),
            1 => ("storm@example.com", "wrong horse battery"),
            _ => ("nobody@example.com", "wrong horse battery"),
        };
        let request = client
            .post(format!("{base_url}/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}));
        async move { request.send().await.map(|r| r.status()) }
    });
    let (mut ok, mut unauthorized, mut shed) = (0, 0, 0);
    let mut other = BTreeMap::new();
    for result in futures_util::future::join_all(attempts).await {
        match result {
            Ok(StatusCode::OK) => ok += 1,
            Ok(StatusCode::UNAUTHORIZED) => unauthorized += 1,
            Ok(StatusCode::SERVICE_UNAVAILABLE) => shed += 1,
            Ok(status) => *other.entry(status.to_string()).or_default() += 1,
            Err(error) => *other.entry(format!("{error}")).or_default() += 1,
        }
    }
    (ok, unauthorized, shed, other)
}

fn main() {
    let server = start_server();
    let pid = server.child.id();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let registered = runtime.block_on(async {
        client
            .post(format!("{}/api/v1/auth/register", server.base_url))
            .json(&json!({
                "email": "storm@example.com",
                "password": GOOD_PASSWORD,
                "full_name": "Storm Person",
                "role": "candidate",
            }))
            .send()
            .await
    });
    assert_eq!(registered.unwrap().status(), StatusCode::CREATED);
    let (idle_kib, _) = memory_kib(pid);
    println!(
        "server pid {pid}, PASSWORD_HASH_CONCURRENCY={}: {:.1} MiB resident after one sign-up",
        std::env::var("PASSWORD_HASH_CONCURRENCY").unwrap_or_else(|_| "default (cores)".into()),
        mib(idle_kib)
    );

    // Sample resident memory while the storms run (VmHWM is the kernel's own peak).
    let sampling = Arc::new(AtomicBool::new(true));
    let sampled_peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let sampling = sampling.clone();
        let sampled_peak = sampled_peak.clone();
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                sampled_peak.fetch_max(memory_kib(pid).0, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    for round in 1..=STORMS {
        let started = Instant::now();
        let (ok, unauthorized, shed, other) = runtime.block_on(storm(&client, &server.base_url));
        let elapsed = started.elapsed();
        std::thread::sleep(Duration::from_secs(2));
        let (after_kib, hwm_kib) = memory_kib(pid);
        println!(
            "storm {round}: {ATTEMPTS} concurrent sign-ins in {:.1} s: {ok} ok, {unauthorized} rejected (401), {shed} shed (503), other: {other:?}; \
             peak {:.1} MiB (VmHWM {:.1} MiB), {:.1} MiB resident 2 s later",
            elapsed.as_secs_f64(),
            mib(sampled_peak.load(Ordering::Relaxed)),
            mib(hwm_kib),
            mib(after_kib),
        );
    }
    sampling.store(false, Ordering::Relaxed);
    sampler.join().unwrap();
    let (_, hwm_kib) = memory_kib(pid);
    let threads = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|line| line.starts_with("Threads:"))
        .map(|line| line.trim_start_matches("Threads:").trim().to_string())
        .unwrap_or_default();
    let verdict = if mib(hwm_kib) < 300.0 {
        "under"
    } else {
        "OVER"
    };
    println!(
        "peak resident memory {:.1} MiB: {verdict} the 300 MB budget ({threads} threads)",
        mib(hwm_kib)
    );
}

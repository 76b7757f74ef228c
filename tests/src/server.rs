//! A real `interview-flow serve` process for browser tests: its own port, data folder and
//! database (SQLite, or a fresh PostgreSQL database), serving the built SPA.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Backend, PostgresDatabase};

pub struct ServerProcess {
    pub base_url: String,
    pub data_dir: PathBuf,
    /// The server's database, for arranging a state the API can't reach quickly (see
    /// [`execute_sql`]).
    pub database_url: String,
    child: Child,
    _dir: tempfile::TempDir,
    _postgres: Option<PostgresDatabase>,
}

/// The workspace root (this package lives in `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The server binary: `INTERVIEW_FLOW_BIN`, else `target/debug/interview-flow`.
pub fn server_binary() -> PathBuf {
    std::env::var_os("INTERVIEW_FLOW_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/interview-flow"))
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl ServerProcess {
    /// Starts the server with extra settings; None when PostgreSQL is asked for but
    /// `TEST_DATABASE_URL` is not set.
    pub fn start(backend: Backend, extra_env: &[(&str, String)]) -> Option<ServerProcess> {
        let binary = server_binary();
        assert!(
            binary.is_file(),
            "{} is missing: run `cargo build -p interview-flow-api` (scripts/test does)",
            binary.display()
        );
        let static_dir = workspace_root().join("crates/web/dist");
        assert!(
            static_dir.join("index.html").is_file(),
            "the SPA is not built: run `trunk build --release --offline` (scripts/test does)"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let postgres = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(PostgresDatabase::create(&crate::postgres_admin_url()?)),
        };
        let database_url = match &postgres {
            Some(db) => db.url.clone(),
            None => format!("sqlite://{}", dir.path().join("e2e.db").display()),
        };
        // The port is chosen before the server binds it, so another process may take it in
        // between: then our server exits with "cannot listen" and we start it on another port.
        // Whatever answers on the port counts only once our server is seen still running.
        let mut attempts = 0;
        let (child, port) = loop {
            attempts += 1;
            let port = free_port();
            let mut command = Command::new(&binary);
            command
                .arg("serve")
                .env("DATABASE_URL", &database_url)
                .env("BIND_ADDR", format!("127.0.0.1:{port}"))
                .env("PUBLIC_URL", format!("http://127.0.0.1:{port}"))
                .env("DATA_DIR", dir.path().join("data"))
                .env("STATIC_DIR", &static_dir)
                .env("HTTP_WORKERS", "2")
                .env("AUTH_RATE_LIMIT_PER_IP_PER_MINUTE", "1000")
                .env("AUTH_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE", "1000")
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            for (name, value) in extra_env {
                command.env(name, value);
            }
            let mut child = command.spawn().expect("server starts");
            let deadline = Instant::now() + Duration::from_secs(30);
            let listening = loop {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    std::thread::sleep(Duration::from_millis(200));
                }
                if let Ok(Some(status)) = child.try_wait() {
                    let mut stderr = String::new();
                    if let Some(mut err) = child.stderr.take() {
                        let _ = err.read_to_string(&mut stderr);
                    }
                    if stderr.contains("cannot listen") && attempts < 5 {
                        break false;
                    }
                    panic!("server exited with {status}: {stderr}");
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    break true;
                }
                assert!(
                    Instant::now() < deadline,
                    "server did not listen within 30 s"
                );
                std::thread::sleep(Duration::from_millis(100));
            };
            if listening {
                break (child, port);
            }
        };
        let base_url = format!("http://127.0.0.1:{port}");
        let data_dir = dir.path().join("data");
        Some(ServerProcess {
            base_url,
            data_dir,
            database_url,
            child,
            _dir: dir,
            _postgres: postgres,
        })
    }

    /// Runs `node tests/browser/<script>` against this server; panics (pointing at the
    /// artifacts) if it fails.
    pub fn run_browser_script(&self, script: &str, extra_env: &[(&str, String)]) {
        let root = workspace_root();
        let artifacts = root.join("artifacts");
        let mut command = Command::new("node");
        command
            .arg(root.join("tests/browser").join(script))
            .current_dir(&root)
            .env("BASE_URL", &self.base_url)
            .env("ARTIFACTS_DIR", &artifacts);
        for (name, value) in extra_env {
            command.env(name, value);
        }
        let status = command
            .status()
            .expect("node runs (apt-get install nodejs)");
        assert!(
            status.success(),
            "browser test {script} failed; screenshots and console logs are under {}",
            artifacts.display()
        );
    }
}

/// Runs one SQL statement on a server process's database (time moved instead of waited for).
/// Blocking.
pub fn execute_sql(database_url: &str, statement: &str) {
    use diesel::RunQueryDsl;
    let url =
        interview_flow_api::settings::DatabaseUrl::parse(database_url).expect("a database URL");
    let pool = interview_flow_api::db::build_pool(&url, 1).expect("a pool");
    let mut conn = pool.get().expect("connection");
    diesel::sql_query(statement)
        .execute(&mut *conn)
        .expect("statement runs");
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

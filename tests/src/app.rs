//! The application under test: backends, options, spawning and plain requests.

use std::path::PathBuf;

use interview_flow_api::Application;
use interview_flow_api::settings::{RawSettings, Settings};
use reqwest::{Method, RequestBuilder, Response};
use serde::Serialize;

use super::TEST_JWT_SECRET;
use super::postgres::{PostgresDatabase, postgres_admin_url};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Knobs a test may turn; everything else is the production default.
#[derive(Debug, Clone)]
pub struct TestOptions {
    pub auth_per_ip_per_minute: u32,
    pub auth_per_account_per_minute: u32,
    pub json_body_limit_bytes: usize,
    /// Extra settings, as environment variable names and values.
    pub extra: Vec<(&'static str, String)>,
    /// Share another app's database instead of a fresh one (several nodes on one database).
    pub shared_database_url: Option<String>,
}

impl TestOptions {
    /// Email over SMTP at `url`, with a fast outbox worker.
    pub fn with_smtp(url: &str) -> TestOptions {
        TestOptions {
            extra: vec![
                ("SMTP_URL", url.to_string()),
                ("MAIL_FROM", "Acme Hiring <hiring@acme.test>".to_string()),
                ("EMAIL_POLL_INTERVAL_MS", "100".to_string()),
                ("EMAIL_RETRY_BASE_SECS", "1".to_string()),
                ("SMTP_TIMEOUT_SECS", "5".to_string()),
            ],
            ..TestOptions::default()
        }
    }
}

impl Default for TestOptions {
    fn default() -> Self {
        Self {
            auth_per_ip_per_minute: 10_000,
            auth_per_account_per_minute: 10_000,
            json_body_limit_bytes: 64 * 1024,
            extra: Vec::new(),
            shared_database_url: None,
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub backend: Backend,
    pub http: reqwest::Client,
    pub data_dir: PathBuf,
    pub settings: Settings,
    /// Direct database access, for arranging states the API cannot reach quickly (e.g. time).
    pub pool: interview_flow_api::db::DbPool,
    /// The server's clock: `advance` lets time pass for the services and workers.
    pub clock: interview_flow_api::clock::Clock,
    pub database_url: String,
    _dir: tempfile::TempDir,
    _postgres: Option<PostgresDatabase>,
}

/// The SPA stand-in the server is given: an index.html with an inline script, as Trunk writes.
pub const FAKE_INDEX_HTML: &str = "<!doctype html><html><head><title>Interview Flow test SPA</title>\
<script type=\"module\">import init from '/app.js'; init();</script></head><body></body></html>";

impl TestApp {
    /// None when the backend is PostgreSQL and `TEST_DATABASE_URL` is not set.
    pub async fn spawn(backend: Backend, options: TestOptions) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temp dir");
        let static_dir = dir.path().join("dist");
        std::fs::create_dir_all(&static_dir).unwrap();
        std::fs::write(static_dir.join("index.html"), FAKE_INDEX_HTML).unwrap();
        std::fs::write(
            static_dir.join("app.js"),
            "export default function init() {}",
        )
        .unwrap();
        let (database_url, postgres) = match (backend, options.shared_database_url.clone()) {
            (_, Some(url)) => (url, None),
            (Backend::Sqlite, None) => (
                format!("sqlite://{}", dir.path().join("test.db").display()),
                None,
            ),
            (Backend::Postgres, None) => {
                let admin_url = postgres_admin_url()?;
                let database =
                    tokio::task::spawn_blocking(move || PostgresDatabase::create(&admin_url))
                        .await
                        .unwrap();
                (database.url.clone(), Some(database))
            }
        };
        let mut raw = RawSettings::default();
        raw.set("DATABASE_URL", database_url.clone());
        raw.set("DATABASE_POOL_SIZE", "4");
        // Bound up front (port 0, then read back), so PUBLIC_URL (and every link we send)
        // points at this app and no other process can take the port in between.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the test app");
        let port = listener.local_addr().expect("bound address").port();
        raw.set("BIND_ADDR", format!("127.0.0.1:{port}"));
        raw.set("PUBLIC_URL", format!("http://127.0.0.1:{port}"));
        raw.set("DATA_DIR", dir.path().join("data").display().to_string());
        raw.set("STATIC_DIR", static_dir.display().to_string());
        raw.set("JWT_SECRET", TEST_JWT_SECRET);
        raw.set("HTTP_WORKERS", "2");
        raw.set(
            "AUTH_RATE_LIMIT_PER_IP_PER_MINUTE",
            options.auth_per_ip_per_minute.to_string(),
        );
        raw.set(
            "AUTH_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE",
            options.auth_per_account_per_minute.to_string(),
        );
        raw.set(
            "JSON_BODY_LIMIT_BYTES",
            options.json_body_limit_bytes.to_string(),
        );
        for (name, value) in &options.extra {
            raw.set(name, value.clone());
        }
        let settings = Settings::from_values(&raw).expect("test settings");
        let app = Application::build_with_listener(settings.clone(), listener)
            .await
            .expect("application builds");
        let port = app.port();
        let pool = app.pool();
        let clock = app.clock();
        tokio::spawn(app.run_until_stopped());
        Some(TestApp {
            clock,
            address: format!("http://127.0.0.1:{port}"),
            port,
            backend,
            // Straight to the app, whatever proxy variables a test sets.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .build()
                .unwrap(),
            data_dir: dir.path().join("data"),
            settings,
            pool,
            database_url,
            _dir: dir,
            _postgres: postgres,
        })
    }

    /// A second node on this app's database, with its own settings.
    pub async fn spawn_sibling(&self, mut options: TestOptions) -> TestApp {
        options.shared_database_url = Some(self.database_url.clone());
        TestApp::spawn(self.backend, options)
            .await
            .expect("sibling app")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path))
    }

    pub async fn post_json<B: Serialize>(
        &self,
        path: &str,
        body: &B,
        token: Option<&str>,
    ) -> Response {
        let mut request = self.request(Method::POST, path).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut request = self.request(Method::GET, path);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }
}

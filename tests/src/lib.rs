//! Test harness: the real application bound to port 0 over a fresh database per test, on
//! SQLite always and on PostgreSQL when `TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod server;
pub mod smtp;

use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use interview_flow_api::Application;
use interview_flow_api::settings::{RawSettings, Settings};
use interview_flow_shared::{AuthResponse, ErrorBody, REFRESH_COOKIE, RegisterRequest, Role};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

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
        tokio::spawn(app.run_until_stopped());
        Some(TestApp {
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

    /// Registers a user; for recruiters a company named after them is created.
    pub async fn register(&self, email: &str, role: Role) -> Session {
        let request = RegisterRequest {
            email: email.into(),
            password: GOOD_PASSWORD.into(),
            full_name: "Test Person".into(),
            role,
            company_name: (role == Role::Recruiter).then(|| format!("Company of {email}")),
        };
        let response = self
            .post_json("/api/v1/auth/register", &request, None)
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "register {email}");
        Session::from_response(response).await
    }

    /// Registers a user whose address counts as proven (as if the emailed verification link
    /// had been used), for tests that are not about verification.
    pub async fn register_verified(&self, email: &str, role: Role) -> Session {
        let session = self.register(email, role).await;
        self.mark_verified(&session.auth.user.id).await;
        session
    }

    /// Marks an account's address as proven, directly in the database.
    pub async fn mark_verified(&self, user_id: &str) {
        use diesel::prelude::*;
        use interview_flow_api::db::schema::users;
        let pool = self.pool.clone();
        let user_id = user_id.to_string();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().expect("connection");
            diesel::update(users::table.find(user_id))
                .set(users::email_verified_at.eq(Some(chrono::Utc::now().naive_utc())))
                .execute(&mut *conn)
                .expect("mark verified");
        })
        .await
        .expect("blocking task");
    }

    /// Waits until the `worker` (a job queue: "email", "webhooks" for webhooks and Greenhouse
    /// callbacks, "interviews" for evaluations) has nothing left to do and has run one whole
    /// pass since: none of its jobs is due (periodic ones aside), and the worker's heartbeat
    /// moved twice after that (a pass began and ended). A check that "nothing more is sent"
    /// after this is decided by the queue, not by how long a test slept.
    pub async fn settled(&self, worker: &str) {
        use interview_flow_api::domain::jobs::Queue;
        let timeout = std::time::Duration::from_secs(30);
        let queue = Queue::ALL
            .into_iter()
            .find(|queue| queue.name() == worker)
            .unwrap_or_else(|| panic!("no queue for worker {worker}"));
        eventually_showing(&format!("the {worker} queue drains"), timeout, || async {
            match self.due_jobs(queue).await {
                0 => Ok(()),
                due => Err(format!("{due} due")),
            }
        })
        .await;
        let mut since = std::time::Instant::now();
        for _ in 0..2 {
            since = eventually(
                &format!("the {worker} worker makes a pass"),
                timeout,
                || async {
                    self.last_heartbeat(worker)
                        .await
                        .filter(|beat| *beat > since)
                },
            )
            .await;
        }
    }

    /// Signs up a recruiter (`email`) and posts `job` (a `CreateJobRequest` as JSON) for
    /// their organisation.
    pub async fn recruiter_with_job(
        &self,
        email: &str,
        job: serde_json::Value,
    ) -> (Session, interview_flow_shared::JobDto) {
        let recruiter = self.register(email, Role::Recruiter).await;
        let job = json(
            self.post_json("/api/v1/jobs", &job, Some(recruiter.token()))
                .await,
            StatusCode::CREATED,
        )
        .await;
        (recruiter, job)
    }

    /// The applications to job `job_id`, as the recruiter (`token`) lists them (first page).
    pub async fn applications_for_job(
        &self,
        token: &str,
        job_id: &str,
    ) -> interview_flow_shared::Page<interview_flow_shared::ApplicationDto> {
        json(
            self.get(&format!("/api/v1/jobs/{job_id}/applications"), Some(token))
                .await,
            StatusCode::OK,
        )
        .await
    }

    /// `POST /interviews/{id}/session` with consent: starts (or resumes) the interview.
    pub async fn start_session(&self, token: &str, id: &str) -> Response {
        self.post_json(
            &format!("/api/v1/interviews/{id}/session"),
            &serde_json::json!({"consent": true}),
            Some(token),
        )
        .await
    }

    /// Sends `text` as the typed answer to `turn_id` of interview `id`.
    pub async fn answer(&self, token: &str, id: &str, turn_id: &str, text: &str) -> Response {
        self.post_json(
            &format!("/api/v1/interviews/{id}/answers"),
            &serde_json::json!({"turn_id": turn_id, "text": text, "source": "typed"}),
            Some(token),
        )
        .await
    }

    /// Answers every question of a started interview, the `n`th (from 1) with
    /// `answer_for(n)`, until it is no longer in progress; returns each question asked (kind
    /// and text) and the last session. Fails if it runs past 60 answers.
    pub async fn play_through(
        &self,
        token: &str,
        id: &str,
        mut session: interview_flow_shared::SessionDto,
        answer_for: impl Fn(usize) -> String,
    ) -> (
        Vec<(interview_flow_shared::TurnKind, String)>,
        interview_flow_shared::SessionDto,
    ) {
        let mut asked = Vec::new();
        let mut n = 0;
        while session.status == interview_flow_shared::InterviewStatus::InProgress {
            let question = session
                .current_question
                .clone()
                .expect("a current question while in progress");
            asked.push((question.kind, question.text.clone()));
            assert!(session.question_number <= session.question_count);
            n += 1;
            assert!(n < 60, "the interview ends");
            session = json(
                self.answer(token, id, &question.turn_id, &answer_for(n))
                    .await,
                StatusCode::OK,
            )
            .await;
        }
        (asked, session)
    }

    /// Runs one SQL statement on the app's database, to arrange a state the API can't reach
    /// quickly (time moved instead of waited for).
    pub async fn execute_sql(&self, statement: String) {
        use diesel::RunQueryDsl;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().expect("connection");
            diesel::sql_query(statement)
                .execute(&mut *conn)
                .expect("statement runs");
        })
        .await
        .expect("blocking task");
    }

    /// Jobs of `queue` due now (not periodic ones, which are always there).
    async fn due_jobs(&self, queue: interview_flow_api::domain::jobs::Queue) -> i64 {
        use diesel::prelude::*;
        use interview_flow_api::db::schema::background_jobs;
        use interview_flow_api::domain::jobs::JobState;
        let kinds: Vec<_> = queue
            .kinds()
            .into_iter()
            .filter(|kind| !kind.is_periodic())
            .collect();
        let pool = self.pool.clone();
        let now = chrono::Utc::now().naive_utc();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().expect("connection");
            background_jobs::table
                .filter(background_jobs::status.eq(JobState::Queued))
                .filter(background_jobs::kind.eq_any(kinds))
                .filter(background_jobs::run_at.le(now))
                .count()
                .get_result::<i64>(&mut *conn)
                .expect("count the queue")
        })
        .await
        .expect("blocking task")
    }

    /// When `worker` last beat, from `/readyz`.
    async fn last_heartbeat(&self, worker: &str) -> Option<std::time::Instant> {
        let body: serde_json::Value = self.get("/readyz", None).await.json().await.ok()?;
        let workers = body
            .get("workers")
            .or_else(|| body.pointer("/error/details/workers"))?;
        let ago = workers.as_array()?.iter().find(|w| w["name"] == worker)?["last_beat_secs_ago"]
            .as_f64()?;
        std::time::Instant::now().checked_sub(std::time::Duration::from_secs_f64(ago))
    }

    /// The emails the app wrote to `DATA_DIR/outbox` (when no SMTP server is configured).
    pub fn outbox_mails(&self) -> Vec<smtp::ReceivedMail> {
        let Ok(entries) = std::fs::read_dir(self.data_dir.join("outbox")) else {
            return Vec::new();
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        files
            .into_iter()
            .filter_map(|path| std::fs::read(path).ok())
            .map(|data| smtp::ReceivedMail {
                from: String::new(),
                to: Vec::new(),
                data,
            })
            .collect()
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post_json(
            "/api/v1/auth/login",
            &serde_json::json!({"email": email, "password": password}),
            None,
        )
        .await
    }

    /// POST /auth/refresh presenting the given refresh token as its cookie.
    pub async fn refresh(&self, refresh_token: &str) -> Response {
        self.request(Method::POST, "/api/v1/auth/refresh")
            .header("Cookie", format!("{REFRESH_COOKIE}={refresh_token}"))
            .send()
            .await
            .expect("request sent")
    }
}

/// A signed-in user as a test holds it.
#[derive(Debug, Clone)]
pub struct Session {
    pub auth: AuthResponse,
    pub refresh_token: String,
    pub set_cookie: String,
}

impl Session {
    pub async fn from_response(response: Response) -> Session {
        let set_cookie = refresh_set_cookie(&response).expect("refresh cookie set");
        let refresh_token = cookie_value(&set_cookie);
        let auth: AuthResponse = response.json().await.expect("auth response body");
        Session {
            auth,
            refresh_token,
            set_cookie,
        }
    }

    pub fn token(&self) -> &str {
        &self.auth.access_token
    }
}

/// The `Set-Cookie` header that sets cookie `name`, if any.
pub fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The `Set-Cookie` header that carries the refresh token, if any.
pub fn refresh_set_cookie(response: &Response) -> Option<String> {
    set_cookie(response, REFRESH_COOKIE)
}

pub fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_string())
        .unwrap_or_default()
}

/// Asserts the status and the JSON error shape; returns the body.
pub async fn expect_error(response: Response, status: StatusCode, code: &str) -> ErrorBody {
    assert_eq!(response.status(), status, "status of {}", response.url());
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        content_type.starts_with("application/json"),
        "JSON error, got {content_type}"
    );
    let body: ErrorBody = response.json().await.expect("error body");
    assert_eq!(body.error.code, code, "error code: {body:?}");
    assert!(!body.error.message.is_empty());
    body
}

pub async fn json<T: DeserializeOwned>(response: Response, status: StatusCode) -> T {
    let actual = response.status();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot decode {text}: {e}"))
}

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

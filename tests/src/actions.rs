//! What tests do through a running app: accounts, jobs, interviews, the database, mail.

use interview_flow_shared::{REFRESH_COOKIE, RegisterRequest, Role};
use reqwest::{Method, Response, StatusCode};

use super::GOOD_PASSWORD;
use super::app::TestApp;
use super::session::{Session, json};
use super::wait::{eventually, eventually_showing};
use crate::smtp;

impl TestApp {
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

//! The durable job queue (`db::background_jobs`) on each backend: concurrent claimers never
//! take the same job, a lapsed lease lets another worker take it (counting the attempt),
//! queueing is idempotent per subject and revives a dead job, an unreadable job is given up
//! and kept, and the migrations move work waiting in the old per-table queues onto it (and
//! the evaluation into its own table).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use chrono::TimeDelta;
use diesel::prelude::*;
use interview_flow_api::db::background_jobs::{self, JobRow};
use interview_flow_api::db::schema::background_jobs as jobs_table;
use interview_flow_api::db::{self, DbPool};
use interview_flow_api::domain::jobs::{Job, JobKind, JobState};
use interview_flow_api::settings::DatabaseUrl;
use interview_flow_tests::*;

/// An empty, migrated database of `backend` with no application (so no worker) on it, and
/// its URL; None when PostgreSQL is not configured. The guard keeps it alive.
struct Database {
    url: DatabaseUrl,
    _dir: tempfile::TempDir,
    _postgres: Option<PostgresDatabase>,
}

impl Database {
    fn create(backend: Backend, migrate: bool) -> Option<Database> {
        let dir = tempfile::tempdir().unwrap();
        let (raw_url, postgres) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("queue.db").display()),
                None,
            ),
            Backend::Postgres => {
                let database = PostgresDatabase::create(&postgres_admin_url()?);
                (database.url.clone(), Some(database))
            }
        };
        let url = DatabaseUrl::parse(&raw_url).unwrap();
        if migrate {
            db::migrate(&db::build_pool(&url, 1).unwrap()).unwrap();
        }
        Some(Database {
            url,
            _dir: dir,
            _postgres: postgres,
        })
    }

    /// A pool as one node would have (SQLite: one connection per process).
    fn pool(&self) -> DbPool {
        let size = match self.url {
            DatabaseUrl::Sqlite(_) => 1,
            _ => 4,
        };
        db::build_pool(&self.url, size).unwrap()
    }
}

fn email_job(n: usize) -> Job {
    Job::SendEmail {
        outbox_id: format!("outbox-{n}"),
    }
}

/// Every job, by kind and subject.
fn all_jobs(conn: &mut db::DbConnection) -> Vec<JobRow> {
    let mut jobs: Vec<JobRow> = jobs_table::table
        .select(JobRow::as_select())
        .load(conn)
        .unwrap();
    jobs.sort_by(|a, b| (a.kind.as_str(), &a.subject).cmp(&(b.kind.as_str(), &b.subject)));
    jobs
}

/// Four nodes claim 60 due jobs in batches of 5 at the same time: every job is claimed
/// exactly once.
async fn claimers_never_take_the_same_job(backend: Backend) {
    let Some(database) = Database::create(backend, true) else {
        return;
    };
    let pool = database.pool();
    {
        let mut conn = pool.get().unwrap();
        let now = db::now();
        for n in 0..60 {
            background_jobs::enqueue(&mut conn, &email_job(n), now).unwrap();
        }
    }
    let nodes: Vec<_> = (0..4)
        .map(|_| {
            let pool = database.pool();
            std::thread::spawn(move || {
                let mut claimed = Vec::new();
                loop {
                    let mut conn = pool.get().unwrap();
                    let batch =
                        background_jobs::claim(&mut conn, &[JobKind::SendEmail], db::now(), 5)
                            .unwrap();
                    if batch.is_empty() {
                        return claimed;
                    }
                    claimed.extend(batch.into_iter().map(|job| job.subject));
                }
            })
        })
        .collect();
    let mut times_claimed: HashMap<String, usize> = HashMap::new();
    for node in nodes {
        for subject in tokio::task::block_in_place(|| node.join().unwrap()) {
            *times_claimed.entry(subject).or_default() += 1;
        }
    }
    assert_eq!(times_claimed.len(), 60, "every job was claimed");
    assert!(
        times_claimed.values().all(|&n| n == 1),
        "a job was claimed twice: {times_claimed:?}"
    );
    // Each is leased, with its first attempt counted.
    let mut conn = pool.get().unwrap();
    assert!(all_jobs(&mut conn).iter().all(|job| job.attempts == 1
        && job.locked_until.is_some()
        && job.status == JobState::Queued));
}
on_both_backends!(claimers_never_overlap => claimers_never_take_the_same_job);

/// A leased job is not claimed again until its lease lapses (its worker died); then it is,
/// with the attempt counted. Only kinds asked for are claimed, and only due ones.
async fn a_lapsed_lease_is_claimed_again(backend: Backend) {
    let Some(database) = Database::create(backend, true) else {
        return;
    };
    let pool = database.pool();
    let mut conn = pool.get().unwrap();
    let now = db::now();
    background_jobs::enqueue(&mut conn, &email_job(1), now).unwrap();
    background_jobs::enqueue(&mut conn, &email_job(2), now + TimeDelta::minutes(1)).unwrap();
    let evaluation = Job::EvaluateInterview {
        interview_id: "i-1".into(),
    };
    background_jobs::enqueue(&mut conn, &evaluation, now).unwrap();

    let first = background_jobs::claim(&mut conn, &[JobKind::SendEmail], now, 10).unwrap();
    assert_eq!(
        first.iter().map(|j| j.subject.as_str()).collect::<Vec<_>>(),
        ["outbox-1"],
        "only the due email"
    );
    let lease = JobKind::SendEmail.lease();
    let within = now + lease - TimeDelta::seconds(1);
    assert!(
        background_jobs::claim(&mut conn, &[JobKind::SendEmail], within, 10)
            .unwrap()
            .iter()
            .all(|job| job.subject != "outbox-1"),
        "still leased"
    );
    let after = now + lease + TimeDelta::seconds(1);
    let again = background_jobs::claim(&mut conn, &[JobKind::SendEmail], after, 10).unwrap();
    let retaken = again.iter().find(|job| job.subject == "outbox-1").unwrap();
    assert_eq!(retaken.attempts, 2);
    // The evaluation was never touched by the email claims.
    let evaluation_row = background_jobs::find_for(&mut conn, JobKind::EvaluateInterview, "i-1")
        .unwrap()
        .unwrap();
    assert_eq!(evaluation_row.attempts, 0);
    assert!(evaluation_row.locked_until.is_none());
}
on_both_backends!(lapsed_leases => a_lapsed_lease_is_claimed_again);

/// Queueing the same work twice keeps one job; a dead job queued again is revived with its
/// attempts reset; a finished job is gone.
async fn queueing_is_idempotent_and_revives_the_dead(backend: Backend) {
    let Some(database) = Database::create(backend, true) else {
        return;
    };
    let pool = database.pool();
    let mut conn = pool.get().unwrap();
    let now = db::now();
    let job = email_job(7);
    background_jobs::enqueue(&mut conn, &job, now).unwrap();
    background_jobs::enqueue(&mut conn, &job, now).unwrap();
    background_jobs::ensure(&mut conn, &job, now).unwrap();
    assert_eq!(all_jobs(&mut conn).len(), 1);

    let claimed = background_jobs::claim(&mut conn, &[JobKind::SendEmail], now, 1).unwrap();
    background_jobs::bury(&mut conn, &claimed[0].id, "550 mailbox unavailable").unwrap();
    let dead = &all_jobs(&mut conn)[0];
    assert_eq!(dead.status, JobState::Dead);
    assert_eq!(dead.last_error.as_deref(), Some("550 mailbox unavailable"));
    assert!(
        background_jobs::claim(&mut conn, &[JobKind::SendEmail], now, 1)
            .unwrap()
            .is_empty(),
        "a dead job is not claimed"
    );

    background_jobs::enqueue(&mut conn, &job, now).unwrap();
    let revived = &all_jobs(&mut conn)[0];
    assert_eq!(revived.status, JobState::Queued);
    assert_eq!(revived.attempts, 0);
    let claimed = background_jobs::claim(&mut conn, &[JobKind::SendEmail], now, 1).unwrap();
    background_jobs::complete(&mut conn, &claimed[0].id).unwrap();
    assert!(all_jobs(&mut conn).is_empty());
}
on_both_backends!(idempotent_queueing => queueing_is_idempotent_and_revives_the_dead);

/// A job whose payload cannot be read is not retried for ever: the worker gives it up at once
/// and keeps it, dead, with the reason.
async fn an_unreadable_job_is_given_up_and_kept(app: TestApp) {
    let now = sql_timestamp(chrono::Utc::now());
    app.execute_sql(format!(
        "INSERT INTO background_jobs (id, kind, subject, payload, status, attempts, run_at, \
         created_at, updated_at) VALUES ('broken', 'send_email', 'nothing', '{{\"kind\":\"send_email\"}}', \
         'queued', 0, '{now}', '{now}', '{now}')"
    ))
    .await;
    let pool = app.pool.clone();
    let dead = eventually(
        "the broken job is given up",
        Duration::from_secs(20),
        || {
            let pool = pool.clone();
            async move {
                tokio::task::spawn_blocking(move || {
                    let mut conn = pool.get().unwrap();
                    background_jobs::find_for(&mut conn, JobKind::SendEmail, "nothing").unwrap()
                })
                .await
                .unwrap()
                .filter(|job| job.status == JobState::Dead)
            }
        },
    )
    .await;
    assert_eq!(dead.attempts, 1, "not retried");
    assert!(
        dead.last_error
            .as_deref()
            .is_some_and(|e| e.contains("unreadable payload")),
        "{:?}",
        dead.last_error
    );
    // The periodic jobs are there, each once, never dead.
    let pool = app.pool.clone();
    let periodic = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        jobs_table::table
            .filter(jobs_table::subject.eq("sweep"))
            .select(JobRow::as_select())
            .load(&mut *conn)
            .unwrap()
    })
    .await
    .unwrap();
    let mut kinds: Vec<&str> = periodic.iter().map(|job| job.kind.as_str()).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "expire_interviews",
            "finish_overdue_sessions",
            "queue_reminders"
        ]
    );
    assert!(periodic.iter().all(|job| job.status == JobState::Queued));
}
backend_test!(unreadable_jobs, an_unreadable_job_is_given_up_and_kept);

/// The migration that introduced the queue moves waiting work over: a queued email, a queued
/// webhook delivery, a pending Greenhouse callback and a pending evaluation each get their job,
/// with attempts kept, and nothing that was finished does.
async fn the_migration_moves_waiting_work_onto_the_queue(backend: Backend) {
    let Some(database) = Database::create(backend, false) else {
        return;
    };
    let folder = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let migrations = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(folder);
    let mut versions: Vec<PathBuf> = std::fs::read_dir(&migrations)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("up.sql").exists())
        .collect();
    versions.sort();
    let queue_migration = "2026-11-29-000030_job_queue";
    let before: Vec<&PathBuf> = versions
        .iter()
        .take_while(|path| !path.ends_with(queue_migration))
        .collect();
    assert!(before.len() < versions.len(), "{queue_migration} exists");

    // The database as the release before the queue left it, diesel's record included.
    let pool = db::build_pool(&database.url, 1).unwrap();
    let mut statements = vec![
        "CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, \
         run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)"
            .to_string(),
    ];
    for path in &before {
        statements.push(std::fs::read_to_string(path.join("up.sql")).unwrap());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let version: String = name
            .split('_')
            .next()
            .unwrap()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        statements.push(format!(
            "INSERT INTO __diesel_schema_migrations (version) VALUES ('{version}')"
        ));
    }
    let t = "2026-11-29 10:00:00";
    let deadline = "2026-11-29 10:30:00";
    statements.push(format!(
        "INSERT INTO organizations (id, name, brand_color, created_at, updated_at) VALUES ('org', 'Acme', '#123456', '{t}', '{t}');
         INSERT INTO users (id, email, full_name, role, organization_id, created_at, updated_at) VALUES
             ('rec', 'r@acme.test', 'Rec', 'recruiter', 'org', '{t}', '{t}'),
             ('cand', 'c@acme.test', 'Cand', 'candidate', NULL, '{t}', '{t}');
         INSERT INTO jobs (id, organization_id, created_by, title, description, required_skills,
             question_count, time_limit_minutes, language, status, external_ids, search_text, created_at, updated_at)
             VALUES ('job', 'org', 'rec', 'Engineer', 'Builds.', '[]', 5, 30, 'en', 'open', '{{}}', 'engineer', '{t}', '{t}');
         INSERT INTO interviews (id, organization_id, job_id, candidate_id, created_by, scheduled_at,
             scheduled_offset_minutes, opens_at, expires_at, status, external_ids, ics_sequence,
             created_at, updated_at, started_at, consent_at, deadline_at, completed_at, end_reason,
             integrity_events_total, evaluation_status, evaluation_attempts)
             VALUES ('done', 'org', 'job', 'cand', 'rec', '{t}', 0, '{t}', '{t}', 'completed', '{{}}', 0,
             '{t}', '{t}', '{t}', '{t}', '{deadline}', '{t}', 'completed', 3, 'running', 1),
             ('waiting', 'org', 'job', 'cand', 'rec', '{t}', 0, '{t}', '{t}', 'scheduled', '{{}}', 0,
             '{t}', '{t}', NULL, NULL, NULL, NULL, NULL, 0, NULL, 0);
         INSERT INTO email_outbox (id, interview_id, user_id, kind, to_email, to_name, status, attempts,
             next_attempt_at, message_id, created_at) VALUES
             ('mail-queued', 'done', 'cand', 'invitation', 'c@acme.test', 'Cand', 'queued', 2, '{t}', '<a@x>', '{t}'),
             ('mail-sent', 'done', 'cand', 'invitation', 'c@acme.test', 'Cand', 'sent', 1, '{t}', '<b@x>', '{t}');
         INSERT INTO webhook_endpoints (id, organization_id, url, events, secret, created_by, created_at)
             VALUES ('hook', 'org', 'https://example.com/h', '[]', 'whsec_x', 'rec', '{t}');
         INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload, status, attempts,
             next_attempt_at, created_at) VALUES
             ('delivery-queued', 'hook', 'interview.completed', '{{}}', 'queued', 1, '{t}', '{t}'),
             ('delivery-done', 'hook', 'interview.completed', '{{}}', 'delivered', 1, '{t}', '{t}');
         INSERT INTO greenhouse_orders (interview_id, organization_id, partner_test_id, callback_url,
             callback_status, attempts, next_attempt_at, created_at)
             VALUES ('done', 'org', 'job', 'https://example.com/cb', 'pending', 1, '{t}', '{t}')"
    ));
    let script = statements.join(";\n");
    let setup_pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        use diesel::connection::SimpleConnection;
        let mut conn = setup_pool.get().unwrap();
        conn.batch_execute(&script).unwrap();
    })
    .await
    .unwrap();

    let migrate_pool = pool.clone();
    let applied = tokio::task::spawn_blocking(move || db::migrate(&migrate_pool).unwrap())
        .await
        .unwrap();
    assert_eq!(applied.len(), versions.len() - before.len(), "{applied:?}");

    let jobs = all_jobs(&mut pool.get().unwrap());
    let summary: Vec<(&str, &str, i32)> = jobs
        .iter()
        .map(|job| (job.kind.as_str(), job.subject.as_str(), job.attempts))
        .collect();
    assert_eq!(
        summary,
        [
            ("deliver_webhook", "delivery-queued", 1),
            ("evaluate_interview", "done", 0),
            ("greenhouse_callback", "done", 1),
            ("send_email", "mail-queued", 2),
        ]
    );
    // The evaluation moved to its own table (a later migration), status kept.
    let mut conn = pool.get().unwrap();
    let evaluation = interview_flow_api::db::evaluations::find(&mut conn, "done")
        .unwrap()
        .unwrap();
    assert_eq!(
        evaluation.status,
        interview_flow_shared::EvaluationStatus::Pending
    );
    // The session moved to its own table (a later migration): only the interview that ran has
    // one, with every field kept.
    let session = interview_flow_api::db::interview_sessions::find(&mut conn, "done")
        .unwrap()
        .unwrap();
    let at = |text: &str| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
    assert_eq!(
        (session.started_at, session.consent_at, session.deadline_at),
        (at(t), at(t), at(deadline))
    );
    assert_eq!(session.completed_at, Some(at(t)));
    assert_eq!(
        session.end_reason,
        Some(interview_flow_api::domain::interview::EndReason::Completed)
    );
    assert_eq!(session.integrity_events_total, 3);
    assert!(
        interview_flow_api::db::interview_sessions::find(&mut conn, "waiting")
            .unwrap()
            .is_none()
    );
    // Each interview took its job's terms (a later migration), so job edits leave it alone.
    let (done, _) =
        interview_flow_api::db::interviews::find_with_session(&mut conn, "done").unwrap();
    assert_eq!(
        (
            done.question_count.get(),
            done.time_limit_minutes.get(),
            done.language.as_str()
        ),
        (5, 30, "en")
    );
    for job in &jobs {
        assert_eq!(job.status, JobState::Queued);
        // Every migrated payload reads back as its kind's job.
        let parsed = Job::from_payload(job.kind, &job.payload).unwrap();
        assert_eq!(parsed.subject(), job.subject);
    }
}
on_both_backends!(migration_moves_work => the_migration_moves_waiting_work_onto_the_queue);

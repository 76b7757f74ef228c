//! Background jobs: the kinds there are, what each carries, which worker runs it, and what
//! happens after a failed attempt (tried again when, or given up). Pure: the queue table is
//! `db::background_jobs`, the runner `services::jobs`.

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};

/// One unit of background work, stored as JSON in `background_jobs.payload`. The kind's
/// name (`as_str`) is the only place its text appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Send one message of the email outbox.
    SendEmail { outbox_id: String },
    /// POST one webhook delivery to its endpoint.
    DeliverWebhook { delivery_id: String },
    /// PATCH Greenhouse's callback URL for a finished interview it ordered.
    GreenhouseCallback { interview_id: String },
    /// Score a finished interview.
    EvaluateInterview { interview_id: String },
    /// Periodic: mark interviews whose window closed unused as expired.
    ExpireInterviews,
    /// Periodic: queue the 24-hour and 1-hour reminder emails that are due.
    QueueReminders,
    /// Periodic: end interviews in progress whose time ran out (the candidate left).
    FinishOverdueSessions,
}

/// The subject of a periodic job: there is one row of each.
const SWEEP_SUBJECT: &str = "sweep";

impl Job {
    pub fn kind(&self) -> JobKind {
        match self {
            Self::SendEmail { .. } => JobKind::SendEmail,
            Self::DeliverWebhook { .. } => JobKind::DeliverWebhook,
            Self::GreenhouseCallback { .. } => JobKind::GreenhouseCallback,
            Self::EvaluateInterview { .. } => JobKind::EvaluateInterview,
            Self::ExpireInterviews => JobKind::ExpireInterviews,
            Self::QueueReminders => JobKind::QueueReminders,
            Self::FinishOverdueSessions => JobKind::FinishOverdueSessions,
        }
    }

    /// The record the job works on. At most one job of a kind exists per subject, so
    /// queueing the same work twice is a no-op.
    pub fn subject(&self) -> &str {
        match self {
            Self::SendEmail { outbox_id } => outbox_id,
            Self::DeliverWebhook { delivery_id } => delivery_id,
            Self::GreenhouseCallback { interview_id }
            | Self::EvaluateInterview { interview_id } => interview_id,
            Self::ExpireInterviews | Self::QueueReminders | Self::FinishOverdueSessions => {
                SWEEP_SUBJECT
            }
        }
    }

    /// The periodic jobs, each of which always exists once the workers have started.
    pub fn periodic() -> [Job; 3] {
        [
            Self::ExpireInterviews,
            Self::QueueReminders,
            Self::FinishOverdueSessions,
        ]
    }

    /// Reads a stored payload, which must be of the stored kind.
    pub fn from_payload(kind: JobKind, payload: &str) -> Result<Job, String> {
        let job: Job =
            serde_json::from_str(payload).map_err(|e| format!("unreadable payload: {e}"))?;
        if job.kind() == kind {
            Ok(job)
        } else {
            Err(format!(
                "payload of a {} job stored as {}",
                job.kind().as_str(),
                kind.as_str()
            ))
        }
    }

    pub fn payload(&self) -> String {
        // A derived Serialize of strings and unit variants cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum JobKind {
    SendEmail,
    DeliverWebhook,
    GreenhouseCallback,
    EvaluateInterview,
    ExpireInterviews,
    QueueReminders,
    FinishOverdueSessions,
}

impl JobKind {
    pub const ALL: [JobKind; 7] = [
        Self::SendEmail,
        Self::DeliverWebhook,
        Self::GreenhouseCallback,
        Self::EvaluateInterview,
        Self::ExpireInterviews,
        Self::QueueReminders,
        Self::FinishOverdueSessions,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SendEmail => "send_email",
            Self::DeliverWebhook => "deliver_webhook",
            Self::GreenhouseCallback => "greenhouse_callback",
            Self::EvaluateInterview => "evaluate_interview",
            Self::ExpireInterviews => "expire_interviews",
            Self::QueueReminders => "queue_reminders",
            Self::FinishOverdueSessions => "finish_overdue_sessions",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// The worker that runs this kind: slow work (an LLM evaluation) never holds up email.
    pub fn queue(self) -> Queue {
        match self {
            Self::SendEmail | Self::ExpireInterviews | Self::QueueReminders => Queue::Email,
            Self::DeliverWebhook | Self::GreenhouseCallback => Queue::Webhooks,
            Self::EvaluateInterview | Self::FinishOverdueSessions => Queue::Interviews,
        }
    }

    /// How long a claimed job is reserved for the worker running it. Past that, another
    /// worker may take it (the first one died); it is longer than one attempt can take.
    pub fn lease(self) -> TimeDelta {
        match self {
            Self::EvaluateInterview => TimeDelta::minutes(10),
            Self::SendEmail => TimeDelta::minutes(5),
            _ => TimeDelta::minutes(2),
        }
    }

    /// A periodic job runs again after every attempt, successful or not, and is never
    /// given up.
    pub fn is_periodic(self) -> bool {
        matches!(
            self,
            Self::ExpireInterviews | Self::QueueReminders | Self::FinishOverdueSessions
        )
    }
}

interview_flow_shared::text_column!(JobKind);

#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum JobState {
    /// Waiting for `run_at`, or running under a lease (`locked_until`).
    Queued,
    /// Gave up after its last allowed attempt; kept with `last_error` (the dead letters).
    Dead,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Dead => "dead",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "queued" => Some(Self::Queued),
            "dead" => Some(Self::Dead),
            _ => None,
        }
    }
}

interview_flow_shared::text_column!(JobState);

/// A worker and the kinds it runs; its name is the heartbeat `/readyz` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Email,
    Webhooks,
    Interviews,
}

impl Queue {
    pub const ALL: [Queue; 3] = [Self::Email, Self::Interviews, Self::Webhooks];

    pub fn name(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Webhooks => "webhooks",
            Self::Interviews => "interviews",
        }
    }

    pub fn kinds(self) -> Vec<JobKind> {
        JobKind::ALL
            .into_iter()
            .filter(|kind| kind.queue() == self)
            .collect()
    }
}

/// What to do with a job whose attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(NaiveDateTime),
    /// No attempt is left: the job is dead.
    GiveUp,
}

/// Backoff and attempt caps per kind.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// The first wait of an email; it doubles per attempt up to `MAX_EMAIL_RETRY_DELAY`.
    pub email_retry_base: Duration,
    /// An email not sent this long after it was queued is given up (it would be stale).
    pub email_max_age: TimeDelta,
    /// The waits between attempts of a webhook delivery or a Greenhouse callback; one
    /// attempt more than there are waits.
    pub delivery_schedule: Vec<Duration>,
    /// How often the periodic jobs run.
    pub periodic_interval: Duration,
}

/// The longest wait between two attempts of an email.
pub const MAX_EMAIL_RETRY_DELAY: Duration = Duration::from_secs(3600);
/// At most this many attempts of one email, whatever its age limit.
pub const MAX_EMAIL_ATTEMPTS: i32 = 40;
/// The waits before an evaluation's second and third attempts (then it is given up).
pub const EVALUATION_RETRY_SCHEDULE: [Duration; 2] =
    [Duration::from_secs(30), Duration::from_secs(120)];

impl RetryPolicy {
    /// After attempt number `attempts` (from 1) of a `kind` job queued at `created_at` failed
    /// at `now`.
    pub fn after_failure(
        &self,
        kind: JobKind,
        attempts: i32,
        created_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> AfterFailure {
        let wait = match kind {
            JobKind::SendEmail => {
                let at = delay(email_delay(self.email_retry_base, attempts)).map(|d| now + d);
                let stale_after = created_at.checked_add_signed(self.email_max_age);
                return match (at, stale_after) {
                    (Some(at), Some(stale)) if at <= stale && attempts < MAX_EMAIL_ATTEMPTS => {
                        AfterFailure::RetryAt(at)
                    }
                    _ => AfterFailure::GiveUp,
                };
            }
            JobKind::DeliverWebhook | JobKind::GreenhouseCallback => {
                nth_wait(&self.delivery_schedule, attempts)
            }
            JobKind::EvaluateInterview => nth_wait(&EVALUATION_RETRY_SCHEDULE, attempts),
            JobKind::ExpireInterviews
            | JobKind::QueueReminders
            | JobKind::FinishOverdueSessions => Some(self.periodic_interval),
        };
        match wait.and_then(delay) {
            Some(wait) => AfterFailure::RetryAt(now + wait),
            None => AfterFailure::GiveUp,
        }
    }

    /// When a periodic job that just succeeded at `now` runs next.
    pub fn next_periodic_run(&self, now: NaiveDateTime) -> NaiveDateTime {
        now + delay(self.periodic_interval).unwrap_or(TimeDelta::seconds(60))
    }
}

/// The wait after the `attempts`th attempt on a fixed schedule, None past its end.
fn nth_wait(schedule: &[Duration], attempts: i32) -> Option<Duration> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    schedule.get(index).copied()
}

/// `base`, doubled per attempt after the first, at most `MAX_EMAIL_RETRY_DELAY`.
fn email_delay(base: Duration, attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    base.saturating_mul(2u32.saturating_pow(exponent))
        .min(MAX_EMAIL_RETRY_DELAY)
}

fn delay(duration: Duration) -> Option<TimeDelta> {
    TimeDelta::from_std(duration).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + seconds, 0)
            .unwrap()
            .naive_utc()
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            email_retry_base: Duration::from_secs(30),
            email_max_age: TimeDelta::hours(24),
            delivery_schedule: vec![Duration::from_secs(60), Duration::from_secs(300)],
            periodic_interval: Duration::from_secs(5),
        }
    }

    #[test]
    fn kinds_and_statuses_round_trip_through_their_text() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(JobKind::parse("SendEmail"), None);
        for status in [JobState::Queued, JobState::Dead] {
            assert_eq!(JobState::parse(status.as_str()), Some(status));
        }
        assert_eq!(JobState::parse("done"), None);
    }

    #[test]
    fn payloads_round_trip_and_must_match_their_kind() {
        let jobs = [
            Job::SendEmail {
                outbox_id: "o".into(),
            },
            Job::DeliverWebhook {
                delivery_id: "d".into(),
            },
            Job::GreenhouseCallback {
                interview_id: "i".into(),
            },
            Job::EvaluateInterview {
                interview_id: "i".into(),
            },
            Job::ExpireInterviews,
            Job::QueueReminders,
            Job::FinishOverdueSessions,
        ];
        for job in &jobs {
            // The payload names its kind with the same text as the `kind` column.
            assert!(job.payload().contains(job.kind().as_str()), "{job:?}");
            assert_eq!(
                Job::from_payload(job.kind(), &job.payload()).as_ref(),
                Ok(job)
            );
        }
        // Every kind is covered above, once.
        let mut kinds: Vec<&str> = jobs.iter().map(|j| j.kind().as_str()).collect();
        kinds.dedup();
        assert_eq!(kinds.len(), JobKind::ALL.len());
        assert!(Job::from_payload(JobKind::DeliverWebhook, &jobs[0].payload()).is_err());
        assert!(Job::from_payload(JobKind::SendEmail, "{").is_err());
        // The migration writes payloads by hand in this exact form.
        assert_eq!(
            Job::from_payload(
                JobKind::SendEmail,
                r#"{"kind":"send_email","outbox_id":"x"}"#
            ),
            Ok(Job::SendEmail {
                outbox_id: "x".into()
            })
        );
    }

    #[test]
    fn every_kind_runs_on_exactly_one_queue() {
        let mut covered: Vec<JobKind> = Queue::ALL.iter().flat_map(|q| q.kinds()).collect();
        covered.sort_by_key(|k| k.as_str());
        let mut all = JobKind::ALL.to_vec();
        all.sort_by_key(|k| k.as_str());
        assert_eq!(covered, all);
        assert_eq!(Queue::Email.kinds()[0], JobKind::SendEmail);
    }

    #[test]
    fn periodic_jobs_share_one_subject_and_others_use_their_record() {
        for job in Job::periodic() {
            assert!(job.kind().is_periodic());
            assert_eq!(job.subject(), SWEEP_SUBJECT);
        }
        let job = Job::SendEmail {
            outbox_id: "abc".into(),
        };
        assert!(!job.kind().is_periodic());
        assert_eq!(job.subject(), "abc");
    }

    #[test]
    fn emails_back_off_exponentially_until_their_age_limit() {
        let policy = policy();
        let created = at(0);
        let now = at(100);
        // Doubling from the base, capped at an hour.
        for (attempts, wait) in [(1, 30), (2, 60), (4, 240), (20, 3600)] {
            assert_eq!(
                policy.after_failure(JobKind::SendEmail, attempts, created, now),
                AfterFailure::RetryAt(now + TimeDelta::seconds(wait)),
                "after attempt {attempts}"
            );
        }
        // A retry that would land past the age limit is not made; one exactly on it is.
        let day = 24 * 3600;
        assert_eq!(
            policy.after_failure(JobKind::SendEmail, 1, created, at(day - 30)),
            AfterFailure::RetryAt(at(day))
        );
        assert_eq!(
            policy.after_failure(JobKind::SendEmail, 1, created, at(day - 29)),
            AfterFailure::GiveUp
        );
        // And never more than MAX_EMAIL_ATTEMPTS, however young.
        let forever = RetryPolicy {
            email_max_age: TimeDelta::days(3650),
            ..policy
        };
        assert!(matches!(
            forever.after_failure(JobKind::SendEmail, MAX_EMAIL_ATTEMPTS - 1, created, now),
            AfterFailure::RetryAt(_)
        ));
        assert_eq!(
            forever.after_failure(JobKind::SendEmail, MAX_EMAIL_ATTEMPTS, created, now),
            AfterFailure::GiveUp
        );
    }

    #[test]
    fn deliveries_and_evaluations_follow_their_schedules_then_give_up() {
        let policy = policy();
        let now = at(0);
        let schedules = [
            (JobKind::DeliverWebhook, vec![60, 300]),
            (JobKind::GreenhouseCallback, vec![60, 300]),
            // An evaluation gets three attempts.
            (JobKind::EvaluateInterview, vec![30, 120]),
        ];
        for (kind, waits) in schedules {
            for (attempt, wait) in (1..).zip(&waits) {
                assert_eq!(
                    policy.after_failure(kind, attempt, now, now),
                    AfterFailure::RetryAt(now + TimeDelta::seconds(*wait)),
                    "{kind:?} after attempt {attempt}"
                );
            }
            let last = i32::try_from(waits.len()).unwrap() + 1;
            assert_eq!(
                policy.after_failure(kind, last, now, now),
                AfterFailure::GiveUp
            );
            assert_eq!(
                policy.after_failure(kind, 0, now, now),
                AfterFailure::GiveUp
            );
        }
    }

    #[test]
    fn periodic_jobs_are_never_given_up() {
        let policy = policy();
        let now = at(0);
        for job in Job::periodic() {
            assert_eq!(
                policy.after_failure(job.kind(), 1000, now, now),
                AfterFailure::RetryAt(now + TimeDelta::seconds(5))
            );
        }
        assert_eq!(policy.next_periodic_run(now), now + TimeDelta::seconds(5));
    }
}

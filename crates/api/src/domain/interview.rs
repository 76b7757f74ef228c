//! The interview's lifecycle: which transitions its state allows at a given moment, and how an
//! interview that ends is recorded. Pure: the services load the row, ask here, and persist the
//! decision (guarded by the same status in SQL, so a race loses cleanly).
//!
//! ```text
//! scheduled ──cancel──▶ cancelled
//!     │ └──window closes──▶ expired
//!     │ start (window open, consent)
//!     ▼
//! in_progress ──all answered──▶ completed
//!     └──end / deadline──▶ completed (something answered) | abandoned (nothing answered)
//! ```

use chrono::{NaiveDateTime, TimeDelta};
use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;
use interview_flow_shared::{InterviewStatus, TurnKind, WebhookEvent, WindowState};

use crate::email::EmailKind;

/// How long after its deadline an interview in progress is finished by the server (an answer
/// sent at the last second still counts).
pub const GRACE: TimeDelta = TimeDelta::seconds(10);

/// Why an interview ended (stored in `interviews.end_reason`; part of the evaluation's caps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum EndReason {
    /// Every question was asked and answered.
    Completed,
    /// The time limit ran out.
    TimeUp,
    /// The candidate ended it early.
    EndedEarly,
    /// Started but left without answering.
    Abandoned,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::TimeUp => "time_up",
            Self::EndedEarly => "ended_early",
            Self::Abandoned => "abandoned",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "completed" => Some(Self::Completed),
            "time_up" => Some(Self::TimeUp),
            "ended_early" => Some(Self::EndedEarly),
            "abandoned" => Some(Self::Abandoned),
            _ => None,
        }
    }
}

interview_flow_shared::text_column!(EndReason);

/// What the lifecycle rules read of an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifecycle {
    /// As stored (an expiry the worker has not recorded yet is not in it).
    pub status: InterviewStatus,
    pub opens_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// Set when it starts: the server's end of the interview.
    pub deadline_at: Option<NaiveDateTime>,
}

/// `POST /session` on an interview that may start (or is running already).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Start now; the interview ends at `deadline`.
    Begin { deadline: NaiveDateTime },
    /// It is in progress: carry on where it stands (a second tab, a double click, a reload).
    Resume,
}

/// Why an interview cannot start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartRefused {
    /// Completed or abandoned.
    Finished,
    Cancelled,
    /// The window closed.
    Expired,
    NotOpenYet {
        opens_at: NaiveDateTime,
    },
    /// The candidate has not agreed that an AI conducts and evaluates it.
    NoConsent,
}

/// A change only a scheduled interview allows (reschedule, cancel, resend the invitation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotScheduled(pub InterviewStatus);

/// What a transition makes happen besides the row's new state. The service records each one
/// in the transaction that stores the transition: an email queued in the outbox, an event
/// queued for the organisation's webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// Email the candidate.
    Email(EmailKind),
    Event(WebhookEvent),
}

/// A change to a scheduled interview, asked for by the recruiter (or an ATS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Reschedule,
    Cancel,
    /// Email the invitation again.
    Resend,
}

/// Scheduling: the invitation with its calendar invite, and `interview.scheduled`.
pub const SCHEDULED: &[Fact] = &[
    Fact::Email(EmailKind::Invitation),
    Fact::Event(WebhookEvent::InterviewScheduled),
];
/// Starting: `interview.started`.
pub const STARTED: &[Fact] = &[Fact::Event(WebhookEvent::InterviewStarted)];
/// The window closed unused: `interview.expired`.
pub const EXPIRED: &[Fact] = &[Fact::Event(WebhookEvent::InterviewExpired)];

impl Lifecycle {
    /// The status as of `now`: a scheduled interview whose window closed is expired even before
    /// the worker records it.
    pub fn status_at(&self, now: NaiveDateTime) -> InterviewStatus {
        if self.status == InterviewStatus::Scheduled && now >= self.expires_at {
            InterviewStatus::Expired
        } else {
            self.status
        }
    }

    /// Where `now` is relative to the window, and the seconds until it opens (at least 1 while
    /// it is not open yet, so a countdown never shows 0 before it is).
    pub fn window_at(&self, now: NaiveDateTime) -> (WindowState, i64) {
        if now < self.opens_at {
            (
                WindowState::NotOpenYet,
                (self.opens_at - now).num_seconds().max(1),
            )
        } else if now >= self.expires_at {
            (WindowState::Expired, 0)
        } else {
            (WindowState::Open, 0)
        }
    }

    /// In progress and past its deadline by more than [`GRACE`]: the server finishes it.
    pub fn is_overdue(&self, now: NaiveDateTime) -> bool {
        self.status == InterviewStatus::InProgress
            && self
                .deadline_at
                .is_some_and(|deadline| now > deadline + GRACE)
    }

    /// May the candidate start (or resume) it now, with this consent, for `time_limit`?
    /// Resuming needs no consent again: it was given at the start.
    pub fn start(
        &self,
        now: NaiveDateTime,
        consent: bool,
        time_limit: TimeDelta,
    ) -> Result<Start, StartRefused> {
        match self.status_at(now) {
            InterviewStatus::InProgress => Ok(Start::Resume),
            InterviewStatus::Completed | InterviewStatus::Abandoned => Err(StartRefused::Finished),
            InterviewStatus::Cancelled => Err(StartRefused::Cancelled),
            InterviewStatus::Expired => Err(StartRefused::Expired),
            InterviewStatus::Scheduled if now < self.opens_at => Err(StartRefused::NotOpenYet {
                opens_at: self.opens_at,
            }),
            InterviewStatus::Scheduled if !consent => Err(StartRefused::NoConsent),
            InterviewStatus::Scheduled => Ok(Start::Begin {
                deadline: now + time_limit,
            }),
        }
    }

    /// Reschedule, cancel and resend need a scheduled interview whose window has not closed.
    pub fn require_scheduled(&self, now: NaiveDateTime) -> Result<(), NotScheduled> {
        match self.status_at(now) {
            InterviewStatus::Scheduled => Ok(()),
            other => Err(NotScheduled(other)),
        }
    }

    /// May `change` be made now, and what it makes happen: the candidate gets the updated
    /// (or cancelled) calendar invite or the invitation again; a cancellation is also an event.
    pub fn change(
        &self,
        change: Change,
        now: NaiveDateTime,
    ) -> Result<&'static [Fact], NotScheduled> {
        self.require_scheduled(now)?;
        Ok(match change {
            Change::Reschedule => &[Fact::Email(EmailKind::Rescheduled)],
            Change::Cancel => &[
                Fact::Email(EmailKind::Cancelled),
                Fact::Event(WebhookEvent::InterviewCancelled),
            ],
            Change::Resend => &[Fact::Email(EmailKind::Resend)],
        })
    }
}

/// How an interview that ends before its plan is done (`reason`: the candidate ended it, or
/// the time ran out) is recorded: completed if any question was answered, abandoned otherwise.
/// `turns`: each turn's kind and whether it has an answer.
pub fn early_ending(
    turns: impl IntoIterator<Item = (TurnKind, bool)>,
    reason: EndReason,
) -> (InterviewStatus, EndReason) {
    let answered_any = turns
        .into_iter()
        .any(|(kind, answered)| answered && matches!(kind, TurnKind::Main | TurnKind::FollowUp));
    if answered_any {
        (InterviewStatus::Completed, reason)
    } else {
        (InterviewStatus::Abandoned, EndReason::Abandoned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_STATUSES: [InterviewStatus; 6] = [
        InterviewStatus::Scheduled,
        InterviewStatus::InProgress,
        InterviewStatus::Completed,
        InterviewStatus::Expired,
        InterviewStatus::Cancelled,
        InterviewStatus::Abandoned,
    ];

    fn at(minutes: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .map(|t| t.naive_utc())
            .unwrap()
            + TimeDelta::minutes(minutes)
    }

    /// Opens at minute 0, expires at minute 60.
    fn interview(status: InterviewStatus, deadline_at: Option<NaiveDateTime>) -> Lifecycle {
        Lifecycle {
            status,
            opens_at: at(0),
            expires_at: at(60),
            deadline_at,
        }
    }

    /// Before the window, inside it, at its close and after it.
    const MOMENTS: [i64; 4] = [-5, 30, 60, 90];

    #[test]
    fn only_a_scheduled_interview_expires_and_only_when_its_window_closes() {
        for status in ALL_STATUSES {
            for minute in MOMENTS {
                let expected = if status == InterviewStatus::Scheduled && minute >= 60 {
                    InterviewStatus::Expired
                } else {
                    status
                };
                assert_eq!(
                    interview(status, None).status_at(at(minute)),
                    expected,
                    "{status:?} at minute {minute}"
                );
            }
        }
    }

    #[test]
    fn the_window_counts_down_to_its_opening_then_opens_then_closes() {
        let lifecycle = interview(InterviewStatus::Scheduled, None);
        assert_eq!(lifecycle.window_at(at(-5)), (WindowState::NotOpenYet, 300));
        let just_before = at(0) - TimeDelta::milliseconds(10);
        assert_eq!(
            lifecycle.window_at(just_before),
            (WindowState::NotOpenYet, 1)
        );
        assert_eq!(lifecycle.window_at(at(0)), (WindowState::Open, 0));
        assert_eq!(lifecycle.window_at(at(59)), (WindowState::Open, 0));
        assert_eq!(lifecycle.window_at(at(60)), (WindowState::Expired, 0));
    }

    #[test]
    fn start_decides_every_status_at_every_moment() {
        let limit = TimeDelta::minutes(30);
        for status in ALL_STATUSES {
            for minute in MOMENTS {
                for consent in [false, true] {
                    let now = at(minute);
                    let decision = interview(status, None).start(now, consent, limit);
                    let expected = match (status, minute) {
                        (InterviewStatus::InProgress, _) => Ok(Start::Resume),
                        (InterviewStatus::Completed | InterviewStatus::Abandoned, _) => {
                            Err(StartRefused::Finished)
                        }
                        (InterviewStatus::Cancelled, _) => Err(StartRefused::Cancelled),
                        (InterviewStatus::Expired, _) => Err(StartRefused::Expired),
                        (InterviewStatus::Scheduled, m) if m >= 60 => Err(StartRefused::Expired),
                        (InterviewStatus::Scheduled, m) if m < 0 => {
                            Err(StartRefused::NotOpenYet { opens_at: at(0) })
                        }
                        (InterviewStatus::Scheduled, _) if !consent => Err(StartRefused::NoConsent),
                        (InterviewStatus::Scheduled, _) => Ok(Start::Begin {
                            deadline: now + limit,
                        }),
                    };
                    assert_eq!(
                        decision, expected,
                        "{status:?} at minute {minute}, consent {consent}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_window_opens_on_its_first_instant_and_closes_on_its_last() {
        let lifecycle = interview(InterviewStatus::Scheduled, None);
        let limit = TimeDelta::minutes(30);
        assert!(matches!(
            lifecycle.start(at(0), true, limit),
            Ok(Start::Begin { .. })
        ));
        assert_eq!(
            lifecycle.start(at(0) - TimeDelta::seconds(1), true, limit),
            Err(StartRefused::NotOpenYet { opens_at: at(0) })
        );
        assert!(matches!(
            lifecycle.start(at(60) - TimeDelta::seconds(1), true, limit),
            Ok(Start::Begin { .. })
        ));
        assert_eq!(
            lifecycle.start(at(60), true, limit),
            Err(StartRefused::Expired)
        );
    }

    #[test]
    fn only_a_scheduled_interview_in_its_window_can_be_changed() {
        for status in ALL_STATUSES {
            for minute in MOMENTS {
                let result = interview(status, None).require_scheduled(at(minute));
                if status == InterviewStatus::Scheduled && minute < 60 {
                    assert_eq!(result, Ok(()), "{status:?} at minute {minute}");
                } else {
                    let shown = if status == InterviewStatus::Scheduled {
                        InterviewStatus::Expired
                    } else {
                        status
                    };
                    assert_eq!(result, Err(NotScheduled(shown)), "{status:?} at {minute}");
                }
            }
        }
    }

    #[test]
    fn an_interview_is_overdue_only_in_progress_and_past_its_deadline_and_the_grace() {
        let deadline = at(30);
        for status in ALL_STATUSES {
            let lifecycle = interview(status, Some(deadline));
            let in_progress = status == InterviewStatus::InProgress;
            assert!(!lifecycle.is_overdue(deadline));
            assert!(!lifecycle.is_overdue(deadline + GRACE));
            assert_eq!(
                lifecycle.is_overdue(deadline + GRACE + TimeDelta::seconds(1)),
                in_progress,
                "{status:?}"
            );
        }
        // Not started: no deadline, never overdue.
        assert!(!interview(InterviewStatus::InProgress, None).is_overdue(at(10_000)));
    }

    #[test]
    fn an_early_end_completes_what_was_answered_and_abandons_the_rest() {
        use TurnKind::{Closing, FollowUp, Greeting, Main};
        for reason in [EndReason::EndedEarly, EndReason::TimeUp] {
            assert_eq!(
                early_ending([], reason),
                (InterviewStatus::Abandoned, EndReason::Abandoned)
            );
            // A greeting or closing reply is not an answer to a question.
            assert_eq!(
                early_ending([(Greeting, true), (Main, false), (Closing, true)], reason),
                (InterviewStatus::Abandoned, EndReason::Abandoned)
            );
            assert_eq!(
                early_ending([(Greeting, true), (Main, true), (Main, false)], reason),
                (InterviewStatus::Completed, reason)
            );
            assert_eq!(
                early_ending([(Main, false), (FollowUp, true)], reason),
                (InterviewStatus::Completed, reason)
            );
        }
    }

    #[test]
    fn end_reasons_round_trip_through_their_text() {
        for reason in [
            EndReason::Completed,
            EndReason::TimeUp,
            EndReason::EndedEarly,
            EndReason::Abandoned,
        ] {
            assert_eq!(EndReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(EndReason::parse("time up"), None);
    }

    #[test]
    fn changes_to_a_scheduled_interview_say_what_to_record() {
        let scheduled = interview(InterviewStatus::Scheduled, None);
        use Fact::{Email, Event};
        assert_eq!(
            scheduled.change(Change::Reschedule, at(0)),
            Ok(&[Email(EmailKind::Rescheduled)][..])
        );
        assert_eq!(
            scheduled.change(Change::Cancel, at(0)),
            Ok(&[
                Email(EmailKind::Cancelled),
                Event(WebhookEvent::InterviewCancelled)
            ][..])
        );
        assert_eq!(
            scheduled.change(Change::Resend, at(0)),
            Ok(&[Email(EmailKind::Resend)][..])
        );
        // Any other status, or a window that closed, refuses every change and records nothing.
        for status in ALL_STATUSES {
            let row = interview(status, None);
            for change in [Change::Reschedule, Change::Cancel, Change::Resend] {
                let allowed = status == InterviewStatus::Scheduled;
                assert_eq!(
                    row.change(change, at(0)).is_ok(),
                    allowed,
                    "{status:?} {change:?}"
                );
                if status != InterviewStatus::Scheduled {
                    assert_eq!(row.change(change, at(0)), Err(NotScheduled(status)));
                }
            }
        }
        let closed = scheduled.expires_at;
        assert_eq!(
            scheduled.change(Change::Cancel, closed),
            Err(NotScheduled(InterviewStatus::Expired))
        );
    }

    #[test]
    fn scheduling_starting_and_expiring_record_their_events() {
        assert!(SCHEDULED.contains(&Fact::Email(EmailKind::Invitation)));
        assert!(SCHEDULED.contains(&Fact::Event(WebhookEvent::InterviewScheduled)));
        assert_eq!(STARTED, [Fact::Event(WebhookEvent::InterviewStarted)]);
        assert_eq!(EXPIRED, [Fact::Event(WebhookEvent::InterviewExpired)]);
    }
}

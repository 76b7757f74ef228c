//! Stored status and kind enums round-trip.

use super::*;

/// Every status and kind enum stored in a TEXT column goes in and comes back as itself on
/// this backend, and a text it does not know fails the query instead of becoming a default.
async fn stored_enums_round_trip(app: TestApp) {
    use diesel::IntoSql;
    use diesel::sql_types::Text;
    use interview_flow_api::domain::CallbackStatus;
    use interview_flow_api::domain::jobs::{JobKind, JobState};
    use interview_flow_shared::{
        ApplicationStatus, EmailStatus, EvaluationStatus, InterviewStatus, JobStatus, Role,
        TurnKind, WebhookDeliveryStatus,
    };
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let conn = &mut *conn;
        macro_rules! round_trip {
            ($ty:ty: $($variant:expr),+ $(,)?) => {{
                for value in [$($variant),+] {
                    let back: $ty = diesel::select(value.into_sql::<Text>())
                        .get_result(conn)
                        .unwrap_or_else(|e| panic!("{value:?} round-trips: {e}"));
                    assert_eq!(back, value);
                    // Stored as the same text the wire uses.
                    let text: String = diesel::select(value.into_sql::<Text>())
                        .get_result(conn)
                        .unwrap();
                    assert_eq!(text, value.as_str());
                }
                let unknown = diesel::select("bogus".into_sql::<Text>()).get_result::<$ty>(conn);
                assert!(unknown.is_err(), "an unknown {} fails loudly", stringify!($ty));
            }};
        }
        use ApplicationStatus as A;
        round_trip!(A: A::Applied, A::Screening, A::Interview, A::Offer, A::Rejected);
        round_trip!(EmailStatus: EmailStatus::Queued, EmailStatus::Sent, EmailStatus::Failed);
        use EvaluationStatus as E;
        round_trip!(E: E::NotStarted, E::Pending, E::Running, E::Ready, E::Failed);
        use InterviewStatus as I;
        round_trip!(
            I: I::Scheduled,
            I::InProgress,
            I::Completed,
            I::Expired,
            I::Cancelled,
            I::Abandoned,
        );
        round_trip!(JobStatus: JobStatus::Open, JobStatus::Closed);
        round_trip!(Role: Role::Recruiter, Role::Candidate);
        round_trip!(
            TurnKind: TurnKind::Greeting,
            TurnKind::Main,
            TurnKind::FollowUp,
            TurnKind::Closing,
        );
        use WebhookDeliveryStatus as W;
        round_trip!(W: W::Queued, W::Delivered, W::Failed);
        use CallbackStatus as C;
        round_trip!(C: C::None, C::Pending, C::Sent, C::Failed);
        round_trip!(JobState: JobState::Queued, JobState::Dead);
        for kind in JobKind::ALL {
            round_trip!(JobKind: kind);
        }
    })
    .await
    .unwrap();
}
backend_test!(
    stored_enums_round_trip_on_both_backends,
    stored_enums_round_trip
);

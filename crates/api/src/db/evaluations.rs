//! An interview's evaluation: its own row from the moment the interview ends (pending, with the
//! `evaluate_interview` job queued beside it) to the stored result.

use crate::domain::ids::InterviewId;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::EvaluationStatus;

use super::DbConnection;
use super::schema::interview_evaluations;
use crate::domain::jobs::Job;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = interview_evaluations)]
pub struct EvaluationRow {
    pub interview_id: InterviewId,
    pub status: EvaluationStatus,
    /// The evaluation as JSON (`services::evaluation::StoredEvaluation`) once ready.
    pub result: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Queues the evaluation of an interview that just ended, in the caller's transaction: the
/// pending row and its job. Queueing it again is a no-op.
pub fn queue(
    conn: &mut DbConnection,
    interview_id: &InterviewId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if find(conn, interview_id)?.is_none() {
        diesel::insert_into(interview_evaluations::table)
            .values(EvaluationRow {
                interview_id: interview_id.clone(),
                status: EvaluationStatus::Pending,
                result: None,
                created_at: now,
                updated_at: now,
            })
            .execute(conn)?;
    }
    let job = Job::EvaluateInterview {
        interview_id: interview_id.to_string(),
    };
    super::background_jobs::enqueue(conn, &job, now)
}

pub fn find(conn: &mut DbConnection, interview_id: &str) -> QueryResult<Option<EvaluationRow>> {
    interview_evaluations::table
        .find(interview_id)
        .select(EvaluationRow::as_select())
        .first(conn)
        .optional()
}

/// Marks the evaluation as running (the report page shows it), unless it is done already.
pub fn mark_running(conn: &mut DbConnection, interview_id: &str) -> QueryResult<()> {
    diesel::update(
        interview_evaluations::table
            .find(interview_id)
            .filter(interview_evaluations::status.eq(EvaluationStatus::Pending)),
    )
    .set((
        interview_evaluations::status.eq(EvaluationStatus::Running),
        interview_evaluations::updated_at.eq(super::now()),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Stores the outcome: `Ready` with the result, or `Failed`.
pub fn store(
    conn: &mut DbConnection,
    interview_id: &str,
    status: EvaluationStatus,
    result: Option<&str>,
) -> QueryResult<()> {
    diesel::update(interview_evaluations::table.find(interview_id))
        .set((
            interview_evaluations::status.eq(status),
            interview_evaluations::result.eq(result),
            interview_evaluations::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

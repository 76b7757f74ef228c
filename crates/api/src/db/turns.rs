use crate::domain::ids::InterviewId;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use interview_flow_shared::TurnKind;

use super::DbConnection;
use super::cursor::Cursor;
use super::schema::{interview_events, interview_turns};
use crate::domain::values::{FollowUpIndex, MainNumber};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = interview_turns)]
pub struct TurnRow {
    pub id: String,
    pub interview_id: InterviewId,
    pub seq: i32,
    pub kind: TurnKind,
    pub main_number: MainNumber,
    pub follow_up_index: FollowUpIndex,
    pub question_text: Option<String>,
    pub generating_until: Option<NaiveDateTime>,
    pub provider: Option<String>,
    pub fallback_reason: Option<String>,
    pub first_token_ms: Option<i32>,
    pub generation_ms: Option<i32>,
    pub asked_at: Option<NaiveDateTime>,
    pub answer_text: Option<String>,
    pub answer_source: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub answer_duration_ms: Option<i32>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = interview_events)]
pub struct EventRow {
    pub id: String,
    pub interview_id: InterviewId,
    pub kind: String,
    pub client_at: Option<String>,
    pub detail: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &TurnRow) -> QueryResult<()> {
    diesel::insert_into(interview_turns::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn list(conn: &mut DbConnection, interview_id: &str) -> QueryResult<Vec<TurnRow>> {
    interview_turns::table
        .filter(interview_turns::interview_id.eq(interview_id))
        .order(interview_turns::seq.asc())
        .select(TurnRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<TurnRow> {
    interview_turns::table
        .find(id)
        .select(TurnRow::as_select())
        .first(conn)
}

/// Stores an answer unless the turn already has one; false when it had.
pub fn record_answer(
    conn: &mut DbConnection,
    id: &str,
    text: &str,
    source: &str,
    at: NaiveDateTime,
    duration_ms: Option<i32>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        interview_turns::table
            .find(id)
            .filter(interview_turns::answer_text.is_null()),
    )
    .set((
        interview_turns::answer_text.eq(text),
        interview_turns::answer_source.eq(source),
        interview_turns::answered_at.eq(at),
        interview_turns::answer_duration_ms.eq(duration_ms),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Takes the right to generate a turn's question for `until`; false if another request
/// holds it or the question exists.
pub fn claim_generation(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(
        interview_turns::table
            .find(id)
            .filter(interview_turns::question_text.is_null())
            .filter(
                interview_turns::generating_until
                    .is_null()
                    .or(interview_turns::generating_until.lt(now)),
            ),
    )
    .set(interview_turns::generating_until.eq(until))
    .execute(conn)?;
    Ok(updated == 1)
}

#[allow(clippy::too_many_arguments)]
pub fn store_question(
    conn: &mut DbConnection,
    id: &str,
    text: &str,
    provider: &str,
    fallback_reason: Option<&str>,
    first_token_ms: Option<i32>,
    generation_ms: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        interview_turns::table
            .find(id)
            .filter(interview_turns::question_text.is_null()),
    )
    .set((
        interview_turns::question_text.eq(text),
        interview_turns::provider.eq(provider),
        interview_turns::fallback_reason.eq(fallback_reason),
        interview_turns::first_token_ms.eq(first_token_ms),
        interview_turns::generation_ms.eq(generation_ms),
        interview_turns::asked_at.eq(at),
        interview_turns::generating_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
    .map(|_| ())
}

pub fn insert_event(conn: &mut DbConnection, row: &EventRow) -> QueryResult<()> {
    diesel::insert_into(interview_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn count_events_since(
    conn: &mut DbConnection,
    interview_id: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    interview_events::table
        .filter(interview_events::interview_id.eq(interview_id))
        .filter(interview_events::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Up to `limit` stored events, oldest first, after `after` (a `(created_at, id)` key).
pub fn list_events(
    conn: &mut DbConnection,
    interview_id: &str,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    let mut query = interview_events::table
        .filter(interview_events::interview_id.eq(interview_id))
        .order((
            interview_events::created_at.asc(),
            interview_events::id.asc(),
        ))
        .select(EventRow::as_select())
        .limit(limit)
        .into_boxed();
    if let Some(cursor) = after {
        query = query.filter(
            interview_events::created_at
                .gt(cursor.created_at)
                .or(interview_events::created_at
                    .eq(cursor.created_at)
                    .and(interview_events::id.gt(&cursor.id))),
        );
    }
    query.load(conn)
}

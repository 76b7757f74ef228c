//! The recruiter's report of an interview: transcript, scores with evidence, dimensions,
//! recommendation and the integrity events for a human to review (the first page in the
//! report, the rest paged).

use crate::domain::ids::InterviewId;
use crate::services::context::Context;
use interview_flow_shared::{
    AnswerSource, DimensionScoreDto, EvaluationStatus, IntegrityFlagDto, MAX_PAGE_LIMIT, Page,
    QuestionScoreDto, ReportDto,
};

use super::evaluation::StoredEvaluation;
use super::interviews::effective_status;
use super::rfc3339;
use crate::auth::Recruiter;
use crate::db::cursor::{self, Cursor};
use crate::db::turns::EventRow;
use crate::db::{self};
use crate::errors::ApiError;

/// Integrity events in the report itself; the rest are paged by [`integrity_events`].
const REPORT_EVENTS: i64 = MAX_PAGE_LIMIT as i64;

fn event_cursor(event: &EventRow) -> Cursor {
    Cursor {
        created_at: event.created_at,
        id: event.id.clone(),
    }
}

fn flag_dto(event: &EventRow) -> IntegrityFlagDto {
    IntegrityFlagDto {
        kind: event.kind.clone(),
        at: rfc3339(event.created_at),
        detail: event.detail.clone(),
    }
}

/// The organisation's interview (404 for anyone else's, so ids are not confirmed).
fn load_own(
    conn: &mut db::DbConnection,
    recruiter: &Recruiter,
    id: &str,
) -> Result<db::interviews::InterviewDetail, ApiError> {
    db::interviews::find_in_organization(conn, &recruiter.organization_id, id)?
        .ok_or_else(|| ApiError::not_found("No such interview."))
}

/// `GET /integrity-events`: the stored integrity events, oldest first, a page at a time.
pub async fn integrity_events(
    ctx: &Context,
    recruiter: Recruiter,
    id: InterviewId,
    after: Option<String>,
    limit: Option<u32>,
) -> Result<Page<IntegrityFlagDto>, ApiError> {
    let limit = cursor::page_limit(limit)?;
    let after = after.as_deref().map(Cursor::decode).transpose()?;
    ctx.db(move |conn| {
        load_own(conn, &recruiter, &id)?;
        let rows = db::turns::list_events(conn, &id, after.as_ref(), limit + 1)?;
        let (rows, next_cursor) = cursor::paginate(rows, limit, event_cursor);
        Ok(Page {
            items: rows.iter().map(flag_dto).collect(),
            next_cursor,
        })
    })
    .await
}

pub async fn report(
    ctx: &Context,
    recruiter: Recruiter,
    id: InterviewId,
) -> Result<ReportDto, ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        let detail = load_own(conn, &recruiter, &id)?;
        let turns = db::turns::list(conn, &id)?;
        let events = db::turns::list_events(conn, &id, None, REPORT_EVENTS + 1)?;
        let (events, events_next_cursor) = cursor::paginate(events, REPORT_EVENTS, event_cursor);
        let events_total = detail
            .session
            .as_ref()
            .map_or(0, |s| s.integrity_events_total);
        let row = &detail.interview;
        let evaluation = db::evaluations::find(conn, &id)?;
        let stored: Option<StoredEvaluation> = evaluation
            .as_ref()
            .and_then(|e| e.result.as_deref())
            .and_then(|json| serde_json::from_str(json).ok());
        let score_of = |turn_id: &str| {
            stored
                .as_ref()
                .and_then(|e| e.turn_scores.iter().find(|s| s.turn_id == turn_id))
        };
        Ok(ReportDto {
            interview_id: row.id.to_string(),
            status: effective_status(&detail, now),
            evaluation_status: evaluation
                .as_ref()
                .map_or(EvaluationStatus::NotStarted, |e| e.status),
            overall_score: stored.as_ref().map(|e| e.overall),
            recommendation: stored.as_ref().map(|e| e.recommendation),
            summary: stored.as_ref().map(|e| e.summary.clone()),
            dimensions: stored
                .as_ref()
                .map(|e| {
                    e.dimensions
                        .iter()
                        .map(|(name, score)| DimensionScoreDto {
                            name: name.clone(),
                            score: *score,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            questions: turns
                .iter()
                .filter(|t| t.question_text.is_some())
                .map(|t| {
                    let score = score_of(&t.id);
                    QuestionScoreDto {
                        number: t.main_number.get(),
                        kind: t.kind,
                        question: t.question_text.clone().unwrap_or_default(),
                        answer: t.answer_text.clone(),
                        answer_source: t.answer_source.as_deref().and_then(AnswerSource::parse),
                        answer_seconds: t
                            .answer_duration_ms
                            .map(|ms| u32::try_from(ms / 1000).unwrap_or(0)),
                        score: score.map(|s| s.score),
                        evidence: score.map(|s| s.evidence.clone()),
                    }
                })
                .collect(),
            integrity_events: events.iter().map(flag_dto).collect(),
            integrity_events_total: u64::try_from(events_total).unwrap_or(0),
            integrity_events_next_cursor: events_next_cursor,
            evaluator: stored.as_ref().map(|e| e.evaluator.clone()),
            caps: stored.as_ref().map(|e| e.caps.clone()).unwrap_or_default(),
            candidate_name: detail.candidate.full_name.clone(),
            job_title: detail.job.title.clone(),
            started_at: detail.started_at().map(rfc3339),
            completed_at: detail.completed_at().map(rfc3339),
        })
    })
    .await
}

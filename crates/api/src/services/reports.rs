//! The recruiter's report of an interview: transcript, scores with evidence, dimensions,
//! recommendation and the integrity events for a human to review.

use interview_flow_shared::{
    AnswerSource, DimensionScoreDto, IntegrityFlagDto, QuestionScoreDto, ReportDto, TurnKind,
};

use super::evaluation::StoredEvaluation;
use super::interviews::effective_status;
use super::rfc3339;
use crate::auth::Recruiter;
use crate::db::{self, DbPool};
use crate::errors::ApiError;

pub async fn report(
    pool: &DbPool,
    recruiter: Recruiter,
    id: String,
) -> Result<ReportDto, ApiError> {
    db::run(pool, move |conn| {
        let detail = db::interviews::find(conn, &id)
            .map_err(|_| ApiError::not_found("No such interview."))?;
        if detail.interview.organization_id != recruiter.organization_id {
            return Err(ApiError::not_found("No such interview."));
        }
        let turns = db::turns::list(conn, &id)?;
        let events = db::turns::list_events(conn, &id)?;
        let row = &detail.interview;
        let stored: Option<StoredEvaluation> = row
            .evaluation
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok());
        let score_of = |turn_id: &str| {
            stored
                .as_ref()
                .and_then(|e| e.turn_scores.iter().find(|s| s.turn_id == turn_id))
        };
        Ok(ReportDto {
            interview_id: row.id.clone(),
            status: effective_status(row, db::now()),
            evaluation_status: row
                .evaluation_status
                .clone()
                .unwrap_or_else(|| "not_started".into()),
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
                        number: u32::try_from(t.main_number).unwrap_or(0),
                        kind: TurnKind::parse(&t.kind).unwrap_or(TurnKind::Main),
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
            integrity_events: events
                .iter()
                .map(|e| IntegrityFlagDto {
                    kind: e.kind.clone(),
                    at: rfc3339(e.created_at),
                    detail: e.detail.clone(),
                })
                .collect(),
            evaluator: stored.as_ref().map(|e| e.evaluator.clone()),
            caps: stored.as_ref().map(|e| e.caps.clone()).unwrap_or_default(),
            candidate_name: detail.candidate.full_name.clone(),
            job_title: detail.job.title.clone(),
            started_at: row.started_at.map(rfc3339),
            completed_at: row.completed_at.map(rfc3339),
        })
    })
    .await
}

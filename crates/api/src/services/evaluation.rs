//! Evaluation after an interview ends, in the background (the candidate's last request has
//! already returned): the LLM evaluator when one is configured, else (or when it fails) the
//! built-in heuristic one; hard caps always applied in code.

use crate::services::context::Context;

use interview_flow_shared::{EvaluationStatus, Recommendation};
use serde::{Deserialize, Serialize};

use super::queue::JobError;
use super::sessions::{AiEngine, candidate_context, job_context};
use crate::ai::{self, Evaluation, EvaluationInput, EvaluationTurn, builtin, caps};
use crate::db::{self};
use crate::errors::ApiError;
use interview_flow_shared::WebhookEvent;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTurnScore {
    pub turn_id: String,
    pub score: u8,
    pub evidence: String,
}

/// The evaluation as stored (JSON in `interview_evaluations.result`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvaluation {
    pub overall: u8,
    pub recommendation: Recommendation,
    pub summary: String,
    pub dimensions: Vec<(String, f32)>,
    pub turn_scores: Vec<StoredTurnScore>,
    pub evaluator: String,
    pub caps: Vec<String>,
}

/// The `evaluate_interview` job: scores a finished interview and stores the report, queueing
/// the Greenhouse callback and the `interview.completed` event with it. Does nothing when the
/// evaluation is stored already (a job run twice).
pub async fn evaluate_interview(ctx: &Context, interview_id: &str) -> Result<(), JobError> {
    let engine = ctx.ai.clone();
    let id = interview_id.to_string();
    let load_id = id.clone();
    let loaded = ctx
        .db(move |conn| {
            let detail = db::interviews::find(conn, &load_id)?;
            let waiting =
                db::evaluations::find(conn, &load_id)?.is_some_and(|e| e.status.is_in_progress());
            if !waiting {
                return Ok(None);
            }
            db::evaluations::mark_running(conn, &load_id)?;
            let turns = db::turns::list(conn, &load_id)?;
            let candidate = candidate_context(conn, &detail)?;
            let turn_ids: Vec<String> = turns.iter().map(|t| t.id.clone()).collect();
            let input = EvaluationInput {
                job: job_context(&detail),
                candidate,
                turns: turns
                    .iter()
                    .map(|t| EvaluationTurn {
                        number: t.main_number.get(),
                        kind: t.kind,
                        question: t.question_text.clone().unwrap_or_default(),
                        answer: t.answer_text.clone(),
                        answer_seconds: t
                            .answer_duration_ms
                            .map(|ms| u32::try_from(ms / 1000).unwrap_or(0)),
                    })
                    .collect(),
                end_reason: detail
                    .session
                    .as_ref()
                    .and_then(|s| s.end_reason)
                    .ok_or_else(|| {
                        ApiError::internal(format!(
                            "interview {load_id} is evaluated but has no end reason"
                        ))
                    })?,
                question_count: detail.interview.question_count.get(),
            };
            Ok(Some((input, turn_ids)))
        })
        .await?;
    let Some((input, turn_ids)) = loaded else {
        return Ok(());
    };
    let evaluation = evaluate(&engine, &input).await;
    let stored = StoredEvaluation {
        overall: evaluation.overall,
        recommendation: evaluation.recommendation,
        summary: evaluation.summary.clone(),
        dimensions: evaluation.dimensions.clone(),
        turn_scores: evaluation
            .turn_scores
            .iter()
            .filter_map(|score| {
                Some(StoredTurnScore {
                    turn_id: turn_ids.get(score.turn_index)?.clone(),
                    score: score.score,
                    evidence: score.evidence.clone(),
                })
            })
            .collect(),
        evaluator: evaluation.evaluator.to_string(),
        caps: evaluation.caps.clone(),
    };
    let json = serde_json::to_string(&stored)
        .map_err(|e| JobError::Failed(format!("serialising the evaluation: {e}")))?;
    let links = ctx.links.clone();
    let (score, recommendation) = (stored.overall, stored.recommendation);
    let (report_url, report_api_url) = (links.report(&id), links.report_api(&id));
    let store_id = id.clone();
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            db::evaluations::store(conn, &store_id, EvaluationStatus::Ready, Some(&json))?;
            super::greenhouse::queue_completion_callback(conn, &store_id)?;
            super::interviews::emit_event(
                conn,
                &store_id,
                WebhookEvent::InterviewCompleted,
                &links,
                |data| {
                    data.score = Some(score);
                    data.recommendation = Some(recommendation);
                    data.report_url = Some(report_url);
                    data.report_api_url = Some(report_api_url);
                },
            )
        })
    })
    .await?;
    tracing::info!(interview_id = %id, overall = stored.overall, evaluator = %stored.evaluator, "interview evaluated");
    Ok(())
}

/// The LLM evaluator (validated, retried once inside) or, failing that, the built-in one.
async fn evaluate(engine: &AiEngine, input: &EvaluationInput) -> Evaluation {
    if engine.uses_llm() {
        match ai::openai::evaluate(&engine.settings, &engine.http, input).await {
            Ok(evaluation) => return caps::apply_caps(evaluation, input),
            Err(error) => {
                tracing::warn!(%error, "LLM evaluation failed; using the built-in evaluator")
            }
        }
    }
    builtin::evaluate(input)
}

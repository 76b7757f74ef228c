//! The next question: what comes after the last answered turn (main, follow-up, closing),
//! generating it once per turn under a lease (streamed from the configured provider, falling
//! back to the built-in one), and the context the providers are given.

use super::*;
use crate::services::context::Context;

/// How long one request may hold the right to generate a question.
const GENERATION_LEASE: TimeDelta = TimeDelta::seconds(90);

/// Below this much time left, the interviewer wraps up instead of asking more.
const WRAP_UP_SECONDS: i64 = 45;

/// What comes after the last answered turn.
pub(super) enum Next {
    Turn {
        kind: TurnKind,
        main_number: MainNumber,
        follow_up_index: FollowUpIndex,
    },
    Finish,
}

pub(super) fn plan_next(
    turns: &[TurnRow],
    question_count: QuestionCount,
    remaining_seconds: i64,
) -> Next {
    let Some(last) = turns.last() else {
        return Next::Turn {
            kind: TurnKind::Greeting,
            main_number: MainNumber::GREETING,
            follow_up_index: FollowUpIndex::NONE,
        };
    };
    let last_main = MainNumber::from(question_count);
    let closing = Next::Turn {
        kind: TurnKind::Closing,
        main_number: last_main,
        follow_up_index: FollowUpIndex::NONE,
    };
    match last.kind {
        TurnKind::Closing => Next::Finish,
        _ if remaining_seconds < WRAP_UP_SECONDS => closing,
        TurnKind::Greeting => Next::Turn {
            kind: TurnKind::Main,
            main_number: MainNumber::FIRST,
            follow_up_index: FollowUpIndex::NONE,
        },
        TurnKind::Main | TurnKind::FollowUp => {
            let main = last.main_number;
            let follow_ups = turns
                .iter()
                .filter(|t| t.kind == TurnKind::FollowUp && t.main_number == main)
                .count();
            let history = transcript(turns);
            // At most two follow-ups per main question.
            let next_index = u32::try_from(follow_ups + 1)
                .ok()
                .filter(|index| *index <= 2)
                .and_then(FollowUpIndex::new);
            if let Some(next_index) = next_index
                && builtin::wants_follow_up(
                    &history,
                    next_index.get(),
                    u64::try_from(remaining_seconds).unwrap_or(0),
                )
            {
                Next::Turn {
                    kind: TurnKind::FollowUp,
                    main_number: main,
                    follow_up_index: next_index,
                }
            } else if main < last_main {
                Next::Turn {
                    kind: TurnKind::Main,
                    main_number: main.next(),
                    follow_up_index: FollowUpIndex::NONE,
                }
            } else {
                closing
            }
        }
    }
}

fn transcript(turns: &[TurnRow]) -> Vec<TranscriptTurn> {
    turns
        .iter()
        .filter_map(|t| {
            Some(TranscriptTurn {
                kind: t.kind,
                main_number: t.main_number.get(),
                question: t.question_text.clone()?,
                answer: t.answer_text.clone(),
            })
        })
        .collect()
}

/// Writes a turn's question once, even with concurrent requests: the one that claims the
/// turn generates (streaming to its sink); others wait for the stored text.
pub(super) async fn ensure_question(
    ctx: &Context,
    interview_id: InterviewId,
    turn_id: String,
    sink: EventSink,
) -> Result<(), ApiError> {
    let engine = ctx.ai.clone();
    let now = ctx.now();
    let claim_id = turn_id.clone();
    let claimed = ctx
        .db(move |conn| {
            Ok(db::turns::claim_generation(
                conn,
                &claim_id,
                now,
                now + GENERATION_LEASE,
            )?)
        })
        .await?;
    if !claimed {
        return wait_for_question(ctx, turn_id, sink).await;
    }
    let context_turn = turn_id.clone();
    let context = ctx
        .db(move |conn| question_context(conn, &interview_id, &context_turn))
        .await?;
    let started = Instant::now();
    let mut first_token_ms: Option<i32> = None;
    let relay = sink.clone();
    let mut on_text = |piece: &str| {
        if first_token_ms.is_none() {
            first_token_ms = Some(i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX));
        }
        if let Some(sink) = &relay {
            let _ = sink.send(SessionEvent::Token(piece.to_string()));
        }
    };
    let generated = engine
        .provider
        .generate(&context, &mut on_text)
        .await
        .and_then(|text| {
            // A question already asked in this interview is no use, however it was produced.
            if context
                .history
                .iter()
                .any(|turn| same_question(&turn.question, &text))
            {
                Err(ProviderError::Unusable(
                    "repeated an earlier question".into(),
                ))
            } else {
                Ok(text)
            }
        });
    let (text, provider, fallback_reason) = match generated {
        Ok(text) => (text, engine.provider.name(), None),
        Err(error) => {
            tracing::warn!(%error, provider = engine.provider.name(), turn_id = %turn_id, "question provider failed; using the built-in interviewer for this turn");
            let reason = error_reason(&error);
            // The client may have shown partial text: tell it to start over.
            if let Some(sink) = &sink {
                let _ = sink.send(SessionEvent::Reset);
            }
            let text = engine
                .builtin
                .generate(&context, &mut on_text)
                .await
                .map_err(|e| ApiError::internal(format!("built-in provider failed: {e}")))?;
            (text, engine.builtin.name(), Some(reason))
        }
    };
    let generation_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    tracing::info!(turn_id = %turn_id, provider, first_token_ms, generation_ms, "question ready");
    // Asked once written (the answer's duration counts from here), not when the turn was claimed.
    let asked_at = ctx.now();
    ctx.db(move |conn| {
        db::turns::store_question(
            conn,
            &turn_id,
            &text,
            provider,
            fallback_reason.as_deref(),
            first_token_ms,
            generation_ms,
            asked_at,
        )?;
        Ok(())
    })
    .await
}

/// Equal ignoring case, punctuation and spacing.
fn same_question(a: &str, b: &str) -> bool {
    let normalise = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    normalise(a) == normalise(b)
}

fn error_reason(error: &ProviderError) -> String {
    match error {
        ProviderError::Timeout(_) => "timeout".into(),
        ProviderError::Status { status, .. } => format!("http_{status}"),
        ProviderError::Malformed(_) => "malformed".into(),
        ProviderError::Transport(_) => "transport".into(),
        ProviderError::Unusable(_) => "unusable".into(),
    }
}

async fn wait_for_question(
    ctx: &Context,
    turn_id: String,
    sink: EventSink,
) -> Result<(), ApiError> {
    let deadline = Instant::now() + std::time::Duration::from_secs(100);
    loop {
        let id = turn_id.clone();
        let turn = ctx.db(move |conn| Ok(db::turns::find(conn, &id)?)).await?;
        if let Some(text) = turn.question_text {
            if let Some(sink) = &sink {
                let _ = sink.send(SessionEvent::Token(text));
            }
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(ApiError::Unavailable(
                "the next question took too long".into(),
            ));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Everything the provider sees for one turn.
fn question_context(
    conn: &mut DbConnection,
    interview_id: &str,
    turn_id: &str,
) -> Result<QuestionContext, ApiError> {
    let detail = db::interviews::find(conn, interview_id)?;
    let turns = db::turns::list(conn, interview_id)?;
    let turn = turns
        .iter()
        .find(|t| t.id == turn_id)
        .ok_or_else(|| ApiError::internal("turn vanished"))?;
    let count = question_count(&detail);
    let request = match turn.kind {
        TurnKind::Greeting => QuestionRequest::Greeting {
            question_count: count,
        },
        TurnKind::Main => QuestionRequest::Main {
            number: turn.main_number.get(),
            of: count,
        },
        TurnKind::FollowUp => QuestionRequest::FollowUp {
            main_number: turn.main_number.get(),
            index: turn.follow_up_index.get(),
        },
        TurnKind::Closing => QuestionRequest::Closing,
    };
    Ok(QuestionContext {
        job: job_context(&detail),
        candidate: candidate_context(conn, &detail)?,
        history: transcript(
            &turns
                .iter()
                .filter(|t| t.seq < turn.seq)
                .cloned()
                .collect::<Vec<_>>(),
        ),
        request,
        seed: seed_from(interview_id),
    })
}

pub fn job_context(detail: &InterviewDetail) -> JobContext {
    JobContext {
        title: detail.job.title.clone(),
        description: detail.job.description.clone(),
        required_skills: crate::services::jobs::skills_from_json(&detail.job.required_skills),
        company_name: detail.organization.name.clone(),
        language: detail.interview.language.clone(),
    }
}

/// The candidate with the résumé text of their application (or their latest application to
/// this job when the interview was scheduled standalone).
pub fn candidate_context(
    conn: &mut DbConnection,
    detail: &InterviewDetail,
) -> Result<CandidateContext, ApiError> {
    let applications = db::applications::list_for_candidate(conn, &detail.candidate.id)?;
    let resume_text = applications
        .iter()
        .find(|(app, ..)| Some(&app.id) == detail.interview.application_id.as_ref())
        .or_else(|| {
            applications
                .iter()
                .find(|(app, ..)| app.job_id == detail.job.id)
        })
        .and_then(|(app, ..)| app.resume_text.clone())
        .filter(|text| !text.trim().is_empty());
    Ok(CandidateContext {
        full_name: detail.candidate.full_name.clone(),
        resume_text,
    })
}

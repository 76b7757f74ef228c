//! The candidate's answers and the end: an answer is stored the moment it arrives
//! (idempotent on `turn_id`, one writer per turn), then the interview moves on; `end` finishes
//! it early (completed if anything was answered, abandoned otherwise).

use super::*;
use crate::services::context::Context;

/// `POST /answers`: stores the answer at once (idempotent on `turn_id`), then moves on.
pub async fn answer(
    ctx: &Context,
    user: AuthenticatedUser,
    id: InterviewId,
    request: AnswerRequest,
    sink: EventSink,
) -> Result<SessionDto, ApiError> {
    let clock = ctx.clock.clone();
    let text = request.text.trim().to_string();
    if text.is_empty() {
        return Err(ApiError::validation("text", "The answer is empty."));
    }
    if request.text.chars().count() > MAX_ANSWER_CHARS {
        return Err(ApiError::validation(
            "text",
            format!("An answer can be at most {MAX_ANSWER_CHARS} characters."),
        ));
    }
    validation::reject_control_characters(&text, "text")?;
    let interview_id = id.clone();
    let pending = ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            // Concurrent answers to this interview queue here, so each one sees the turns
            // the previous one wrote: one answer per turn, one new turn per answer.
            lock_interview(conn, &id)?;
            let detail = load_for_candidate(conn, &user, &id)?;
            let now = clock.now();
            let turn = db::turns::find(conn, &request.turn_id)
                .optional()?
                .filter(|t| t.interview_id == id)
                .ok_or_else(|| ApiError::not_found("No such question in this interview."))?;
            if let Some(stored) = &turn.answer_text {
                if *stored != text {
                    return Err(conflict(
                        "turn_already_answered",
                        "This question was already answered with a different text; the first answer is kept.",
                    ));
                }
                // A retry: the answer is stored; report where the interview stands.
                return Ok(pending_turn(conn, &id)?);
            }
            if finish_if_overdue(conn, &detail.interview.id, detail.lifecycle(), now)? {
                return Ok(None);
            }
            match effective_status(&detail, now) {
                InterviewStatus::InProgress => {}
                InterviewStatus::Completed | InterviewStatus::Abandoned => {
                    return Err(conflict(
                        "interview_completed",
                        "This interview is already finished.",
                    ));
                }
                _ => {
                    return Err(conflict(
                        "interview_not_started",
                        "This interview has not started.",
                    ));
                }
            }
            let turns = db::turns::list(conn, &id)?;
            let current = turns.iter().rev().find(|t| t.answer_text.is_none());
            if current.map(|t| &t.id) != Some(&turn.id) {
                return Err(ApiError::ConflictWithDetails {
                    code: "not_current_turn",
                    message: "Only the current question can be answered; reload the interview."
                        .into(),
                    details: serde_json::json!({
                        "current_turn_id": current.map(|t| t.id.clone()),
                    }),
                });
            }
            if turn.question_text.is_none() {
                return Err(conflict(
                    "question_not_ready",
                    "This question is still being prepared; try again in a moment.",
                ));
            }
            let duration = turn
                .asked_at
                .map(|asked| i32::try_from((now - asked).num_milliseconds()).unwrap_or(i32::MAX));
            if !db::turns::record_answer(
                conn,
                &turn.id,
                &text,
                request.source.as_str(),
                now,
                duration,
            )? {
                // Unreachable while the interview is locked; never move on without the answer.
                return Err(conflict(
                    "turn_already_answered",
                    "This question was answered meanwhile; reload the interview.",
                ));
            }
            let turns = db::turns::list(conn, &id)?;
            let remaining = detail
                .session
                .as_ref()
                .map_or(0, |s| (s.deadline_at - now).num_seconds());
            match plan_next(&turns, detail.interview.question_count, remaining) {
                Next::Finish => {
                    db::interviews::finish(
                        conn,
                        &detail.interview.id,
                        InterviewStatus::Completed,
                        EndReason::Completed,
                        now,
                    )?;
                    Ok(None)
                }
                Next::Turn {
                    kind,
                    main_number,
                    follow_up_index,
                } => {
                    let seq = turns.last().map(|t| t.seq + 1).unwrap_or(0);
                    let next = new_turn(&detail.interview.id, seq, kind, main_number, follow_up_index);
                    db::turns::insert(conn, &next)?;
                    Ok(Some(PendingTurn { turn_id: next.id }))
                }
            }
        })
    })
    .await?;
    respond(ctx, interview_id, pending, sink).await
}

/// `POST /end`: the candidate ends early; a final answer is kept if the current turn has none.
pub async fn end(
    ctx: &Context,
    user: AuthenticatedUser,
    id: InterviewId,
    final_answer: Option<AnswerRequest>,
) -> Result<SessionDto, ApiError> {
    let clock = ctx.clock.clone();
    let interview_id = id.clone();
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            lock_interview(conn, &id)?;
            let detail = load_for_candidate(conn, &user, &id)?;
            let now = clock.now();
            if finish_if_overdue(conn, &detail.interview.id, detail.lifecycle(), now)? {
                return Ok(());
            }
            match effective_status(&detail, now) {
                InterviewStatus::InProgress => {}
                InterviewStatus::Completed | InterviewStatus::Abandoned => return Ok(()),
                _ => {
                    return Err(conflict(
                        "interview_not_started",
                        "This interview has not started.",
                    ));
                }
            }
            if let Some(answer) = final_answer {
                let text = answer.text.trim();
                if let Some(turn) = db::turns::find(conn, &answer.turn_id).optional()?
                    && turn.interview_id == id
                    && turn.question_text.is_some()
                    && !text.is_empty()
                {
                    let duration = turn.asked_at.map(|asked| {
                        i32::try_from((now - asked).num_milliseconds()).unwrap_or(i32::MAX)
                    });
                    let text: String = text.chars().take(MAX_ANSWER_CHARS).collect();
                    db::turns::record_answer(
                        conn,
                        &turn.id,
                        &text,
                        answer.source.as_str(),
                        now,
                        duration,
                    )?;
                }
            }
            let turns = db::turns::list(conn, &id)?;
            let (status, reason) = ending_of(&turns, EndReason::EndedEarly);
            db::interviews::finish(conn, &detail.interview.id, status, reason, now)?;
            Ok(())
        })
    })
    .await?;
    respond(ctx, interview_id, None, None).await
}

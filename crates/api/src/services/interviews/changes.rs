//! Scheduling, rescheduling, cancelling and resending: each writes the interview, its email
//! (outbox) and its webhook event in one transaction.

use super::*;
use crate::domain::values::IcsSequence;
use crate::services::context::Context;

/// Schedules an interview and queues its invitation, in one transaction.
pub async fn schedule(
    ctx: &Context,
    recruiter: Recruiter,
    new: NewInterview,
) -> Result<InterviewDto, ApiError> {
    let links = ctx.links.clone();
    let now = ctx.now();
    ctx.db(move |conn| {
        let interview_id = db::transaction::<_, ApiError, _>(conn, |conn| {
            schedule_in(conn, &recruiter, &new, &links, now)
        })?;
        Ok(to_dto(
            &db::interviews::find(conn, &interview_id)?,
            &links,
            now,
        ))
    })
    .await
}

/// Schedules `new` in the caller's transaction: checks the job and the interviewee, writes
/// the interview and records what scheduling makes happen (the invitation, the event).
pub fn schedule_in(
    conn: &mut DbConnection,
    recruiter: &Recruiter,
    new: &NewInterview,
    links: &Links,
    now: chrono::NaiveDateTime,
) -> Result<crate::domain::ids::InterviewId, ApiError> {
    let (job, _) =
        db::jobs::find_in_organization(conn, &recruiter.organization_id, &new.job_id)?
            .ok_or_else(|| ApiError::not_found("No job with this job_id in your organisation."))?;
    if job.status != JobStatus::Open {
        return Err(ApiError::validation(
            "job_id",
            "This job is closed; reopen it to schedule interviews.",
        ));
    }
    let (candidate, application_id) = match &new.interviewee {
        Interviewee::Application(application_id) => {
            let (app, _, _, candidate) = db::applications::find_in_organization(
                conn,
                &recruiter.organization_id,
                application_id,
            )?
            .ok_or_else(|| {
                ApiError::not_found("No application with this application_id in your organisation.")
            })?;
            if app.job_id != job.id {
                return Err(ApiError::validation(
                    "application_id",
                    "This application is for another job.",
                ));
            }
            let status = app.status;
            if matches!(
                status,
                ApplicationStatus::Applied | ApplicationStatus::Screening
            ) {
                db::applications::set_status(
                    conn,
                    &app.id,
                    ApplicationStatus::Interview.as_str(),
                    now,
                )?;
            }
            (candidate, Some(app.id))
        }
        Interviewee::Standalone { full_name, email } => {
            (find_or_invite_candidate(conn, full_name, email)?, None)
        }
    };
    let row = InterviewRow {
        id: crate::domain::ids::InterviewId::generate(),
        organization_id: recruiter.organization_id.clone(),
        job_id: job.id.clone(),
        application_id,
        candidate_id: candidate.id.clone(),
        created_by: recruiter.user_id.clone(),
        scheduled_at: new.window.scheduled_at.naive_utc(),
        scheduled_offset_minutes: new.window.scheduled_at.offset().local_minus_utc() / 60,
        time_zone: new.window.time_zone.map(|tz| tz.name().to_string()),
        opens_at: new.window.opens_at.naive_utc(),
        expires_at: new.window.expires_at.naive_utc(),
        status: InterviewStatus::Scheduled,
        note: new.note.clone(),
        external_ids: external_ids_to_json(&new.external_ids),
        ics_sequence: IcsSequence::FIRST,
        reminder_24h_at: None,
        reminder_1h_at: None,
        created_at: now,
        updated_at: now,
        cancelled_at: None,
        question_count: job.question_count,
        time_limit_minutes: job.time_limit_minutes,
        language: job.language.clone(),
    };
    db::interviews::insert(conn, &row)?;
    record_facts(conn, &row.id, lifecycle::SCHEDULED, links)?;
    Ok(row.id)
}

/// The candidate's account: matched by email in any letter case, or created without a
/// password (they sign in through the emailed link and may set one later). Creation is
/// atomic, so two recruiters scheduling the same new address at once share one account.
///
/// An account someone registered for this address without ever proving it is not trusted
/// with the interview: its password is removed and its sessions end, so only the owner of
/// the mailbox gets in (through the emailed link, or by resetting the password).
pub fn find_or_invite_candidate(
    conn: &mut DbConnection,
    full_name: &str,
    email: &str,
) -> Result<UserRow, ApiError> {
    let now = db::now();
    let invited = UserRow {
        id: crate::domain::ids::UserId::generate(),
        email: email.to_string(),
        password_hash: None,
        full_name: full_name.to_string(),
        role: Role::Candidate,
        organization_id: None,
        created_at: now,
        updated_at: now,
        email_verified_at: None,
    };
    if db::users::insert_if_email_free(conn, &invited)? {
        return Ok(invited);
    }
    let user = db::users::find_by_email(conn, email)?
        .ok_or_else(|| ApiError::internal("a candidate's account vanished while scheduling"))?;
    if user.role != Role::Candidate {
        return Err(ApiError::validation(
            "candidate.email",
            "This email belongs to a recruiter account; use the candidate's own email.",
        ));
    }
    if user.is_unverified_self_registration() {
        tracing::warn!(user_id = %user.id, "scheduling for an unverified account: its password is removed");
        db::users::clear_password(conn, &user.id, now)?;
        db::refresh_tokens::revoke_all_for_user(conn, &user.id, None, now)?;
        db::account_tokens::spend_all(conn, &user.id, None, now)?;
        return Ok(UserRow {
            password_hash: None,
            ..user
        });
    }
    Ok(user)
}

pub async fn reschedule(
    ctx: &Context,
    recruiter: Recruiter,
    id: InterviewId,
    request: RescheduleInterviewRequest,
) -> Result<InterviewDto, ApiError> {
    let new_scheduled = request
        .scheduled_at
        .as_deref()
        .map(|raw| parse_time("scheduled_at", raw))
        .transpose()?;
    let new_expires = request
        .expires_at
        .as_deref()
        .map(|raw| parse_time("expires_at", raw))
        .transpose()?;
    let new_zone = parse_time_zone(request.time_zone.as_deref())?;
    apply_change(
        ctx,
        recruiter,
        id,
        Change::Reschedule,
        move |conn, detail, now| {
            let mut row = detail.interview.clone();
            let old_scheduled = scheduled_at_with_offset(&row);
            let scheduled_at = new_scheduled.unwrap_or(old_scheduled);
            let opens_before = request.opens_before_minutes.unwrap_or_else(|| {
                u32::try_from((row.scheduled_at - row.opens_at).num_minutes())
                    .unwrap_or(DEFAULT_OPENS_BEFORE_MINUTES)
            });
            // Keep the link's validity after the interview as it was, unless given.
            let expires_at = new_expires
                .or_else(|| new_scheduled.map(|s| s + (row.expires_at - row.scheduled_at)));
            let zone = new_zone.or(row
                .time_zone
                .as_deref()
                .and_then(|z| chrono_tz::Tz::from_str(z).ok()));
            let window = Window::parse(
                scheduled_at,
                opens_before,
                expires_at.or(Some(row.expires_at.and_utc().fixed_offset())),
                zone,
                now.and_utc(),
            )?;
            row.scheduled_at = window.scheduled_at.naive_utc();
            row.scheduled_offset_minutes = window.scheduled_at.offset().local_minus_utc() / 60;
            row.time_zone = window.time_zone.map(|tz| tz.name().to_string());
            row.opens_at = window.opens_at.naive_utc();
            row.expires_at = window.expires_at.naive_utc();
            row.ics_sequence = row.ics_sequence.next();
            db::interviews::reschedule(conn, &row, now)?;
            db::access_tokens::set_expiry_for_interview(conn, &row.id, row.expires_at)?;
            Ok(())
        },
    )
    .await
}

pub async fn cancel(
    ctx: &Context,
    recruiter: Recruiter,
    id: InterviewId,
) -> Result<InterviewDto, ApiError> {
    apply_change(ctx, recruiter, id, Change::Cancel, |conn, detail, now| {
        let row = &detail.interview;
        if !db::interviews::cancel(conn, &row.id, row.ics_sequence.next(), now)? {
            return Err(ApiError::Conflict {
                code: "interview_not_scheduled",
                message: "The interview changed state meanwhile; reload it.".into(),
            });
        }
        db::access_tokens::revoke_for_interview(conn, &row.id, now)?;
        Ok(())
    })
    .await
}

pub async fn resend(
    ctx: &Context,
    recruiter: Recruiter,
    id: InterviewId,
) -> Result<InterviewDto, ApiError> {
    // The invitation email is the change's fact; nothing else is written.
    apply_change(ctx, recruiter, id, Change::Resend, |_, _, _| Ok(())).await
}

/// A recruiter's `change` to their scheduled interview `id`, in one transaction: refused
/// unless the lifecycle allows it now, then written by `write`, then its facts (emails,
/// events) recorded. Answers with the interview as it now stands.
async fn apply_change<W>(
    ctx: &Context,
    recruiter: Recruiter,
    id: InterviewId,
    change: Change,
    write: W,
) -> Result<InterviewDto, ApiError>
where
    W: FnOnce(&mut DbConnection, &InterviewDetail, NaiveDateTime) -> Result<(), ApiError>
        + Send
        + 'static,
{
    let (links, now) = (ctx.links.clone(), ctx.now());
    ctx.db(move |conn| {
        db::transaction::<_, ApiError, _>(conn, |conn| {
            let detail = load_own(conn, &recruiter, &id)?;
            let facts = allowed(&detail, change, now)?;
            write(conn, &detail, now)?;
            record_facts(conn, &id, facts, &links)
        })?;
        Ok(to_dto(&db::interviews::find(conn, &id)?, &links, now))
    })
    .await
}

/// The periodic `expire_interviews` job: interviews whose window closed unused become
/// expired, each with an `interview.expired` event, in one transaction.
pub async fn expire_unused(
    state: &crate::state::AppState,
) -> Result<(), crate::services::queue::JobError> {
    let links = state.context.links.clone();
    let now = state.context.now();
    let expired = state
        .context
        .db(move |conn| {
            db::transaction::<_, ApiError, _>(conn, |conn| {
                let ids = db::interviews::expire_overdue(conn, now)?;
                for id in &ids {
                    super::record_facts(conn, id, lifecycle::EXPIRED, &links)?;
                }
                Ok(ids)
            })
        })
        .await?;
    if !expired.is_empty() {
        tracing::info!(count = expired.len(), "interviews expired unused");
    }
    Ok(())
}

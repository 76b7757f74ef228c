//! The candidate's way in: the ready page, the emailed link that signs in to one interview,
//! and asking for a new link.

use super::*;
use crate::services::context::Context;
use diesel::OptionalExtension;

/// What the candidate's ready page needs. Only the interview's candidate may see it.
pub async fn ready(
    ctx: &Context,
    user: AuthenticatedUser,
    id: InterviewId,
) -> Result<InterviewReadyDto, ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        let detail = db::interviews::find(conn, &id).optional()?.ok_or_else(not_found)?;
        if detail.candidate.id != user.user_id {
            return Err(ApiError::Forbidden {
                code: "not_your_interview",
                message: "This interview link belongs to another candidate. Sign out and open it with the account it was sent to."
                    .into(),
            });
        }
        let row = &detail.interview;
        let (state, seconds_until_open) = window_state(&detail, now);
        Ok(InterviewReadyDto {
            id: row.id.to_string(),
            status: effective_status(&detail, now),
            job: ReadyJobDto {
                id: detail.job.id.to_string(),
                title: detail.job.title.clone(),
                description: detail.job.description.clone(),
                location: detail.job.location.clone(),
            },
            company: CompanyBrandingDto {
                name: detail.organization.name.clone(),
                logo_url: detail.organization.logo_url.clone(),
                brand_color: detail.organization.brand_color.clone(),
            },
            candidate_name: detail.candidate.full_name.clone(),
            question_count: detail.interview.question_count.get(),
            time_limit_minutes: detail.interview.time_limit_minutes.get(),
            language: detail.interview.language.clone(),
            scheduled_at: scheduled_at_with_offset(row).to_rfc3339(),
            window: InterviewWindowDto {
                opens_at: rfc3339(row.opens_at),
                expires_at: rfc3339(row.expires_at),
                state,
                seconds_until_open,
            },
            consent_at: None,
        })
    })
    .await
}

/// Creates the sign-in token an email carries (stored hashed, valid until the window closes).
/// A new invitation (first, resent or rescheduled) ends the links of the earlier ones.
pub fn issue_access_token(
    conn: &mut DbConnection,
    row: &InterviewRow,
    kind: EmailKind,
) -> diesel::QueryResult<String> {
    if kind.is_invitation() {
        db::access_tokens::revoke_for_interview(conn, &row.id, db::now())?;
    }
    let token = refresh::generate_token();
    db::access_tokens::insert(
        conn,
        &db::access_tokens::AccessTokenRow {
            id: db::new_id(),
            interview_id: row.id.to_string(),
            user_id: row.candidate_id.to_string(),
            token_hash: refresh::hash_token(&token),
            created_at: db::now(),
            expires_at: row.expires_at,
            last_used_at: None,
            revoked_at: None,
        },
    )?;
    Ok(token)
}

/// `POST /auth/link`: an emailed token signs its candidate in, with a session limited to
/// that interview. It stops working once the interview is over, a newer invitation was
/// sent, or the account set a password.
pub async fn link_sign_in(
    ctx: &Context,
    token: String,
    refresh_ttl_days: u32,
) -> Result<(SignedIn, String), ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        let invalid = || ApiError::Unauthorized {
            code: "invalid_link",
            message: "This sign-in link is invalid or no longer works. Open the interview page to have a new link emailed to you, or ask the recruiter to resend your invitation.".into(),
        };
        let row = db::access_tokens::find_live(conn, &refresh::hash_token(token.trim()), now)?
            .ok_or_else(invalid)?;
        if !accounts::link_token_usable(conn, &row.id, now)? {
            return Err(invalid());
        }
        db::access_tokens::touch(conn, &row.id, now)?;
        let user = db::users::find(conn, &row.user_id)?;
        let scope = accounts::LinkScope {
            interview_id: row.interview_id.clone(),
            access_token_id: row.id.clone(),
        };
        let signed_in = accounts::sign_in_user(conn, user, refresh_ttl_days, Some(scope))?;
        Ok((signed_in, row.interview_id))
    })
    .await
}

/// `POST /interviews/{id}/sign-in-link`: emails a fresh sign-in link for the interview, only
/// to its invited address and only while it can still be taken. Says nothing either way.
pub async fn request_sign_in_link(
    ctx: &Context,
    interview_id: InterviewId,
    email: String,
) -> Result<(), ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        let Ok(detail) = db::interviews::find(conn, &interview_id) else {
            return Ok(());
        };
        if detail.candidate.email != email || effective_status(&detail, now).is_final() {
            return Ok(());
        }
        enqueue_email(
            conn,
            &interview_id,
            EmailKind::SignInLink,
            &detail.candidate,
        )?;
        Ok(())
    })
    .await
}

//! `send_test`: Greenhouse orders an interview for a candidate. The order is recognised by
//! Greenhouse's own ids, so a retry answers the same interview; its rows are written in one
//! transaction after the network work (the callback URL check, the résumé's download and
//! reading).

use super::*;

pub async fn send_test(
    state: &AppState,
    recruiter: Recruiter,
    request: GreenhouseSendTestRequest,
) -> Result<GreenhouseSendTestResponse, ApiError> {
    let candidate = &request.candidate;
    let email = validation::normalize_email(candidate.email.as_deref().unwrap_or("")).map_err(
        |mut e| {
            e.field = "candidate.email";
            e
        },
    )?;
    let name = candidate
        .preferred_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or(candidate.first_name.clone())
        .map(|first| {
            format!(
                "{first} {}",
                candidate.last_name.clone().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| email.clone());
    let full_name = validation::validate_full_name(&name).map_err(|mut e| {
        e.field = "candidate.first_name";
        e
    })?;
    if let Some(url) = &request.url {
        let parsed = url::Url::parse(url)
            .map_err(|_| ApiError::validation("url", "url must be an absolute URL."))?;
        // Refused now rather than on every retry; checked again before each attempt.
        outbound::check_destination(&parsed, state.settings.webhooks_allow_private_networks)
            .await
            .map_err(|reason| {
                ApiError::validation("url", format!("The callback URL cannot be used: {reason}."))
            })?;
    }
    let request_key = order_key(&request, &email);
    let (lookup_org, lookup_key) = (recruiter.organization_id.to_string(), request_key.clone());
    if let Some(interview_id) = state
        .context
        .db(move |conn| find_order(conn, &lookup_org, &lookup_key))
        .await?
    {
        return Ok(GreenhouseSendTestResponse {
            partner_interview_id: interview_id,
        });
    }
    // The network and the résumé's reading first, outside any transaction; then every row in
    // one: candidate, application, interview (with its invitation and event) and the order.
    let application_id = ApplicationId::generate();
    let resume = match &candidate.resume_url {
        Some(url) => match fetch_resume(state, url).await {
            Some(bytes) => {
                let upload = ResumeUpload {
                    filename: Some("greenhouse-resume".into()),
                    bytes,
                };
                match applications::store_resume(&state.settings.data_dir, &application_id, upload)
                    .await
                {
                    Ok(stored) => Some(stored),
                    Err(error) => {
                        tracing::warn!(%error, "the Greenhouse résumé was not stored; continuing without it");
                        None
                    }
                }
            }
            None => None,
        },
        None => None,
    };
    let now = state.context.now();
    let new = NewInterview::parse(
        CreateInterviewRequest {
            job_id: request.partner_test_id.clone(),
            application_id: None,
            candidate: Some(interview_flow_shared::CandidateInput {
                full_name: full_name.clone(),
                email: email.clone(),
                external_ids: None,
            }),
            // Greenhouse sends the test now: the link opens at once.
            scheduled_at: (now.and_utc() + TimeDelta::minutes(1)).to_rfc3339(),
            time_zone: None,
            opens_before_minutes: Some(15),
            expires_at: None,
            note: request
                .sent_by
                .as_ref()
                .map(|by| format!("Sent from Greenhouse by {by}")),
            external_ids: None,
        },
        now.and_utc(),
    )?;
    let resume_path = resume.as_ref().map(|stored| stored.path.clone());
    let links = state.context.links.clone();
    let order = OrderRow {
        interview_id: String::new(),
        organization_id: recruiter.organization_id.to_string(),
        partner_test_id: request.partner_test_id.clone(),
        callback_url: request.url.clone(),
        profile_url: candidate.greenhouse_profile_url.clone(),
        sent_by: request.sent_by.clone(),
        callback_status: CallbackStatus::None,
        attempts: 0,
        next_attempt_at: None,
        last_error: None,
        created_at: now,
        request_key,
    };
    let (order_org, order_key_copy) = (order.organization_id.clone(), order.request_key.clone());
    let outcome = state
        .context
        .db(move |conn| {
            db::transaction::<_, ApiError, _>(conn, |conn| {
                place_order(
                    conn,
                    &recruiter,
                    new,
                    resume,
                    application_id,
                    order,
                    &links,
                    now,
                )
            })
        })
        .await;
    // The stored résumé stays only as the new application's file; otherwise (no row written,
    // an existing application, a raced retry) it goes.
    let resume_kept = matches!(&outcome, Ok(placed) if placed.resume_used);
    if let (false, Some(path)) = (resume_kept, &resume_path) {
        let _ = std::fs::remove_file(path);
    }
    let interview_id = match outcome {
        Ok(placed) => placed.interview_id,
        // A retry running at the same time committed the order first (the unique key waits
        // for it): answer with its interview, as for any retry.
        Err(ApiError::Conflict {
            code: ORDER_RACED, ..
        }) => {
            let (org, key) = (order_org, order_key_copy);
            state
                .context
                .db(move |conn| find_order(conn, &org, &key))
                .await?
                .ok_or_else(|| ApiError::internal("a raced Greenhouse order is not stored"))?
        }
        Err(error) => return Err(error),
    };
    Ok(GreenhouseSendTestResponse {
        partner_interview_id: interview_id,
    })
}

/// How Greenhouse's own ids name an order: its callback URL (one per test it sends), else
/// the candidate's Greenhouse profile, else the candidate's email, for that test.
fn order_key(request: &GreenhouseSendTestRequest, email: &str) -> String {
    match (&request.url, &request.candidate.greenhouse_profile_url) {
        (Some(url), _) => format!("callback:{url}"),
        (None, Some(profile)) => format!("profile:{}:{profile}", request.partner_test_id),
        (None, None) => format!("email:{}:{email}", request.partner_test_id),
    }
}

fn find_order(
    conn: &mut DbConnection,
    organization_id: &str,
    request_key: &str,
) -> Result<Option<String>, ApiError> {
    Ok(greenhouse_orders::table
        .filter(greenhouse_orders::organization_id.eq(organization_id))
        .filter(greenhouse_orders::request_key.eq(request_key))
        .select(greenhouse_orders::interview_id)
        .first(conn)
        .optional()?)
}

/// The conflict `place_order` reports when a concurrent retry stored the same order first.
const ORDER_RACED: &str = "greenhouse_order_raced";

struct PlacedOrder {
    interview_id: String,
    /// Whether the fetched résumé became the application's (not when one existed already).
    resume_used: bool,
}

/// The order's rows, in the caller's transaction. A retry that committed before this one is
/// answered with its interview; one committing while this runs makes the order's insert fail
/// on its unique key (`ORDER_RACED`), and the caller answers with the winner's interview.
#[allow(clippy::too_many_arguments)]
fn place_order(
    conn: &mut DbConnection,
    recruiter: &Recruiter,
    mut new: NewInterview,
    resume: Option<applications::StoredResume>,
    application_id: ApplicationId,
    mut order: OrderRow,
    links: &crate::links::Links,
    now: chrono::NaiveDateTime,
) -> Result<PlacedOrder, ApiError> {
    if let Some(interview_id) = find_order(conn, &order.organization_id, &order.request_key)? {
        return Ok(PlacedOrder {
            interview_id,
            resume_used: false,
        });
    }
    let (job, _) = db::jobs::find_in_organization(conn, &recruiter.organization_id, &new.job_id)?
        .filter(|(job, _)| job.status == JobStatus::Open)
        .ok_or_else(|| ApiError::not_found("Unknown partner_test_id."))?;
    let Interviewee::Standalone { full_name, email } = &new.interviewee else {
        return Err(ApiError::internal("a Greenhouse order names its candidate"));
    };
    let candidate = find_or_invite_candidate(conn, full_name, email)?;
    let mut resume_used = false;
    if let Some(stored) = resume {
        let application = match db::applications::find_for_candidate(conn, &job.id, &candidate.id)?
        {
            Some(existing) => existing,
            None => {
                let row = stored.into_row(
                    application_id,
                    job.id.clone(),
                    candidate.id.clone(),
                    None,
                    now,
                );
                db::applications::insert(conn, &row)?;
                resume_used = true;
                row.id
            }
        };
        new.interviewee = Interviewee::Application(application.to_string());
    }
    let interview_id = interviews::schedule_in(conn, recruiter, &new, links, now)?;
    order.interview_id = interview_id.to_string();
    match diesel::insert_into(greenhouse_orders::table)
        .values(&order)
        .execute(conn)
    {
        Ok(_) => Ok(PlacedOrder {
            interview_id: order.interview_id,
            resume_used,
        }),
        Err(error) if db::is_unique_violation(&error) => Err(ApiError::Conflict {
            code: ORDER_RACED,
            message: "This test was sent by another request at the same time.".into(),
        }),
        Err(error) => Err(error.into()),
    }
}

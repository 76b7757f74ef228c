//! The two dashboards: a candidate's interviews (with full links) and applications, and a
//! recruiter's jobs, upcoming and recent interviews.

use crate::services::context::Context;
use interview_flow_shared::{
    CandidateDashboardDto, CandidateInterviewDto, InterviewStatus, RecruiterDashboardDto,
};

use super::interviews::{effective_status, scheduled_at_with_offset, to_dto, window_state};
use super::{applications, jobs, rfc3339};
use crate::db::interviews::{InterviewFilter, ListOrder};
use crate::db::{self};
use crate::errors::ApiError;

const DASHBOARD_LIMIT: i64 = 50;

pub async fn candidate(
    ctx: &Context,
    candidate_id: String,
) -> Result<CandidateDashboardDto, ApiError> {
    let links = ctx.links.clone();
    let now = ctx.now();
    ctx.db(move |conn| {
        // Interviews reach an account through its address: until the address is proven, the
        // account may belong to someone else, so it sees none (the emailed link still works).
        let verified = db::users::find(conn, &candidate_id)?
            .email_verified_at
            .is_some();
        let filter = InterviewFilter {
            candidate_id: Some(candidate_id.clone()),
            ..Default::default()
        };
        let listed = if verified {
            db::interviews::list(
                conn,
                &filter,
                ListOrder::ScheduledDesc,
                None,
                DASHBOARD_LIMIT,
            )?
        } else {
            Vec::new()
        };
        let interviews = listed
            .into_iter()
            .map(|d| {
                let row = &d.interview;
                CandidateInterviewDto {
                    id: row.id.to_string(),
                    link: links.interview(&row.id),
                    job_title: d.job.title.clone(),
                    company_name: d.organization.name.clone(),
                    brand_color: d.organization.brand_color.clone(),
                    scheduled_at: scheduled_at_with_offset(row).to_rfc3339(),
                    opens_at: rfc3339(row.opens_at),
                    expires_at: rfc3339(row.expires_at),
                    status: effective_status(&d, now),
                    window: window_state(&d, now).0,
                    question_count: d.interview.question_count.get(),
                    time_limit_minutes: d.interview.time_limit_minutes.get(),
                }
            })
            .collect();
        let applications = db::applications::list_for_candidate(conn, &candidate_id)?
            .iter()
            .map(applications::to_dto)
            .collect();
        Ok(CandidateDashboardDto {
            interviews,
            applications,
        })
    })
    .await
}

pub async fn recruiter(
    ctx: &Context,
    organization_id: String,
) -> Result<RecruiterDashboardDto, ApiError> {
    let links = ctx.links.clone();
    let now = ctx.now();
    let jobs = jobs::list_for_organization(ctx, organization_id.clone()).await?;
    ctx.db(move |conn| {
        let upcoming_filter = InterviewFilter {
            organization_id: Some(organization_id.clone()),
            statuses: vec![InterviewStatus::Scheduled, InterviewStatus::InProgress],
            ..Default::default()
        };
        let upcoming = db::interviews::list(
            conn,
            &upcoming_filter,
            ListOrder::ScheduledAsc,
            None,
            DASHBOARD_LIMIT,
        )?
        .into_iter()
        .filter(|d| effective_status(d, now) != InterviewStatus::Expired)
        .map(|d| to_dto(&d, &links, now))
        .collect();
        let recent_filter = InterviewFilter {
            organization_id: Some(organization_id),
            statuses: vec![
                InterviewStatus::Completed,
                InterviewStatus::Cancelled,
                InterviewStatus::Expired,
                InterviewStatus::Abandoned,
            ],
            ..Default::default()
        };
        let recent = db::interviews::list(
            conn,
            &recent_filter,
            ListOrder::ScheduledDesc,
            None,
            DASHBOARD_LIMIT,
        )?
        .into_iter()
        .map(|d| to_dto(&d, &links, now))
        .collect();
        Ok(RecruiterDashboardDto {
            jobs,
            upcoming,
            recent,
        })
    })
    .await
}

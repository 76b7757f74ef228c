//! The two dashboards: a candidate's interviews (with full links) and applications, and a
//! recruiter's jobs, upcoming and recent interviews.

use interview_flow_shared::{
    CandidateDashboardDto, CandidateInterviewDto, InterviewStatus, RecruiterDashboardDto,
};

use super::interviews::{effective_status, scheduled_at_with_offset, to_dto, window_state};
use super::{applications, jobs, rfc3339};
use crate::db::interviews::{InterviewFilter, ListOrder};
use crate::db::{self, DbPool};
use crate::errors::ApiError;
use crate::links::Links;

const DASHBOARD_LIMIT: i64 = 50;

pub async fn candidate(
    pool: &DbPool,
    links: Links,
    candidate_id: String,
) -> Result<CandidateDashboardDto, ApiError> {
    db::run(pool, move |conn| {
        // Interviews reach an account through its address: until the address is proven, the
        // account may belong to someone else, so it sees none (the emailed link still works).
        let verified = db::users::find(conn, &candidate_id)?
            .email_verified_at
            .is_some();
        let filter = InterviewFilter {
            candidate_id: Some(candidate_id.clone()),
            ..Default::default()
        };
        let now = db::now();
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
                    id: row.id.clone(),
                    link: links.interview(&row.id),
                    job_title: d.job.title.clone(),
                    company_name: d.organization.name.clone(),
                    brand_color: d.organization.brand_color.clone(),
                    scheduled_at: scheduled_at_with_offset(row).to_rfc3339(),
                    opens_at: rfc3339(row.opens_at),
                    expires_at: rfc3339(row.expires_at),
                    status: effective_status(row, now),
                    window: window_state(row, now).0,
                    question_count: d.job.question_count.get(),
                    time_limit_minutes: d.job.time_limit_minutes.get(),
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
    pool: &DbPool,
    links: Links,
    organization_id: String,
) -> Result<RecruiterDashboardDto, ApiError> {
    let jobs = jobs::list_for_organization(pool, organization_id.clone()).await?;
    db::run(pool, move |conn| {
        let upcoming_filter = InterviewFilter {
            organization_id: Some(organization_id.clone()),
            statuses: vec![InterviewStatus::Scheduled, InterviewStatus::InProgress],
            ..Default::default()
        };
        let now = db::now();
        let upcoming = db::interviews::list(
            conn,
            &upcoming_filter,
            ListOrder::ScheduledAsc,
            None,
            DASHBOARD_LIMIT,
        )?
        .into_iter()
        .filter(|d| effective_status(&d.interview, now) != InterviewStatus::Expired)
        .map(|d| to_dto(&d, &links))
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
        .map(|d| to_dto(&d, &links))
        .collect();
        Ok(RecruiterDashboardDto {
            jobs,
            upcoming,
            recent,
        })
    })
    .await
}

//! Jobs: created and edited by their organisation's recruiters, listed publicly while open.

use crate::domain::ids::{JobId, OrganizationId};
use crate::services::context::Context;
use diesel::OptionalExtension;
use interview_flow_shared::validation::{self, FieldError};
use interview_flow_shared::{
    CreateJobRequest, DEFAULT_LANGUAGE, DEFAULT_QUESTION_COUNT, DEFAULT_TIME_LIMIT_MINUTES,
    EmploymentType, ExperienceLevel, JobDto, JobStatus, JobSummaryDto, Page, UpdateJobRequest,
};

use super::{external_ids_from_json, external_ids_to_json, rfc3339};
use crate::auth::Recruiter;
use crate::db::cursor::{self, Cursor};
use crate::db::jobs::JobRow;
use crate::db::{self};
use crate::domain::values::{QuestionCount, TimeLimitMinutes};
use crate::errors::ApiError;

pub fn to_dto(row: &JobRow, company_name: &str) -> JobDto {
    JobDto {
        id: row.id.to_string(),
        title: row.title.clone(),
        company_name: company_name.to_string(),
        organization_id: row.organization_id.to_string(),
        description: row.description.clone(),
        location: row.location.clone(),
        employment_type: row
            .employment_type
            .as_deref()
            .and_then(EmploymentType::parse),
        experience_level: row
            .experience_level
            .as_deref()
            .and_then(ExperienceLevel::parse),
        required_skills: skills_from_json(&row.required_skills),
        question_count: row.question_count.get(),
        time_limit_minutes: row.time_limit_minutes.get(),
        language: row.language.clone(),
        status: row.status,
        external_ids: external_ids_from_json(&row.external_ids),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    }
}

pub fn skills_from_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn search_text(row: &JobRow) -> String {
    format!(
        "{} {} {}",
        row.title,
        skills_from_json(&row.required_skills).join(" "),
        row.location.as_deref().unwrap_or("")
    )
    .to_lowercase()
}

fn not_found() -> ApiError {
    ApiError::not_found("No such job.")
}

/// Validates a new job into a row for the recruiter's organisation.
pub fn parse_new(request: CreateJobRequest, recruiter: &Recruiter) -> Result<JobRow, FieldError> {
    let now = db::now();
    let mut row = JobRow {
        id: crate::domain::ids::JobId::generate(),
        organization_id: recruiter.organization_id.clone(),
        created_by: recruiter.user_id.clone(),
        title: validation::validate_job_title(&request.title)?,
        description: validation::validate_job_description(&request.description)?,
        location: validation::validate_optional_text(
            request.location.as_deref().unwrap_or(""),
            "location",
            "Location",
            validation::MAX_LOCATION_LEN,
        )?,
        employment_type: request.employment_type.map(|t| t.as_str().to_string()),
        experience_level: request.experience_level.map(|l| l.as_str().to_string()),
        required_skills: serde_json::to_string(&validation::validate_skills(
            &request.required_skills,
        )?)
        .unwrap_or_else(|_| "[]".into()),
        question_count: question_count(request.question_count.unwrap_or(DEFAULT_QUESTION_COUNT))?,
        time_limit_minutes: time_limit(
            request
                .time_limit_minutes
                .unwrap_or(DEFAULT_TIME_LIMIT_MINUTES),
        )?,
        language: validation::validate_language(
            request.language.as_deref().unwrap_or(DEFAULT_LANGUAGE),
        )?,
        status: JobStatus::Open,
        external_ids: external_ids_to_json(&validation::validate_external_ids(
            &request.external_ids.unwrap_or_default(),
        )?),
        search_text: String::new(),
        created_at: now,
        updated_at: now,
    };
    row.search_text = search_text(&row);
    Ok(row)
}

fn apply_update(row: &mut JobRow, request: UpdateJobRequest) -> Result<(), FieldError> {
    if let Some(title) = request.title {
        row.title = validation::validate_job_title(&title)?;
    }
    if let Some(description) = request.description {
        row.description = validation::validate_job_description(&description)?;
    }
    if let Some(location) = request.location {
        row.location = validation::validate_optional_text(
            &location,
            "location",
            "Location",
            validation::MAX_LOCATION_LEN,
        )?;
    }
    if let Some(kind) = request.employment_type {
        row.employment_type = Some(kind.as_str().into());
    }
    if let Some(level) = request.experience_level {
        row.experience_level = Some(level.as_str().into());
    }
    if let Some(skills) = request.required_skills {
        row.required_skills = serde_json::to_string(&validation::validate_skills(&skills)?)
            .unwrap_or_else(|_| "[]".into());
    }
    if let Some(count) = request.question_count {
        row.question_count = question_count(count)?;
    }
    if let Some(limit) = request.time_limit_minutes {
        row.time_limit_minutes = time_limit(limit)?;
    }
    if let Some(language) = request.language {
        row.language = validation::validate_language(&language)?;
    }
    if let Some(status) = request.status {
        row.status = status;
    }
    if let Some(ids) = request.external_ids {
        row.external_ids = external_ids_to_json(&validation::validate_external_ids(&ids)?);
    }
    row.search_text = search_text(row);
    row.updated_at = db::now();
    Ok(())
}

pub async fn create(ctx: &Context, row: JobRow) -> Result<JobDto, ApiError> {
    ctx.db(move |conn| {
        db::jobs::insert(conn, &row)?;
        let (row, company) = db::jobs::find(conn, &row.id)?;
        Ok(to_dto(&row, &company))
    })
    .await
}

/// Edits a job of the recruiter's organisation; another organisation's job is a 404.
pub async fn update(
    ctx: &Context,
    recruiter: Recruiter,
    id: JobId,
    request: UpdateJobRequest,
) -> Result<JobDto, ApiError> {
    ctx.db(move |conn| {
        let (mut row, company) =
            db::jobs::find_in_organization(conn, &recruiter.organization_id, &id)?
                .ok_or_else(not_found)?;
        apply_update(&mut row, request)?;
        db::jobs::save(conn, &row)?;
        Ok(to_dto(&row, &company))
    })
    .await
}

/// An open job for anyone; a closed one only for its own organisation.
pub async fn get(
    ctx: &Context,
    id: JobId,
    viewer_organization: Option<OrganizationId>,
) -> Result<JobDto, ApiError> {
    ctx.db(move |conn| {
        let (row, company) = db::jobs::find(conn, &id)
            .optional()?
            .ok_or_else(not_found)?;
        let visible = row.status == JobStatus::Open
            || viewer_organization.as_ref() == Some(&row.organization_id);
        if !visible {
            return Err(not_found());
        }
        Ok(to_dto(&row, &company))
    })
    .await
}

pub async fn list_open(
    ctx: &Context,
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<u32>,
) -> Result<Page<JobDto>, ApiError> {
    let limit = cursor::page_limit(limit)?;
    let after = cursor.as_deref().map(Cursor::decode).transpose()?;
    let needle = q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty());
    ctx.db(move |conn| {
        let rows = db::jobs::list_open(conn, needle.as_deref(), after.as_ref(), limit)?;
        let (rows, next_cursor) = cursor::paginate(rows, limit, |(row, _)| Cursor {
            created_at: row.created_at,
            id: row.id.to_string(),
        });
        Ok(Page {
            items: rows
                .iter()
                .map(|(row, company)| to_dto(row, company))
                .collect(),
            next_cursor,
        })
    })
    .await
}

pub async fn list_for_organization(
    ctx: &Context,
    organization_id: String,
) -> Result<Vec<JobSummaryDto>, ApiError> {
    ctx.db(move |conn| {
        let jobs = db::jobs::list_for_organization(conn, &organization_id)?;
        jobs.iter()
            .map(|(row, company)| {
                Ok(JobSummaryDto {
                    job: to_dto(row, company),
                    applications_count: db::applications::count_for_job(conn, &row.id)? as u64,
                    interviews_count: db::interviews::count_for_job(conn, &row.id)? as u64,
                })
            })
            .collect()
    })
    .await
}

/// The request's question count, checked (the client sees the validation message).
fn question_count(value: u32) -> Result<QuestionCount, FieldError> {
    let value = validation::validate_question_count(value)?;
    QuestionCount::new(value).ok_or_else(|| FieldError::new("question_count", "Out of range."))
}

/// The request's time limit, checked (the client sees the validation message).
fn time_limit(value: u32) -> Result<TimeLimitMinutes, FieldError> {
    let value = validation::validate_time_limit(value)?;
    TimeLimitMinutes::new(value)
        .ok_or_else(|| FieldError::new("time_limit_minutes", "Out of range."))
}

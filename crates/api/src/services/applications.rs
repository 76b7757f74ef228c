//! Applications: a candidate applies to an open job with a résumé; the job's organisation
//! moves it through the pipeline. Résumé files live under DATA_DIR/resumes, outside any
//! served folder, and are only handed to the candidate and the job's organisation.

use crate::domain::ids::{ApplicationId, JobId, UserId};
use crate::services::context::Context;
use diesel::OptionalExtension;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use interview_flow_shared::validation;
use interview_flow_shared::{
    ApplicationDto, ApplicationStatus, JobStatus, Page, PersonDto, ResumeInfoDto, Role,
};

use super::rfc3339;
use crate::auth::{AuthenticatedUser, Recruiter};
use crate::db::applications::{ApplicationDetail, ApplicationRow};
use crate::db::cursor::{self, Cursor};
use crate::db::{self};
use crate::errors::ApiError;
use crate::resume::{self, ResumeKind};

pub const MAX_COVER_NOTE_LEN: usize = 5_000;
/// How long past its budget's deadline a résumé extraction may take to answer (it checks
/// the deadline between small steps) before the application goes ahead without it.
const EXTRACTION_GRACE: Duration = Duration::from_millis(250);

/// A résumé as uploaded.
pub struct ResumeUpload {
    pub filename: Option<String>,
    pub bytes: Vec<u8>,
}

pub fn to_dto(detail: &ApplicationDetail) -> ApplicationDto {
    let (app, job, company, candidate) = detail;
    ApplicationDto {
        id: app.id.to_string(),
        job_id: job.id.to_string(),
        job_title: job.title.clone(),
        company_name: company.clone(),
        candidate: PersonDto {
            id: candidate.id.to_string(),
            full_name: candidate.full_name.clone(),
            email: candidate.email.clone(),
        },
        status: app.status,
        cover_note: app.cover_note.clone(),
        resume: app.resume_kind.as_ref().map(|kind| ResumeInfoDto {
            kind: kind.clone(),
            filename: app
                .resume_filename
                .clone()
                .unwrap_or_else(|| "resume".into()),
            size_bytes: app.resume_size.unwrap_or(0).max(0) as u64,
            text_extracted: app.resume_text.as_deref().is_some_and(|t| !t.is_empty()),
            warning: app.resume_warning.clone(),
            download_url: format!("/api/v1/applications/{}/resume", app.id),
        }),
        created_at: rfc3339(app.created_at),
        updated_at: rfc3339(app.updated_at),
    }
}

/// A display name for the stored file: the uploaded name's stem (sanitised) with the
/// extension of the type we detected.
fn display_filename(uploaded: Option<&str>, kind: ResumeKind) -> String {
    let stem = uploaded
        .and_then(|name| Path::new(name).file_stem())
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let clean: String = stem
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        .take(80)
        .collect();
    let clean = clean.trim();
    let stem = if clean.is_empty() { "resume" } else { clean };
    format!("{stem}.{}", kind.extension())
}

fn resume_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("resumes")
}

fn already_applied() -> ApiError {
    ApiError::Conflict {
        code: "already_applied",
        message: "You have already applied to this job. Your application and its status are on your dashboard."
            .into(),
    }
}

/// Applies to an open job. The résumé's type comes from its content; its text is extracted
/// for the AI interviewer (an unreadable file is kept, with a warning).
pub async fn apply(
    ctx: &Context,
    data_dir: PathBuf,
    candidate_id: UserId,
    job_id: JobId,
    upload: ResumeUpload,
    cover_note: Option<String>,
) -> Result<ApplicationDto, ApiError> {
    let cover_note = match cover_note {
        Some(note) if note.chars().count() > MAX_COVER_NOTE_LEN => {
            return Err(ApiError::validation(
                "cover_note",
                format!("The cover note must be at most {MAX_COVER_NOTE_LEN} characters."),
            ));
        }
        Some(note) => {
            validation::reject_control_characters(&note, "cover_note")?;
            Some(note.trim().to_string()).filter(|n| !n.is_empty())
        }
        None => None,
    };
    // Cheap checks first: the job is open and this is a first application.
    let check_candidate = candidate_id.clone();
    let job_id = ctx
        .db(move |conn| {
            let (job, _) = db::jobs::find(conn, &job_id)
                .optional()?
                .ok_or_else(|| ApiError::not_found("No such job."))?;
            if job.status != JobStatus::Open {
                return Err(ApiError::Conflict {
                    code: "job_closed",
                    message: "This job is no longer accepting applications.".into(),
                });
            }
            if db::applications::exists(conn, &job.id, &check_candidate)? {
                return Err(already_applied());
            }
            Ok(job.id)
        })
        .await?;

    let application_id = ApplicationId::generate();
    let stored = store_resume(&data_dir, &application_id, upload).await?;
    // Stamped once the résumé is stored and read, which can take a few seconds.
    let now = ctx.now();
    let stored_path = stored.path.clone();
    let row = stored.into_row(application_id, job_id, candidate_id, cover_note, now);
    let result = ctx
        .db(move |conn| match db::applications::insert(conn, &row) {
            Ok(()) => Ok(to_dto(&db::applications::find(conn, &row.id)?)),
            Err(e) if db::is_unique_violation(&e) => Err(already_applied()),
            Err(e) => Err(e.into()),
        })
        .await;
    if result.is_err() {
        // Nothing half-written: the file goes with the refused row.
        let _ = std::fs::remove_file(&stored_path);
    }
    result
}

/// A résumé checked (type, size), read (its text, within the extraction budget) and written to
/// `DATA_DIR/resumes/` under its application's id, ready to become that application's row.
pub struct StoredResume {
    pub path: PathBuf,
    kind: ResumeKind,
    relative_path: String,
    filename: String,
    size: i64,
    extracted: resume::Extracted,
}

impl StoredResume {
    pub fn into_row(
        self,
        id: ApplicationId,
        job_id: JobId,
        candidate_id: UserId,
        cover_note: Option<String>,
        now: chrono::NaiveDateTime,
    ) -> ApplicationRow {
        ApplicationRow {
            id,
            job_id,
            candidate_id,
            status: ApplicationStatus::Applied,
            cover_note,
            resume_kind: Some(self.kind.as_str().into()),
            resume_path: Some(self.relative_path),
            resume_filename: Some(self.filename),
            resume_size: Some(self.size),
            resume_text: Some(self.extracted.text),
            resume_warning: self.extracted.warning,
            created_at: now,
            updated_at: now,
        }
    }
}

/// Checks, reads and writes an uploaded résumé for application `application_id`.
pub async fn store_resume(
    data_dir: &Path,
    application_id: &ApplicationId,
    upload: ResumeUpload,
) -> Result<StoredResume, ApiError> {
    let ResumeUpload {
        filename: uploaded_name,
        bytes,
    } = upload;
    let bytes = Arc::new(bytes);
    let sniff_bytes = Arc::clone(&bytes);
    let kind = actix_web::web::block(move || resume::sniff(&sniff_bytes))
        .await?
        .map_err(|e| match e {
            resume::SniffError::TooLarge => ApiError::PayloadTooLarge {
                message: "The résumé is larger than 5 MB. Please upload a smaller file.".into(),
            },
            other => ApiError::validation("resume", other.to_string()),
        })?;
    let extracted = extract_within_budget(kind, Arc::clone(&bytes)).await?;
    let dir = resume_dir(data_dir);
    let file_id = application_id.clone();
    let (relative_path, filename, size) = actix_web::web::block(move || -> Result<_, ApiError> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        let relative = format!("resumes/{file_id}.{}", kind.extension());
        let final_path = dir.join(format!("{file_id}.{}", kind.extension()));
        let partial = dir.join(format!("{file_id}.partial"));
        std::fs::write(&partial, bytes.as_slice())
            .map_err(|e| anyhow::anyhow!("cannot write résumé: {e}"))?;
        std::fs::rename(&partial, &final_path)
            .map_err(|e| anyhow::anyhow!("cannot store résumé: {e}"))?;
        let filename = display_filename(uploaded_name.as_deref(), kind);
        Ok((relative, filename, bytes.len() as i64))
    })
    .await??;
    if let Some(warning) = &extracted.warning {
        tracing::info!(%application_id, %warning, "résumé text could not be fully read");
    }
    Ok(StoredResume {
        path: data_dir.join(&relative_path),
        kind,
        relative_path,
        filename,
        size,
        extracted,
    })
}

/// Extracts the résumé's text on a blocking thread within the default budget. The work
/// stops when its deadline passes or when this future is dropped (the client went away);
/// should the thread not answer shortly after the deadline, it is told to stop and the
/// résumé is stored with the "too large or too complex" warning.
async fn extract_within_budget(
    kind: ResumeKind,
    bytes: Arc<Vec<u8>>,
) -> Result<resume::Extracted, ApiError> {
    let cancel = resume::CancelFlag::new();
    let _cancel_when_dropped = cancel.cancel_on_drop();
    let budget = resume::ExtractionBudget::new(resume::ExtractionLimits::default(), cancel);
    let answer_by = budget.deadline() + EXTRACTION_GRACE;
    let extraction =
        actix_web::web::block(move || resume::extract_text_within(kind, &bytes, &budget));
    match tokio::time::timeout_at(answer_by.into(), extraction).await {
        Ok(extracted) => Ok(extracted?),
        Err(_) => {
            tracing::warn!(
                kind = kind.as_str(),
                "résumé text extraction did not answer by its deadline; abandoned"
            );
            Ok(resume::Extracted::abandoned())
        }
    }
}

fn not_found() -> ApiError {
    ApiError::not_found("No such application.")
}

pub async fn list_for_job(
    ctx: &Context,
    recruiter: Recruiter,
    job_id: JobId,
    cursor: Option<String>,
    limit: Option<u32>,
) -> Result<Page<ApplicationDto>, ApiError> {
    let limit = cursor::page_limit(limit)?;
    let after = cursor.as_deref().map(Cursor::decode).transpose()?;
    ctx.db(move |conn| {
        db::jobs::find_in_organization(conn, &recruiter.organization_id, &job_id)?
            .ok_or_else(|| ApiError::not_found("No such job."))?;
        let rows = db::applications::list_for_job(conn, &job_id, after.as_ref(), limit)?;
        let (rows, next_cursor) = cursor::paginate(rows, limit, |(app, ..)| Cursor {
            created_at: app.created_at,
            id: app.id.to_string(),
        });
        Ok(Page {
            items: rows.iter().map(to_dto).collect(),
            next_cursor,
        })
    })
    .await
}

pub async fn update_status(
    ctx: &Context,
    recruiter: Recruiter,
    id: ApplicationId,
    next: ApplicationStatus,
) -> Result<ApplicationDto, ApiError> {
    let now = ctx.now();
    ctx.db(move |conn| {
        let detail = db::applications::find_in_organization(conn, &recruiter.organization_id, &id)?
            .ok_or_else(not_found)?;
        let current = detail.0.status;
        if !current.can_move_to(next) {
            return Err(ApiError::validation(
                "status",
                format!(
                    "An application cannot move from {} to {}.",
                    current.as_str(),
                    next.as_str()
                ),
            ));
        }
        db::applications::set_status(conn, &id, next.as_str(), now)?;
        Ok(to_dto(&db::applications::find(conn, &id)?))
    })
    .await
}

/// The stored file of an application, for its candidate or the job's organisation only
/// (anyone else gets 404, as if it did not exist).
pub async fn resume_file(
    ctx: &Context,
    data_dir: PathBuf,
    user: AuthenticatedUser,
    id: ApplicationId,
) -> Result<(PathBuf, ResumeKind, String), ApiError> {
    ctx.db(move |conn| {
        let (app, job, ..) = db::applications::find(conn, &id)
            .optional()?
            .ok_or_else(not_found)?;
        let allowed = match user.role {
            Role::Candidate => app.candidate_id == user.user_id,
            Role::Recruiter => user.organization_id.as_ref() == Some(&job.organization_id),
        };
        if !allowed {
            return Err(not_found());
        }
        let (Some(path), Some(kind)) = (
            app.resume_path,
            app.resume_kind.as_deref().and_then(ResumeKind::parse),
        ) else {
            return Err(ApiError::not_found("This application has no résumé."));
        };
        Ok((
            data_dir.join(path),
            kind,
            app.resume_filename.unwrap_or_else(|| "resume".into()),
        ))
    })
    .await
}

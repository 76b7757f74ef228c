use crate::domain::ids::JobId;
use crate::routes::responses::MultipartForm;
use actix_multipart::Multipart;
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::TryStreamExt;
use interview_flow_shared::{ApplicationDto, ErrorBody};

use crate::auth::principal::Candidate;
use crate::errors::ApiError;
use crate::resume::MAX_RESUME_BYTES;
use crate::services::applications::{self, MAX_COVER_NOTE_LEN, ResumeUpload};
use crate::state::AppState;

/// Room for the multipart framing and the cover note around a maximal résumé.
const MAX_FORM_BYTES: usize = MAX_RESUME_BYTES + 64 * 1024;

/// Multipart form of an application (for the OpenAPI document).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ApplicationForm {
    /// PDF, Word (.docx) or plain text, at most 5 MB; the type is read from the content.
    #[schema(value_type = String, format = Binary)]
    resume: Vec<u8>,
    /// Optional, at most 5,000 characters.
    cover_note: Option<String>,
}

fn too_large() -> ApiError {
    ApiError::PayloadTooLarge {
        message: "The résumé is larger than 5 MB. Please upload a smaller file.".into(),
    }
}

fn bad_form(error: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest {
        code: "bad_multipart",
        message: format!("The upload could not be read as a multipart form: {error}."),
    }
}

/// Apply to an open job with a résumé (multipart: `resume` file, `cover_note` text).
#[utoipa::path(
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Job id")),
    request_body(content = ApplicationForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = ApplicationDto),
        Candidate, JobId, MultipartForm,
        (status = 409, description = "Already applied, or the job is closed", body = ErrorBody),
        (status = 413, description = "Résumé over 5 MB", body = ErrorBody),
        (status = 422, description = "Missing résumé or unsupported file type", body = ErrorBody),
    )
)]
#[post("/jobs/{id}/applications")]
pub async fn apply(
    candidate: Candidate,
    state: web::Data<AppState>,
    path: web::Path<JobId>,
    mut form: Multipart,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_FORM_BYTES) {
        return Err(too_large());
    }
    let mut resume: Option<ResumeUpload> = None;
    let mut cover_note: Option<String> = None;
    while let Some(mut field) = form.try_next().await.map_err(bad_form)? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let cap = match name.as_str() {
            "resume" => MAX_RESUME_BYTES,
            "cover_note" => MAX_COVER_NOTE_LEN * 4,
            _ => 0,
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.try_next().await.map_err(bad_form)? {
            if bytes.len() + chunk.len() > cap {
                return Err(match name.as_str() {
                    "resume" => too_large(),
                    "cover_note" => ApiError::validation(
                        "cover_note",
                        format!("The cover note must be at most {MAX_COVER_NOTE_LEN} characters."),
                    ),
                    _ => ApiError::validation(
                        name.clone(),
                        "Unexpected form field; send resume and cover_note.",
                    ),
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "resume" => resume = Some(ResumeUpload { filename, bytes }),
            "cover_note" => {
                cover_note = Some(String::from_utf8(bytes).map_err(|_| {
                    ApiError::validation("cover_note", "The cover note must be UTF-8 text.")
                })?)
            }
            _ => {}
        }
    }
    let resume = resume.ok_or_else(|| {
        ApiError::validation(
            "resume",
            "Attach your résumé (PDF, Word .docx or plain text).",
        )
    })?;
    let application = applications::apply(
        &state.context,
        state.settings.data_dir.clone(),
        candidate.user_id,
        path.into_inner(),
        resume,
        cover_note,
    )
    .await?;
    Ok(HttpResponse::Created().json(application))
}

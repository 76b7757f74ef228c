use crate::domain::ids::InterviewId;
use crate::routes::responses::MultipartForm;
use actix_multipart::Multipart;
use actix_web::{HttpResponse, post, web};
use futures_util::TryStreamExt;
use interview_flow_shared::{ErrorBody, TranscriptionDto};

use crate::ai::openai;
use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::services::sessions;
use crate::state::AppState;

pub const MAX_AUDIO_BYTES: usize = 10 * 1024 * 1024;

/// Multipart form of a transcription request (for the OpenAPI document).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AudioForm {
    /// webm, ogg or wav, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    audio: Vec<u8>,
}

/// Transcribe a recorded answer with the server's speech-to-text.
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    request_body(content = AudioForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, body = TranscriptionDto),
        InterviewUser, InterviewId, MultipartForm,
        (status = 413, description = "Audio over the upload limit", body = ErrorBody),
        (status = 422, description = "Not webm/ogg/wav audio", body = ErrorBody),
        (status = 404, description = "Unknown interview, or no server STT configured (`stt_not_configured`): use the browser's speech recognition or type", body = ErrorBody),
        (status = 503, description = "The STT service failed", body = ErrorBody),
    )
)]
#[post("/interviews/{id}/transcriptions")]
pub async fn transcribe(
    user: InterviewUser,
    state: web::Data<AppState>,
    path: web::Path<InterviewId>,
    mut form: Multipart,
) -> Result<HttpResponse, ApiError> {
    if state.context.ai.settings.stt_base_url.is_none() {
        return Err(ApiError::NotConfigured {
            code: "stt_not_configured",
            message: "The server does not transcribe audio; use the browser's speech recognition or type your answer."
                .into(),
        });
    }
    let id = path.into_inner();
    let user = user.for_interview(&id)?;
    sessions::require_active_candidate(&state.context, user, id).await?;
    let mut audio: Option<Vec<u8>> = None;
    while let Some(mut field) = form.try_next().await.map_err(|e| ApiError::BadRequest {
        code: "bad_multipart",
        message: format!("The upload could not be read: {e}."),
    })? {
        if field.name() != Some("audio") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.try_next().await.map_err(|e| ApiError::BadRequest {
            code: "bad_multipart",
            message: format!("The upload could not be read: {e}."),
        })? {
            if bytes.len() + chunk.len() > MAX_AUDIO_BYTES {
                return Err(ApiError::PayloadTooLarge {
                    message: "The recording is larger than 10 MB.".into(),
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        audio = Some(bytes);
    }
    let audio = audio
        .ok_or_else(|| ApiError::validation("audio", "Attach the recording as the audio field."))?;
    let (filename, content_type) = sniff_audio(&audio).ok_or_else(|| {
        ApiError::validation("audio", "The recording must be webm, ogg or wav audio.")
    })?;
    let text = openai::transcribe(
        &state.context.ai.settings,
        &state.context.ai.http,
        audio,
        filename,
        content_type,
    )
    .await
    .map_err(|e| ApiError::Unavailable(format!("speech-to-text failed: {e}")))?;
    Ok(HttpResponse::Ok().json(TranscriptionDto { text }))
}

/// The container, from its magic bytes.
fn sniff_audio(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0x1a, 0x45, 0xdf, 0xa3]) {
        Some(("answer.webm", "audio/webm"))
    } else if bytes.starts_with(b"OggS") {
        Some(("answer.ogg", "audio/ogg"))
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WAVE") {
        Some(("answer.wav", "audio/wav"))
    } else {
        None
    }
}

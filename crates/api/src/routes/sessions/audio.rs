use crate::domain::ids::InterviewId;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use interview_flow_shared::ErrorBody;

use crate::ai::openai;
use crate::auth::InterviewUser;
use crate::errors::ApiError;
use crate::services::sessions;
use crate::state::AppState;

/// The question spoken by the server's TTS (cached per turn), for the interview's candidate.
#[utoipa::path(
    tag = "candidate interviews",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path), ("turn_id" = uuid::Uuid, Path)),
    responses(
        (status = 200, description = "MP3 audio", content_type = "audio/mpeg"),
        InterviewUser, InterviewId,
        (status = 404, description = "Unknown interview or turn, or no server TTS configured (`tts_not_configured`): use the browser's speech synthesis", body = ErrorBody),
                (status = 503, description = "The TTS service failed", body = ErrorBody),
    )
)]
#[get("/interviews/{id}/turns/{turn_id}/audio")]
pub async fn turn_audio(
    user: InterviewUser,
    state: web::Data<AppState>,
    path: web::Path<(InterviewId, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, turn_id) = path.into_inner();
    let user = user.for_interview(&id)?;
    if state.context.ai.settings.tts_base_url.is_none() {
        return Err(ApiError::NotConfigured {
            code: "tts_not_configured",
            message: "The server does not speak questions; use the browser's speech synthesis."
                .into(),
        });
    }
    let text = sessions::turn_text_for_candidate(&state.context, user, id, turn_id.clone()).await?;
    let cache = state
        .settings
        .data_dir
        .join("tts")
        .join(format!("{turn_id}.mp3"));
    let cached_path = cache.clone();
    let cached = web::block(move || std::fs::read(&cached_path).ok()).await?;
    let audio = match cached {
        Some(bytes) => bytes,
        None => {
            let bytes = openai::synthesize_speech(
                &state.context.ai.settings,
                &state.context.ai.http,
                &text,
            )
            .await
            .map_err(|e| ApiError::Unavailable(format!("text-to-speech failed: {e}")))?
            .to_vec();
            let to_store = bytes.clone();
            web::block(move || {
                if let Some(dir) = cache.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&cache, to_store)
            })
            .await?
            .map_err(|e| anyhow::anyhow!("caching speech: {e}"))?;
            bytes
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("audio/mpeg")
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400"))
        .body(audio))
}

//! The speech endpoints: text-to-speech and speech-to-text.

use serde_json::{Value, json};
use tokio::time::Instant;

use crate::ai::ProviderError;
use crate::settings::AiSettings;

use super::clean;
use super::http::{authorized, check_status, endpoint, transport_error, truncate_chars};

/// Text-to-speech: `POST {tts_base_url}/v1/audio/speech` → audio bytes (MP3).
pub async fn synthesize_speech(
    settings: &AiSettings,
    client: &reqwest::Client,
    text: &str,
) -> Result<bytes::Bytes, ProviderError> {
    let base = settings.tts_base_url.as_ref().ok_or_else(|| {
        ProviderError::Unusable("no text-to-speech server is configured (AI_TTS_BASE_URL)".into())
    })?;
    let input = truncate_chars(&clean::collapse_whitespace(text), 4000);
    if input.is_empty() {
        return Err(ProviderError::Unusable("nothing to speak".into()));
    }
    let deadline = Instant::now() + settings.request_timeout;
    let body = json!({
        "model": settings.tts_model,
        "voice": settings.tts_voice,
        "input": input,
        "response_format": "mp3",
    });
    let request = authorized(client.post(endpoint(base, "audio/speech")?), settings).json(&body);
    let response = tokio::time::timeout_at(deadline, request.send())
        .await
        .map_err(|_| ProviderError::Timeout(settings.request_timeout))?
        .map_err(|e| transport_error(e, settings))?;
    let response = check_status(response, settings, deadline).await?;
    let is_json = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let audio = tokio::time::timeout_at(deadline, response.bytes())
        .await
        .map_err(|_| ProviderError::Timeout(settings.request_timeout))?
        .map_err(|e| transport_error(e, settings))?;
    if audio.is_empty() {
        return Err(ProviderError::Malformed(
            "the speech server sent no audio".into(),
        ));
    }
    if is_json {
        return Err(ProviderError::Malformed(
            "the speech server answered JSON instead of audio".into(),
        ));
    }
    Ok(audio)
}

/// Speech-to-text: `POST {stt_base_url}/v1/audio/transcriptions` (multipart) → the text.
pub async fn transcribe(
    settings: &AiSettings,
    client: &reqwest::Client,
    audio: Vec<u8>,
    filename: &str,
    content_type: &str,
) -> Result<String, ProviderError> {
    let base = settings.stt_base_url.as_ref().ok_or_else(|| {
        ProviderError::Unusable("no speech-to-text server is configured (AI_STT_BASE_URL)".into())
    })?;
    if audio.is_empty() {
        return Err(ProviderError::Unusable("the recording is empty".into()));
    }
    let filename = if filename.trim().is_empty() {
        "audio.webm".to_string()
    } else {
        filename.trim().to_string()
    };
    let part = reqwest::multipart::Part::bytes(audio)
        .file_name(filename)
        .mime_str(content_type)
        .map_err(|_| ProviderError::Unusable(format!("bad content type {content_type:?}")))?;
    let form = reqwest::multipart::Form::new()
        .part("file", part)
        .text("model", settings.stt_model.clone())
        .text("response_format", "json");
    let deadline = Instant::now() + settings.request_timeout;
    let request = authorized(
        client.post(endpoint(base, "audio/transcriptions")?),
        settings,
    )
    .multipart(form);
    let response = tokio::time::timeout_at(deadline, request.send())
        .await
        .map_err(|_| ProviderError::Timeout(settings.request_timeout))?
        .map_err(|e| transport_error(e, settings))?;
    let response = check_status(response, settings, deadline).await?;
    let body = tokio::time::timeout_at(deadline, response.bytes())
        .await
        .map_err(|_| ProviderError::Timeout(settings.request_timeout))?
        .map_err(|e| transport_error(e, settings))?;
    let value: Value = serde_json::from_slice(&body).map_err(|_| {
        ProviderError::Malformed("the transcription server did not answer JSON".into())
    })?;
    let text = value
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| ProviderError::Malformed("the transcription has no text field".into()))?;
    Ok(text.trim().to_string())
}

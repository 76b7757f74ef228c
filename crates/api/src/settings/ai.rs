//! The AI interviewer and speech services section.

use std::fmt;

use url::Url;

use super::raw::{RawSettings, parse_number, parse_service_url};
use super::{SettingsError, invalid};

/// Which question provider to use: the offline built-in one, or an OpenAI-compatible LLM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AiProviderKind {
    Builtin,
    OpenAi,
}

/// The AI interviewer and speech services. Each OpenAI-compatible service takes a base URL
/// (ending before `/v1/...`), a key and a model; none is contacted unless configured.
#[derive(Clone)]
pub struct AiSettings {
    pub provider: AiProviderKind,
    /// e.g. `https://api.openai.com`, `http://127.0.0.1:11434` (Ollama), llama.cpp's server.
    pub base_url: Option<Url>,
    pub api_key: Option<String>,
    pub model: String,
    /// Longest wait for the first streamed token.
    pub first_token_timeout: std::time::Duration,
    /// Longest time for a whole question (or evaluation).
    pub request_timeout: std::time::Duration,
    /// Server text-to-speech (`/v1/audio/speech`) when set.
    pub tts_base_url: Option<Url>,
    pub tts_model: String,
    pub tts_voice: String,
    /// Server speech-to-text (`/v1/audio/transcriptions`) when set.
    pub stt_base_url: Option<Url>,
    pub stt_model: String,
}

/// Never prints the API key.
impl fmt::Debug for AiSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AiSettings")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url.as_ref().map(Url::as_str))
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("tts", &self.tts_base_url.as_ref().map(Url::as_str))
            .field("stt", &self.stt_base_url.as_ref().map(Url::as_str))
            .finish_non_exhaustive()
    }
}

pub(super) fn parse_ai_settings(raw: &RawSettings) -> Result<AiSettings, SettingsError> {
    let base_url = parse_service_url(raw, "AI_BASE_URL")?;
    let provider = match raw.get("AI_PROVIDER") {
        None if base_url.is_some() => AiProviderKind::OpenAi,
        None | Some("builtin") => AiProviderKind::Builtin,
        Some("openai") => AiProviderKind::OpenAi,
        Some(other) => {
            return Err(invalid(
                "AI_PROVIDER",
                format!("expected \"builtin\" or \"openai\", got \"{other}\""),
            ));
        }
    };
    if provider == AiProviderKind::OpenAi && base_url.is_none() {
        return Err(invalid(
            "AI_BASE_URL",
            "is required when AI_PROVIDER is openai",
        ));
    }
    Ok(AiSettings {
        provider,
        base_url,
        api_key: raw.get("AI_API_KEY").map(str::to_string),
        model: raw.get("AI_MODEL").unwrap_or("gpt-4o-mini").to_string(),
        first_token_timeout: std::time::Duration::from_secs(parse_number(
            raw,
            "AI_FIRST_TOKEN_TIMEOUT_SECS",
            10,
            1,
            600,
        )?),
        request_timeout: std::time::Duration::from_secs(parse_number(
            raw,
            "AI_TIMEOUT_SECS",
            45,
            1,
            1800,
        )?),
        tts_base_url: parse_service_url(raw, "AI_TTS_BASE_URL")?,
        tts_model: raw.get("AI_TTS_MODEL").unwrap_or("tts-1").to_string(),
        tts_voice: raw.get("AI_TTS_VOICE").unwrap_or("alloy").to_string(),
        stt_base_url: parse_service_url(raw, "AI_STT_BASE_URL")?,
        stt_model: raw.get("AI_STT_MODEL").unwrap_or("whisper-1").to_string(),
    })
}

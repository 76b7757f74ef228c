//! Any OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM, ...): streamed interview
//! questions, the LLM evaluator, and the speech endpoints.

mod clean;
mod evaluate;
mod http;
mod prompt;
mod speech;
mod sse;
#[cfg(test)]
mod tests;

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use serde_json::json;
use tokio::time::Instant;
use url::Url;

use super::{ProviderError, QuestionContext, QuestionProvider, TokenSink};
use crate::settings::AiSettings;

pub use clean::clean_question;
pub use evaluate::evaluate;
pub use http::http_client;
pub(crate) use http::{check_status, endpoint, transport_error};
pub use prompt::question_messages;
pub use speech::{synthesize_speech, transcribe};

use http::{authorized, truncate_chars};

/// How much of the job description and résumé goes into a prompt, in characters.
const CONTEXT_CHARS: usize = 1500;
/// How many past turns go into a prompt.
const HISTORY_TURNS: usize = 8;
/// Longest wait for a TCP/TLS connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Questions from an OpenAI-compatible chat completion endpoint, streamed.
#[derive(Debug, Clone)]
pub struct OpenAiProvider {
    client: reqwest::Client,
    settings: AiSettings,
    endpoint: Url,
}

impl OpenAiProvider {
    /// Fails when no base URL is configured.
    pub fn new(settings: &AiSettings) -> Result<Self, ProviderError> {
        let base = settings.base_url.as_ref().ok_or_else(|| {
            ProviderError::Unusable("no AI base URL is configured (AI_BASE_URL)".into())
        })?;
        Ok(Self {
            client: http_client(settings)?,
            settings: settings.clone(),
            endpoint: endpoint(base, "chat/completions")?,
        })
    }
}

impl QuestionProvider for OpenAiProvider {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn generate<'a>(
        &'a self,
        context: &'a QuestionContext,
        on_text: TokenSink<'a>,
    ) -> BoxFuture<'a, Result<String, ProviderError>> {
        Box::pin(self.stream_question(context, on_text))
    }
}

impl OpenAiProvider {
    async fn stream_question(
        &self,
        context: &QuestionContext,
        on_text: TokenSink<'_>,
    ) -> Result<String, ProviderError> {
        let settings = &self.settings;
        let started = Instant::now();
        let overall_deadline = started + settings.request_timeout;
        let first_deadline = (started + settings.first_token_timeout).min(overall_deadline);
        let timeout_error = |deadline: Instant| {
            if deadline < overall_deadline {
                ProviderError::Timeout(settings.first_token_timeout)
            } else {
                ProviderError::Timeout(settings.request_timeout)
            }
        };

        let body = json!({
            "model": settings.model,
            "messages": question_messages(context),
            "stream": true,
            "temperature": 0.7,
            "max_tokens": 120,
        });
        let request = authorized(self.client.post(self.endpoint.clone()), settings)
            .header(
                reqwest::header::ACCEPT,
                "text/event-stream, application/json",
            )
            .json(&body);
        let response = tokio::time::timeout_at(first_deadline, request.send())
            .await
            .map_err(|_| timeout_error(first_deadline))?
            .map_err(|e| transport_error(e, settings))?;
        let response = check_status(response, settings, overall_deadline).await?;

        let mut stream = std::pin::pin!(response.bytes_stream());
        let mut parser = sse::SseParser::default();
        let mut relay = clean::Relay::new();
        let mut full = String::new();
        let mut saw_content = false;
        let mut got_first_token = false;
        while !parser.done {
            let deadline = if got_first_token {
                overall_deadline
            } else {
                first_deadline
            };
            let next = tokio::time::timeout_at(deadline, stream.next())
                .await
                .map_err(|_| timeout_error(deadline))?;
            let items = match next {
                Some(chunk) => parser.push(&chunk.map_err(|e| transport_error(e, settings))?)?,
                None => {
                    // End of body, with or without `[DONE]`.
                    let items = parser.finish()?;
                    parser.done = true;
                    items
                }
            };
            for item in items {
                let sse::SseItem::Content(piece) = item else {
                    continue;
                };
                saw_content = true;
                if piece.is_empty() {
                    continue;
                }
                if !got_first_token {
                    got_first_token = true;
                    tracing::debug!(
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "first token from the language model"
                    );
                }
                full.push_str(&piece);
                let shown = relay.push(&piece);
                if !shown.is_empty() {
                    on_text(&shown);
                }
            }
        }

        if !saw_content {
            // Not SSE (or SSE without content): maybe a plain JSON completion.
            if parser.data_lines > 0 && parser.foreign_lines == 0 {
                return Err(ProviderError::Malformed(
                    "the stream carried no message content".into(),
                ));
            }
            full = sse::completion_text(parser.body())?;
            if let Some(text) = clean_question(&full) {
                on_text(&text);
                return Ok(text);
            }
            return Err(unusable(&full));
        }
        let Some(text) = clean_question(&full) else {
            return Err(unusable(&full));
        };
        if let Some(rest) = relay.finish(&text) {
            on_text(&rest);
        }
        Ok(text)
    }
}

fn unusable(raw: &str) -> ProviderError {
    let preview: String = raw.chars().take(80).collect();
    ProviderError::Unusable(format!(
        "the model's answer held no usable question ({:?})",
        preview.trim()
    ))
}

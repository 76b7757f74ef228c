//! Any OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM, ...): streamed interview
//! questions, the LLM evaluator, and the speech endpoints.

mod clean;
mod evaluate;
mod sse;

use std::fmt::Write as _;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use interview_flow_shared::TurnKind;
use serde_json::{Value, json};
use tokio::time::Instant;
use url::Url;

use super::{ProviderError, QuestionContext, QuestionProvider, QuestionRequest, TokenSink};
use crate::settings::AiSettings;

pub use clean::clean_question;
pub use evaluate::evaluate;

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

/// A client with the configured timeouts (connect + overall), shared by the calls here.
pub fn http_client(settings: &AiSettings) -> Result<reqwest::Client, ProviderError> {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(settings.request_timeout))
        .timeout(settings.request_timeout)
        .user_agent(concat!("interview-flow/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| ProviderError::Transport(format!("cannot build the HTTP client: {e}")))
}

/// `{base}/v1/{path}`, whether or not `base` ends with "/" or already with "/v1".
pub(crate) fn endpoint(base: &Url, path: &str) -> Result<Url, ProviderError> {
    let mut base = base.clone();
    base.set_query(None);
    base.set_fragment(None);
    let trimmed = base.as_str().trim_end_matches('/');
    let joined = if trimmed.ends_with("/v1") {
        format!("{trimmed}/{path}")
    } else {
        format!("{trimmed}/v1/{path}")
    };
    Url::parse(&joined).map_err(|e| ProviderError::Transport(format!("bad service URL: {e}")))
}

fn authorized(request: reqwest::RequestBuilder, settings: &AiSettings) -> reqwest::RequestBuilder {
    match settings.api_key.as_deref().map(str::trim) {
        Some(key) if !key.is_empty() => request.bearer_auth(key),
        _ => request,
    }
}

pub(crate) fn transport_error(error: reqwest::Error, settings: &AiSettings) -> ProviderError {
    if error.is_timeout() {
        return ProviderError::Timeout(settings.request_timeout);
    }
    let error = error.without_url();
    let detail = if error.is_connect() {
        "cannot connect to the server".to_string()
    } else {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            let _ = write!(text, ": {inner}");
            source = inner.source();
        }
        text
    };
    ProviderError::Transport(redact(&detail, settings))
}

/// Passes 2xx responses; turns others into [`ProviderError::Status`] with a short detail.
pub(crate) async fn check_status(
    response: reqwest::Response,
    settings: &AiSettings,
    deadline: Instant,
) -> Result<reqwest::Response, ProviderError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = tokio::time::timeout_at(deadline, response.bytes())
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    let head = &body[..body.len().min(4096)];
    let detail = serde_json::from_slice::<Value>(head)
        .ok()
        .and_then(|value| sse::error_message(&value))
        .unwrap_or_else(|| String::from_utf8_lossy(head).into_owned());
    let mut detail: String = clean::collapse_whitespace(&detail)
        .chars()
        .take(200)
        .collect();
    if detail.is_empty() {
        detail = status.canonical_reason().unwrap_or("error").to_string();
    }
    Err(ProviderError::Status {
        status: status.as_u16(),
        detail: redact(&detail, settings),
    })
}

/// Never lets the API key into an error message.
fn redact(text: &str, settings: &AiSettings) -> String {
    match settings.api_key.as_deref().map(str::trim) {
        Some(key) if key.len() >= 4 => text.replace(key, "***"),
        _ => text.to_string(),
    }
}

fn truncate_chars(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
    }
}

/// Build the chat messages for a question.
pub fn question_messages(context: &QuestionContext) -> Vec<Value> {
    let job = &context.job;
    let company = if job.company_name.trim().is_empty() {
        "the company"
    } else {
        job.company_name.trim()
    };
    let title = job.title.trim();
    let mut system = format!(
        "You are an experienced, friendly job interviewer for {company}, hiring a {title}. \
         You speak directly to the candidate in a live interview. \
         Ask EXACTLY ONE question per reply. Write plain text only: no preamble, no labels such \
         as \"Interviewer:\", no numbering, no markdown, no quotation marks around the question. \
         Use at most two sentences. Never repeat or rephrase a question that was already asked. \
         For a follow-up, pick up something specific from the candidate's last answer."
    );
    let language = job.language.trim();
    if !language.is_empty() && !language.eq_ignore_ascii_case("en") && !language.starts_with("en-")
    {
        let _ = write!(
            system,
            " Conduct the interview in the language with BCP 47 tag \"{language}\"."
        );
    }

    let mut user = String::new();
    let _ = writeln!(user, "Job title: {title}");
    let _ = writeln!(user, "Company: {company}");
    let _ = writeln!(
        user,
        "Job description:\n{}\n",
        truncate_chars(&job.description, CONTEXT_CHARS)
    );
    let skills = job
        .required_skills
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    let _ = writeln!(
        user,
        "Required skills: {}\n",
        if skills.is_empty() {
            "not specified".to_string()
        } else {
            skills.join(", ")
        }
    );
    let candidate_name = context.candidate.full_name.trim();
    if !candidate_name.is_empty() {
        let _ = writeln!(user, "Candidate: {candidate_name}");
    }
    let resume = match context.candidate.resume_text.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => truncate_chars(text, CONTEXT_CHARS),
        _ => "No résumé provided".to_string(),
    };
    let _ = writeln!(user, "Résumé excerpt:\n{resume}\n");

    let start = context.history.len().saturating_sub(HISTORY_TURNS);
    if context.history.is_empty() {
        let _ = writeln!(user, "Interview so far: (nothing yet)\n");
    } else {
        let _ = writeln!(user, "Interview so far:");
        for turn in &context.history[start..] {
            let _ = writeln!(
                user,
                "Interviewer: {}",
                clean::collapse_whitespace(&turn.question)
            );
            let answer = match turn.answer.as_deref().map(str::trim) {
                Some(answer) if !answer.is_empty() => {
                    clean::collapse_whitespace(&truncate_chars(answer, 1200))
                }
                _ => "(no answer)".to_string(),
            };
            let _ = writeln!(user, "Candidate: {answer}");
        }
        let _ = writeln!(user);
    }
    let _ = write!(
        user,
        "Your task now: {}",
        instruction(context, &skills, company)
    );

    vec![
        json!({"role": "system", "content": system}),
        json!({"role": "user", "content": user}),
    ]
}

fn instruction(context: &QuestionContext, skills: &[&str], company: &str) -> String {
    let title = context.job.title.trim();
    let first_name = context
        .candidate
        .full_name
        .split_whitespace()
        .next()
        .unwrap_or("the candidate");
    match context.request {
        QuestionRequest::Greeting { question_count } => format!(
            "Greet {first_name} warmly, say you are interviewing them for the {title} role at \
             {company} with {question_count} main questions, and ask them to briefly introduce \
             themselves. One or two sentences."
        ),
        QuestionRequest::Main { number, of } => {
            let asked = context
                .history
                .iter()
                .filter(|t| t.kind == TurnKind::Main)
                .count();
            let behavioural = number % 3 == 0 || skills.is_empty();
            let focus = if behavioural {
                "a behavioural topic (for example teamwork, handling conflict, ownership, a \
                 mistake and what they learned, or prioritising under pressure)"
                    .to_string()
            } else {
                let index = ((number as usize).saturating_sub(1) + (context.seed % 7) as usize)
                    % skills.len();
                format!(
                    "the skill \"{}\" as used in this role (a concrete situation, decision or \
                     trade-off)",
                    skills[index]
                )
            };
            let last = if number >= of {
                " This is the last main question."
            } else {
                ""
            };
            format!(
                "Ask main question {number} of {of}. {asked} main question(s) were already asked; \
                 choose a topic not covered yet, varying across the role's skills and behaviour. \
                 Suggested focus: {focus}.{last} Ask only the question."
            )
        }
        QuestionRequest::FollowUp { index, .. } => {
            let answered = context
                .history
                .last()
                .and_then(|t| t.answer.as_deref())
                .is_some_and(|a| a.split_whitespace().count() >= 8);
            if answered {
                format!(
                    "Ask follow-up question {index} on the candidate's last answer: pick up one \
                     specific thing they said (a decision, a tool, a number, a claim) and ask \
                     them to go deeper, for example why, how, the trade-offs or the result. Stay \
                     on the same topic."
                )
            } else {
                format!(
                    "Ask follow-up question {index}: the candidate's last answer was short, so \
                     kindly ask for a concrete example from their own experience on the same \
                     topic."
                )
            }
        }
        QuestionRequest::Closing => format!(
            "Close the interview: thank {first_name} for their time and ask whether they have \
             anything to add or any questions about the role or {company}. Do not ask another \
             interview question."
        ),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::{CandidateContext, JobContext, TranscriptTurn};

    #[test]
    fn endpoints_join_cleanly() {
        let cases = [
            ("http://h:1", "http://h:1/v1/chat/completions"),
            ("http://h:1/", "http://h:1/v1/chat/completions"),
            ("http://h:1/v1", "http://h:1/v1/chat/completions"),
            ("http://h:1/v1/", "http://h:1/v1/chat/completions"),
            (
                "http://h:1/proxy/openai",
                "http://h:1/proxy/openai/v1/chat/completions",
            ),
        ];
        for (base, expected) in cases {
            let url = Url::parse(base)
                .ok()
                .and_then(|b| endpoint(&b, "chat/completions").ok());
            assert_eq!(url.as_ref().map(Url::as_str), Some(expected), "{base}");
        }
    }

    #[test]
    fn prompt_carries_context_and_instruction() {
        let context = QuestionContext {
            job: JobContext {
                title: "Backend Engineer".into(),
                description: "x".repeat(5000),
                required_skills: vec!["Rust".into(), "PostgreSQL".into()],
                company_name: "Acme".into(),
                language: "en".into(),
            },
            candidate: CandidateContext {
                full_name: "Ada Lovelace".into(),
                resume_text: None,
            },
            history: (0..12)
                .map(|i| TranscriptTurn {
                    kind: TurnKind::Main,
                    main_number: i,
                    question: format!("Question number {i}?"),
                    answer: Some(format!("Answer {i}")),
                })
                .collect(),
            request: QuestionRequest::Main { number: 2, of: 5 },
            seed: 0,
        };
        let messages = question_messages(&context);
        assert_eq!(messages.len(), 2);
        let system = messages[0]["content"].as_str().unwrap_or_default();
        assert!(system.contains("Acme") && system.contains("Backend Engineer"));
        assert!(system.contains("EXACTLY ONE"));
        let user = messages[1]["content"].as_str().unwrap_or_default();
        assert!(user.contains("No résumé provided"));
        assert!(user.contains("Rust, PostgreSQL"));
        assert!(user.contains("main question 2 of 5"));
        assert!(!user.contains("Question number 3?"));
        assert!(user.contains("Interviewer: Question number 11?\nCandidate: Answer 11"));
        assert!(user.len() < 4000);
    }
}

//! Interview-room calls: ready page, session, answers, events, voice.
//!
//! Besides the JSON helpers of [`Api`], this module sends a few requests that are not
//! plain JSON: the streamed answer (`Accept: text/event-stream`, read chunk by chunk from
//! the response's `ReadableStream`), the question audio (a `Blob`) and the recorded answer
//! upload (multipart). Those go through [`Api::authed_raw`], which attaches the bearer
//! token and renews it once on a 401 exactly like the JSON calls do.

use gloo_net::http::{Method, RequestBuilder, Response};
use interview_flow_shared::{
    AnswerRequest, AuthResponse, EmailRequestAccepted, EndSessionRequest, ErrorBody, ErrorDetail,
    IntegrityEventRequest, InterviewReadyDto, InterviewSignInLinkRequest, LinkSignInRequest,
    QuestionToken, SessionDto, SessionStreamEvent, StartSessionRequest, TranscriptionDto,
};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::RequestCredentials;

use super::{
    API_PREFIX, Api, ApiError, empty_or_error, error_from, json_or_error, post_public, to_json,
};

/// `/interviews/{id}` with the id URL-encoded (it comes from the address bar).
fn interview_path(id: &str, rest: &str) -> String {
    let id: String = js_sys::encode_uri_component(id).into();
    format!("/interviews/{id}{rest}")
}

/// An absolute same-origin URL for a path the server handed out (e.g. `audio_url`).
fn resolve_url(path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") || path.starts_with(API_PREFIX) {
        path.to_string()
    } else if path.starts_with('/') {
        format!("{API_PREFIX}{path}")
    } else {
        format!("{API_PREFIX}/{path}")
    }
}

/// One Server-Sent Event being assembled from `event:`/`data:` lines.
#[derive(Default)]
struct SseEvent {
    name: String,
    data: String,
}

/// What a finished SSE event means for the caller.
enum SseStep {
    Continue,
    Done(Result<SessionDto, ApiError>),
}

/// What the streamed question does while it is generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamUpdate<'a> {
    /// The next piece of the question.
    Token(&'a str),
    /// Forget the pieces so far: the server starts the question over.
    Reset,
}

fn dispatch_sse(event: &SseEvent, on_update: &dyn Fn(StreamUpdate<'_>)) -> SseStep {
    match SessionStreamEvent::parse(&event.name) {
        Some(SessionStreamEvent::Token) => {
            if let Ok(token) = serde_json::from_str::<QuestionToken>(&event.data) {
                on_update(StreamUpdate::Token(&token.text));
            }
            SseStep::Continue
        }
        Some(SessionStreamEvent::Reset) => {
            on_update(StreamUpdate::Reset);
            SseStep::Continue
        }
        Some(SessionStreamEvent::Session) => SseStep::Done(
            serde_json::from_str::<SessionDto>(&event.data).map_err(|_| ApiError::Decode),
        ),
        Some(SessionStreamEvent::Error) => {
            let body =
                serde_json::from_str::<ErrorBody>(&event.data).unwrap_or_else(|_| ErrorBody {
                    error: ErrorDetail {
                        code: "stream_error".to_string(),
                        message: "The next question could not be prepared. Trying again…"
                            .to_string(),
                        details: None,
                    },
                });
            SseStep::Done(Err(ApiError::Http {
                status: 502,
                body,
                retry_after: None,
            }))
        }
        // Comments/keep-alives and unknown events are ignored.
        None => SseStep::Continue,
    }
}

/// Feeds one line (without its line break) into the event being assembled.
fn feed_sse_line(
    line: &str,
    event: &mut SseEvent,
    on_update: &dyn Fn(StreamUpdate<'_>),
) -> SseStep {
    if line.is_empty() {
        let finished = std::mem::take(event);
        if finished.name.is_empty() && finished.data.is_empty() {
            return SseStep::Continue;
        }
        return dispatch_sse(&finished, on_update);
    }
    if line.starts_with(':') {
        return SseStep::Continue;
    }
    let (field, value) = match line.split_once(':') {
        Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
        None => (line, ""),
    };
    match field {
        "event" => event.name = value.to_string(),
        "data" => {
            if !event.data.is_empty() {
                event.data.push('\n');
            }
            event.data.push_str(value);
        }
        _ => {}
    }
    SseStep::Continue
}

impl Api {
    /// Signs in with the token from an interview email (`#token=…`).
    pub async fn link_sign_in(&self, token: &str) -> Result<AuthResponse, ApiError> {
        let token = token.to_string();
        post_public("/auth/link", &LinkSignInRequest { token }).await
    }

    /// Asks for a fresh sign-in link for this interview, emailed to the invited address
    /// only (the answer is the same for any address).
    pub async fn interview_sign_in_link(
        &self,
        id: &str,
        email: String,
    ) -> Result<EmailRequestAccepted, ApiError> {
        post_public(
            &interview_path(id, "/sign-in-link"),
            &InterviewSignInLinkRequest { email },
        )
        .await
    }

    pub async fn interview_ready(&self, id: &str) -> Result<InterviewReadyDto, ApiError> {
        self.get(&interview_path(id, "/ready")).await
    }

    /// Starts the interview, or resumes it exactly where it stands.
    pub async fn start_session(&self, id: &str, consent: bool) -> Result<SessionDto, ApiError> {
        self.post(
            &interview_path(id, "/session"),
            &StartSessionRequest { consent },
        )
        .await
    }

    pub async fn get_session(&self, id: &str) -> Result<SessionDto, ApiError> {
        self.get(&interview_path(id, "/session")).await
    }

    /// Sends an answer and waits for the whole JSON answer (idempotent on `turn_id`).
    pub async fn send_answer(
        &self,
        id: &str,
        answer: &AnswerRequest,
    ) -> Result<SessionDto, ApiError> {
        self.post(&interview_path(id, "/answers"), answer).await
    }

    /// Sends an answer asking for Server-Sent Events: `on_update` gets each piece of the
    /// next question as it is generated (and a reset if the server starts it over); the result is the final session. A server that
    /// answers with plain JSON instead is understood too. Any failure (including a stream
    /// that ends without its `session` event) is an error: retry with [`Self::send_answer`]
    /// and the same `turn_id`.
    pub async fn send_answer_streaming(
        &self,
        id: &str,
        answer: &AnswerRequest,
        on_update: &dyn Fn(StreamUpdate<'_>),
    ) -> Result<SessionDto, ApiError> {
        let body = to_json(answer)?;
        let url = format!("{API_PREFIX}{}", interview_path(id, "/answers"));
        let response = self
            .authed_raw(
                Method::POST,
                &url,
                Some(JsValue::from_str(&body)),
                &[
                    ("Accept", "text/event-stream"),
                    ("Content-Type", "application/json"),
                ],
            )
            .await?;
        if !response.ok() {
            return Err(error_from(&response).await);
        }
        let content_type = response.headers().get("Content-Type").unwrap_or_default();
        if !content_type.contains("text/event-stream") {
            return response
                .json::<SessionDto>()
                .await
                .map_err(|_| ApiError::Decode);
        }
        let stream = response.body().ok_or(ApiError::Network)?;
        let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        let outcome = read_sse(&reader, on_update).await;
        let _ = reader.cancel();
        outcome
    }

    pub async fn end_session(
        &self,
        id: &str,
        request: &EndSessionRequest,
    ) -> Result<SessionDto, ApiError> {
        self.post(&interview_path(id, "/end"), request).await
    }

    /// Records an integrity signal (fire-and-forget: callers ignore the result).
    pub async fn post_event(
        &self,
        id: &str,
        event: &IntegrityEventRequest,
    ) -> Result<(), ApiError> {
        let body = to_json(event)?;
        empty_or_error(
            self.authed(Method::POST, &interview_path(id, "/events"), Some(body))
                .await?,
        )
        .await
    }

    /// The question's server audio (`audio_url`), fetched with the bearer token.
    pub async fn question_audio(&self, audio_url: &str) -> Result<web_sys::Blob, ApiError> {
        let response = self
            .authed_raw(
                Method::GET,
                &resolve_url(audio_url),
                None,
                &[("Accept", "audio/mpeg, audio/*")],
            )
            .await?;
        if !response.ok() {
            return Err(error_from(&response).await);
        }
        let raw: web_sys::Response = response.into();
        let promise = raw.blob().map_err(|_| ApiError::Decode)?;
        JsFuture::from(promise)
            .await
            .map_err(|_| ApiError::Network)?
            .dyn_into::<web_sys::Blob>()
            .map_err(|_| ApiError::Decode)
    }

    /// Uploads a recorded answer; the server turns it into text.
    pub async fn transcribe(
        &self,
        id: &str,
        audio: &web_sys::Blob,
        file_name: &str,
    ) -> Result<TranscriptionDto, ApiError> {
        let form = web_sys::FormData::new().map_err(|_| ApiError::Decode)?;
        form.append_with_blob_and_filename("audio", audio, file_name)
            .map_err(|_| ApiError::Decode)?;
        let url = format!("{API_PREFIX}{}", interview_path(id, "/transcriptions"));
        let response = self
            .authed_raw(Method::POST, &url, Some(form.into()), &[])
            .await?;
        json_or_error(response).await
    }

    /// Like `authed`, for a full URL and any body (the browser sets multipart headers).
    async fn authed_raw(
        &self,
        method: Method,
        url: &str,
        body: Option<JsValue>,
        headers: &[(&str, &str)],
    ) -> Result<Response, ApiError> {
        self.with_fresh_token(Response::status, |token| {
            let (method, body) = (method.clone(), body.clone());
            async move { send_raw(method, url, body, headers, token.as_deref()).await }
        })
        .await
    }
}

async fn send_raw(
    method: Method,
    url: &str,
    body: Option<JsValue>,
    headers: &[(&str, &str)],
    token: Option<&str>,
) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .credentials(RequestCredentials::SameOrigin);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    request.send().await.map_err(|_| ApiError::Network)
}

/// Reads Server-Sent Events until the `session` (or `error`) event.
async fn read_sse(
    reader: &web_sys::ReadableStreamDefaultReader,
    on_update: &dyn Fn(StreamUpdate<'_>),
) -> Result<SessionDto, ApiError> {
    let mut buffer: Vec<u8> = Vec::new();
    let mut event = SseEvent::default();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| ApiError::Network)?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if let Ok(value) = Reflect::get(&chunk, &JsValue::from_str("value"))
            && !value.is_undefined()
        {
            buffer.extend(Uint8Array::new(&value).to_vec());
        }
        // A line break byte never occurs inside a multi-byte UTF-8 character, so complete
        // lines can be decoded one by one.
        while let Some(end) = buffer.iter().position(|b| *b == b'\n') {
            let raw: Vec<u8> = buffer.drain(..=end).collect();
            let line = String::from_utf8_lossy(&raw);
            let line = line.trim_end_matches(['\n', '\r']);
            if let SseStep::Done(result) = feed_sse_line(line, &mut event, on_update) {
                return result;
            }
        }
        if done {
            if !buffer.is_empty() {
                let line = String::from_utf8_lossy(&buffer)
                    .trim_end_matches('\r')
                    .to_string();
                buffer.clear();
                if let SseStep::Done(result) = feed_sse_line(&line, &mut event, on_update) {
                    return result;
                }
            }
            if let SseStep::Done(result) = feed_sse_line("", &mut event, on_update) {
                return result;
            }
            // The stream ended without the session: treat as a dropped connection.
            return Err(ApiError::Network);
        }
    }
}

pub mod answer;
pub mod audio;
pub mod end;
pub mod events;
pub mod get;
pub mod integrity_events;
pub mod report;
pub mod start;
pub mod transcribe;

use std::future::Future;

use actix_web::http::header::ACCEPT;
use actix_web::{HttpRequest, HttpResponse};
use bytes::Bytes;
use interview_flow_shared::{QuestionToken, SessionDto, SessionStreamEvent};
use tokio::sync::mpsc::unbounded_channel;

use crate::errors::ApiError;
use crate::services::sessions::{EventSink, SessionEvent};

/// Whether the client asked for Server-Sent Events.
pub fn wants_stream(req: &HttpRequest) -> bool {
    req.headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/event-stream"))
}

fn sse(event: &SessionEvent) -> Bytes {
    let (name, data) = match event {
        SessionEvent::Token(text) => (
            SessionStreamEvent::Token,
            serde_json::to_string(&QuestionToken { text: text.clone() }).unwrap_or_default(),
        ),
        SessionEvent::Reset => (SessionStreamEvent::Reset, "{}".to_string()),
        SessionEvent::Session(session) => (
            SessionStreamEvent::Session,
            serde_json::to_string(session).unwrap_or_default(),
        ),
        SessionEvent::Failed(error) => (
            SessionStreamEvent::Error,
            serde_json::to_string(error).unwrap_or_default(),
        ),
    };
    Bytes::from(format!("event: {}\ndata: {data}\n\n", name.as_str()))
}

/// Answers either with the session as JSON, or (for `Accept: text/event-stream`) as a stream
/// of `token` events for the next question followed by one `session` (or `error`) event.
/// The work runs to completion even if the client goes away, so nothing is lost.
pub async fn session_response<F, Fut>(req: &HttpRequest, work: F) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(EventSink) -> Fut,
    Fut: Future<Output = Result<SessionDto, ApiError>> + 'static,
{
    if !wants_stream(req) {
        return Ok(HttpResponse::Ok().json(work(None).await?));
    }
    let (sender, receiver) = unbounded_channel();
    let failure = sender.clone();
    let job = work(Some(sender));
    actix_web::rt::spawn(async move {
        if let Err(error) = job.await {
            if let ApiError::Internal(detail) = &error {
                tracing::error!(
                    error = format!("{detail:#}"),
                    "streamed session request failed"
                );
            }
            let _ = failure.send(SessionEvent::Failed(Box::new(error.body())));
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let event = receiver.recv().await?;
        Some((Ok::<_, actix_web::Error>(sse(&event)), receiver))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(stream))
}

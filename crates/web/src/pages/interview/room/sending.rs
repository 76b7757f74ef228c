//! The controller's sending: an answer (streaming the next question in) and ending the
//! interview, both retried with back-off until the server confirms them.

use std::cell::Cell;

use interview_flow_shared::{AnswerRequest, AnswerSource, EndSessionRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::controller::RoomController;
use super::state::RoomState;
use super::storage::clear_drafts;
use crate::api::ApiError;
use crate::api::interview::StreamUpdate;

fn backoff_ms(attempt: u32) -> u32 {
    (1_000_u32 << attempt.min(4)).min(15_000)
}

/// Worth retrying with the same `turn_id`: the network, rate limiting, a server error.
fn retryable(err: &ApiError) -> bool {
    matches!(err, ApiError::Network) || matches!(err.status(), Some(429 | 500..=599))
}

impl RoomController {
    fn answer_source(self) -> AnswerSource {
        if self.state.answer.used_speech.get_untracked() {
            AnswerSource::Speech
        } else {
            AnswerSource::Typed
        }
    }

    /// Sends the answer, streaming the next question in; retried with back-off and the
    /// same `turn_id` (the server is idempotent on it) until it is confirmed.
    pub(super) fn submit(self) {
        let RoomState {
            speech,
            answer,
            progress,
            ..
        } = self.state;
        if answer.sending.get_untracked() || progress.finished.get_untracked() {
            return;
        }
        let text = answer.draft.get_untracked().trim().to_string();
        let Some(turn_id) = self.current_turn() else {
            return;
        };
        if text.is_empty() {
            return;
        }
        let request = AnswerRequest {
            turn_id,
            text,
            source: self.answer_source(),
        };
        answer.sending.set(true);
        answer.error.set(None);
        speech.interim.set(String::new());
        self.handles.with_value(|m| {
            m.next_generation();
            m.heard_speech.set(false);
        });
        speech.ai_speaking.set(false);
        spawn_local(async move {
            self.send_until_confirmed(request).await;
            answer.sending.try_set(false);
        });
    }

    async fn send_until_confirmed(self, request: AnswerRequest) {
        let RoomState {
            speech,
            answer,
            progress,
            connection,
            ..
        } = self.state;
        let (api, handles, finished) = (self.api, self.handles, progress.finished);
        let id = self.id.get_value();
        let first_token = Cell::new(true);
        let on_update = |update: StreamUpdate<'_>| match update {
            StreamUpdate::Token(piece) => {
                if first_token.replace(false) {
                    speech.caption.try_set(String::new());
                }
                speech.caption.try_update(|c| c.push_str(piece));
            }
            // The server starts the question over (another provider): drop the pieces.
            StreamUpdate::Reset => {
                speech.caption.try_set(String::new());
            }
        };
        speech.streaming.set(true);
        let mut result = api.send_answer_streaming(&id, &request, &on_update).await;
        speech.streaming.try_set(false);
        let mut attempt = 0_u32;
        let mut tried_plain = false;
        loop {
            if handles.try_with_value(|m| m.stopped.get()).unwrap_or(true)
                && finished.try_get_untracked() != Some(false)
            {
                break;
            }
            match result {
                Ok(next) => {
                    connection.reconnecting.try_set(false);
                    clear_drafts(
                        &id,
                        next.current_question.as_ref().map(|q| q.turn_id.as_str()),
                    );
                    if finished.try_get_untracked() == Some(false) {
                        self.apply(next);
                    }
                    break;
                }
                Err(err) => {
                    let retryable = retryable(&err);
                    if err.status() == Some(401) {
                        // Signed out: the client sends the candidate to sign in; the
                        // draft stays saved for when they come back.
                        break;
                    }
                    if !tried_plain && !retryable {
                        // The streamed request failed; the plain one gives the answer.
                        tried_plain = true;
                        result = api.send_answer(&id, &request).await;
                        continue;
                    }
                    if retryable {
                        connection.reconnecting.try_set(true);
                        let delay = err
                            .retry_after()
                            .map(|s| (s.min(30) * 1000) as u32)
                            .unwrap_or_else(|| backoff_ms(attempt));
                        attempt += 1;
                        gloo_timers::future::TimeoutFuture::new(delay).await;
                        if handles.try_with_value(|m| m.stopped.get()).unwrap_or(true) {
                            break;
                        }
                        tried_plain = true;
                        result = api.send_answer(&id, &request).await;
                        continue;
                    }
                    connection.reconnecting.try_set(false);
                    answer.error.try_set(Some(err.message()));
                    self.resync();
                    break;
                }
            }
        }
    }

    /// Ends the interview now, sending what is written for the current question with it.
    pub(super) fn end_interview(self) {
        let RoomState {
            answer,
            connection,
            end,
            ..
        } = self.state;
        if end.ending.get_untracked() {
            return;
        }
        end.ending.set(true);
        answer.error.set(None);
        let text = answer.draft.get_untracked().trim().to_string();
        let final_answer = match self.current_turn() {
            Some(turn_id) if !text.is_empty() && !answer.sending.get_untracked() => {
                Some(AnswerRequest {
                    turn_id,
                    text,
                    source: self.answer_source(),
                })
            }
            _ => None,
        };
        let request = EndSessionRequest { final_answer };
        spawn_local(async move {
            let id = self.id.get_value();
            let mut attempt = 0;
            loop {
                match self.api.end_session(&id, &request).await {
                    Ok(next) => {
                        connection.reconnecting.try_set(false);
                        self.apply(next);
                        break;
                    }
                    Err(err) if attempt < 6 && retryable(&err) => {
                        connection.reconnecting.try_set(true);
                        gloo_timers::future::TimeoutFuture::new(backoff_ms(attempt)).await;
                        attempt += 1;
                    }
                    Err(err) => {
                        connection.reconnecting.try_set(false);
                        answer.error.try_set(Some(err.message()));
                        end.confirming.try_set(false);
                        self.resync();
                        break;
                    }
                }
            }
            end.ending.try_set(false);
        });
    }
}

//! The room's one controller: it talks to the `api` module and changes the state; the
//! parts of the room only show state and report what the candidate wants (callbacks).
//! Sending, voice and camera handling continue in `sending.rs`, `voice.rs` and
//! `devices.rs`.

use std::rc::Rc;

use interview_flow_shared::{
    IntegrityEventKind, IntegrityEventRequest, InterviewStatus, SessionDto, VoiceMode,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::handles::{Handles, HandlesRef};
use super::state::RoomState;
use super::storage::{clear_drafts, load_draft, save_draft};
use crate::api::Api;
use crate::pages::interview::media::{self, Listener};
use crate::routes;

/// Silence (after speech) before an automatic send, when the candidate turned it on.
const SILENCE_MS: f64 = 6_000.0;

#[derive(Clone, Copy)]
pub(super) struct RoomController {
    pub(super) api: Api,
    pub(super) id: StoredValue<String>,
    pub(super) handles: HandlesRef,
    pub(super) state: RoomState,
    last_time_check: StoredValue<f64>,
}

impl RoomController {
    pub(super) fn new(id: String, state: RoomState) -> Self {
        Self {
            api: crate::api::use_api(),
            id: StoredValue::new(id),
            handles: StoredValue::new_local(Rc::new(Handles::default())),
            state,
            last_time_check: StoredValue::new(0.0),
        }
    }

    /// Starts the room: leaving-page and integrity listeners, the clock, listening while
    /// the candidate may speak, and the first load. Everything stops with the room.
    pub(super) fn start(self) {
        let handles = self.handles;
        on_cleanup(move || {
            handles.try_with_value(|m| {
                m.stop_all();
                m.listeners.borrow_mut().clear();
            });
        });
        self.listen_while_candidate_may_speak();
        self.watch_page();
        self.start_clock();
        self.load();
    }

    pub(super) fn current_turn(self) -> Option<String> {
        self.state.progress.session.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.current_question.as_ref())
                .map(|q| q.turn_id.clone())
        })
    }

    pub(super) fn lang(self) -> String {
        self.state
            .progress
            .details
            .with_untracked(|r| r.as_ref().map(|r| r.language.clone()))
            .unwrap_or_default()
    }

    /// Every change of the answer is saved for the current turn.
    pub(super) fn set_draft(self, text: String, from_speech: bool) {
        let answer = self.state.answer;
        if from_speech {
            answer.used_speech.set(true);
        }
        if let Some(turn) = self.current_turn() {
            save_draft(
                &self.id.get_value(),
                &turn,
                &text,
                answer.used_speech.get_untracked(),
            );
        }
        answer.draft.set(text);
    }

    /// The candidate typed (or corrected) the answer: recognition continues from here.
    pub(super) fn typed(self, value: String) {
        self.handles.with_value(|m| {
            *m.recog_base.borrow_mut() = value.clone();
            m.recog_offset.set(m.recog_len.get());
        });
        self.state.speech.interim.set(String::new());
        self.set_draft(value, false);
    }

    pub(super) fn finish(self) {
        let RoomState {
            progress,
            speech,
            connection,
            end,
            media,
            ..
        } = self.state;
        if progress.finished.get_untracked() {
            return;
        }
        progress.finished.set(true);
        speech.ai_speaking.set(false);
        speech.streaming.set(false);
        connection.reconnecting.set(false);
        end.confirming.set(false);
        self.handles.with_value(|m| m.stop_all());
        media.has_stream.set(false);
        media.stream_version.update(|v| *v += 1);
        clear_drafts(&self.id.get_value(), None);
    }

    /// Applies the server's view of the interview (the only source of truth).
    pub(super) fn apply(self, next: SessionDto) {
        let RoomState {
            progress,
            speech,
            answer,
            ..
        } = self.state;
        let previous = self.current_turn();
        progress
            .deadline
            .set(media::now_ms() + next.remaining_seconds as f64 * 1000.0);
        let over = next.status != InterviewStatus::InProgress;
        let question = next.current_question.clone();
        let voice = next.voice.clone();
        progress.session.set(Some(next));
        if over {
            self.finish();
            return;
        }
        if let Some(question) = question {
            speech.caption.set(question.text.clone());
            if previous.as_deref() != Some(question.turn_id.as_str()) {
                let (text, from_speech) =
                    load_draft(&self.id.get_value(), &question.turn_id).unwrap_or_default();
                self.handles.with_value(|m| {
                    *m.recog_base.borrow_mut() = text.clone();
                    m.recog_offset.set(m.recog_len.get());
                    m.heard_speech.set(false);
                });
                answer.draft.set(text);
                answer.used_speech.set(from_speech);
                speech.interim.set(String::new());
                self.speak_question(question, voice);
            }
        }
    }

    /// Asks the server where the interview is and applies it.
    pub(super) fn resync(self) {
        let finished = self.state.progress.finished;
        spawn_local(async move {
            let Some(id) = self.id.try_get_value() else {
                return;
            };
            if let Ok(next) = self.api.get_session(&id).await
                && !finished.try_get_untracked().unwrap_or(true)
            {
                self.apply(next);
            }
        });
    }

    /// Reports an integrity signal while the interview runs (fire-and-forget).
    pub(super) fn report(self, kind: IntegrityEventKind, detail: Option<String>) {
        let progress = self.state.progress;
        if progress.finished.try_get_untracked() != Some(false)
            || !progress
                .session
                .try_with_untracked(|s| {
                    s.as_ref()
                        .is_some_and(|s| s.status == InterviewStatus::InProgress)
                })
                .unwrap_or(false)
        {
            return;
        }
        let Some(id) = self.id.try_get_value() else {
            return;
        };
        let event = IntegrityEventRequest {
            kind,
            at: Some(media::now_iso()),
            detail,
        };
        let api = self.api;
        spawn_local(async move {
            // A refused (e.g. 429) or failed report is dropped.
            let _ = api.post_event(&id, &event).await;
        });
    }

    /// Integrity signals (tab hidden, window left) and leaving the page.
    fn watch_page(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let mut listeners = Vec::new();
        if let Some(document) = window.document() {
            let doc = document.clone();
            listeners.push(Listener::new(&document, "visibilitychange", move |_| {
                if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                    self.report(IntegrityEventKind::TabHidden, None);
                }
            }));
        }
        listeners.push(Listener::new(&window, "blur", move |_| {
            self.report(IntegrityEventKind::WindowBlur, None);
        }));
        let handles = self.handles;
        listeners.push(Listener::new(&window, "pagehide", move |_| {
            handles.try_with_value(|m| m.stop_all());
        }));
        handles.with_value(|m| m.listeners.borrow_mut().extend(listeners));
    }

    /// The clock: countdown, asking the server when time is up, sending after silence.
    fn start_clock(self) {
        let RoomState {
            speech,
            answer,
            progress,
            ..
        } = self.state;
        let ticker = gloo_timers::callback::Interval::new(500, move || {
            let t = media::now_ms();
            if progress.now.try_set(t).is_some() {
                return;
            }
            if progress.finished.get_untracked() || !progress.in_progress_untracked() {
                return;
            }
            if progress.deadline.get_untracked() <= t
                && t - self.last_time_check.get_value() > 5_000.0
            {
                // Time is up: the server completes the interview; ask it.
                self.last_time_check.set_value(t);
                self.resync();
            }
            if answer.auto_send.get_untracked()
                && !answer.sending.get_untracked()
                && !speech.ai_speaking.get_untracked()
                && speech.interim.with_untracked(String::is_empty)
                && !answer.draft.with_untracked(|d| d.trim().is_empty())
            {
                let silent = self
                    .handles
                    .with_value(|m| m.heard_speech.get() && t - m.last_loud.get() >= SILENCE_MS);
                if silent {
                    self.handles.with_value(|m| m.heard_speech.set(false));
                    self.submit();
                }
            }
        });
        // Dropped (and so stopped) with the room.
        let _ticker = StoredValue::new_local(Some(ticker));
    }

    /// The first load: the interview's details, then the session (a scheduled interview
    /// goes back to the ready page).
    fn load(self) {
        let navigate = use_navigate();
        let RoomState {
            media,
            progress,
            connection,
            ..
        } = self.state;
        spawn_local(async move {
            let interview = self.id.get_value();
            if let Ok(details) = self.api.interview_ready(&interview).await {
                progress.details.try_set(Some(details));
            }
            match self.api.get_session(&interview).await {
                Ok(current) if current.status == InterviewStatus::Scheduled => {
                    navigate(&routes::interview_ready(&interview), routes::replace());
                }
                Ok(current) => {
                    connection.loaded.try_set(true);
                    clear_drafts(
                        &interview,
                        current
                            .current_question
                            .as_ref()
                            .map(|q| q.turn_id.as_str()),
                    );
                    if current.status == InterviewStatus::InProgress
                        && !media.text_only.get_untracked()
                    {
                        if current.voice.stt == VoiceMode::Browser && media.caps.speech_recognition
                        {
                            self.setup_recognizer();
                        }
                        self.acquire();
                    }
                    self.apply(current);
                }
                Err(err) if err.status() == Some(401) => {}
                Err(err) if matches!(err.status(), Some(403 | 404 | 409)) => {
                    navigate(&routes::interview_ready(&interview), routes::replace());
                }
                Err(err) => {
                    connection.load_error.try_set(Some(err.message()));
                }
            }
        });
    }
}

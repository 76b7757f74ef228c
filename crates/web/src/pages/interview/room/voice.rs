//! The controller's voice: the interviewer speaks each question (the server's audio, or
//! the browser's speech synthesis), and the candidate's words come in by browser speech
//! recognition or a recording the server transcribes. Any failure (headless or locked-down
//! browsers have no voices or recognition) falls back to reading and typing.

use interview_flow_shared::{CurrentQuestionDto, InterviewStatus, VoiceDto, VoiceMode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::controller::RoomController;
use super::handles::play_server_audio;
use super::storage::join_text;
use crate::pages::interview::media;
use crate::pages::interview::speech::{Recognizer, RecognizerCallbacks, Recording};

pub(super) const VOICE_UNAVAILABLE: &str = "Voice input isn't available — please type your answer.";

impl RoomController {
    pub(super) fn speak_question(self, question: CurrentQuestionDto, voice: VoiceDto) {
        let (handles, speech) = (self.handles, self.state.speech);
        let generation = handles.with_value(|m| m.next_generation());
        speech.ai_speaking.set(true);
        let done = move || {
            let current = handles
                .try_with_value(|m| m.speak_generation.get() == generation)
                .unwrap_or(false);
            if current {
                speech.ai_speaking.try_set(false);
                handles.with_value(|m| m.heard_speech.set(false));
            }
        };
        // Whatever happens, never keep the microphone paused for long.
        let words = question.text.split_whitespace().count() as u32;
        gloo_timers::callback::Timeout::new(30_000 + words * 700, done).forget();
        let lang = self.lang();
        match (voice.tts, question.audio_url.clone()) {
            (VoiceMode::Server, Some(url)) => {
                let api = self.api;
                spawn_local(async move {
                    if !play_server_audio(api, &url, handles, generation).await {
                        media::speak(&question.text, &lang, move |_| done());
                    } else {
                        done();
                    }
                })
            }
            _ => media::speak(&question.text, &lang, move |_| done()),
        }
    }

    /// Speaks the current question again.
    pub(super) fn repeat_question(self) {
        let current = self.state.progress.session.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.current_question.clone().map(|q| (q, s.voice.clone())))
        });
        if let Some((question, voice)) = current {
            self.speak_question(question, voice);
        }
    }

    pub(super) fn setup_recognizer(self) {
        let (handles, speech, answer, finished) = (
            self.handles,
            self.state.speech,
            self.state.answer,
            self.state.progress.finished,
        );
        let callbacks = RecognizerCallbacks {
            on_start: Box::new(move || {
                handles.try_with_value(|m| {
                    *m.recog_base.borrow_mut() = answer.draft.get_untracked();
                    m.recog_offset.set(0);
                    m.recog_len.set(0);
                });
            }),
            on_results: Box::new(move |phrases| {
                if finished.try_get_untracked() != Some(false) || answer.sending.get_untracked() {
                    return;
                }
                let Some((base, offset)) = handles.try_with_value(|m| {
                    m.recog_len.set(phrases.len());
                    (m.recog_base.borrow().clone(), m.recog_offset.get())
                }) else {
                    return;
                };
                let tail = phrases.get(offset..).unwrap_or_default();
                let settled: Vec<&str> =
                    tail.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
                let pending: Vec<&str> =
                    tail.iter().filter(|p| !p.1).map(|p| p.0.as_str()).collect();
                let pending = join_text(&pending);
                let text = join_text(&[base.as_str(), &join_text(&settled), &pending]);
                speech.interim.set(pending);
                self.set_draft(text, true);
            }),
            on_unavailable: Box::new(move |_code| {
                speech.notice.try_set(Some(VOICE_UNAVAILABLE.to_string()));
            }),
        };
        let recognizer = Recognizer::new(&self.lang(), callbacks);
        handles.with_value(|m| *m.recognizer.borrow_mut() = recognizer);
    }

    /// Listen only while the candidate can speak: not while the AI speaks or streams.
    pub(super) fn listen_while_candidate_may_speak(self) {
        let state = self.state;
        let handles = self.handles;
        Effect::new(move |_| {
            let listen = !state.media.text_only.get()
                && !state.media.muted.get()
                && !state.speech.ai_speaking.get()
                && !state.speech.streaming.get()
                && !state.answer.sending.get()
                && !state.progress.finished.get()
                && state.progress.session.with(|s| {
                    s.as_ref().is_some_and(|s| {
                        s.status == InterviewStatus::InProgress && s.voice.stt == VoiceMode::Browser
                    })
                });
            handles.with_value(|m| {
                if let Some(recognizer) = m.recognizer.borrow().as_ref() {
                    recognizer.set_wanted(listen);
                }
            });
        });
    }

    /// Starts a recording, or stops it and has the server transcribe it.
    pub(super) fn toggle_recording(self) {
        let (handles, speech, answer) = (self.handles, self.state.speech, self.state.answer);
        if speech.recording.get_untracked() {
            speech.recording.set(false);
            let Some(take) = handles.with_value(|m| m.recording.borrow_mut().take()) else {
                return;
            };
            speech.transcribing.set(true);
            spawn_local(async move {
                if let Some((blob, name)) = take.finish().await {
                    match self
                        .api
                        .transcribe(&self.id.get_value(), &blob, &name)
                        .await
                    {
                        Ok(result) => {
                            let text = join_text(&[&answer.draft.get_untracked(), &result.text]);
                            self.set_draft(text, true);
                        }
                        Err(err) if err.code() == Some("stt_not_configured") => {
                            speech.server_stt_off.try_set(true);
                            speech.notice.try_set(Some(VOICE_UNAVAILABLE.to_string()));
                        }
                        Err(err) => {
                            speech.notice.try_set(Some(format!(
                                "We couldn't turn your recording into text ({}). Please type your answer.",
                                err.message()
                            )));
                        }
                    }
                }
                speech.transcribing.try_set(false);
            });
        } else {
            let started = handles.with_value(|m| {
                let stream = m.stream.borrow().clone()?;
                let rec = Recording::start(&stream)?;
                *m.recording.borrow_mut() = Some(rec);
                Some(())
            });
            if started.is_some() {
                speech.recording.set(true);
            } else {
                speech.notice.set(Some(VOICE_UNAVAILABLE.to_string()));
                speech.server_stt_off.set(true);
            }
        }
    }
}

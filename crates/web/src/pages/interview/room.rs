//! `/interview/start/{id}` (`?mode=text` for text-only): the interview room, laid out
//! like a video call. The AI interviewer's tile and captions show each question (streamed
//! as it is generated, then spoken); the candidate answers by voice (browser speech
//! recognition, or a recording transcribed by the server) or by typing, corrects the text
//! and presses **Done answering**.
//!
//! Answers are never lost: the draft is saved in localStorage (per interview and turn) on
//! every change and only removed once the server confirmed it; failed sends are retried
//! with back-off and the same `turn_id` (the server is idempotent on it).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use interview_flow_shared::{
    AnswerRequest, AnswerSource, CurrentQuestionDto, EndSessionRequest, IntegrityEventKind,
    IntegrityEventRequest, InterviewReadyDto, InterviewStatus, SessionDto, TurnKind, VoiceDto,
    VoiceMode,
};
use leptos::html::{A, Button, Video};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlAudioElement, MediaStream};

use super::CandidateGate;
use super::media::{self, LEVEL_THRESHOLD, LevelMeter, Listener};
use super::ready::{DEVICES_KEY, initials};
use super::speech::{Recognizer, RecognizerCallbacks, Recording};
use crate::api::interview::StreamUpdate;
use crate::api::{ApiError, use_api};
use crate::brand::brand_style;
use crate::components::{FullPageLoading, set_title};
use crate::routes;

const VOICE_UNAVAILABLE: &str = "Voice input isn't available — please type your answer.";
/// Silence (after speech) before an automatic send, when the candidate turned it on.
const SILENCE_MS: f64 = 6_000.0;

#[component]
pub fn InterviewRoom() -> impl IntoView {
    set_title("Interview");
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let text_mode = query.with_untracked(|q| q.get("mode").as_deref() == Some("text"));
    view! {
        <CandidateGate>
            {move || view! { <Room id=id.get() text_mode=text_mode /> }}
        </CandidateGate>
    }
}

// ---- draft storage ----

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn draft_prefix(id: &str) -> String {
    format!("interview-flow.draft.{id}.")
}

fn save_draft(id: &str, turn: &str, text: &str, speech: bool) {
    if let Some(storage) = local_storage() {
        let key = format!("{}{turn}", draft_prefix(id));
        if text.is_empty() {
            let _ = storage.remove_item(&key);
        } else {
            let value = serde_json::json!({ "text": text, "speech": speech }).to_string();
            let _ = storage.set_item(&key, &value);
        }
    }
}

fn load_draft(id: &str, turn: &str) -> Option<(String, bool)> {
    let raw = local_storage()?
        .get_item(&format!("{}{turn}", draft_prefix(id)))
        .ok()??;
    let value: serde_json::Value = serde_json::from_str(&raw).ok()?;
    Some((
        value.get("text")?.as_str()?.to_string(),
        value
            .get("speech")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    ))
}

/// Removes this interview's drafts except the one of `keep`.
fn clear_drafts(id: &str, keep: Option<&str>) {
    let Some(storage) = local_storage() else {
        return;
    };
    let prefix = draft_prefix(id);
    let keep = keep.map(|turn| format!("{prefix}{turn}"));
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(&prefix) && Some(k) != keep.as_ref())
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

fn saved_devices() -> (Option<String>, Option<String>) {
    let value = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(DEVICES_KEY).ok().flatten())
        .and_then(|raw| serde_json::from_str::<serde_json::Value>(&raw).ok());
    let field = |name: &str| {
        value
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    (field("camera"), field("microphone"))
}

fn join_text(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- media owned by the room ----

#[derive(Default)]
struct RoomMedia {
    stream: RefCell<Option<MediaStream>>,
    recognizer: RefCell<Option<Recognizer>>,
    meter: RefCell<Option<LevelMeter>>,
    recording: RefCell<Option<Recording>>,
    audio: RefCell<Option<(HtmlAudioElement, String)>>,
    speak_generation: Cell<u32>,
    listeners: RefCell<Vec<Listener>>,
    track_listeners: RefCell<Vec<Listener>>,
    /// The answer text when the current recognition session began (or the person typed).
    recog_base: RefCell<String>,
    /// Recognition results before this index were already merged into `recog_base`.
    recog_offset: Cell<usize>,
    recog_len: Cell<usize>,
    heard_speech: Cell<bool>,
    last_loud: Cell<f64>,
    stopped: Cell<bool>,
}

impl RoomMedia {
    fn stop_voice(&self) {
        if let Some((audio, url)) = self.audio.borrow_mut().take() {
            let _ = audio.pause();
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        if let Some(synth) = media::speech_synthesis() {
            synth.cancel();
        }
    }

    /// Camera light off, microphone released, nothing listening or speaking.
    fn stop_all(&self) {
        self.stopped.set(true);
        if let Some(stream) = self.stream.borrow_mut().take() {
            media::stop_stream(&stream);
        }
        self.track_listeners.borrow_mut().clear();
        if let Some(recognizer) = self.recognizer.borrow_mut().take() {
            recognizer.close();
        }
        if let Some(meter) = self.meter.borrow_mut().take() {
            meter.stop();
        }
        if let Some(recording) = self.recording.borrow_mut().take() {
            recording.cancel();
        }
        self.stop_voice();
    }
}

fn is_in_progress(session: &Option<SessionDto>) -> bool {
    session
        .as_ref()
        .is_some_and(|s| s.status == InterviewStatus::InProgress)
}

fn backoff_ms(attempt: u32) -> u32 {
    (1_000_u32 << attempt.min(4)).min(15_000)
}

#[component]
fn Room(id: String, text_mode: bool) -> impl IntoView {
    let api = use_api();
    let account = crate::session::use_session();
    let navigate = use_navigate();
    let id = StoredValue::new(id);
    let caps = media::capabilities();
    let store = StoredValue::new_local(Rc::new(RoomMedia::default()));

    let ready = RwSignal::new(None::<InterviewReadyDto>);
    let session = RwSignal::new(None::<SessionDto>);
    let loaded = RwSignal::new(false);
    let load_error = RwSignal::new(None::<String>);
    let caption = RwSignal::new(String::new());
    let ai_speaking = RwSignal::new(false);
    let streaming = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let used_speech = RwSignal::new(false);
    let interim = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let reconnecting = RwSignal::new(false);
    let send_error = RwSignal::new(None::<String>);
    let voice_notice = RwSignal::new(None::<String>);
    let media_notice = RwSignal::new(None::<String>);
    let deadline = RwSignal::new(0.0_f64);
    let now = RwSignal::new(media::now_ms());
    let muted = RwSignal::new(false);
    let camera_off = RwSignal::new(false);
    let text_only = RwSignal::new(text_mode || !caps.media_devices);
    let has_stream = RwSignal::new(false);
    let auto_send = RwSignal::new(false);
    let confirm_end = RwSignal::new(false);
    let ending = RwSignal::new(false);
    let finished = RwSignal::new(false);
    let recording = RwSignal::new(false);
    let transcribing = RwSignal::new(false);
    let server_stt_off = RwSignal::new(false);
    let stream_version = RwSignal::new(0_u32);
    let last_time_check = StoredValue::new(0.0_f64);
    let video_ref = NodeRef::<Video>::new();

    on_cleanup(move || {
        store.try_with_value(|m| {
            m.stop_all();
            m.listeners.borrow_mut().clear();
        });
    });

    let current_turn = move || {
        session.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.current_question.as_ref())
                .map(|q| q.turn_id.clone())
        })
    };

    // Every change of the answer is saved for the current turn.
    let set_draft = move |text: String, from_speech: bool| {
        if from_speech {
            used_speech.set(true);
        }
        if let Some(turn) = current_turn() {
            save_draft(&id.get_value(), &turn, &text, used_speech.get_untracked());
        }
        draft.set(text);
    };

    let finish = move || {
        if finished.get_untracked() {
            return;
        }
        finished.set(true);
        ai_speaking.set(false);
        streaming.set(false);
        reconnecting.set(false);
        confirm_end.set(false);
        store.with_value(|m| m.stop_all());
        has_stream.set(false);
        stream_version.update(|v| *v += 1);
        clear_drafts(&id.get_value(), None);
    };

    let lang = move || {
        ready
            .with_untracked(|r| r.as_ref().map(|r| r.language.clone()))
            .unwrap_or_default()
    };

    let speak_question = move |question: CurrentQuestionDto, voice: VoiceDto| {
        let generation = store.with_value(|m| {
            m.stop_voice();
            m.speak_generation.set(m.speak_generation.get() + 1);
            m.speak_generation.get()
        });
        ai_speaking.set(true);
        let done = move || {
            let current = store
                .try_with_value(|m| m.speak_generation.get() == generation)
                .unwrap_or(false);
            if current {
                ai_speaking.try_set(false);
                store.with_value(|m| m.heard_speech.set(false));
            }
        };
        // Whatever happens, never keep the microphone paused for long.
        let words = question.text.split_whitespace().count() as u32;
        gloo_timers::callback::Timeout::new(30_000 + words * 700, done).forget();
        let lang = lang();
        match (voice.tts, question.audio_url.clone()) {
            (VoiceMode::Server, Some(url)) => spawn_local(async move {
                if !play_server_audio(api, &url, store, generation).await {
                    media::speak(&question.text, &lang, move |_| done());
                } else {
                    done();
                }
            }),
            _ => media::speak(&question.text, &lang, move |_| done()),
        }
    };

    // Applies the server's view of the interview (the only source of truth).
    let apply = move |next: SessionDto| {
        let previous = current_turn();
        deadline.set(media::now_ms() + next.remaining_seconds as f64 * 1000.0);
        let over = next.status != InterviewStatus::InProgress;
        let question = next.current_question.clone();
        let voice = next.voice.clone();
        session.set(Some(next));
        if over {
            finish();
            return;
        }
        if let Some(question) = question {
            caption.set(question.text.clone());
            if previous.as_deref() != Some(question.turn_id.as_str()) {
                let (text, speech) =
                    load_draft(&id.get_value(), &question.turn_id).unwrap_or_default();
                store.with_value(|m| {
                    *m.recog_base.borrow_mut() = text.clone();
                    m.recog_offset.set(m.recog_len.get());
                    m.heard_speech.set(false);
                });
                draft.set(text);
                used_speech.set(speech);
                interim.set(String::new());
                speak_question(question, voice);
            }
        }
    };

    let resync = move || {
        spawn_local(async move {
            let Some(id) = id.try_get_value() else {
                return;
            };
            if let Ok(next) = api.get_session(&id).await
                && !finished.try_get_untracked().unwrap_or(true)
            {
                apply(next);
            }
        });
    };

    let report = move |kind: IntegrityEventKind, detail: Option<String>| {
        if finished.try_get_untracked() != Some(false)
            || !session.try_with_untracked(is_in_progress).unwrap_or(false)
        {
            return;
        }
        let Some(id) = id.try_get_value() else {
            return;
        };
        let event = IntegrityEventRequest {
            kind,
            at: Some(media::now_iso()),
            detail,
        };
        spawn_local(async move {
            // Fire-and-forget: a refused (e.g. 429) or failed report is dropped.
            let _ = api.post_event(&id, &event).await;
        });
    };

    let submit = move || {
        if sending.get_untracked() || finished.get_untracked() {
            return;
        }
        let text = draft.get_untracked().trim().to_string();
        let Some(turn_id) = current_turn() else {
            return;
        };
        if text.is_empty() {
            return;
        }
        let request = AnswerRequest {
            turn_id,
            text,
            source: if used_speech.get_untracked() {
                AnswerSource::Speech
            } else {
                AnswerSource::Typed
            },
        };
        sending.set(true);
        send_error.set(None);
        interim.set(String::new());
        store.with_value(|m| {
            m.stop_voice();
            m.speak_generation.set(m.speak_generation.get() + 1);
            m.heard_speech.set(false);
        });
        ai_speaking.set(false);
        spawn_local(async move {
            let id = id.get_value();
            let first_token = Cell::new(true);
            let on_update = |update: StreamUpdate<'_>| match update {
                StreamUpdate::Token(piece) => {
                    if first_token.replace(false) {
                        caption.try_set(String::new());
                    }
                    caption.try_update(|c| c.push_str(piece));
                }
                // The server starts the question over (another provider): drop the pieces.
                StreamUpdate::Reset => {
                    caption.try_set(String::new());
                }
            };
            streaming.set(true);
            let mut result = api.send_answer_streaming(&id, &request, &on_update).await;
            streaming.try_set(false);
            let mut attempt = 0_u32;
            let mut tried_plain = false;
            loop {
                if store.try_with_value(|m| m.stopped.get()).unwrap_or(true)
                    && finished.try_get_untracked() != Some(false)
                {
                    break;
                }
                match result {
                    Ok(next) => {
                        reconnecting.try_set(false);
                        clear_drafts(
                            &id,
                            next.current_question.as_ref().map(|q| q.turn_id.as_str()),
                        );
                        if finished.try_get_untracked() == Some(false) {
                            apply(next);
                        }
                        break;
                    }
                    Err(err) => {
                        let retryable = matches!(err, ApiError::Network)
                            || matches!(err.status(), Some(429 | 500..=599));
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
                            reconnecting.try_set(true);
                            let delay = err
                                .retry_after()
                                .map(|s| (s.min(30) * 1000) as u32)
                                .unwrap_or_else(|| backoff_ms(attempt));
                            attempt += 1;
                            gloo_timers::future::TimeoutFuture::new(delay).await;
                            if store.try_with_value(|m| m.stopped.get()).unwrap_or(true) {
                                break;
                            }
                            tried_plain = true;
                            result = api.send_answer(&id, &request).await;
                            continue;
                        }
                        reconnecting.try_set(false);
                        send_error.try_set(Some(err.message()));
                        resync();
                        break;
                    }
                }
            }
            sending.try_set(false);
        });
    };

    let end_interview = move || {
        if ending.get_untracked() {
            return;
        }
        ending.set(true);
        send_error.set(None);
        let text = draft.get_untracked().trim().to_string();
        let final_answer = match current_turn() {
            Some(turn_id) if !text.is_empty() && !sending.get_untracked() => Some(AnswerRequest {
                turn_id,
                text,
                source: if used_speech.get_untracked() {
                    AnswerSource::Speech
                } else {
                    AnswerSource::Typed
                },
            }),
            _ => None,
        };
        let request = EndSessionRequest { final_answer };
        spawn_local(async move {
            let id = id.get_value();
            let mut attempt = 0;
            loop {
                match api.end_session(&id, &request).await {
                    Ok(next) => {
                        reconnecting.try_set(false);
                        apply(next);
                        break;
                    }
                    Err(err)
                        if attempt < 6
                            && (matches!(err, ApiError::Network)
                                || matches!(err.status(), Some(429 | 500..=599))) =>
                    {
                        reconnecting.try_set(true);
                        gloo_timers::future::TimeoutFuture::new(backoff_ms(attempt)).await;
                        attempt += 1;
                    }
                    Err(err) => {
                        reconnecting.try_set(false);
                        send_error.try_set(Some(err.message()));
                        confirm_end.try_set(false);
                        resync();
                        break;
                    }
                }
            }
            ending.try_set(false);
        });
    };

    // ---- voice input ----

    let setup_recognizer = move || {
        let callbacks = RecognizerCallbacks {
            on_start: Box::new(move || {
                store.try_with_value(|m| {
                    *m.recog_base.borrow_mut() = draft.get_untracked();
                    m.recog_offset.set(0);
                    m.recog_len.set(0);
                });
            }),
            on_results: Box::new(move |phrases| {
                if finished.try_get_untracked() != Some(false) || sending.get_untracked() {
                    return;
                }
                let Some((base, offset)) = store.try_with_value(|m| {
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
                interim.set(pending);
                set_draft(text, true);
            }),
            on_unavailable: Box::new(move |_code| {
                voice_notice.try_set(Some(VOICE_UNAVAILABLE.to_string()));
            }),
        };
        let recognizer = Recognizer::new(&lang(), callbacks);
        store.with_value(|m| *m.recognizer.borrow_mut() = recognizer);
    };

    // Listen only while the candidate can speak: not while the AI speaks or streams.
    Effect::new(move |_| {
        let listen = !text_only.get()
            && !muted.get()
            && !ai_speaking.get()
            && !streaming.get()
            && !sending.get()
            && !finished.get()
            && session.with(|s| {
                s.as_ref().is_some_and(|s| {
                    s.status == InterviewStatus::InProgress && s.voice.stt == VoiceMode::Browser
                })
            });
        store.with_value(|m| {
            if let Some(recognizer) = m.recognizer.borrow().as_ref() {
                recognizer.set_wanted(listen);
            }
        });
    });

    let toggle_recording = move || {
        if recording.get_untracked() {
            recording.set(false);
            let Some(take) = store.with_value(|m| m.recording.borrow_mut().take()) else {
                return;
            };
            transcribing.set(true);
            spawn_local(async move {
                if let Some((blob, name)) = take.finish().await {
                    match api.transcribe(&id.get_value(), &blob, &name).await {
                        Ok(result) => {
                            let text = join_text(&[&draft.get_untracked(), &result.text]);
                            set_draft(text, true);
                        }
                        Err(err) if err.code() == Some("stt_not_configured") => {
                            server_stt_off.try_set(true);
                            voice_notice.try_set(Some(VOICE_UNAVAILABLE.to_string()));
                        }
                        Err(err) => {
                            voice_notice.try_set(Some(format!(
                                "We couldn't turn your recording into text ({}). Please type your answer.",
                                err.message()
                            )));
                        }
                    }
                }
                transcribing.try_set(false);
            });
        } else {
            let started = store.with_value(|m| {
                let stream = m.stream.borrow().clone()?;
                let rec = Recording::start(&stream)?;
                *m.recording.borrow_mut() = Some(rec);
                Some(())
            });
            if started.is_some() {
                recording.set(true);
            } else {
                voice_notice.set(Some(VOICE_UNAVAILABLE.to_string()));
                server_stt_off.set(true);
            }
        }
    };

    // ---- camera and microphone ----

    let attach_stream = move |stream: MediaStream| {
        let stopped = store.try_with_value(|m| m.stopped.get()).unwrap_or(true)
            || finished.try_get_untracked() != Some(false);
        if stopped {
            media::stop_stream(&stream);
            return;
        }
        store.with_value(|m| {
            let mut listeners = m.track_listeners.borrow_mut();
            if let Some(track) = media::video_track(&stream) {
                listeners.push(Listener::new(&track, "ended", move |_| {
                    media_notice.try_set(Some(
                        "Your camera stopped working. You can carry on — your answers are what count."
                            .to_string(),
                    ));
                    report(IntegrityEventKind::CameraLost, None);
                }));
            }
            if let Some(track) = media::audio_track(&stream) {
                listeners.push(Listener::new(&track, "ended", move |_| {
                    voice_notice.try_set(Some(VOICE_UNAVAILABLE.to_string()));
                    report(IntegrityEventKind::MicrophoneLost, None);
                }));
            }
            let meter = LevelMeter::start(&stream, move |value| {
                if value >= LEVEL_THRESHOLD && ai_speaking.try_get_untracked() == Some(false) {
                    store.try_with_value(|m| {
                        m.heard_speech.set(true);
                        m.last_loud.set(media::now_ms());
                    });
                }
            });
            *m.meter.borrow_mut() = meter;
            *m.stream.borrow_mut() = Some(stream);
        });
        has_stream.set(true);
        stream_version.update(|v| *v += 1);
    };

    let acquire = move || {
        spawn_local(async move {
            let (camera, mic) = saved_devices();
            let mut result =
                media::get_user_media(true, camera.as_deref(), true, mic.as_deref()).await;
            if result.is_err() && (camera.is_some() || mic.is_some()) {
                result = media::get_user_media(true, None, true, None).await;
            }
            match result {
                Ok(stream) => attach_stream(stream),
                Err(problem) => {
                    text_only.try_set(true);
                    media_notice.try_set(Some(format!(
                        "{}. You can keep going by reading the questions and typing your answers.",
                        problem.title()
                    )));
                }
            }
        });
    };

    Effect::new(move |_| {
        stream_version.track();
        if let Some(video) = video_ref.get() {
            let stream = store.with_value(|m| m.stream.borrow().clone());
            video.set_src_object(stream.as_ref());
        }
    });

    let set_muted = move |value: bool| {
        muted.set(value);
        store.with_value(|m| {
            if let Some(stream) = m.stream.borrow().as_ref() {
                for track in stream.get_audio_tracks().iter() {
                    track
                        .unchecked_into::<web_sys::MediaStreamTrack>()
                        .set_enabled(!value);
                }
            }
        });
    };
    let set_camera_off = move |value: bool| {
        camera_off.set(value);
        store.with_value(|m| {
            if let Some(stream) = m.stream.borrow().as_ref() {
                for track in stream.get_video_tracks().iter() {
                    track
                        .unchecked_into::<web_sys::MediaStreamTrack>()
                        .set_enabled(!value);
                }
            }
        });
    };

    // ---- page-level listeners: integrity signals and leaving the page ----

    if let Some(window) = web_sys::window() {
        let mut listeners = Vec::new();
        if let Some(document) = window.document() {
            let doc = document.clone();
            listeners.push(Listener::new(&document, "visibilitychange", move |_| {
                if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                    report(IntegrityEventKind::TabHidden, None);
                }
            }));
        }
        listeners.push(Listener::new(&window, "blur", move |_| {
            report(IntegrityEventKind::WindowBlur, None);
        }));
        listeners.push(Listener::new(&window, "pagehide", move |_| {
            store.try_with_value(|m| m.stop_all());
        }));
        store.with_value(|m| m.listeners.borrow_mut().extend(listeners));
    }

    // ---- clock: countdown, time-up check, silence detection ----

    let ticker = gloo_timers::callback::Interval::new(500, move || {
        let t = media::now_ms();
        if now.try_set(t).is_some() {
            return;
        }
        if finished.get_untracked() || !session.with_untracked(is_in_progress) {
            return;
        }
        if deadline.get_untracked() <= t && t - last_time_check.get_value() > 5_000.0 {
            // Time is up: the server completes the interview; ask it.
            last_time_check.set_value(t);
            resync();
        }
        if auto_send.get_untracked()
            && !sending.get_untracked()
            && !ai_speaking.get_untracked()
            && interim.with_untracked(String::is_empty)
            && !draft.with_untracked(|d| d.trim().is_empty())
        {
            let silent =
                store.with_value(|m| m.heard_speech.get() && t - m.last_loud.get() >= SILENCE_MS);
            if silent {
                store.with_value(|m| m.heard_speech.set(false));
                submit();
            }
        }
    });
    let _ticker = StoredValue::new_local(Some(ticker));

    // ---- initial load ----

    {
        let navigate = navigate.clone();
        spawn_local(async move {
            let interview = id.get_value();
            if let Ok(details) = api.interview_ready(&interview).await {
                ready.try_set(Some(details));
            }
            match api.get_session(&interview).await {
                Ok(current) if current.status == InterviewStatus::Scheduled => {
                    navigate(&routes::interview_ready(&interview), routes::replace());
                }
                Ok(current) => {
                    loaded.try_set(true);
                    clear_drafts(
                        &interview,
                        current
                            .current_question
                            .as_ref()
                            .map(|q| q.turn_id.as_str()),
                    );
                    if current.status == InterviewStatus::InProgress && !text_only.get_untracked() {
                        if current.voice.stt == VoiceMode::Browser && caps.speech_recognition {
                            setup_recognizer();
                        }
                        acquire();
                    }
                    apply(current);
                }
                Err(err) if err.status() == Some(401) => {}
                Err(err) if matches!(err.status(), Some(403 | 404 | 409)) => {
                    navigate(&routes::interview_ready(&interview), routes::replace());
                }
                Err(err) => {
                    load_error.try_set(Some(err.message()));
                }
            }
        });
    }

    // ---- view ----

    let company = move || {
        ready
            .with(|r| r.as_ref().map(|r| r.company.name.clone()))
            .unwrap_or_else(|| "the company".to_string())
    };
    let style =
        move || ready.with(|r| r.as_ref().and_then(|r| brand_style(&r.company.brand_color)));
    let progress = move || {
        session.with(|s| {
            s.as_ref()
                .map(|s| match s.current_question.as_ref().map(|q| q.kind) {
                    Some(TurnKind::Greeting) => "Introduction".to_string(),
                    Some(TurnKind::Closing) => "Wrapping up".to_string(),
                    _ if s.status != InterviewStatus::InProgress => "Finished".to_string(),
                    _ => format!(
                        "Question {} of {}",
                        s.question_number.clamp(1, s.question_count.max(1)),
                        s.question_count
                    ),
                })
                .unwrap_or_default()
        })
    };
    let follow_up = move || {
        session.with(|s| {
            s.as_ref()
                .and_then(|s| s.current_question.as_ref())
                .is_some_and(|q| q.kind == TurnKind::FollowUp)
        })
    };
    let remaining = move || ((deadline.get() - now.get()) / 1000.0).ceil().max(0.0) as u64;
    let timer_text = move || {
        if session.with(Option::is_none) {
            "--:--".to_string()
        } else if finished.get() {
            media::mm_ss(0)
        } else {
            media::mm_ss(remaining())
        }
    };
    let low_time = move || session.with(Option::is_some) && !finished.get() && remaining() < 120;
    let ai_status = move || {
        if streaming.get() {
            "Thinking…"
        } else if ai_speaking.get() {
            "Speaking…"
        } else if finished.get() {
            "Finished"
        } else {
            "Listening"
        }
    };
    let can_send = move || {
        !sending.get() && !finished.get() && !draft.with(|d| d.trim().is_empty()) && loaded.get()
    };
    let voice_hint = move || {
        let stt = session.with(|s| s.as_ref().map(|s| s.voice.stt));
        if text_only.get() {
            "Type your answer, then press Done answering."
        } else if stt == Some(VoiceMode::Server) && !server_stt_off.get() && caps.media_recorder {
            "Record your answer or type it. Correct the text if needed, then press Done answering."
        } else if caps.speech_recognition && voice_notice.with(Option::is_none) {
            "Speak — your words appear here — or type. Correct the text if needed, then press Done answering."
        } else {
            "Type your answer, then press Done answering."
        }
    };
    let show_record = move || {
        !text_only.get()
            && has_stream.get()
            && caps.media_recorder
            && !server_stt_off.get()
            && session.with(|s| s.as_ref().is_some_and(|s| s.voice.stt == VoiceMode::Server))
    };
    let modal_open = move || finished.get() || confirm_end.get();
    let initials_text = move || initials(&company());

    let done_ref = NodeRef::<A>::new();
    Effect::new(move |_| {
        if let Some(link) = done_ref.get() {
            let _ = link.focus();
        }
    });
    let keep_going_ref = NodeRef::<Button>::new();
    Effect::new(move |_| {
        if let Some(button) = keep_going_ref.get() {
            let _ = button.focus();
        }
    });

    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let chars = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text").ok())
            .map(|t| t.chars().count())
            .unwrap_or(0);
        report(
            IntegrityEventKind::Paste,
            Some(format!("{chars} characters")),
        );
    };

    view! {
        <Show
            when=move || loaded.get() || load_error.with(Option::is_some)
            fallback=|| view! { <FullPageLoading label="Joining your interview…" /> }
        >
            <div class="iv-room" style=style>
                <div class="iv-room-body" inert=modal_open>
                    <header class="iv-room-bar">
                        <div class="iv-room-title">
                            <span class="iv-room-company">{company}</span>
                            <span class="iv-room-job">
                                {move || ready.with(|r| r.as_ref().map(|r| r.job.title.clone()))}
                            </span>
                        </div>
                        <div class="iv-progress">
                            <span class="iv-progress-text" aria-live="polite">{progress}</span>
                            {move || follow_up().then(|| view! { <span class="iv-chip">"Follow-up"</span> })}
                        </div>
                        <div
                            class="iv-timer"
                            class:iv-timer-low=low_time
                            role="timer"
                            aria-label="Time remaining"
                            data-testid="countdown"
                        >
                            {timer_text}
                        </div>
                    </header>

                    {move || reconnecting.get().then(|| view! {
                        <div class="iv-banner" role="status">
                            <span class="spinner" aria-hidden="true"></span>
                            " Reconnecting… Your answer is saved on this device and will be sent as soon as the connection is back."
                        </div>
                    })}
                    {move || load_error.get().map(|message| view! {
                        <div class="iv-banner iv-banner-error" role="alert">
                            {message}
                            " "
                            <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| {
                                if let Some(window) = web_sys::window() {
                                    let _ = window.location().reload();
                                }
                            }>"Try again"</button>
                        </div>
                    })}

                    <main class="iv-stage" id="main" tabindex="-1">
                        <h1 class="visually-hidden">"Interview"</h1>
                        <section class="iv-tiles" aria-label="Participants">
                            <div class="iv-tile iv-tile-ai" class:iv-speaking=move || ai_speaking.get() || streaming.get()>
                                <div class="iv-avatar" aria-hidden="true">
                                    <span>{initials_text}</span>
                                    <span class="iv-wave"><i></i><i></i><i></i></span>
                                </div>
                                <p class="iv-tile-name">
                                    {move || format!("{} interviewer (AI)", company())}
                                    <span class="iv-tile-status">{ai_status}</span>
                                </p>
                            </div>
                            <div class="iv-tile iv-tile-self" hidden=move || text_only.get()>
                                <video
                                    node_ref=video_ref
                                    class="iv-self-video"
                                    autoplay=true
                                    muted=true
                                    playsinline=true
                                    aria-label="Your camera"
                                    hidden=move || camera_off.get() || !has_stream.get()
                                ></video>
                                {move || (camera_off.get() || !has_stream.get()).then(|| view! {
                                    <div class="iv-self-off">{if has_stream.get() { "Camera off" } else { "Starting camera…" }}</div>
                                })}
                                <p class="iv-tile-name">
                                    "You"
                                    {move || muted.get().then(|| view! { <span class="iv-tile-status">" · muted"</span> })}
                                </p>
                            </div>
                        </section>

                        <section class="iv-captions" aria-labelledby="iv-captions-title">
                            <h2 id="iv-captions-title" class="iv-captions-title">"Captions"</h2>
                            <p
                                class="iv-caption-text"
                                aria-live="polite"
                                aria-busy=move || streaming.get().to_string()
                                data-testid="captions"
                            >
                                {move || caption.get()}
                            </p>
                            <button
                                class="btn btn-sm iv-ghost"
                                type="button"
                                disabled=move || streaming.get() || sending.get() || finished.get()
                                on:click=move |_| {
                                    let current = session.with_untracked(|s| {
                                        s.as_ref().and_then(|s| {
                                            s.current_question.clone().map(|q| (q, s.voice.clone()))
                                        })
                                    });
                                    if let Some((question, voice)) = current {
                                        speak_question(question, voice);
                                    }
                                }
                            >
                                "Repeat question"
                            </button>
                        </section>

                        <section class="iv-answer" aria-label="Answer">
                            {move || media_notice.get().map(|m| view! { <p class="iv-notice" role="status">{m}</p> })}
                            {move || voice_notice.get().map(|m| view! { <p class="iv-notice" role="status">{m}</p> })}
                            <label id="iv-answer-label" for="iv-answer-text" class="iv-answer-label">"Your answer"</label>
                            <p class="iv-hint" id="iv-answer-hint">{voice_hint}</p>
                            <textarea
                                id="iv-answer-text"
                                class="iv-textarea"
                                rows="5"
                                aria-describedby="iv-answer-hint"
                                readonly=move || sending.get() || finished.get()
                                prop:value=move || draft.get()
                                on:input=move |ev| {
                                    let value = event_target_value(&ev);
                                    store.with_value(|m| {
                                        *m.recog_base.borrow_mut() = value.clone();
                                        m.recog_offset.set(m.recog_len.get());
                                    });
                                    interim.set(String::new());
                                    set_draft(value, false);
                                }
                                on:paste=on_paste
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                                        ev.prevent_default();
                                        submit();
                                    }
                                }
                            ></textarea>
                            <div class="iv-answer-actions">
                                {move || show_record().then(|| view! {
                                    <button
                                        class="btn btn-secondary"
                                        type="button"
                                        aria-pressed=move || recording.get().to_string()
                                        disabled=move || transcribing.get() || sending.get()
                                        on:click=move |_| toggle_recording()
                                    >
                                        {move || if recording.get() { "Stop recording" } else if transcribing.get() { "Transcribing…" } else { "Record answer" }}
                                    </button>
                                })}
                                <button
                                    class="btn btn-primary iv-done"
                                    type="button"
                                    disabled=move || !can_send()
                                    on:click=move |_| submit()
                                >
                                    "Done answering"
                                </button>
                                {move || sending.get().then(|| view! { <span class="iv-sending" role="status">"Sending…"</span> })}
                            </div>
                            {move || send_error.get().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
                            {move || (!text_only.get()).then(|| view! {
                                <label class="iv-toggle iv-toggle-dark">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || auto_send.get()
                                        on:change=move |ev| auto_send.set(event_target_checked(&ev))
                                    />
                                    <span>"Send my answer automatically after 6 seconds of silence"</span>
                                </label>
                            })}
                        </section>
                    </main>

                    <footer class="iv-controls" aria-label="Call controls">
                        {move || (!text_only.get()).then(|| view! {
                            <button
                                class="iv-control"
                                type="button"
                                aria-pressed=move || muted.get().to_string()
                                disabled=move || !has_stream.get()
                                on:click=move |_| set_muted(!muted.get_untracked())
                            >
                                <span aria-hidden="true">{move || if muted.get() { "🔇" } else { "🎙" }}</span>
                                " Mute microphone"
                            </button>
                            <button
                                class="iv-control"
                                type="button"
                                aria-pressed=move || camera_off.get().to_string()
                                disabled=move || !has_stream.get()
                                on:click=move |_| set_camera_off(!camera_off.get_untracked())
                            >
                                <span aria-hidden="true">"📷"</span>
                                " Turn off camera"
                            </button>
                        })}
                        <button
                            class="iv-control iv-control-end"
                            type="button"
                            disabled=move || finished.get()
                            on:click=move |_| confirm_end.set(true)
                        >
                            "End interview"
                        </button>
                    </footer>
                </div>

                {move || (confirm_end.get() && !finished.get()).then(|| view! {
                    <div class="iv-modal-backdrop">
                        <div
                            class="iv-modal"
                            role="dialog"
                            aria-modal="true"
                            aria-labelledby="iv-end-title"
                            aria-describedby="iv-end-body"
                            on:keydown=move |ev: web_sys::KeyboardEvent| {
                                if ev.key() == "Escape" {
                                    confirm_end.set(false);
                                }
                            }
                        >
                            <h2 id="iv-end-title">"End the interview now?"</h2>
                            <p id="iv-end-body">
                                "You can't continue afterwards. What you've written for the current question will be sent with it."
                            </p>
                            <div class="btn-row">
                                <button node_ref=keep_going_ref class="btn btn-secondary" type="button" on:click=move |_| confirm_end.set(false)>
                                    "Keep going"
                                </button>
                                <button class="btn btn-danger" type="button" disabled=move || ending.get() on:click=move |_| end_interview()>
                                    {move || if ending.get() { "Ending…" } else { "End interview" }}
                                </button>
                            </div>
                        </div>
                    </div>
                })}

                {move || finished.get().then(|| view! {
                    <div class="iv-modal-backdrop">
                        <div class="iv-modal" role="dialog" aria-modal="true" aria-labelledby="iv-done-title" aria-describedby="iv-done-body">
                            <h2 id="iv-done-title">"Thank you — your interview is complete"</h2>
                            <p id="iv-done-body">
                                {move || format!("The team at {} will review your interview and contact you by email.", company())}
                            </p>
                            <p class="muted small">"Your answers are saved. Your camera and microphone are now off, and you can close this page."</p>
                            <div class="btn-row">
                                // A session from the emailed link opens only this interview.
                                {move || if account.is_link_session() {
                                    view! {
                                        <a node_ref=done_ref class="btn btn-primary" href=routes::interview_ready(&id.get_value())>"Back to the interview page"</a>
                                    }
                                    .into_any()
                                } else {
                                    view! {
                                        <a node_ref=done_ref class="btn btn-primary" href=routes::CANDIDATE_HOME>"Go to your dashboard"</a>
                                    }
                                    .into_any()
                                }}
                            </div>
                        </div>
                    </div>
                })}
            </div>
        </Show>
    }
}

/// Plays the server's audio of a question; false when it could not be played at all.
async fn play_server_audio(
    api: crate::api::Api,
    url: &str,
    store: StoredValue<Rc<RoomMedia>, LocalStorage>,
    generation: u32,
) -> bool {
    let Ok(blob) = api.question_audio(url).await else {
        return false;
    };
    let Ok(object_url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Ok(audio) = HtmlAudioElement::new_with_src(&object_url) else {
        let _ = web_sys::Url::revoke_object_url(&object_url);
        return false;
    };
    let current = store
        .try_with_value(|m| {
            if m.speak_generation.get() != generation || m.stopped.get() {
                return false;
            }
            if let Some((old, old_url)) = m
                .audio
                .borrow_mut()
                .replace((audio.clone(), object_url.clone()))
            {
                let _ = old.pause();
                let _ = web_sys::Url::revoke_object_url(&old_url);
            }
            true
        })
        .unwrap_or(false);
    if !current {
        let _ = web_sys::Url::revoke_object_url(&object_url);
        return true;
    }
    let ended = js_sys::Promise::new(&mut |resolve, _reject| {
        audio.set_onended(Some(&resolve));
        audio.set_onerror(Some(&resolve));
    });
    match audio.play() {
        Ok(promise) => {
            if JsFuture::from(promise).await.is_err() {
                return false;
            }
        }
        Err(_) => return false,
    }
    let _ = JsFuture::from(ended).await;
    true
}

//! Voice input: the browser's speech recognition (Web Speech API, driven through
//! `Reflect` because Chrome only has the prefixed `webkitSpeechRecognition`) and a
//! `MediaRecorder` recording for server-side transcription.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobEvent, MediaRecorder, MediaRecorderOptions, MediaStream};

fn call(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let function: js_sys::Function =
        Reflect::get(target, &JsValue::from_str(method))?.dyn_into()?;
    function.call0(target)
}

fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(name), value);
}

/// One recognised phrase: its text and whether the recogniser has settled on it.
pub type Phrase = (String, bool);

pub struct RecognizerCallbacks {
    /// A new recognition session began (results start from zero again).
    pub on_start: Box<dyn Fn()>,
    /// All phrases of the current session, final and interim.
    pub on_results: Box<dyn Fn(Vec<Phrase>)>,
    /// Recognition cannot be used here (`audio-capture`, `network`, `not-allowed`…).
    pub on_unavailable: Box<dyn Fn(String)>,
}

/// Continuous recognition with interim results that restarts itself while wanted.
pub struct Recognizer {
    inner: JsValue,
    state: Rc<RecognizerState>,
}

struct RecognizerState {
    wanted: Cell<bool>,
    running: Cell<bool>,
    disabled: Cell<bool>,
    closed: Cell<bool>,
    restarts: Cell<u32>,
}

impl Recognizer {
    /// `None` when the browser has no speech recognition.
    pub fn new(lang: &str, callbacks: RecognizerCallbacks) -> Option<Recognizer> {
        let window = web_sys::window()?;
        let constructor = ["SpeechRecognition", "webkitSpeechRecognition"]
            .iter()
            .filter_map(|name| Reflect::get(&window, &JsValue::from_str(name)).ok())
            .find(|v| v.is_function())?
            .unchecked_into::<js_sys::Function>();
        let inner = Reflect::construct(&constructor, &Array::new()).ok()?;
        set(&inner, "continuous", &JsValue::TRUE);
        set(&inner, "interimResults", &JsValue::TRUE);
        if !lang.is_empty() {
            set(&inner, "lang", &JsValue::from_str(lang));
        }
        let state = Rc::new(RecognizerState {
            wanted: Cell::new(false),
            running: Cell::new(false),
            disabled: Cell::new(false),
            closed: Cell::new(false),
            restarts: Cell::new(0),
        });
        let callbacks = Rc::new(callbacks);

        {
            let state = state.clone();
            let callbacks = callbacks.clone();
            let on_start = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if state.closed.get() {
                    return;
                }
                state.running.set(true);
                (callbacks.on_start)();
            });
            set(&inner, "onstart", &on_start.into_js_value());
        }
        {
            let state = state.clone();
            let callbacks = callbacks.clone();
            let on_result = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if state.closed.get() {
                    return;
                }
                state.restarts.set(0);
                let Ok(results) = Reflect::get(&event, &"results".into()) else {
                    return;
                };
                let length = Reflect::get(&results, &"length".into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0) as u32;
                let mut phrases = Vec::with_capacity(length as usize);
                for i in 0..length {
                    let Ok(result) = Reflect::get_u32(&results, i) else {
                        continue;
                    };
                    let is_final = Reflect::get(&result, &"isFinal".into())
                        .ok()
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false);
                    let text = Reflect::get_u32(&result, 0)
                        .and_then(|alt| Reflect::get(&alt, &"transcript".into()))
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default();
                    phrases.push((text.trim().to_string(), is_final));
                }
                (callbacks.on_results)(phrases);
            });
            set(&inner, "onresult", &on_result.into_js_value());
        }
        {
            let state = state.clone();
            let callbacks = callbacks.clone();
            let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if state.closed.get() {
                    return;
                }
                let code = Reflect::get(&event, &"error".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                match code.as_str() {
                    // Silence or our own stop(): keep going.
                    "no-speech" | "aborted" => {}
                    _ => {
                        state.disabled.set(true);
                        state.wanted.set(false);
                        (callbacks.on_unavailable)(code);
                    }
                }
            });
            set(&inner, "onerror", &on_error.into_js_value());
        }
        {
            let state = state.clone();
            let target = inner.clone();
            let on_end = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                state.running.set(false);
                if state.closed.get() || state.disabled.get() || !state.wanted.get() {
                    return;
                }
                // Browsers end continuous recognition after a while: start again.
                let restarts = state.restarts.get() + 1;
                state.restarts.set(restarts);
                if restarts > 30 {
                    return;
                }
                let state = state.clone();
                let target = target.clone();
                gloo_timers::callback::Timeout::new(300, move || {
                    if state.wanted.get() && !state.running.get() && !state.closed.get() {
                        let _ = call(&target, "start");
                    }
                })
                .forget();
            });
            set(&inner, "onend", &on_end.into_js_value());
        }
        Some(Recognizer { inner, state })
    }

    /// Listen (when allowed) or pause.
    pub fn set_wanted(&self, wanted: bool) {
        if self.state.closed.get() {
            return;
        }
        self.state.wanted.set(wanted && !self.state.disabled.get());
        if self.state.wanted.get() {
            if !self.state.running.get() {
                self.state.restarts.set(0);
                // Throws when already starting; that is fine.
                let _ = call(&self.inner, "start");
            }
        } else if self.state.running.get() {
            let _ = call(&self.inner, "stop");
        }
    }

    /// Stops for good (page left or interview over).
    pub fn close(&self) {
        self.state.closed.set(true);
        self.state.wanted.set(false);
        let _ = call(&self.inner, "abort");
    }
}

/// A recording of the microphone for server-side transcription.
pub struct Recording {
    recorder: MediaRecorder,
    chunks: Rc<RefCell<Vec<Blob>>>,
    mime: String,
    _on_data: Closure<dyn FnMut(BlobEvent)>,
}

impl Recording {
    /// Records the audio tracks of `stream`.
    pub fn start(stream: &MediaStream) -> Option<Recording> {
        let tracks = stream.get_audio_tracks();
        if tracks.length() == 0 {
            return None;
        }
        let audio_only = MediaStream::new_with_tracks(&tracks).ok()?;
        let mime = [
            "audio/webm;codecs=opus",
            "audio/webm",
            "audio/ogg;codecs=opus",
            "audio/ogg",
        ]
        .into_iter()
        .find(|m| MediaRecorder::is_type_supported(m))
        .unwrap_or("")
        .to_string();
        let recorder = if mime.is_empty() {
            MediaRecorder::new_with_media_stream(&audio_only).ok()?
        } else {
            let options = MediaRecorderOptions::new();
            options.set_mime_type(&mime);
            MediaRecorder::new_with_media_stream_and_media_recorder_options(&audio_only, &options)
                .ok()?
        };
        let chunks: Rc<RefCell<Vec<Blob>>> = Rc::new(RefCell::new(Vec::new()));
        let sink = chunks.clone();
        let on_data = Closure::<dyn FnMut(BlobEvent)>::new(move |event: BlobEvent| {
            if let Some(data) = event.data()
                && data.size() > 0.0
            {
                sink.borrow_mut().push(data);
            }
        });
        recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
        recorder.start_with_time_slice(1_000).ok()?;
        Some(Recording {
            recorder,
            chunks,
            mime,
            _on_data: on_data,
        })
    }

    /// Stops and returns the recording with a file name matching its type.
    pub async fn finish(self) -> Option<(Blob, String)> {
        let recorder = self.recorder.clone();
        let stopped = js_sys::Promise::new(&mut |resolve, _reject| {
            recorder.set_onstop(Some(&resolve));
        });
        if self.recorder.stop().is_err() {
            return None;
        }
        let _ = wasm_bindgen_futures::JsFuture::from(stopped).await;
        self.recorder.set_ondataavailable(None);
        let parts = Array::new();
        for chunk in self.chunks.borrow().iter() {
            parts.push(chunk);
        }
        if parts.length() == 0 {
            return None;
        }
        let mime = if self.mime.is_empty() {
            "audio/webm".to_string()
        } else {
            self.mime.clone()
        };
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime.split(';').next().unwrap_or("audio/webm"));
        let blob = Blob::new_with_blob_sequence_and_options(&parts, &options).ok()?;
        let extension = if mime.contains("ogg") { "ogg" } else { "webm" };
        Some((blob, format!("answer.{extension}")))
    }

    /// Stops without keeping anything.
    pub fn cancel(&self) {
        self.recorder.set_ondataavailable(None);
        let _ = self.recorder.stop();
    }
}

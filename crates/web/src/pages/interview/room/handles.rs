//! The browser objects the room owns (camera/microphone stream, recogniser, level meter,
//! recording, the question audio, event listeners). They are `!Send` and not reactive, so
//! they live in one `StoredValue::new_local`, never in a signal.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlAudioElement, MediaStream};

use crate::pages::interview::media::{self, LevelMeter, Listener};
use crate::pages::interview::speech::{Recognizer, Recording};

/// The room's handle on its browser objects (Copy, for closures and callbacks).
pub(super) type HandlesRef = StoredValue<Rc<Handles>, LocalStorage>;

#[derive(Default)]
pub(super) struct Handles {
    pub stream: RefCell<Option<MediaStream>>,
    pub recognizer: RefCell<Option<Recognizer>>,
    pub meter: RefCell<Option<LevelMeter>>,
    pub recording: RefCell<Option<Recording>>,
    pub audio: RefCell<Option<(HtmlAudioElement, String)>>,
    pub speak_generation: Cell<u32>,
    pub listeners: RefCell<Vec<Listener>>,
    pub track_listeners: RefCell<Vec<Listener>>,
    /// The answer text when the current recognition session began (or the person typed).
    pub recog_base: RefCell<String>,
    /// Recognition results before this index were already merged into `recog_base`.
    pub recog_offset: Cell<usize>,
    pub recog_len: Cell<usize>,
    pub heard_speech: Cell<bool>,
    pub last_loud: Cell<f64>,
    pub stopped: Cell<bool>,
}

impl Handles {
    pub(super) fn stop_voice(&self) {
        if let Some((audio, url)) = self.audio.borrow_mut().take() {
            let _ = audio.pause();
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        if let Some(synth) = media::speech_synthesis() {
            synth.cancel();
        }
    }

    /// Stops what is being said and starts a new speaking generation (so the callbacks of
    /// the old one are ignored); returns the new generation.
    pub(super) fn next_generation(&self) -> u32 {
        self.stop_voice();
        self.speak_generation.set(self.speak_generation.get() + 1);
        self.speak_generation.get()
    }

    /// Camera light off, microphone released, nothing listening or speaking.
    pub(super) fn stop_all(&self) {
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

/// Plays the server's audio of a question; false when it could not be played at all.
pub(super) async fn play_server_audio(
    api: crate::api::Api,
    url: &str,
    handles: HandlesRef,
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
    let current = handles
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

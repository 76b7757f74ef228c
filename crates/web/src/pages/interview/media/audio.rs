//! Sound in and out: the microphone level meter (Web Audio), the test chime, and speech
//! synthesis that always reports back (headless and locked-down browsers often have no
//! voices, fail with `synthesis-failed`, or never fire an event).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{AudioContext, AudioContextState, Event, MediaStream};

use super::{audio_track, has_global, window};

/// The animation-frame callback, kept so it can re-schedule itself and be cancelled.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;
type DoneSlot = Rc<RefCell<Option<Box<dyn FnOnce(bool)>>>>;

/// A microphone level meter: Web Audio analyser read on every animation frame.
pub struct LevelMeter {
    context: AudioContext,
    running: Rc<Cell<bool>>,
    frame_id: Rc<Cell<i32>>,
    frame: FrameSlot,
}

impl LevelMeter {
    /// Starts metering the stream's audio; `on_level` gets 0–100 on every frame.
    pub fn start(stream: &MediaStream, on_level: impl Fn(u32) + 'static) -> Option<LevelMeter> {
        audio_track(stream)?;
        let context = AudioContext::new().ok()?;
        let source = context.create_media_stream_source(stream).ok()?;
        let analyser = context.create_analyser().ok()?;
        analyser.set_fft_size(1024);
        source.connect_with_audio_node(&analyser).ok()?;
        let _ = context.resume();

        let running = Rc::new(Cell::new(true));
        let frame_id = Rc::new(Cell::new(0));
        let frame: FrameSlot = Rc::new(RefCell::new(None));
        let mut samples = vec![128u8; 1024];
        let mut smoothed = 0.0_f64;
        let (running_in, frame_id_in, frame_in) =
            (running.clone(), frame_id.clone(), frame.clone());
        // Keep the source node alive as long as the loop runs.
        let _source = source;
        *frame.borrow_mut() = Some(Closure::new(move || {
            if !running_in.get() {
                return;
            }
            let _ = &_source;
            analyser.get_byte_time_domain_data(&mut samples);
            let peak = samples
                .iter()
                .map(|v| (i32::from(*v) - 128).unsigned_abs())
                .max()
                .unwrap_or(0);
            let level = (f64::from(peak) / 128.0 * 100.0).min(100.0);
            // Rise at once, fall slowly, so short sounds stay visible.
            smoothed = if level > smoothed {
                level
            } else {
                smoothed * 0.92 + level * 0.08
            };
            on_level(smoothed.round() as u32);
            if let (Some(w), Some(cb)) = (window(), frame_in.borrow().as_ref()) {
                frame_id_in.set(
                    w.request_animation_frame(cb.as_ref().unchecked_ref())
                        .unwrap_or(0),
                );
            }
        }));
        if let (Some(w), Some(cb)) = (window(), frame.borrow().as_ref()) {
            frame_id.set(
                w.request_animation_frame(cb.as_ref().unchecked_ref())
                    .unwrap_or(0),
            );
        }
        Some(LevelMeter {
            context,
            running,
            frame_id,
            frame,
        })
    }

    /// Browsers start audio suspended until the person interacts with the page.
    pub fn is_suspended(&self) -> bool {
        self.context.state() == AudioContextState::Suspended
    }

    pub fn resume(&self) {
        let _ = self.context.resume();
    }

    pub fn stop(&self) {
        if !self.running.replace(false) {
            return;
        }
        if let Some(w) = window() {
            let _ = w.cancel_animation_frame(self.frame_id.get());
        }
        self.frame.borrow_mut().take();
        let _ = self.context.close();
    }
}

impl Drop for LevelMeter {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Plays a short two-note chime through the speakers (when speech synthesis is missing).
pub fn play_tone() -> bool {
    let Ok(context) = AudioContext::new() else {
        return false;
    };
    let _ = context.resume();
    let start = context.current_time() + 0.05;
    for (i, frequency) in [660.0_f32, 880.0].into_iter().enumerate() {
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return false;
        };
        let at = start + i as f64 * 0.45;
        oscillator.frequency().set_value(frequency);
        gain.gain().set_value(0.0);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.25, at + 0.03);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.0, at + 0.4);
        if oscillator.connect_with_audio_node(&gain).is_err()
            || gain
                .connect_with_audio_node(&context.destination())
                .is_err()
        {
            return false;
        }
        let _ = oscillator.start_with_when(at);
        let _ = oscillator.stop_with_when(at + 0.42);
    }
    gloo_timers::callback::Timeout::new(2_000, move || {
        let _ = context.close();
    })
    .forget();
    true
}

pub fn speech_synthesis() -> Option<web_sys::SpeechSynthesis> {
    if !has_global("speechSynthesis") {
        return None;
    }
    window()?.speech_synthesis().ok()
}

/// Speaks `text`; `on_done(true)` after it was spoken, `on_done(false)` when the browser
/// could not (no voices, `synthesis-failed`, blocked, or nothing happened in time).
pub fn speak(text: &str, lang: &str, on_done: impl FnOnce(bool) + 'static) {
    let done: DoneSlot = Rc::new(RefCell::new(Some(Box::new(on_done))));
    let finish = {
        let done = done.clone();
        move |ok: bool| {
            if let Some(cb) = done.borrow_mut().take() {
                cb(ok);
            }
        }
    };
    let Some(synth) = speech_synthesis() else {
        finish(false);
        return;
    };
    let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) else {
        finish(false);
        return;
    };
    if !lang.is_empty() {
        utterance.set_lang(lang);
    }
    let started = Rc::new(Cell::new(false));
    {
        let started = started.clone();
        let on_start = Closure::<dyn FnMut(Event)>::new(move |_| started.set(true));
        utterance.set_onstart(Some(on_start.into_js_value().unchecked_ref()));
    }
    {
        let finish = finish.clone();
        let on_end = Closure::<dyn FnMut(Event)>::new(move |_| finish(true));
        utterance.set_onend(Some(on_end.into_js_value().unchecked_ref()));
    }
    {
        let finish = finish.clone();
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_| finish(false));
        utterance.set_onerror(Some(on_error.into_js_value().unchecked_ref()));
    }
    synth.cancel();
    synth.speak(&utterance);
    // Nothing started soon: treat as unavailable. Started: allow for the whole text.
    let words = text.split_whitespace().count() as u32;
    let synth_check = synth.clone();
    let finish_check = finish.clone();
    gloo_timers::callback::Timeout::new(2_500, move || {
        if !started.get() {
            synth_check.cancel();
            finish_check(false);
        } else {
            gloo_timers::callback::Timeout::new(4_000 + words * 600, move || finish_check(true))
                .forget();
        }
    })
    .forget();
    // Keep the utterance referenced until done (Chrome may drop its events otherwise).
    let keep = utterance;
    gloo_timers::callback::Timeout::new(60_000, move || drop(keep)).forget();
}

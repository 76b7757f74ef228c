//! Camera, microphone and speaker helpers shared by the ready page and the room:
//! `getUserMedia` with plain-language failures, device lists, a microphone level meter
//! (Web Audio), a test tone, speech synthesis with a time-out, event listeners that
//! remove themselves, and the browser capability report. The Web Audio and speech
//! synthesis parts are in `audio.rs`.

mod audio;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Event, EventTarget, MediaDeviceInfo, MediaDeviceKind, MediaDevices, MediaStream,
    MediaStreamConstraints,
};

pub use audio::{LevelMeter, play_tone, speak, speech_synthesis};

/// The microphone check passes once the meter (0–100) reaches this level.
pub const LEVEL_THRESHOLD: u32 = 8;

/// Why the camera or microphone could not be used, in words for candidates.
#[derive(Debug, Clone, PartialEq)]
pub enum MediaProblem {
    /// `NotAllowedError`: the candidate (or a browser policy) refused.
    Denied,
    /// `NotFoundError`/`OverconstrainedError`: no such device.
    NotFound,
    /// `NotReadableError`: another app holds the device, or the hardware failed.
    InUse,
    /// No `navigator.mediaDevices` (old browser, or a page not served over HTTPS).
    Unsupported,
    Other(String),
}

impl MediaProblem {
    pub fn from_js(error: &JsValue) -> Self {
        let field = |name: &str| {
            Reflect::get(error, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        match field("name").as_str() {
            "NotAllowedError" | "PermissionDeniedError" | "SecurityError" => Self::Denied,
            "NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError" => Self::NotFound,
            "NotReadableError" | "TrackStartError" | "AbortError" => Self::InUse,
            _ => Self::Other(field("message")),
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Self::Denied => "Your browser blocked the camera and microphone",
            Self::NotFound => "No camera or microphone found",
            Self::InUse => "Your camera or microphone is busy",
            Self::Unsupported => "This browser can't use your camera here",
            Self::Other(_) => "We couldn't start your camera and microphone",
        }
    }

    pub fn explanation(&self) -> String {
        match self {
            Self::Denied => "This page needs permission to use your camera and microphone. \
                Click the camera icon in the address bar (or open the site settings), choose \
                Allow, then press Try again. If you can't use a camera or microphone, turn on \
                text-only mode and type your answers."
                .to_string(),
            Self::NotFound => "We couldn't find a camera or microphone. Connect one (and \
                check that it is switched on), then press Try again. Without one, turn on \
                text-only mode and type your answers."
                .to_string(),
            Self::InUse => "Another app, such as a video call, may be using your camera or \
                microphone. Close it, then press Try again."
                .to_string(),
            Self::Unsupported => "Your browser doesn't allow camera and microphone access \
                on this page. Use a recent Chrome, Edge, Firefox or Safari, or turn on \
                text-only mode and type your answers."
                .to_string(),
            Self::Other(detail) => {
                let detail = detail.trim();
                if detail.is_empty() {
                    "Something went wrong while starting your camera and microphone. Press \
                     Try again, or turn on text-only mode."
                        .to_string()
                } else {
                    format!(
                        "Your browser said: “{detail}”. Press Try again, or turn on text-only mode."
                    )
                }
            }
        }
    }
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn has_global(name: &str) -> bool {
    window()
        .and_then(|w| Reflect::get(&w, &JsValue::from_str(name)).ok())
        .is_some_and(|v| !v.is_undefined() && !v.is_null())
}

/// `navigator.mediaDevices`, absent on insecure pages and old browsers.
pub fn media_devices() -> Option<MediaDevices> {
    let navigator = window()?.navigator();
    let devices = Reflect::get(&navigator, &JsValue::from_str("mediaDevices")).ok()?;
    if devices.is_undefined() || devices.is_null() {
        return None;
    }
    let has_gum =
        Reflect::get(&devices, &JsValue::from_str("getUserMedia")).is_ok_and(|f| f.is_function());
    has_gum.then(|| devices.unchecked_into())
}

fn constraint(wanted: bool, device_id: Option<&str>) -> JsValue {
    if !wanted {
        return JsValue::FALSE;
    }
    match device_id {
        Some(id) if !id.is_empty() => {
            let exact = Object::new();
            let _ = Reflect::set(&exact, &"exact".into(), &JsValue::from_str(id));
            let track = Object::new();
            let _ = Reflect::set(&track, &"deviceId".into(), &exact);
            track.into()
        }
        _ => JsValue::TRUE,
    }
}

/// Asks for the camera and/or microphone (a specific device when an id is given).
pub async fn get_user_media(
    video: bool,
    camera_id: Option<&str>,
    audio: bool,
    mic_id: Option<&str>,
) -> Result<MediaStream, MediaProblem> {
    let devices = media_devices().ok_or(MediaProblem::Unsupported)?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&constraint(video, camera_id));
    constraints.set_audio(&constraint(audio, mic_id));
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| MediaProblem::from_js(&e))?;
    JsFuture::from(promise)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| MediaProblem::from_js(&e))
}

/// Stops every track (the camera light goes off).
pub fn stop_stream(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
    }
}

pub fn video_track(stream: &MediaStream) -> Option<web_sys::MediaStreamTrack> {
    stream
        .get_video_tracks()
        .iter()
        .next()
        .map(JsCast::unchecked_into)
}

pub fn audio_track(stream: &MediaStream) -> Option<web_sys::MediaStreamTrack> {
    stream
        .get_audio_tracks()
        .iter()
        .next()
        .map(JsCast::unchecked_into)
}

/// The device id a live track is using (`getSettings().deviceId`).
pub fn track_device_id(track: &web_sys::MediaStreamTrack) -> Option<String> {
    let get_settings = Reflect::get(track, &"getSettings".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let settings = get_settings.call0(track).ok()?;
    Reflect::get(&settings, &"deviceId".into())
        .ok()?
        .as_string()
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeviceOption {
    pub id: String,
    pub label: String,
}

/// Cameras and microphones (labels are only known after permission was granted).
pub async fn list_devices() -> (Vec<DeviceOption>, Vec<DeviceOption>) {
    let mut cameras = Vec::new();
    let mut mics = Vec::new();
    let Some(devices) = media_devices() else {
        return (cameras, mics);
    };
    let Ok(promise) = devices.enumerate_devices() else {
        return (cameras, mics);
    };
    let Ok(list) = JsFuture::from(promise).await else {
        return (cameras, mics);
    };
    for item in Array::from(&list).iter() {
        let info: MediaDeviceInfo = item.unchecked_into();
        let id = info.device_id();
        if id.is_empty() {
            continue;
        }
        match info.kind() {
            MediaDeviceKind::Videoinput => {
                let label = non_empty(info.label(), || format!("Camera {}", cameras.len() + 1));
                cameras.push(DeviceOption { id, label });
            }
            MediaDeviceKind::Audioinput => {
                let label = non_empty(info.label(), || format!("Microphone {}", mics.len() + 1));
                mics.push(DeviceOption { id, label });
            }
            _ => {}
        }
    }
    (cameras, mics)
}

fn non_empty(value: String, fallback: impl FnOnce() -> String) -> String {
    if value.trim().is_empty() {
        fallback()
    } else {
        value
    }
}

/// What this browser can do, for the capability report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capabilities {
    pub media_devices: bool,
    pub speech_recognition: bool,
    pub speech_synthesis: bool,
    pub media_recorder: bool,
}

pub fn capabilities() -> Capabilities {
    Capabilities {
        media_devices: media_devices().is_some(),
        speech_recognition: has_global("SpeechRecognition")
            || has_global("webkitSpeechRecognition"),
        speech_synthesis: has_global("speechSynthesis"),
        media_recorder: has_global("MediaRecorder"),
    }
}

/// An event listener that is removed when dropped.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Listener {
    pub fn new(target: &EventTarget, kind: &'static str, f: impl FnMut(Event) + 'static) -> Self {
        let closure = Closure::<dyn FnMut(Event)>::new(f);
        let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        Self {
            target: target.clone(),
            kind,
            closure,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// `Date.now()` in milliseconds.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The current time as RFC 3339 (for integrity events).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// `12:05` (minutes may exceed 59).
pub fn mm_ss(seconds: u64) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

/// A date-time in the reader's locale and time zone, e.g. "Tuesday 1 December 2026, 14:00".
pub fn local_date_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_string();
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"full".into());
    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    Reflect::get(&date, &"toLocaleString".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call2(&date, &JsValue::UNDEFINED, &options).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| rfc3339.to_string())
}

//! The controller's camera and microphone: one stream for the self-view, the level meter
//! (silence detection) and recordings; a lost track is reported and explained.

use interview_flow_shared::IntegrityEventKind;
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::MediaStream;

use super::controller::RoomController;
use super::storage::saved_devices;
use super::voice::VOICE_UNAVAILABLE;
use crate::pages::interview::media::{self, LEVEL_THRESHOLD, LevelMeter, Listener};

impl RoomController {
    /// Opens the camera and microphone chosen on the ready page (any, if they are gone);
    /// without them the candidate carries on in text.
    pub(super) fn acquire(self) {
        let media_state = self.state.media;
        spawn_local(async move {
            let (camera, mic) = saved_devices();
            let mut result =
                media::get_user_media(true, camera.as_deref(), true, mic.as_deref()).await;
            if result.is_err() && (camera.is_some() || mic.is_some()) {
                result = media::get_user_media(true, None, true, None).await;
            }
            match result {
                Ok(stream) => self.attach_stream(stream),
                Err(problem) => {
                    media_state.text_only.try_set(true);
                    media_state.notice.try_set(Some(format!(
                        "{}. You can keep going by reading the questions and typing your answers.",
                        problem.title()
                    )));
                }
            }
        });
    }

    fn attach_stream(self, stream: MediaStream) {
        let (handles, media_state, speech) = (self.handles, self.state.media, self.state.speech);
        let stopped = handles.try_with_value(|m| m.stopped.get()).unwrap_or(true)
            || self.state.progress.finished.try_get_untracked() != Some(false);
        if stopped {
            media::stop_stream(&stream);
            return;
        }
        handles.with_value(|m| {
            let mut listeners = m.track_listeners.borrow_mut();
            if let Some(track) = media::video_track(&stream) {
                listeners.push(Listener::new(&track, "ended", move |_| {
                    media_state.notice.try_set(Some(
                        "Your camera stopped working. You can carry on — your answers are what count."
                            .to_string(),
                    ));
                    self.report(IntegrityEventKind::CameraLost, None);
                }));
            }
            if let Some(track) = media::audio_track(&stream) {
                listeners.push(Listener::new(&track, "ended", move |_| {
                    speech.notice.try_set(Some(VOICE_UNAVAILABLE.to_string()));
                    self.report(IntegrityEventKind::MicrophoneLost, None);
                }));
            }
            let meter = LevelMeter::start(&stream, move |value| {
                if value >= LEVEL_THRESHOLD && speech.ai_speaking.try_get_untracked() == Some(false)
                {
                    handles.try_with_value(|m| {
                        m.heard_speech.set(true);
                        m.last_loud.set(media::now_ms());
                    });
                }
            });
            *m.meter.borrow_mut() = meter;
            *m.stream.borrow_mut() = Some(stream);
        });
        media_state.has_stream.set(true);
        media_state.stream_version.update(|v| *v += 1);
    }

    /// Shows the current stream in the self-view whenever either changes.
    pub(super) fn bind_self_view(self, video_ref: NodeRef<Video>) {
        let (handles, stream_version) = (self.handles, self.state.media.stream_version);
        Effect::new(move |_| {
            stream_version.track();
            if let Some(video) = video_ref.get() {
                let stream = handles.with_value(|m| m.stream.borrow().clone());
                video.set_src_object(stream.as_ref());
            }
        });
    }

    pub(super) fn toggle_mute(self) {
        let muted = self.state.media.muted;
        let value = !muted.get_untracked();
        muted.set(value);
        self.handles.with_value(|m| {
            if let Some(stream) = m.stream.borrow().as_ref() {
                for track in stream.get_audio_tracks().iter() {
                    track
                        .unchecked_into::<web_sys::MediaStreamTrack>()
                        .set_enabled(!value);
                }
            }
        });
    }

    pub(super) fn toggle_camera(self) {
        let camera_off = self.state.media.camera_off;
        let value = !camera_off.get_untracked();
        camera_off.set(value);
        self.handles.with_value(|m| {
            if let Some(stream) = m.stream.borrow().as_ref() {
                for track in stream.get_video_tracks().iter() {
                    track
                        .unchecked_into::<web_sys::MediaStreamTrack>()
                        .set_enabled(!value);
                }
            }
        });
    }
}

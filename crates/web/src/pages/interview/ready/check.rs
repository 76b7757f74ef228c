//! The system check's camera and microphone: one stream for the preview and the level
//! meter, the device pickers, and text-only mode (no camera or microphone at all).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use interview_flow_shared::InterviewReadyDto;
use leptos::either::Either;
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::MediaStream;

use super::details::CapabilityReport;
use super::speaker::SpeakerCheck;
use crate::pages::interview::media::{
    self, Capabilities, DeviceOption, LEVEL_THRESHOLD, LevelMeter, Listener, MediaProblem,
};

/// Camera/microphone stream and meter of the system check.
#[derive(Default)]
pub(super) struct CheckMedia {
    stream: RefCell<Option<MediaStream>>,
    meter: RefCell<Option<LevelMeter>>,
    generation: Cell<u32>,
    pub(super) listeners: RefCell<Vec<Listener>>,
}

impl CheckMedia {
    pub(super) fn stop(&self) {
        if let Some(stream) = self.stream.borrow_mut().take() {
            media::stop_stream(&stream);
        }
        if let Some(meter) = self.meter.borrow_mut().take() {
            meter.stop();
        }
    }
}

/// The check's browser objects (`!Send`, so in a local `StoredValue`).
pub(super) type CheckHandles = StoredValue<Rc<CheckMedia>, LocalStorage>;

#[derive(Clone, PartialEq)]
pub(super) enum CamState {
    Off,
    Starting,
    Live,
    Failed(MediaProblem),
}

/// What the check found, which the start section needs too.
#[derive(Clone, Copy)]
pub(super) struct CheckStatus {
    pub text_only: RwSignal<bool>,
    pub cam: RwSignal<CamState>,
    pub camera_id: RwSignal<Option<String>>,
    pub mic_id: RwSignal<Option<String>>,
    pub mic_ok: RwSignal<bool>,
    pub speaker_ok: RwSignal<bool>,
    /// The browser holds the audio until a click: the meter waits for one.
    pub meter_suspended: RwSignal<bool>,
}

impl CheckStatus {
    pub(super) fn new() -> Self {
        Self {
            text_only: RwSignal::new(false),
            cam: RwSignal::new(CamState::Off),
            camera_id: RwSignal::new(None),
            mic_id: RwSignal::new(None),
            mic_ok: RwSignal::new(false),
            speaker_ok: RwSignal::new(false),
            meter_suspended: RwSignal::new(false),
        }
    }
}

/// Looks again shortly whether the browser suspended the meter's audio.
fn check_suspended(handles: CheckHandles, meter_suspended: RwSignal<bool>) {
    gloo_timers::callback::Timeout::new(600, move || {
        let suspended = handles
            .try_with_value(|m| {
                m.meter
                    .borrow()
                    .as_ref()
                    .is_some_and(LevelMeter::is_suspended)
            })
            .unwrap_or(false);
        meter_suspended.try_set(suspended);
    })
    .forget();
}

/// Resumes the meter's audio (allowed after a click).
pub(super) fn resume_audio(handles: CheckHandles, meter_suspended: RwSignal<bool>) {
    handles.with_value(|m| {
        if let Some(meter) = m.meter.borrow().as_ref() {
            meter.resume();
        }
    });
    check_suspended(handles, meter_suspended);
}

#[component]
pub(super) fn SystemCheck(
    status: CheckStatus,
    handles: CheckHandles,
    caps: Capabilities,
    details: Memo<Option<InterviewReadyDto>>,
) -> impl IntoView {
    let CheckStatus {
        text_only,
        cam,
        camera_id,
        mic_id,
        mic_ok,
        speaker_ok,
        meter_suspended,
    } = status;
    let cameras = RwSignal::new(Vec::<DeviceOption>::new());
    let microphones = RwSignal::new(Vec::<DeviceOption>::new());
    let level = RwSignal::new(0_u32);
    let stream_version = RwSignal::new(0_u32);
    let video_ref = NodeRef::<Video>::new();

    let acquire = move || {
        if !caps.media_devices {
            cam.set(CamState::Failed(MediaProblem::Unsupported));
            return;
        }
        let generation = handles.with_value(|m| {
            m.stop();
            m.generation.set(m.generation.get() + 1);
            m.generation.get()
        });
        stream_version.update(|v| *v += 1);
        cam.set(CamState::Starting);
        level.set(0);
        let camera = camera_id.get_untracked();
        let mic = mic_id.get_untracked();
        spawn_local(async move {
            let result = media::get_user_media(true, camera.as_deref(), true, mic.as_deref()).await;
            let current = handles
                .try_with_value(|m| m.generation.get() == generation)
                .unwrap_or(false)
                && !text_only.try_get_untracked().unwrap_or(true);
            if !current {
                if let Ok(stream) = &result {
                    media::stop_stream(stream);
                }
                return;
            }
            match result {
                Ok(stream) => {
                    if let Some(track) = media::video_track(&stream) {
                        camera_id.set(media::track_device_id(&track));
                    }
                    if let Some(track) = media::audio_track(&stream) {
                        mic_id.set(media::track_device_id(&track));
                    }
                    let meter = LevelMeter::start(&stream, move |value| {
                        if level.try_get_untracked().is_some_and(|l| l != value) {
                            level.set(value);
                        }
                        if value >= LEVEL_THRESHOLD && mic_ok.try_get_untracked() == Some(false) {
                            mic_ok.set(true);
                        }
                    });
                    handles.with_value(|m| {
                        // `Clone::clone`, not the inherent `MediaStream::clone()` that copies the tracks.
                        *m.stream.borrow_mut() = Some(Clone::clone(&stream));
                        *m.meter.borrow_mut() = meter;
                    });
                    check_suspended(handles, meter_suspended);
                    stream_version.update(|v| *v += 1);
                    cam.set(if media::video_track(&stream).is_some() {
                        CamState::Live
                    } else {
                        CamState::Failed(MediaProblem::NotFound)
                    });
                    let (cams, mics) = media::list_devices().await;
                    cameras.try_set(cams);
                    microphones.try_set(mics);
                }
                Err(problem) => cam.set(CamState::Failed(problem)),
            }
        });
    };
    acquire();

    // Show the current stream in the preview.
    Effect::new(move |_| {
        stream_version.track();
        if let Some(video) = video_ref.get() {
            let stream = handles.with_value(|m| m.stream.borrow().clone());
            video.set_src_object(stream.as_ref());
        }
    });

    let set_text_only = move |on: bool| {
        text_only.set(on);
        if on {
            handles.with_value(|m| {
                m.stop();
                m.generation.set(m.generation.get() + 1);
            });
            stream_version.update(|v| *v += 1);
            cam.set(CamState::Off);
            level.set(0);
        } else {
            acquire();
        }
    };
    let resume = Callback::new(move |()| resume_audio(handles, meter_suspended));
    let video_hidden = move || cam.get() != CamState::Live;

    view! {
        <section class="card iv-check" aria-labelledby="iv-check-title">
            <h2 id="iv-check-title">"System check"</h2>
            <label class="iv-toggle">
                <input
                    type="checkbox"
                    prop:checked=move || text_only.get()
                    on:change=move |ev| set_text_only(event_target_checked(&ev))
                />
                <span>
                    <strong>"Text-only mode"</strong>
                    <span class="iv-toggle-hint">
                        " — I can't use a camera or microphone. I'll read the questions and type my answers."
                    </span>
                </span>
            </label>

            <div class="iv-check-grid" hidden=move || text_only.get()>
                <div class="iv-check-item">
                    <h3>"Camera"</h3>
                    <div class="iv-preview">
                        <video
                            node_ref=video_ref
                            class="iv-preview-video"
                            autoplay=true
                            muted=true
                            playsinline=true
                            aria-label="Your camera preview"
                            hidden=video_hidden
                        ></video>
                        {move || match cam.get() {
                            CamState::Starting => Some(view! { <p class="iv-preview-note" role="status">"Starting your camera… If your browser asks, choose Allow."</p> }.into_any()),
                            CamState::Off if !text_only.get() => Some(view! { <p class="iv-preview-note">"Camera off"</p> }.into_any()),
                            _ => None,
                        }}
                    </div>
                    {move || match cam.get() {
                        CamState::Failed(problem) => Some(view! {
                            <div class="alert alert-error iv-problem" role="alert">
                                <div>
                                    <p><strong>{problem.title()}</strong></p>
                                    <p>{problem.explanation()}</p>
                                    <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| acquire()>
                                        "Try again"
                                    </button>
                                </div>
                            </div>
                        }),
                        _ => None,
                    }}
                    {move || (cam.get() == CamState::Live).then(|| view! {
                        <p class="iv-ok" role="status">"✓ Camera is working"</p>
                    })}
                    <DevicePicker
                        id="iv-camera-select"
                        label="Camera"
                        options=cameras
                        selected=camera_id
                        on_pick=Callback::new(move |value: String| {
                            camera_id.set(Some(value));
                            acquire();
                        })
                    />
                </div>

                <div class="iv-check-item">
                    <h3>"Microphone"</h3>
                    <p class="muted small">"Say a few words — the bar should move."</p>
                    <div
                        class="iv-meter"
                        data-testid="mic-level"
                        data-level=move || level.get().to_string()
                        data-threshold=LEVEL_THRESHOLD.to_string()
                        role="meter"
                        aria-label="Microphone level"
                        aria-valuemin="0"
                        aria-valuemax="100"
                        aria-valuenow=move || level.get().to_string()
                    >
                        <span class="iv-meter-bar" style=move || format!("width: {}%", level.get().min(100))></span>
                        <span class="iv-meter-threshold" style=format!("left: {LEVEL_THRESHOLD}%") aria-hidden="true"></span>
                    </div>
                    {move || meter_suspended.get().then(|| view! {
                        <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| resume.run(())>
                            "Start microphone check"
                        </button>
                    })}
                    {move || if mic_ok.get() {
                        Either::Left(view! { <p class="iv-ok" role="status">"✓ We can hear you"</p> })
                    } else {
                        Either::Right(view! { <p class="muted small">"Waiting to hear you…"</p> })
                    }}
                    <DevicePicker
                        id="iv-mic-select"
                        label="Microphone"
                        options=microphones
                        selected=mic_id
                        on_pick=Callback::new(move |value: String| {
                            mic_id.set(Some(value));
                            mic_ok.set(false);
                            acquire();
                        })
                    />
                </div>

                <SpeakerCheck speaker_ok=speaker_ok details=details on_resume_audio=resume />
            </div>

            <CapabilityReport caps=caps />
        </section>
    }
}

/// A device choice, shown when there is more than one.
#[component]
fn DevicePicker(
    id: &'static str,
    label: &'static str,
    options: RwSignal<Vec<DeviceOption>>,
    selected: RwSignal<Option<String>>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <Show when=move || options.with(|o| o.len() > 1)>
            <div class="field iv-picker">
                <label for=id>{label}</label>
                <select
                    class="input"
                    id=id
                    on:change=move |ev| on_pick.run(event_target_value(&ev))
                >
                    {move || {
                        let current = selected.get();
                        options
                            .get()
                            .into_iter()
                            .map(|o| {
                                let is_selected = current.as_deref() == Some(o.id.as_str());
                                view! { <option value=o.id.clone() selected=is_selected>{o.label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </Show>
    }
}

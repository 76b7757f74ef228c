//! `/interview/ready/{id}`: what the interview is, consent, and a system check (camera
//! preview, microphone level, speaker test, browser capabilities) before starting.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use interview_flow_shared::{InterviewReadyDto, InterviewStatus, WindowState};
use leptos::either::{Either, EitherOf8};
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use web_sys::MediaStream;

use super::CandidateGate;
use super::media::{
    self, Capabilities, DeviceOption, LEVEL_THRESHOLD, LevelMeter, Listener, MediaProblem,
};
use crate::api::{ApiError, use_api};
use crate::brand::brand_style;
use crate::components::{Loading, SignOutButton, set_title};
use crate::pages::link_session::{LinkSessionNotice, is_link_session_error};
use crate::routes;
use crate::session::use_session;

/// sessionStorage key for the devices chosen here (the room uses the same ones).
pub(super) const DEVICES_KEY: &str = "interview-flow.devices";

#[component]
pub fn InterviewReady() -> impl IntoView {
    set_title("Get ready for your interview");
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    view! {
        <CandidateGate>
            {move || view! { <ReadyPage id=id.get() /> }}
        </CandidateGate>
    }
}

#[derive(Clone, PartialEq)]
enum ReadyView {
    Loading,
    NotYours,
    /// A session from an emailed link for another interview.
    OtherInterviewLink,
    NotFound,
    Failed(String),
    Closed(InterviewStatus),
    WindowExpired,
    Main,
}

#[component]
fn ReadyPage(id: String) -> impl IntoView {
    let api = use_api();
    let id = StoredValue::new(id);
    let ready = RwSignal::new(None::<Result<InterviewReadyDto, ApiError>>);
    let load = move || {
        spawn_local(async move {
            let result = api.interview_ready(&id.get_value()).await;
            ready.try_set(Some(result));
        });
    };
    load();
    let details =
        Memo::new(move |_| ready.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned())));
    let page = Memo::new(move |_| {
        ready.with(|r| match r {
            None => ReadyView::Loading,
            Some(Err(err)) => match err.status() {
                Some(403) if is_link_session_error(err) => ReadyView::OtherInterviewLink,
                Some(403) => ReadyView::NotYours,
                Some(404) => ReadyView::NotFound,
                // The session expired: the API client is sending the visitor to sign in.
                Some(401) => ReadyView::Loading,
                _ => ReadyView::Failed(err.message()),
            },
            Some(Ok(d)) => match d.status {
                InterviewStatus::Completed
                | InterviewStatus::Cancelled
                | InterviewStatus::Expired
                | InterviewStatus::Abandoned => ReadyView::Closed(d.status),
                _ if d.window.state == WindowState::Expired => ReadyView::WindowExpired,
                _ => ReadyView::Main,
            },
        })
    });
    let style =
        move || details.with(|d| d.as_ref().and_then(|d| brand_style(&d.company.brand_color)));
    let reload = Callback::new(move |_: ()| load());
    let retry = move |_| {
        ready.set(None);
        load();
    };

    view! {
        <div class="iv-page" style=style>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="iv-page-header">
                <CompanyMark details=details />
                <span class="iv-page-product">"Interview Flow"</span>
            </header>
            <main class="iv-page-main" id="main" tabindex="-1">
                {move || match page.get() {
                    ReadyView::Loading => EitherOf8::A(view! { <Loading label="Loading your interview…" /> }),
                    ReadyView::NotYours => EitherOf8::B(view! { <NotYours /> }),
                    ReadyView::OtherInterviewLink => EitherOf8::H(view! {
                        <InfoCard title="This link opens a different interview">
                            <p>"You're signed in with the emailed link of another interview. Open this interview with its own link, or sign in with your password."</p>
                            <LinkSessionNotice back_to_interview=true />
                        </InfoCard>
                    }),
                    ReadyView::NotFound => EitherOf8::C(view! {
                        <InfoCard title="We can't find this interview">
                            <p>
                                "Check that you opened the whole link from your invitation email. "
                                "If it still doesn't work, reply to that email to contact the company that invited you."
                            </p>
                            <DashboardLink />
                        </InfoCard>
                    }),
                    ReadyView::Failed(message) => EitherOf8::D(view! {
                        <InfoCard title="We couldn't load your interview">
                            <div class="alert alert-error" role="alert"><p>{message}</p></div>
                            <div class="btn-row">
                                <button class="btn btn-primary" type="button" on:click=retry>"Try again"</button>
                            </div>
                        </InfoCard>
                    }),
                    ReadyView::Closed(status) => EitherOf8::E(view! { <ClosedInterview status=status details=details /> }),
                    ReadyView::WindowExpired => EitherOf8::F(view! { <ClosedInterview status=InterviewStatus::Expired details=details /> }),
                    ReadyView::Main => EitherOf8::G(view! { <ReadyMain id=id.get_value() details=details reload=reload /> }),
                }}
            </main>
        </div>
    }
}

/// The company's logo, or its name when there is no logo.
#[component]
fn CompanyMark(details: Memo<Option<InterviewReadyDto>>) -> impl IntoView {
    move || {
        details.get().map(|d| {
            let name = d.company.name.clone();
            match d.company.logo_url.clone().filter(|u| !u.trim().is_empty()) {
                Some(url) => Either::Left(view! {
                    <span class="iv-company">
                        <img class="iv-company-logo" src=url alt=format!("{name} logo") />
                        <span class="iv-company-name">{name.clone()}</span>
                    </span>
                }),
                None => Either::Right(view! {
                    <span class="iv-company">
                        <span class="iv-company-initials" aria-hidden="true">{initials(&name)}</span>
                        <span class="iv-company-name">{name.clone()}</span>
                    </span>
                }),
            }
        })
    }
}

/// Up to two initials of a company name.
pub(super) fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() {
        "AI".to_string()
    } else {
        letters
    }
}

#[component]
fn InfoCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="card iv-info">
            <h1>{title}</h1>
            {children()}
        </section>
    }
}

#[component]
fn NotYours() -> impl IntoView {
    let session = use_session();
    let email = move || session.user().map(|u| u.email).unwrap_or_default();
    view! {
        <InfoCard title="This interview belongs to another candidate">
            <p>
                "You're signed in as " <strong>{email}</strong>
                ", but this interview link was sent to someone else. Sign out, then open the link from your own invitation email."
            </p>
            <div class="btn-row">
                <SignOutButton class="btn btn-primary" label="Sign out and use the link from your email" />
            </div>
        </InfoCard>
    }
}

#[component]
fn ClosedInterview(
    status: InterviewStatus,
    details: Memo<Option<InterviewReadyDto>>,
) -> impl IntoView {
    let company = move || {
        details
            .with(|d| d.as_ref().map(|d| d.company.name.clone()))
            .unwrap_or_else(|| "The company".to_string())
    };
    let (title, body): (&'static str, String) = match status {
        InterviewStatus::Completed => (
            "You've completed this interview — thank you",
            format!(
                "{} will review your interview and contact you by email about the next steps.",
                company()
            ),
        ),
        InterviewStatus::Cancelled => (
            "This interview was cancelled",
            format!(
                "{} cancelled this interview. If you think this is a mistake, reply to your invitation email.",
                company()
            ),
        ),
        InterviewStatus::Abandoned => (
            "This interview wasn't finished",
            format!(
                "The interview was started but not finished in time, so it has closed. Contact {} if you would like another chance.",
                company()
            ),
        ),
        _ => (
            "This interview link has expired",
            format!(
                "The time to take this interview has passed. Reply to your invitation email to ask {} for a new time.",
                company()
            ),
        ),
    };
    view! {
        <InfoCard title=title>
            <p>{body}</p>
            <DashboardLink />
        </InfoCard>
    }
}

/// "Go to your dashboard", or for a session from the emailed link (which opens only this
/// interview) how to get into the account.
#[component]
fn DashboardLink() -> impl IntoView {
    let session = use_session();
    move || {
        if session.is_link_session() {
            Either::Left(view! { <LinkSessionNotice /> })
        } else {
            Either::Right(view! {
                <a class="btn btn-secondary" href=routes::CANDIDATE_HOME>"Go to your dashboard"</a>
            })
        }
    }
}

/// Camera/microphone stream and meter of the system check.
#[derive(Default)]
struct CheckMedia {
    stream: RefCell<Option<MediaStream>>,
    meter: RefCell<Option<LevelMeter>>,
    generation: Cell<u32>,
    listeners: RefCell<Vec<Listener>>,
}

impl CheckMedia {
    fn stop(&self) {
        if let Some(stream) = self.stream.borrow_mut().take() {
            media::stop_stream(&stream);
        }
        if let Some(meter) = self.meter.borrow_mut().take() {
            meter.stop();
        }
    }
}

#[derive(Clone, PartialEq)]
enum CamState {
    Off,
    Starting,
    Live,
    Failed(MediaProblem),
}

#[derive(Clone, Copy, PartialEq)]
enum Speaker {
    Idle,
    Playing,
    Played,
}

#[component]
fn ReadyMain(
    id: String,
    details: Memo<Option<InterviewReadyDto>>,
    reload: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let id = StoredValue::new(id);
    let caps = media::capabilities();

    let text_only = RwSignal::new(false);
    let consent = RwSignal::new(untrack(|| {
        details.with(|d| d.as_ref().is_some_and(|d| d.consent_at.is_some()))
    }));
    let cam = RwSignal::new(CamState::Off);
    let cameras = RwSignal::new(Vec::<DeviceOption>::new());
    let microphones = RwSignal::new(Vec::<DeviceOption>::new());
    let camera_id = RwSignal::new(None::<String>);
    let mic_id = RwSignal::new(None::<String>);
    let level = RwSignal::new(0_u32);
    let mic_ok = RwSignal::new(false);
    let meter_suspended = RwSignal::new(false);
    let speaker = RwSignal::new(Speaker::Idle);
    let speaker_ok = RwSignal::new(false);
    let speaker_note = RwSignal::new(None::<&'static str>);
    let speaker_help = RwSignal::new(false);
    let starting = RwSignal::new(false);
    let start_error = RwSignal::new(None::<String>);
    let stream_version = RwSignal::new(0_u32);
    let video_ref = NodeRef::<Video>::new();

    let store = StoredValue::new_local(Rc::new(CheckMedia::default()));

    // Stop the camera when leaving the page (route change or closing the tab).
    on_cleanup(move || {
        store.try_with_value(|m| {
            m.stop();
            m.listeners.borrow_mut().clear();
        });
    });
    if let Some(window) = web_sys::window() {
        let listener = Listener::new(&window, "pagehide", move |_| {
            store.try_with_value(|m| m.stop());
        });
        store.with_value(|m| m.listeners.borrow_mut().push(listener));
    }

    let check_suspended = move || {
        gloo_timers::callback::Timeout::new(600, move || {
            let suspended = store
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
    };

    let acquire = move || {
        if !caps.media_devices {
            cam.set(CamState::Failed(MediaProblem::Unsupported));
            return;
        }
        let generation = store.with_value(|m| {
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
            let current = store
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
                    store.with_value(|m| {
                        // `Clone::clone`, not the inherent `MediaStream::clone()` that copies the tracks.
                        *m.stream.borrow_mut() = Some(Clone::clone(&stream));
                        *m.meter.borrow_mut() = meter;
                    });
                    check_suspended();
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
            let stream = store.with_value(|m| m.stream.borrow().clone());
            video.set_src_object(stream.as_ref());
        }
    });

    let resume_audio = move || {
        store.with_value(|m| {
            if let Some(meter) = m.meter.borrow().as_ref() {
                meter.resume();
            }
        });
        check_suspended();
    };

    let set_text_only = move |on: bool| {
        text_only.set(on);
        if on {
            store.with_value(|m| {
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

    let lang = move || {
        details
            .with_untracked(|d| d.as_ref().map(|d| d.language.clone()))
            .unwrap_or_default()
    };
    let play_test_sound = move |_| {
        resume_audio();
        speaker.set(Speaker::Playing);
        speaker_note.set(None);
        media::speak(
            "This is your speaker test. If you can hear this, your sound is working.",
            &lang(),
            move |spoken| {
                if !spoken {
                    let note = if media::play_tone() {
                        "Your browser has no voice available, so we played a chime instead. You'll see every question as captions too."
                    } else {
                        "This browser couldn't play any sound. You'll see every question as captions."
                    };
                    speaker_note.try_set(Some(note));
                }
                speaker.try_set(Speaker::Played);
            },
        );
    };

    let is_open = Memo::new(move |_| {
        details.with(|d| {
            d.as_ref().is_some_and(|d| {
                d.window.state == WindowState::Open || d.status == InterviewStatus::InProgress
            })
        })
    });
    let resuming = Memo::new(move |_| {
        details.with(|d| {
            d.as_ref()
                .is_some_and(|d| d.status == InterviewStatus::InProgress)
        })
    });
    let missing = Memo::new(move |_| {
        let mut todo: Vec<&'static str> = Vec::new();
        if !is_open.get() {
            todo.push("Wait until the interview opens.");
        }
        if !text_only.get() {
            if cam.get() != CamState::Live {
                todo.push("Allow your camera and microphone (or turn on text-only mode).");
            }
            if !mic_ok.get() {
                todo.push("Say something so the microphone check registers your voice.");
            }
            if !speaker_ok.get() {
                todo.push("Play the test sound and confirm you heard it.");
            }
        }
        if !consent.get() {
            todo.push("Tick the box to agree to how the interview works.");
        }
        todo
    });
    let can_start = move || missing.with(Vec::is_empty) && !starting.get();

    let start = move |_| {
        if !can_start() {
            return;
        }
        starting.set(true);
        start_error.set(None);
        let text = text_only.get_untracked();
        let navigate = navigate.clone();
        let devices = serde_json::json!({
            "camera": camera_id.get_untracked(),
            "microphone": mic_id.get_untracked(),
        });
        spawn_local(async move {
            let id = id.get_value();
            match api.start_session(&id, true).await {
                Ok(_) => {
                    if let Some(storage) =
                        web_sys::window().and_then(|w| w.session_storage().ok().flatten())
                    {
                        let _ = storage.set_item(DEVICES_KEY, &devices.to_string());
                    }
                    store.try_with_value(|m| m.stop());
                    navigate(&routes::interview_room(&id, text), Default::default());
                }
                Err(err) => {
                    start_error.try_set(Some(err.message()));
                    starting.try_set(false);
                    if err.status() == Some(409) {
                        reload.run(());
                    }
                }
            }
        });
    };

    // Countdown to the opening of the interview window.
    let opens_at_ms = RwSignal::new(0.0_f64);
    let now = RwSignal::new(media::now_ms());
    let last_reload = StoredValue::new(0.0_f64);
    Effect::new(move |_| {
        let seconds =
            details.with(|d| d.as_ref().map(|d| d.window.seconds_until_open).unwrap_or(0));
        opens_at_ms.set(media::now_ms() + (seconds.max(0) as f64) * 1000.0);
    });
    let ticker = gloo_timers::callback::Interval::new(1_000, move || {
        let t = media::now_ms();
        now.try_set(t);
        let waiting = details
            .try_with_untracked(|d| {
                d.as_ref()
                    .is_some_and(|d| d.window.state == WindowState::NotOpenYet)
            })
            .unwrap_or(false);
        if waiting
            && opens_at_ms.try_get_untracked().is_some_and(|at| t >= at)
            && last_reload
                .try_get_value()
                .is_some_and(|last| t - last > 3_000.0)
        {
            last_reload.set_value(t);
            reload.run(());
        }
    });
    let _ticker = StoredValue::new_local(Some(ticker));
    let opens_in = move || {
        let seconds = ((opens_at_ms.get() - now.get()) / 1000.0).ceil().max(0.0) as u64;
        countdown_words(seconds)
    };

    let video_hidden = move || cam.get() != CamState::Live;

    view! {
        <div class="iv-ready" on:click=move |_| {
            if meter_suspended.get_untracked() {
                resume_audio();
            }
        }>
            {move || details.get().map(|d| view! { <InterviewDetails details=d /> })}

            {move || {
                (!is_open.get()).then(|| view! {
                    <section class="card iv-opens" aria-labelledby="iv-opens-title">
                        <h2 id="iv-opens-title">"The interview isn't open yet"</h2>
                        <p>
                            "It opens in "
                            <strong class="iv-opens-countdown" data-testid="opens-countdown" role="timer">{opens_in}</strong>
                            ". You can check your camera, microphone and speakers now; this page updates by itself when it opens."
                        </p>
                    </section>
                })
            }}

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
                            <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| resume_audio()>
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

                    <div class="iv-check-item">
                        <h3>"Speakers"</h3>
                        <p class="muted small">"The interviewer's questions are read aloud."</p>
                        <div class="btn-row iv-left">
                            <button class="btn btn-secondary" type="button" on:click=play_test_sound disabled=move || speaker.get() == Speaker::Playing>
                                {move || if speaker.get() == Speaker::Playing { "Playing…" } else { "Play test sound" }}
                            </button>
                            <button
                                class="btn btn-secondary"
                                type="button"
                                aria-pressed=move || speaker_ok.get().to_string()
                                disabled=move || speaker.get() == Speaker::Idle
                                on:click=move |_| {
                                    speaker_ok.set(true);
                                    speaker_help.set(false);
                                }
                            >
                                "I heard it"
                            </button>
                            <button
                                class="btn btn-secondary"
                                type="button"
                                disabled=move || speaker.get() == Speaker::Idle
                                on:click=move |_| {
                                    speaker_ok.set(false);
                                    speaker_help.set(true);
                                }
                            >
                                "I didn't hear anything"
                            </button>
                        </div>
                        {move || speaker_note.get().map(|note| view! { <p class="small muted">{note}</p> })}
                        {move || speaker_help.get().then(|| view! {
                            <p class="alert small" role="status">
                                "Check that your speakers or headphones are connected and the volume is up, then play the sound again. If you still can't hear anything, turn on text-only mode — every question is also shown as text."
                            </p>
                        })}
                        {move || speaker_ok.get().then(|| view! { <p class="iv-ok" role="status">"✓ Sound is working"</p> })}
                    </div>
                </div>

                <CapabilityReport caps=caps />
            </section>

            <section class="card iv-consent" aria-labelledby="iv-consent-title">
                <h2 id="iv-consent-title">"Before you start"</h2>
                <label class="iv-toggle">
                    <input
                        type="checkbox"
                        required=true
                        prop:checked=move || consent.get()
                        on:change=move |ev| consent.set(event_target_checked(&ev))
                    />
                    <span>
                        "I understand and agree that an AI conducts and evaluates this interview, that my answers are recorded as text, and that a person at the company reviews the results."
                    </span>
                </label>
                {move || {
                    let todo = missing.get();
                    (!todo.is_empty()).then(|| view! {
                        <div class="iv-todo" id="iv-start-todo">
                            <p class="small"><strong>"To start:"</strong></p>
                            <ul class="small">
                                {todo.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                            </ul>
                        </div>
                    })
                }}
                <div role="alert">
                    {move || start_error.get().map(|m| view! { <p class="alert alert-error">{m}</p> })}
                </div>
                <button
                    class="btn btn-primary iv-start"
                    type="button"
                    disabled=move || !can_start()
                    aria-describedby=move || (!missing.with(Vec::is_empty)).then_some("iv-start-todo")
                    on:click=start
                >
                    {move || if resuming.get() { "Resume interview" } else { "Start interview" }}
                </button>
                {move || starting.get().then(|| view! { <p class="muted small" role="status">"Starting your interview…"</p> })}
            </section>
        </div>
    }
}

/// "4 days 3:05:09", "1:02:03", "5:09".
fn countdown_words(seconds: u64) -> String {
    let days = seconds / 86_400;
    let hours = (seconds % 86_400) / 3_600;
    let minutes = (seconds % 3_600) / 60;
    let secs = seconds % 60;
    match (days, hours) {
        (0, 0) => format!("{minutes}:{secs:02}"),
        (0, _) => format!("{hours}:{minutes:02}:{secs:02}"),
        (1, _) => format!("1 day {hours}:{minutes:02}:{secs:02}"),
        _ => format!("{days} days {hours}:{minutes:02}:{secs:02}"),
    }
}

#[component]
fn InterviewDetails(details: InterviewReadyDto) -> impl IntoView {
    let company = details.company.name.clone();
    let questions = if details.question_count == 1 {
        "1 question".to_string()
    } else {
        format!("{} questions", details.question_count)
    };
    let minutes = format!("{} minutes", details.time_limit_minutes);
    let scheduled = media::local_date_time(&details.scheduled_at);
    let heading = if details.candidate_name.trim().is_empty() {
        "Get ready for your interview".to_string()
    } else {
        format!(
            "Hi {}, get ready for your interview",
            first_name(&details.candidate_name)
        )
    };
    view! {
        <section class="card iv-details" aria-labelledby="iv-title">
            <h1 id="iv-title">{heading}</h1>
            <p class="iv-role">
                <span class="iv-role-title">{details.job.title.clone()}</span>
                " at "
                <span class="iv-role-company">{company.clone()}</span>
                {details.job.location.clone().map(|l| format!(" · {l}"))}
            </p>
            <dl class="details">
                <dt>"Questions"</dt>
                <dd>{questions.clone()}</dd>
                <dt>"Time limit"</dt>
                <dd>{minutes.clone()}</dd>
                <dt>"Scheduled"</dt>
                <dd>{scheduled}</dd>
            </dl>
            <h2 class="iv-subtitle">"What to expect"</h2>
            <ul class="iv-expect">
                <li>{format!("An AI interviewer asks {questions}, one at a time. You'll hear each question and see it as captions.")}</li>
                <li>"Answer by speaking or typing. Your words appear as text that you can correct, then press Done answering."</li>
                <li>{format!("You have {minutes} in total; a timer shows the time left.")}</li>
                <li>"If your connection drops or the page reloads, your answer is kept and you continue where you left off."</li>
            </ul>
            <p class="alert iv-ai-notice" role="note">
                {format!("This interview is conducted by an AI. Nobody watches live: a person at {company} reviews your answers and the AI's evaluation, and decides on next steps.")}
            </p>
            {(!details.job.description.trim().is_empty()).then(|| view! {
                <details class="iv-about">
                    <summary>"About the role"</summary>
                    <p class="iv-description">{details.job.description.clone()}</p>
                </details>
            })}
        </section>
    }
}

fn first_name(full: &str) -> String {
    full.split_whitespace().next().unwrap_or(full).to_string()
}

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

#[component]
fn CapabilityReport(caps: Capabilities) -> impl IntoView {
    let items: [(&'static str, bool, &'static str, &'static str); 4] = [
        (
            "Camera and microphone",
            caps.media_devices,
            "Your browser can use your camera and microphone.",
            "Your browser can't use a camera or microphone on this page — use text-only mode.",
        ),
        (
            "Speech recognition",
            caps.speech_recognition,
            "You can answer by voice: your words appear as text you can correct.",
            "You'll type your answers (this browser can't turn speech into text).",
        ),
        (
            "Speech synthesis",
            caps.speech_synthesis,
            "Questions can be read aloud to you.",
            "Questions are shown as captions (this browser can't read them aloud).",
        ),
        (
            "Audio recording",
            caps.media_recorder,
            "Spoken answers can be recorded for transcription.",
            "Spoken answers can't be recorded here; typing always works.",
        ),
    ];
    view! {
        <div class="iv-caps">
            <h3>"Your browser"</h3>
            <ul class="iv-caps-list">
                {items
                    .into_iter()
                    .map(|(name, ok, yes, no)| {
                        view! {
                            <li class=if ok { "iv-cap iv-cap-ok" } else { "iv-cap iv-cap-warn" }>
                                <span class="iv-cap-icon" aria-hidden="true">{if ok { "✓" } else { "!" }}</span>
                                <span>
                                    <strong>{name}</strong>
                                    <span class="visually-hidden">{if ok { " (available)" } else { " (not available)" }}</span>
                                    ": "
                                    {if ok { yes } else { no }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

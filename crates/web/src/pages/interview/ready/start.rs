//! Before the start: the countdown while the interview is not open yet, and the consent
//! with the list of what is still missing and the start button.

use interview_flow_shared::{InterviewReadyDto, InterviewStatus, WindowState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::DEVICES_KEY;
use super::check::{CamState, CheckStatus};
use crate::api::use_api;
use crate::pages::interview::media;
use crate::routes;

/// "It opens in …", counting down; the page reloads the interview when it opens.
#[component]
pub(super) fn OpensSoon(
    details: Memo<Option<InterviewReadyDto>>,
    reload: Callback<()>,
) -> impl IntoView {
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
    // Dropped (and so stopped) with this section.
    let _ticker = StoredValue::new_local(Some(ticker));
    let opens_in = move || {
        let seconds = ((opens_at_ms.get() - now.get()) / 1000.0).ceil().max(0.0) as u64;
        countdown_words(seconds)
    };
    view! {
        <section class="card iv-opens" aria-labelledby="iv-opens-title">
            <h2 id="iv-opens-title">"The interview isn't open yet"</h2>
            <p>
                "It opens in "
                <strong class="iv-opens-countdown" data-testid="opens-countdown" role="timer">{opens_in}</strong>
                ". You can check your camera, microphone and speakers now; this page updates by itself when it opens."
            </p>
        </section>
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

/// Consent, what is still missing, and "Start interview" (or "Resume interview").
#[component]
pub(super) fn StartSection(
    id: String,
    details: Memo<Option<InterviewReadyDto>>,
    reload: Callback<()>,
    status: CheckStatus,
    is_open: Memo<bool>,
    /// Releases the camera and microphone before the room opens them.
    release_devices: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let id = StoredValue::new(id);
    let consent = RwSignal::new(untrack(|| {
        details.with(|d| d.as_ref().is_some_and(|d| d.consent_at.is_some()))
    }));
    let starting = RwSignal::new(false);
    let start_error = RwSignal::new(None::<String>);
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
        if !status.text_only.get() {
            if status.cam.get() != CamState::Live {
                todo.push("Allow your camera and microphone (or turn on text-only mode).");
            }
            if !status.mic_ok.get() {
                todo.push("Say something so the microphone check registers your voice.");
            }
            if !status.speaker_ok.get() {
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
        let text = status.text_only.get_untracked();
        let navigate = navigate.clone();
        let devices = serde_json::json!({
            "camera": status.camera_id.get_untracked(),
            "microphone": status.mic_id.get_untracked(),
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
                    release_devices.run(());
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

    view! {
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
    }
}

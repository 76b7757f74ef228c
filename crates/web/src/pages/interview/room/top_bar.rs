//! The room's top bar (company, job, progress, countdown) and the connection banners.

use leptos::prelude::*;

use super::state::{use_connection, use_progress};

/// Company and job, "Question n of m" (with a follow-up chip) and the countdown.
#[component]
pub(super) fn RoomTopBar() -> impl IntoView {
    let progress = use_progress();
    view! {
        <header class="iv-room-bar">
            <div class="iv-room-title">
                <span class="iv-room-company">{move || progress.company()}</span>
                <span class="iv-room-job">
                    {move || progress.details.with(|r| r.as_ref().map(|r| r.job.title.clone()))}
                </span>
            </div>
            <div class="iv-progress">
                <span class="iv-progress-text" aria-live="polite">{move || progress.label()}</span>
                {move || progress.follow_up().then(|| view! { <span class="iv-chip">"Follow-up"</span> })}
            </div>
            <div
                class="iv-timer"
                class:iv-timer-low=move || progress.low_time()
                role="timer"
                aria-label="Time remaining"
                data-testid="countdown"
            >
                {move || progress.timer_text()}
            </div>
        </header>
    }
}

/// "Reconnecting…" while a send is retried; a failed load with a way to try again.
#[component]
pub(super) fn ConnectionBanners() -> impl IntoView {
    let connection = use_connection();
    view! {
        {move || connection.reconnecting.get().then(|| view! {
            <div class="iv-banner" role="status">
                <span class="spinner" aria-hidden="true"></span>
                " Reconnecting… Your answer is saved on this device and will be sent as soon as the connection is back."
            </div>
        })}
        {move || connection.load_error.get().map(|message| view! {
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
    }
}

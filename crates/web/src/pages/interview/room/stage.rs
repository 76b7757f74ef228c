//! The call's tiles (the AI interviewer and the candidate's self-view) and the captions.

use leptos::html::Video;
use leptos::prelude::*;

use super::state::{use_answer, use_media, use_progress, use_speech};
use crate::pages::interview::ready::initials;

/// The interviewer's tile (speaking / thinking / listening) and the candidate's camera.
#[component]
pub(super) fn ParticipantTiles(video_ref: NodeRef<Video>) -> impl IntoView {
    let (media, speech, progress) = (use_media(), use_speech(), use_progress());
    let ai_status = move || {
        if speech.streaming.get() {
            "Thinking…"
        } else if speech.ai_speaking.get() {
            "Speaking…"
        } else if progress.finished.get() {
            "Finished"
        } else {
            "Listening"
        }
    };
    view! {
        <section class="iv-tiles" aria-label="Participants">
            <div class="iv-tile iv-tile-ai" class:iv-speaking=move || speech.ai_speaking.get() || speech.streaming.get()>
                <div class="iv-avatar" aria-hidden="true">
                    <span>{move || initials(&progress.company())}</span>
                    <span class="iv-wave"><i></i><i></i><i></i></span>
                </div>
                <p class="iv-tile-name">
                    {move || format!("{} interviewer (AI)", progress.company())}
                    <span class="iv-tile-status">{ai_status}</span>
                </p>
            </div>
            <div class="iv-tile iv-tile-self" hidden=move || media.text_only.get()>
                <video
                    node_ref=video_ref
                    class="iv-self-video"
                    autoplay=true
                    muted=true
                    playsinline=true
                    aria-label="Your camera"
                    hidden=move || media.camera_off.get() || !media.has_stream.get()
                ></video>
                {move || (media.camera_off.get() || !media.has_stream.get()).then(|| view! {
                    <div class="iv-self-off">{if media.has_stream.get() { "Camera off" } else { "Starting camera…" }}</div>
                })}
                <p class="iv-tile-name">
                    "You"
                    {move || media.muted.get().then(|| view! { <span class="iv-tile-status">" · muted"</span> })}
                </p>
            </div>
        </section>
    }
}

/// The current question as text (streamed in as it is generated), and "Repeat question".
#[component]
pub(super) fn Captions(on_repeat: Callback<()>) -> impl IntoView {
    let (speech, answer, progress) = (use_speech(), use_answer(), use_progress());
    view! {
        <section class="iv-captions" aria-labelledby="iv-captions-title">
            <h2 id="iv-captions-title" class="iv-captions-title">"Captions"</h2>
            <p
                class="iv-caption-text"
                aria-live="polite"
                aria-busy=move || speech.streaming.get().to_string()
                data-testid="captions"
            >
                {move || speech.caption.get()}
            </p>
            <button
                class="btn btn-sm iv-ghost"
                type="button"
                disabled=move || speech.streaming.get() || answer.sending.get() || progress.finished.get()
                on:click=move |_| on_repeat.run(())
            >
                "Repeat question"
            </button>
        </section>
    }
}

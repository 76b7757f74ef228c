//! The call controls at the bottom: mute, camera, end the interview.

use leptos::prelude::*;

use super::state::{use_media, use_progress};

#[component]
pub(super) fn CallControls(
    on_toggle_mic: Callback<()>,
    on_toggle_camera: Callback<()>,
    /// The candidate asked to end the interview (it is confirmed first).
    on_end: Callback<()>,
) -> impl IntoView {
    let (media, finished) = (use_media(), use_progress().finished);
    view! {
        <footer class="iv-controls" aria-label="Call controls">
            {move || (!media.text_only.get()).then(|| view! {
                <button
                    class="iv-control"
                    type="button"
                    aria-pressed=move || media.muted.get().to_string()
                    disabled=move || !media.has_stream.get()
                    on:click=move |_| on_toggle_mic.run(())
                >
                    <span aria-hidden="true">{move || if media.muted.get() { "🔇" } else { "🎙" }}</span>
                    " Mute microphone"
                </button>
                <button
                    class="iv-control"
                    type="button"
                    aria-pressed=move || media.camera_off.get().to_string()
                    disabled=move || !media.has_stream.get()
                    on:click=move |_| on_toggle_camera.run(())
                >
                    <span aria-hidden="true">"📷"</span>
                    " Turn off camera"
                </button>
            })}
            <button
                class="iv-control iv-control-end"
                type="button"
                disabled=move || finished.get()
                on:click=move |_| on_end.run(())
            >
                "End interview"
            </button>
        </footer>
    }
}

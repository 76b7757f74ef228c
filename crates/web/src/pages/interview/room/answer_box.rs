//! The answer box: the notices, the text (typed or recognised), recording, sending.

use interview_flow_shared::VoiceMode;
use leptos::prelude::*;

use super::state::{use_answer, use_connection, use_media, use_progress, use_speech};

#[component]
pub(super) fn AnswerBox(
    /// The candidate changed the text.
    on_input: Callback<String>,
    /// The candidate pasted this many characters.
    on_paste: Callback<usize>,
    on_submit: Callback<()>,
    on_toggle_recording: Callback<()>,
) -> impl IntoView {
    let (media, speech, answer) = (use_media(), use_speech(), use_answer());
    let (progress, connection) = (use_progress(), use_connection());
    let caps = media.caps;
    let finished = progress.finished;
    let can_send = move || {
        !answer.sending.get()
            && !finished.get()
            && !answer.draft.with(|d| d.trim().is_empty())
            && connection.loaded.get()
    };
    let voice_hint = move || {
        let stt = progress.stt();
        if media.text_only.get() {
            "Type your answer, then press Done answering."
        } else if stt == Some(VoiceMode::Server)
            && !speech.server_stt_off.get()
            && caps.media_recorder
        {
            "Record your answer or type it. Correct the text if needed, then press Done answering."
        } else if caps.speech_recognition && speech.notice.with(Option::is_none) {
            "Speak — your words appear here — or type. Correct the text if needed, then press Done answering."
        } else {
            "Type your answer, then press Done answering."
        }
    };
    let show_record = move || {
        !media.text_only.get()
            && media.has_stream.get()
            && caps.media_recorder
            && !speech.server_stt_off.get()
            && progress.stt() == Some(VoiceMode::Server)
    };
    let on_paste_event = move |ev: web_sys::ClipboardEvent| {
        let chars = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text").ok())
            .map(|t| t.chars().count())
            .unwrap_or(0);
        on_paste.run(chars);
    };

    view! {
        <section class="iv-answer" aria-label="Answer">
            {move || media.notice.get().map(|m| view! { <p class="iv-notice" role="status">{m}</p> })}
            {move || speech.notice.get().map(|m| view! { <p class="iv-notice" role="status">{m}</p> })}
            <label id="iv-answer-label" for="iv-answer-text" class="iv-answer-label">"Your answer"</label>
            <p class="iv-hint" id="iv-answer-hint">{voice_hint}</p>
            <textarea
                id="iv-answer-text"
                class="iv-textarea"
                rows="5"
                aria-describedby="iv-answer-hint"
                readonly=move || answer.sending.get() || finished.get()
                prop:value=move || answer.draft.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:paste=on_paste_event
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        on_submit.run(());
                    }
                }
            ></textarea>
            <div class="iv-answer-actions">
                {move || show_record().then(|| view! {
                    <button
                        class="btn btn-secondary"
                        type="button"
                        aria-pressed=move || speech.recording.get().to_string()
                        disabled=move || speech.transcribing.get() || answer.sending.get()
                        on:click=move |_| on_toggle_recording.run(())
                    >
                        {move || if speech.recording.get() { "Stop recording" } else if speech.transcribing.get() { "Transcribing…" } else { "Record answer" }}
                    </button>
                })}
                <button
                    class="btn btn-primary iv-done"
                    type="button"
                    disabled=move || !can_send()
                    on:click=move |_| on_submit.run(())
                >
                    "Done answering"
                </button>
                {move || answer.sending.get().then(|| view! { <span class="iv-sending" role="status">"Sending…"</span> })}
            </div>
            {move || answer.error.get().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
            {move || (!media.text_only.get()).then(|| view! {
                <label class="iv-toggle iv-toggle-dark">
                    <input
                        type="checkbox"
                        prop:checked=move || answer.auto_send.get()
                        on:change=move |ev| answer.auto_send.set(event_target_checked(&ev))
                    />
                    <span>"Send my answer automatically after 6 seconds of silence"</span>
                </label>
            })}
        </section>
    }
}

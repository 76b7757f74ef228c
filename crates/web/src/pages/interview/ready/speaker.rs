//! The system check's speaker test: a spoken sentence (or a chime when the browser has
//! no voice, as headless browsers often don't), then "I heard it" / "I didn't".

use interview_flow_shared::InterviewReadyDto;
use leptos::prelude::*;

use crate::pages::interview::media;

#[derive(Clone, Copy, PartialEq)]
enum Speaker {
    Idle,
    Playing,
    Played,
}

#[component]
pub(super) fn SpeakerCheck(
    /// Set when the candidate confirms they heard the test.
    speaker_ok: RwSignal<bool>,
    details: Memo<Option<InterviewReadyDto>>,
    /// Playing is a click: the moment the browser lets the microphone meter start too.
    on_resume_audio: Callback<()>,
) -> impl IntoView {
    let speaker = RwSignal::new(Speaker::Idle);
    let speaker_note = RwSignal::new(None::<&'static str>);
    let speaker_help = RwSignal::new(false);
    let lang = move || {
        details
            .with_untracked(|d| d.as_ref().map(|d| d.language.clone()))
            .unwrap_or_default()
    };
    let play_test_sound = move |_| {
        on_resume_audio.run(());
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

    view! {
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
    }
}

//! What the interview is (role, questions, time, what to expect) and what the browser can do.

use interview_flow_shared::InterviewReadyDto;
use interview_flow_shared::text::count;
use leptos::prelude::*;

use crate::pages::interview::media::{self, Capabilities};

/// The interview at a glance, with the AI notice and the role's description.
#[component]
pub(super) fn InterviewDetails(details: InterviewReadyDto) -> impl IntoView {
    let company = details.company.name.clone();
    // Counted as the room counts them: main questions; follow-ups come on top.
    let questions = count(details.question_count, "main question", "main questions");
    let minutes = count(details.time_limit_minutes, "minute", "minutes");
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
                <dd>{format!("{questions}, with follow-ups")}</dd>
                <dt>"Time limit"</dt>
                <dd>{minutes.clone()}</dd>
                <dt>"Scheduled"</dt>
                <dd>{scheduled}</dd>
            </dl>
            <h2 class="iv-subtitle">"What to expect"</h2>
            <ul class="iv-expect">
                <li>{format!("An AI interviewer asks {questions}, one at a time, with a short follow-up where it helps. You'll hear each question and see it as captions.")}</li>
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

/// What this browser can do, and what that means for the interview.
#[component]
pub(super) fn CapabilityReport(caps: Capabilities) -> impl IntoView {
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

//! The room's two dialogs: "End the interview now?" and the completion message.

use leptos::html::{A, Button};
use leptos::prelude::*;

use super::state::{use_end, use_progress};
use crate::routes;
use crate::session::use_session;

/// Confirms ending early; focus starts on "Keep going", Escape closes it.
#[component]
pub(super) fn EndConfirmDialog(on_confirm: Callback<()>) -> impl IntoView {
    let (end, finished) = (use_end(), use_progress().finished);
    let keep_going_ref = NodeRef::<Button>::new();
    Effect::new(move |_| {
        if let Some(button) = keep_going_ref.get() {
            let _ = button.focus();
        }
    });
    move || {
        (end.confirming.get() && !finished.get()).then(|| {
            view! {
                <div class="iv-modal-backdrop">
                    <div
                        class="iv-modal"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="iv-end-title"
                        aria-describedby="iv-end-body"
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Escape" {
                                end.confirming.set(false);
                            }
                        }
                    >
                        <h2 id="iv-end-title">"End the interview now?"</h2>
                        <p id="iv-end-body">
                            "You can't continue afterwards. What you've written for the current question will be sent with it."
                        </p>
                        <div class="btn-row">
                            <button node_ref=keep_going_ref class="btn btn-secondary" type="button" on:click=move |_| end.confirming.set(false)>
                                "Keep going"
                            </button>
                            <button class="btn btn-danger" type="button" disabled=move || end.ending.get() on:click=move |_| on_confirm.run(())>
                                {move || if end.ending.get() { "Ending…" } else { "End interview" }}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

/// The interview is over: thanks, and the way out (focused).
#[component]
pub(super) fn CompletionDialog(interview_id: String) -> impl IntoView {
    let progress = use_progress();
    let account = use_session();
    let ready_href = routes::interview_ready(&interview_id);
    let done_ref = NodeRef::<A>::new();
    Effect::new(move |_| {
        if let Some(link) = done_ref.get() {
            let _ = link.focus();
        }
    });
    move || {
        let ready_href = ready_href.clone();
        progress.finished.get().then(|| view! {
            <div class="iv-modal-backdrop">
                <div class="iv-modal" role="dialog" aria-modal="true" aria-labelledby="iv-done-title" aria-describedby="iv-done-body">
                    <h2 id="iv-done-title">"Thank you — your interview is complete"</h2>
                    <p id="iv-done-body">
                        {move || format!("The team at {} will review your interview and contact you by email.", progress.company())}
                    </p>
                    <p class="muted small">"Your answers are saved. Your camera and microphone are now off, and you can close this page."</p>
                    <div class="btn-row">
                        // A session from the emailed link opens only this interview.
                        {move || if account.is_link_session() {
                            view! {
                                <a node_ref=done_ref class="btn btn-primary" href=ready_href.clone()>"Back to the interview page"</a>
                            }
                            .into_any()
                        } else {
                            view! {
                                <a node_ref=done_ref class="btn btn-primary" href=routes::CANDIDATE_HOME>"Go to your dashboard"</a>
                            }
                            .into_any()
                        }}
                    </div>
                </div>
            </div>
        })
    }
}

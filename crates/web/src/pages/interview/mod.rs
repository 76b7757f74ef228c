//! The candidate's interview: the "interview ready" system check
//! (`/interview/ready/{id}`) and the interview room (`/interview/start/{id}`).
//!
//! Both pages live outside the dashboard shell: candidates arrive from an emailed link
//! whose fragment carries a sign-in token (`#token=…`), and the room is a full-screen,
//! video-call-like layout.

pub mod media;
mod ready;
mod room;
pub mod speech;

use leptos::either::EitherOf5;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use wasm_bindgen::JsValue;

use crate::api::{ApiError, use_api};
use crate::components::FullPageLoading;
use crate::routes;
use crate::session::{Session, use_session};

pub use ready::InterviewReady;
pub use room::InterviewRoom;

/// Takes `token=…` out of the URL fragment and removes the fragment from the address bar
/// (and history) straight away, so the token is never left in the URL.
fn take_fragment_token() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    if fragment.is_empty() {
        return None;
    }
    let token = fragment
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "token")
        .and_then(|(_, value)| js_sys::decode_uri_component(value).ok())
        .map(String::from)
        .filter(|t| !t.trim().is_empty());
    if token.is_some() {
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &history.state().unwrap_or(JsValue::NULL),
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
    token
}

/// Waits for the start-up session restore (refresh cookie) to finish.
pub(crate) async fn wait_until_restored(session: Session) {
    while untrack(|| session.is_restoring()) {
        gloo_timers::future::TimeoutFuture::new(25).await;
    }
}

#[derive(Clone, PartialEq)]
enum GatePhase {
    Checking,
    SignedIn,
    LinkFailed(String),
    RestoreFailed(String),
    SignedOut,
}

/// Signs the candidate in from the emailed link's `#token=`, and otherwise makes sure
/// someone is signed in (signed-out visitors go to sign-in and come back).
#[component]
pub(crate) fn CandidateGate(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let token = take_fragment_token();
    let linking = RwSignal::new(token.is_some());
    let link_error = RwSignal::new(None::<String>);
    if let Some(token) = token {
        spawn_local(async move {
            // Sign in after the restore, so a stale refresh cannot overwrite this session.
            wait_until_restored(session).await;
            match api.link_sign_in(&token).await {
                Ok(auth) => session.sign_in(auth),
                Err(err) => link_error.set(Some(link_error_message(&err))),
            }
            linking.set(false);
        });
    }
    let phase = Memo::new(move |_| {
        if linking.get() || session.is_restoring() {
            GatePhase::Checking
        } else if session.is_signed_in() {
            GatePhase::SignedIn
        } else if let Some(message) = link_error.get() {
            GatePhase::LinkFailed(message)
        } else if let Some(message) = session.restore_error() {
            GatePhase::RestoreFailed(message)
        } else {
            GatePhase::SignedOut
        }
    });
    move || match phase.get() {
        GatePhase::Checking => EitherOf5::A(view! { <FullPageLoading label="Signing you in…" /> }),
        GatePhase::SignedIn => EitherOf5::B(children()),
        GatePhase::LinkFailed(message) => EitherOf5::C(view! { <LinkFailed message=message /> }),
        GatePhase::RestoreFailed(message) => EitherOf5::D(view! {
            <div class="auth-page">
                <main class="card auth-card" id="main">
                    <h1>"We could not reach Interview Flow"</h1>
                    <div class="alert alert-error" role="alert">
                        <p>{message}</p>
                    </div>
                    <div class="btn-row">
                        <button
                            class="btn btn-primary"
                            type="button"
                            on:click=move |_| spawn_local(session.restore())
                        >
                            "Try again"
                        </button>
                    </div>
                </main>
            </div>
        }),
        GatePhase::SignedOut => EitherOf5::E(view! {
            <Redirect
                path=routes::sign_in_with_next(&routes::current_path())
                options=routes::replace()
            />
        }),
    }
}

fn link_error_message(err: &ApiError) -> String {
    match err.status() {
        Some(401) => "This sign-in link has expired or has been replaced by a newer invitation. \
            Open the most recent email from the company, or sign in with your email and password \
            if you have set one."
            .to_string(),
        _ => err.message(),
    }
}

#[component]
fn LinkFailed(message: String) -> impl IntoView {
    let target = routes::sign_in_with_next(&routes::current_path());
    view! {
        <div class="auth-page">
            <main class="card auth-card" id="main">
                <h1>"We couldn't sign you in with this link"</h1>
                <div class="alert alert-error" role="alert">
                    <p>{message}</p>
                </div>
                <div class="btn-row">
                    <a class="btn btn-primary" href=target>
                        "Sign in"
                    </a>
                </div>
            </main>
        </div>
    }
}

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
use leptos_router::hooks::use_params_map;

use crate::api::{ApiError, use_api};
use crate::components::{AuthPage, FullPageLoading, RestoreFailedPage, SignInLink};
use crate::pages::link_session::SignInLinkRequest;
use crate::routes;
use crate::session::{Session, use_session};

pub use ready::InterviewReady;
pub use room::InterviewRoom;

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
/// someone is signed in: a signed-out visitor may sign in (and come back) or have a fresh
/// sign-in link for this interview emailed to them.
#[component]
pub(crate) fn CandidateGate(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let params = use_params_map();
    let interview_id = Signal::derive(move || params.with(|p| p.get("id").unwrap_or_default()));
    let token = routes::take_fragment_token();
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
        GatePhase::LinkFailed(message) => EitherOf5::C(view! {
            <SignedOutInterview
                title="We couldn't sign you in with this link"
                error=Some(message)
                interview_id=interview_id
            />
        }),
        GatePhase::RestoreFailed(message) => EitherOf5::D(view! {
            <RestoreFailedPage title="We could not reach Interview Flow" message=message />
        }),
        GatePhase::SignedOut => EitherOf5::E(view! {
            <SignedOutInterview
                title="Sign in to open your interview"
                error=None
                interview_id=interview_id
            />
        }),
    }
}

/// A link that no longer works (used, replaced, expired) gets the API's own explanation,
/// which points at the "email me a new link" offer next to it.
fn link_error_message(err: &ApiError) -> String {
    match err.code() {
        Some("invalid_link") => err.message(),
        _ if err.status() == Some(401) => {
            "This sign-in link has expired or has been replaced by a newer invitation. \
            Have a new link emailed to you below, or sign in with your email and password."
                .to_string()
        }
        _ => err.message(),
    }
}

/// An interview page for a visitor who is not signed in (or whose link failed): sign in, or
/// have a fresh sign-in link for this interview emailed to the invited address.
#[component]
fn SignedOutInterview(
    title: &'static str,
    error: Option<String>,
    interview_id: Signal<String>,
) -> impl IntoView {
    view! {
        <AuthPage>
            <h1>{title}</h1>
            {error.map(|message| view! {
                <div class="alert alert-error" role="alert">
                    <p>{message}</p>
                </div>
            })}
            <p class="muted">"If you have an account with a password, sign in to continue to your interview."</p>
            <div class="btn-row">
                <SignInLink class="btn btn-primary" return_here=true />
            </div>
            <SignInLinkRequest interview_id=interview_id />
        </AuthPage>
    }
}

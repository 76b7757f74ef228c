//! Proving an email address: the `/verify-email#token=…` page of the emailed link, and the
//! banner that reminds a signed-in user whose address is not confirmed yet.

use interview_flow_shared::UserDto;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, use_api};
use crate::components::{ActionButton, AuthPage, Loading, SignInLink, set_title};
use crate::pages::interview::wait_until_restored;
use crate::routes;
use crate::session::use_session;

#[derive(Clone, PartialEq)]
enum VerifyState {
    Checking,
    Confirmed,
    Failed(String),
    NoToken,
}

/// `/verify-email#token=…`: confirms the address (no sign-in needed).
#[component]
pub fn VerifyEmail() -> impl IntoView {
    set_title("Confirm your email address");
    let session = use_session();
    let api = use_api();
    let token = routes::take_fragment_token();
    let state = RwSignal::new(if token.is_some() {
        VerifyState::Checking
    } else {
        VerifyState::NoToken
    });
    if let Some(token) = token {
        spawn_local(async move {
            // After the start-up restore, so the signed-in user (if any) can be updated.
            wait_until_restored(session).await;
            let outcome = match api.verify_email(&token).await {
                Ok(user) => {
                    session.mark_email_verified(&user.id);
                    VerifyState::Confirmed
                }
                Err(err) => VerifyState::Failed(err.message()),
            };
            state.try_set(outcome);
        });
    }
    // Signed in with a full session: a new link can be sent from here.
    let can_resend = move || session.is_signed_in() && !session.is_link_session();
    let continue_href = move || {
        if session.is_signed_in() {
            session.home()
        } else {
            routes::SIGN_IN.to_string()
        }
    };

    view! {
        <AuthPage>
            {move || match state.get() {
                VerifyState::Checking => view! {
                    <h1>"Confirming your email address"</h1>
                    <Loading label="Confirming…" />
                }
                .into_any(),
                VerifyState::Confirmed => view! {
                    <h1>"Your email address is confirmed"</h1>
                    <div class="alert alert-success" role="status">
                        <p>"Thank you. Interviews sent to this address now show in your account."</p>
                    </div>
                    <a class="btn btn-primary" href=continue_href>"Continue"</a>
                }
                .into_any(),
                VerifyState::Failed(message) => view! {
                    <h1>"We couldn't confirm your email address"</h1>
                    <div class="alert alert-error" role="alert"><p>{message}</p></div>
                    <Show
                        when=can_resend
                        fallback=|| view! {
                            <p class="muted">"Sign in to have a new confirmation link sent to you."</p>
                            <SignInLink class="btn btn-primary" />
                        }
                    >
                        <ResendVerification label="Send a new link" />
                    </Show>
                }
                .into_any(),
                VerifyState::NoToken => view! {
                    <h1>"This link is incomplete"</h1>
                    <p>"Open the whole link from the confirmation email."</p>
                    <Show when=can_resend>
                        <ResendVerification label="Send a new link" />
                    </Show>
                }
                .into_any(),
            }}
        </AuthPage>
    }
}

/// "Confirm your email address" for a signed-in user (full session) whose address is not
/// proven yet, with a button that sends the link again.
#[component]
pub fn VerifyEmailBanner(
    /// On the candidate dashboard: explain why interviews may be missing.
    #[prop(optional)]
    candidate: bool,
) -> impl IntoView {
    let session = use_session();
    let unverified = move || {
        session
            .user()
            .filter(|u| !u.email_verified && u.link_interview_id.is_none())
    };
    move || {
        unverified().map(|user: UserDto| {
            view! {
                <section class="alert alert-warn verify-banner" aria-labelledby="verify-banner-title">
                    <div>
                        <p>
                            <strong id="verify-banner-title">"Confirm your email address"</strong>
                            " — we sent a link to "
                            <strong>{user.email}</strong>
                            "."
                        </p>
                        {candidate.then(|| view! {
                            <p class="small">
                                "Interviews sent to this address appear here once it is confirmed."
                            </p>
                        })}
                        <ResendVerification label="Send it again" />
                    </div>
                </section>
            }
        })
    }
}

/// A button that emails a new verification link, and the outcome next to it.
#[component]
pub fn ResendVerification(label: &'static str) -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let sent = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let resend = Action::new_local(move |_: &()| async move {
        sent.set(None);
        error.set(None);
        match api.resend_verification().await {
            Ok(answer) => sent.set(Some(answer.message)),
            Err(err) => {
                if err.code() == Some("already_verified") {
                    // Confirmed in another tab or device: reload the user so the banner goes.
                    if let Ok(user) = api.me().await {
                        session.set_user(user);
                    }
                }
                error.set(Some(resend_error(&err)));
            }
        }
    });
    let pending = resend.pending();
    view! {
        <div class="stack">
            <ActionButton
                pending=pending
                label=label
                pending_label="Sending…"
                on_click=move |()| {
                    resend.dispatch(());
                }
            />
            <p class="small" role="status" aria-live="polite">{move || sent.get()}</p>
            {move || error.get().map(|message| view! { <p class="small field-error" role="alert">{message}</p> })}
        </div>
    }
}

fn resend_error(err: &ApiError) -> String {
    match err.code() {
        Some("already_verified") => "Your email address is already confirmed.".to_string(),
        _ => format!("The link was not sent. {}", err.message()),
    }
}

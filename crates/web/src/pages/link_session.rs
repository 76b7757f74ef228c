//! Sessions from an emailed interview link open only that interview. These pieces explain
//! that and offer the ways out: a password-reset email for the whole account, and (for a
//! signed-out visitor of an interview page) a fresh sign-in link for the interview.

use leptos::prelude::*;

use crate::api::{ApiError, use_api};
use crate::components::{ActionButton, EmailLinkForm, ErrorAlert};
use crate::session::use_session;

/// True for the API's answer to a link session reaching past its interview.
pub fn is_link_session_error(err: &ApiError) -> bool {
    err.status() == Some(403) && err.code() == Some("link_session")
}

/// The explanation shown where a link session cannot go (dashboard, account, other
/// interviews), with a button that emails a link to set a password.
#[component]
pub fn LinkSessionNotice(
    /// Offer the way back to the interview the link opens.
    #[prop(optional)]
    back_to_interview: bool,
) -> impl IntoView {
    let session = use_session();
    view! {
        <section class="card link-session" aria-labelledby="link-session-title">
            <h2 class="card-title" id="link-session-title">"Your interview link opens only your interview"</h2>
            <p>
                "You signed in with your interview link, which opens only your interview. "
                "To use your account, set a password:"
            </p>
            <PasswordLinkButton />
            {back_to_interview.then(|| view! {
                <p class="section-gap">
                    <a class="btn btn-secondary" href=move || session.home()>"Back to your interview"</a>
                </p>
            })}
        </section>
    }
}

/// Emails the signed-in user a link to set a (new) password, and shows the answer.
#[component]
pub fn PasswordLinkButton() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let sent = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let email = move || session.user().map(|u| u.email).unwrap_or_default();
    let send = Action::new_local(move |_: &()| async move {
        sent.set(None);
        error.set(None);
        let Some(address) = session.user().map(|u| u.email) else {
            return;
        };
        match api.request_password_reset(address).await {
            Ok(answer) => sent.set(Some(answer.message)),
            Err(err) => error.set(Some(format!("The email was not sent. {}", err.message()))),
        }
    });
    let pending = send.pending();
    view! {
        <div class="stack">
            <ActionButton
                class="btn btn-primary"
                pending=pending
                label="Email me a link to set a password"
                pending_label="Sending…"
                on_click=move |()| {
                    send.dispatch(());
                }
            />
            <p class="small muted">"We send it to " <strong>{email}</strong> "."</p>
            <p class="small text-success" role="status" aria-live="polite">{move || sent.get()}</p>
            <ErrorAlert message=error />
        </div>
    }
}

/// For a signed-out visitor of an interview page: "Email me a sign-in link for this
/// interview". The link goes only to the invited address; the answer is the same for any.
#[component]
pub fn SignInLinkRequest(
    /// The interview of the page.
    #[prop(into)]
    interview_id: Signal<String>,
) -> impl IntoView {
    let api = use_api();
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<String>);
    view! {
        <section class="sign-in-link" aria-labelledby="sign-in-link-title">
            <h2 class="card-title" id="sign-in-link-title">"Email me a sign-in link for this interview"</h2>
            <p class="muted small">
                "Enter the address your invitation was sent to. We email a new link that opens this interview."
            </p>
            <EmailLinkForm
                id="sign-in-link-email"
                label="Your email"
                email=email
                sent=sent
                button_class="btn btn-secondary btn-block"
                button_label="Email me a sign-in link"
                send=move |address: String| {
                    let id = interview_id.get_untracked();
                    async move { api.interview_sign_in_link(&id, address).await }
                }
            />
            <div class="section-gap" role="status" aria-live="polite">
                {move || sent.get().map(|message| view! { <p class="alert alert-success">{message}</p> })}
            </div>
        </section>
    }
}

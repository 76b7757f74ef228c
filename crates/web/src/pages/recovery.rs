//! Getting back into an account by email: `/forgot-password` asks for a single-use link,
//! `/reset-password#token=…` sets a new password with it (and signs in).

use interview_flow_shared::validation::validate_password;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::use_api;
use crate::components::{
    AuthPage, EmailLinkForm, ErrorAlert, SubmitButton, TextField, begin_submit, focus_id, keep,
    set_title, show_at,
};
use crate::pages::interview::wait_until_restored;
use crate::routes;
use crate::session::use_session;

const FORGOT_EMAIL_ID: &str = "forgot-email";
const NEW_PASSWORD_ID: &str = "reset-new-password";
const CONFIRM_PASSWORD_ID: &str = "reset-confirm-password";

/// `/forgot-password`: the address of the account; the answer never tells whether it has one.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    set_title("Reset your password");
    let api = use_api();
    let query = use_query_map();
    let email = RwSignal::new(query.with_untracked(|q| q.get("email")).unwrap_or_default());
    let sent = RwSignal::new(None::<String>);

    view! {
        <AuthPage footer=move || view! { "Remembered it? " <a href=routes::SIGN_IN>"Sign in"</a> }>
            <h1>"Reset your password"</h1>
            {move || match sent.get() {
                Some(message) => view! {
                    <div class="alert alert-success" role="status">
                        <div>
                            <p>{message}</p>
                            <p class="small">"Open the link from the email on this device. If nothing arrives within a few minutes, check your spam folder."</p>
                        </div>
                    </div>
                    <div class="btn-row">
                        <a class="btn btn-primary" href=routes::SIGN_IN>"Back to sign in"</a>
                        <button class="btn btn-secondary" type="button" on:click=move |_| sent.set(None)>
                            "Use a different address"
                        </button>
                    </div>
                }
                .into_any(),
                None => view! {
                    <p class="muted">
                        "Enter the email address of your account and we'll email you a link to set a new password. "
                        "Invited to an interview and never set a password? This sets your first one."
                    </p>
                    <EmailLinkForm
                        id=FORGOT_EMAIL_ID
                        label="Email"
                        email=email
                        sent=sent
                        button_class="btn btn-primary btn-block"
                        button_label="Email me a link"
                        send=move |address: String| async move {
                            api.request_password_reset(address).await
                        }
                    />
                }
                .into_any(),
            }}
        </AuthPage>
    }
}

/// `/reset-password#token=…`: a new password (typed twice); on success the visitor is signed
/// in with a full session and goes to their home.
#[component]
pub fn ResetPassword() -> impl IntoView {
    set_title("Set a new password");
    let session = use_session();
    let api = use_api();
    let navigate = use_navigate();
    let token = StoredValue::new(routes::take_fragment_token());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let confirm_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    // The link itself is unusable (unknown, used or expired).
    let link_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);

    let submit = Action::new_local(move |new_password: &String| {
        let new_password = new_password.clone();
        async move {
            let Some(token) = token.get_value() else {
                return;
            };
            // After the start-up restore, so a stale refresh cannot replace this session.
            wait_until_restored(session).await;
            match api.confirm_password_reset(&token, &new_password).await {
                Ok(auth) => {
                    session.sign_in(auth);
                    done.set(true);
                }
                Err(err) if err.code() == Some("invalid_link") => {
                    link_error.set(Some(err.message()));
                }
                Err(err) if err.status() == Some(422) => {
                    show_at(password_error, NEW_PASSWORD_ID, err.message());
                }
                Err(err) => form_error.set(Some(err.message())),
            }
        }
    });
    let pending = submit.pending();

    // Signed in with the new password: go home (the role's dashboard).
    Effect::new(move |_| {
        if done.get() {
            navigate(&session.home(), routes::replace());
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        if !begin_submit(&ev, pending, form_error) {
            return;
        }
        let value = password.get_untracked();
        let password_ok = keep(
            password_error,
            validate_password(&value, "new_password").map_err(|e| e.message),
        )
        .is_some();
        let confirm_ok = confirm.with_untracked(|c| *c == value);
        confirm_error.set((!confirm_ok).then(|| "The two passwords do not match.".to_string()));
        if !password_ok {
            focus_id(NEW_PASSWORD_ID);
        } else if !confirm_ok {
            focus_id(CONFIRM_PASSWORD_ID);
        } else {
            submit.dispatch(value);
        }
    };

    let has_token = token.with_value(Option::is_some);
    view! {
        <AuthPage>
            {move || {
                if !has_token {
                    return view! {
                        <h1>"This link is incomplete"</h1>
                        <p>"Open the whole link from the password email, or ask for a new one."</p>
                        <a class="btn btn-primary" href=routes::FORGOT_PASSWORD>"Email me a new link"</a>
                    }
                    .into_any();
                }
                if let Some(message) = link_error.get() {
                    return view! {
                        <h1>"This link no longer works"</h1>
                        <div class="alert alert-error" role="alert"><p>{message}</p></div>
                        <p class="muted small">"A link works once, for 30 minutes. Asking again sends a fresh one."</p>
                        <a class="btn btn-primary" href=routes::FORGOT_PASSWORD>"Email me a new link"</a>
                    }
                    .into_any();
                }
                view! {
                    <h1>"Set a new password"</h1>
                    <p class="muted">"Choose the password you will sign in with from now on. Other devices signed in to your account are signed out."</p>
                    <form class="form" novalidate on:submit=on_submit>
                        <ErrorAlert message=form_error />
                        <TextField
                            id=NEW_PASSWORD_ID
                            label="New password"
                            kind="password"
                            autocomplete="new-password"
                            hint="At least 10 characters; a few words together work well."
                            required=true
                            value=password
                            error=password_error
                        />
                        <TextField
                            id=CONFIRM_PASSWORD_ID
                            label="Repeat the new password"
                            kind="password"
                            autocomplete="new-password"
                            required=true
                            value=confirm
                            error=confirm_error
                        />
                        <SubmitButton
                            class="btn btn-primary btn-block"
                            pending=pending
                            label="Save password and sign in"
                            pending_label="Saving…"
                        />
                    </form>
                }
                .into_any()
            }}
        </AuthPage>
    }
}

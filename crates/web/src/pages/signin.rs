//! `/signin`: email and password; then `?next=` (same-site paths only) or the role's home.

use interview_flow_shared::LoginRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{ApiError, use_api};
use crate::components::{
    AuthPage, EmailField, ErrorAlert, SubmitButton, TextField, begin_submit, check_email, focus_id,
    set_title, show_at,
};
use crate::routes;
use crate::session::use_session;

const EMAIL_ID: &str = "signin-email";
const PASSWORD_ID: &str = "signin-password";

#[component]
pub fn SignIn() -> impl IntoView {
    set_title("Sign in");
    let session = use_session();
    let api = use_api();
    // A session from an emailed interview link stays here: signing in with a password is
    // how it becomes a full account session.
    let next = leave_once_signed_in(true);

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    let check_password = move || {
        if password.with_untracked(String::is_empty) {
            password_error.set(Some("Enter your password.".to_string()));
            false
        } else {
            password_error.set(None);
            true
        }
    };

    let submit = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move {
            match api.login(&request).await {
                Ok(auth) => session.sign_in(auth),
                Err(err) => show_error(&err, email_error, password_error, form_error),
            }
        }
    });
    let pending = submit.pending();

    let on_submit = move |ev: SubmitEvent| {
        if !begin_submit(&ev, pending, form_error) {
            return;
        }
        let email_ok = check_email(email, email_error);
        let password_ok = check_password();
        match (email_ok, password_ok) {
            (Some(email), true) => {
                submit.dispatch(LoginRequest {
                    email,
                    password: password.get_untracked(),
                });
            }
            (None, _) => focus_id(EMAIL_ID),
            (Some(_), false) => focus_id(PASSWORD_ID),
        }
    };

    // Carries the typed address over, so it need not be typed twice.
    let forgot_href = move || {
        let typed = email.get();
        let typed = typed.trim();
        if typed.is_empty() {
            routes::FORGOT_PASSWORD.to_string()
        } else {
            format!(
                "{}?email={}",
                routes::FORGOT_PASSWORD,
                String::from(js_sys::encode_uri_component(typed))
            )
        }
    };

    let sign_up_href = move || match routes::safe_next(next.get().as_deref()) {
        Some(path) => format!(
            "{}?next={}",
            routes::SIGN_UP,
            String::from(js_sys::encode_uri_component(path))
        ),
        None => routes::SIGN_UP.to_string(),
    };

    view! {
        <AuthPage footer=move || view! { "New to Interview Flow? " <a href=sign_up_href>"Create an account"</a> }>
            <h1>"Sign in"</h1>
            <p class="muted">"Welcome back. Sign in to continue to Interview Flow."</p>
            <Show when=move || session.is_link_session()>
                <div class="alert" role="note">
                    <p>
                        "You are signed in with your interview link, which opens only your interview. "
                        "Sign in with your password to use your whole account."
                    </p>
                </div>
            </Show>
            <form class="form" novalidate on:submit=on_submit>
                <ErrorAlert message=form_error />
                <EmailField
                    id=EMAIL_ID
                    value=email
                    error=email_error
                    on_blur=move |()| {
                        if !email.with_untracked(String::is_empty) {
                            check_email(email, email_error);
                        }
                    }
                />
                <TextField
                    id=PASSWORD_ID
                    label="Password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    value=password
                    error=password_error
                />
                <p class="form-aside">
                    <a href=forgot_href>"Forgot password?"</a>
                </p>
                <SubmitButton
                    class="btn btn-primary btn-block"
                    pending=pending
                    label="Sign in"
                    pending_label="Signing in…"
                    spinner=true
                />
            </form>
        </AuthPage>
    }
}

/// The page's `?next=`. Once someone is signed in (just now, or already when the page
/// opened), leaves for it or the role's home; with `keep_link_sessions`, not a session from
/// an emailed interview link.
pub(super) fn leave_once_signed_in(keep_link_sessions: bool) -> Memo<Option<String>> {
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = Memo::new(move |_| query.with(|q| q.get("next")));
    Effect::new(move |_| {
        if session.is_restoring() {
            return;
        }
        let user = session
            .user()
            .filter(|u| !(keep_link_sessions && u.link_interview_id.is_some()));
        if let Some(user) = user {
            let target = routes::after_sign_in(next.get_untracked().as_deref(), &user);
            navigate(&target, routes::replace());
        }
    });
    next
}

/// Puts a failed login's message where it belongs: under a field the server named, or
/// in the form alert (wrong credentials, rate limit, network...).
fn show_error(
    err: &ApiError,
    email_error: RwSignal<Option<String>>,
    password_error: RwSignal<Option<String>>,
    form_error: RwSignal<Option<String>>,
) {
    let message = err.message();
    match (err.status(), err.field()) {
        (Some(422), Some("email")) => show_at(email_error, EMAIL_ID, message),
        (Some(422), Some("password")) => show_at(password_error, PASSWORD_ID, message),
        _ => form_error.set(Some(message)),
    }
}

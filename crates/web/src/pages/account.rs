//! `/dashboard/account`: who is signed in, changing the password (or, for an account without
//! one, an emailed link to set it), and (for candidates) their applications with résumé
//! downloads.

use interview_flow_shared::validation::validate_password;
use interview_flow_shared::{Role, SetPasswordRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{
    ErrorAlert, ErrorState, Loading, SubmitButton, TextField, focus_id, set_title,
};
use crate::pages::dashboard::ApplicationsList;
use crate::pages::link_session::PasswordLinkButton;
use crate::session::{role_label, use_session};

#[component]
pub fn AccountPage() -> impl IntoView {
    set_title("Account");
    let session = use_session();
    view! {
        <header class="page-header">
            <h1>"Account"</h1>
        </header>
        {move || session.user().map(|user| view! {
            <section class="card" aria-labelledby="profile-title">
                <h2 class="card-title" id="profile-title">"Profile"</h2>
                <dl class="details">
                    <dt>"Name"</dt>
                    <dd>{user.full_name.clone()}</dd>
                    <dt>"Email"</dt>
                    <dd>{user.email.clone()}</dd>
                    <dt>"Role"</dt>
                    <dd><span class="badge">{role_label(user.role)}</span></dd>
                    {user.organization.clone().map(|org| view! { <dt>"Organisation"</dt><dd>{org.name}</dd> })}
                </dl>
            </section>
        })}
        <Show
            when=move || session.user().is_some_and(|u| u.has_password)
            fallback=|| view! { <SetPasswordByEmail /> }
        >
            <PasswordForm />
        </Show>
        <Show when=move || session.role() == Some(Role::Candidate)>
            <CandidateApplications />
        </Show>
    }
}

/// An account without a password sets its first one through an emailed link (the API only
/// changes a password with the current one).
#[component]
fn SetPasswordByEmail() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 class="card-title" id="password-title">"Set a password"</h2>
            <p class="muted">
                "Your account has no password yet. We'll email you a link to set one, so you can sign in with your email and password."
            </p>
            <PasswordLinkButton />
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let current_error = RwSignal::new(None::<String>);
    let new_error = RwSignal::new(None::<String>);
    let confirm_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);

    let save = Action::new_local(move |request: &SetPasswordRequest| {
        let request = request.clone();
        async move {
            match api.set_password(&request).await {
                Ok(()) => {
                    current.set(String::new());
                    new_password.set(String::new());
                    confirm.set(String::new());
                    saved.set(Some(
                        "Password changed. Other devices signed in to your account were signed out."
                            .into(),
                    ));
                }
                Err(err) if err.code() == Some("password_not_set") => {
                    // The account has no password after all: offer the emailed link.
                    if let Some(mut user) = session.user() {
                        user.has_password = false;
                        session.set_user(user);
                    }
                }
                Err(err) => match err.field() {
                    Some("current_password") => {
                        current_error.set(Some(err.message()));
                        focus_id("account-current-password");
                    }
                    Some("new_password" | "password") => {
                        new_error.set(Some(err.message()));
                        focus_id("account-new-password");
                    }
                    _ => form_error.set(Some(format!(
                        "The password was not saved. {}",
                        err.message()
                    ))),
                },
            }
        }
    });
    let pending = save.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        saved.set(None);
        let current_value = current.get_untracked();
        let new_value = new_password.get_untracked();
        let current_ok = if current_value.is_empty() {
            current_error.set(Some("Enter your current password.".into()));
            false
        } else {
            current_error.set(None);
            true
        };
        let new_ok = match validate_password(&new_value, "new_password") {
            Ok(()) => {
                new_error.set(None);
                true
            }
            Err(e) => {
                new_error.set(Some(e.message));
                false
            }
        };
        let confirm_ok = if confirm.get_untracked() != new_value {
            confirm_error.set(Some("The two passwords do not match.".into()));
            false
        } else {
            confirm_error.set(None);
            true
        };
        if !current_ok {
            focus_id("account-current-password");
        } else if !new_ok {
            focus_id("account-new-password");
        } else if !confirm_ok {
            focus_id("account-confirm-password");
        } else {
            save.dispatch(SetPasswordRequest {
                current_password: Some(current_value),
                new_password: new_value,
            });
        }
    };

    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 class="card-title" id="password-title">"Change your password"</h2>
            <form class="form form-narrow" novalidate on:submit=on_submit>
                <ErrorAlert message=form_error />
                <TextField
                    id="account-current-password"
                    label="Current password"
                    kind="password"
                    autocomplete="current-password"
                    value=current
                    error=current_error
                />
                <TextField
                    id="account-new-password"
                    label="New password"
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 10 characters; a few words together work well."
                    value=new_password
                    error=new_error
                />
                <TextField
                    id="account-confirm-password"
                    label="Repeat the new password"
                    kind="password"
                    autocomplete="new-password"
                    value=confirm
                    error=confirm_error
                />
                <div class="form-actions">
                    <SubmitButton pending=pending label="Save password" pending_label="Saving…" />
                </div>
                <p role="status" aria-live="polite" class="text-success">{move || saved.get()}</p>
            </form>
        </section>
    }
}

#[component]
fn CandidateApplications() -> impl IntoView {
    let api = use_api();
    let data = LocalResource::new(move || async move { api.candidate_dashboard().await });
    view! {
        <section class="card" aria-labelledby="resumes-title">
            <h2 class="card-title" id="resumes-title">"Your applications and résumés"</h2>
            <p class="muted small">"Each application keeps the résumé you sent with it. To use a newer résumé, apply with it to the next job."</p>
            {move || match data.get() {
                None => view! { <Loading label="Loading your applications…" /> }.into_any(),
                Some(Err(err)) => view! {
                    <ErrorState message=format!("Your applications could not be loaded. {}", err.message()) retry=move || data.refetch() />
                }
                .into_any(),
                Some(Ok(d)) => view! { <ApplicationsList applications=d.applications /> }.into_any(),
            }}
        </section>
    }
}

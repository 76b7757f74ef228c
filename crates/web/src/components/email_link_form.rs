//! A form that asks for a link by email (password reset, interview sign-in).

use std::future::Future;

use interview_flow_shared::EmailRequestAccepted;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::{EmailField, ErrorAlert, SubmitButton, begin_submit, check_email, focus_id, show_at};
use crate::api::ApiError;

/// One email field and a submit button; `send` asks the API for the link. The answer's
/// sentence goes to `sent`, an error about the address under the field, any other above it.
#[component]
pub fn EmailLinkForm<Send, Request>(
    /// The email input's id.
    id: &'static str,
    label: &'static str,
    email: RwSignal<String>,
    sent: RwSignal<Option<String>>,
    button_class: &'static str,
    button_label: &'static str,
    send: Send,
) -> impl IntoView
where
    Send: Fn(String) -> Request + 'static,
    Request: Future<Output = Result<EmailRequestAccepted, ApiError>> + 'static,
{
    let email_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let submit = Action::new_local(move |address: &String| {
        let request = send(address.clone());
        async move {
            match request.await {
                Ok(answer) => sent.set(Some(answer.message)),
                Err(err) if err.field() == Some("email") => {
                    show_at(email_error, id, err.message());
                }
                Err(err) => form_error.set(Some(err.message())),
            }
        }
    });
    let pending = submit.pending();
    let on_submit = move |ev: SubmitEvent| {
        if !begin_submit(&ev, pending, form_error) {
            return;
        }
        // Only when there is an answer to clear: a page may show this form only while there
        // is none, and any set would render it anew.
        if sent.with_untracked(Option::is_some) {
            sent.set(None);
        }
        match check_email(email, email_error) {
            Some(address) => {
                submit.dispatch(address);
            }
            None => focus_id(id),
        }
    };
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <ErrorAlert message=form_error />
            <EmailField id=id label=label value=email error=email_error />
            <SubmitButton
                class=button_class
                pending=pending
                label=button_label
                pending_label="Sending…"
            />
        </form>
    }
}

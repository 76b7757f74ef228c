//! What the pages' forms share: the first steps of a submit, putting a message under a field,
//! and buttons that are disabled and relabelled while their action is pending.

use interview_flow_shared::validation::normalize_email;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::focus_id;

/// Starts handling a submit: stops the browser's own, ignores the submit while the previous
/// one is still pending (false), and clears the form's error alert.
pub fn begin_submit(
    ev: &SubmitEvent,
    pending: Memo<bool>,
    form_error: RwSignal<Option<String>>,
) -> bool {
    ev.prevent_default();
    if pending.get_untracked() {
        return false;
    }
    form_error.set(None);
    true
}

/// Shows a check's message under its field (or clears it) and returns the checked value.
pub fn keep<T>(error: RwSignal<Option<String>>, result: Result<T, String>) -> Option<T> {
    match result {
        Ok(value) => {
            error.set(None);
            Some(value)
        }
        Err(message) => {
            error.set(Some(message));
            None
        }
    }
}

/// Like [`keep`], but only updates an error already shown: while typing, new errors wait
/// for the submit.
pub fn recheck<T>(error: RwSignal<Option<String>>, result: Result<T, String>) {
    if error.with_untracked(Option::is_some) {
        let _ = keep(error, result);
    }
}

/// The normalised address typed into an email field, or its message under the field.
pub fn check_email(email: RwSignal<String>, error: RwSignal<Option<String>>) -> Option<String> {
    keep(
        error,
        normalize_email(&email.get_untracked()).map_err(|err| err.message),
    )
}

/// Puts `message` under the field with this id and moves the focus there.
pub fn show_at(error: RwSignal<Option<String>>, id: &str, message: String) {
    error.set(Some(message));
    focus_id(id);
}

/// Shows a server error under the field it names (`target`), or else in the form alert.
pub fn show_at_or_alert(
    target: Option<(RwSignal<Option<String>>, &str)>,
    message: String,
    form_error: RwSignal<Option<String>>,
) {
    match target {
        Some((error, id)) => show_at(error, id, message),
        None => form_error.set(Some(message)),
    }
}

/// One radio button of a choice group (`<label class="choice">`), with its text.
#[component]
pub fn Choice(
    /// The group's `name`.
    name: &'static str,
    label: &'static str,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_choose: Callback<()>,
    #[prop(optional)] value: Option<&'static str>,
    #[prop(optional)] id: Option<&'static str>,
    /// Sets `aria-invalid` ("true"/"false") when given.
    #[prop(optional, into)]
    invalid: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input
                type="radio"
                name=name
                value=value
                id=id
                prop:checked=move || checked.get()
                aria-invalid=move || invalid.map(|invalid| invalid.get().to_string())
                on:change=move |_| on_choose.run(())
            />
            <span>{label}</span>
        </label>
    }
}

/// A form's submit button: disabled while the submit is pending, with `pending_label`
/// (after a spinner, with `spinner`) instead of `label` meanwhile.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    label: &'static str,
    pending_label: &'static str,
    #[prop(default = "btn btn-primary")] class: &'static str,
    #[prop(optional)] spinner: bool,
) -> impl IntoView {
    view! {
        <button class=class type="submit" disabled=move || pending.get()>
            {pending_text(pending, label, pending_label, spinner)}
        </button>
    }
}

/// A button outside a form that runs `on_click`: disabled and relabelled like
/// [`SubmitButton`] while its action is pending.
#[component]
pub fn ActionButton(
    #[prop(into)] pending: Signal<bool>,
    label: &'static str,
    pending_label: &'static str,
    #[prop(into)] on_click: Callback<()>,
    #[prop(default = "btn btn-secondary btn-sm")] class: &'static str,
    #[prop(optional, into)] aria_label: Option<String>,
) -> impl IntoView {
    view! {
        <button
            class=class
            type="button"
            aria-label=aria_label
            disabled=move || pending.get()
            on:click=move |_| on_click.run(())
        >
            {pending_text(pending, label, pending_label, false)}
        </button>
    }
}

fn pending_text(
    pending: Signal<bool>,
    label: &'static str,
    pending_label: &'static str,
    spinner: bool,
) -> impl Fn() -> AnyView {
    move || match (pending.get(), spinner) {
        (true, true) => view! {
            <span class="spinner" aria-hidden="true"></span>
            {pending_label}
        }
        .into_any(),
        (true, false) => pending_label.into_any(),
        (false, _) => label.into_any(),
    }
}

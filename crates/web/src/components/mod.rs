//! Small building blocks shared by pages: form fields, alerts, loading states; the app's
//! chrome (top bar, brand, sign-in and sign-out) in `chrome.rs`, copying links in
//! `copy_link.rs`, submit plumbing and pending buttons in `form.rs`, the form asking for an
//! emailed link in `email_link_form.rs`.

mod chrome;
mod copy_link;
mod email_link_form;
mod form;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::session::use_session;

pub use chrome::{AppFrame, AuthPage, BrandLink, SignInLink, SignOutButton};
pub use copy_link::CopyLink;
pub use email_link_form::EmailLinkForm;
pub use form::{
    ActionButton, Choice, SubmitButton, begin_submit, check_email, keep, recheck, show_at,
    show_at_or_alert,
};

/// Sets the document title as `"<page> · Interview Flow"`.
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Interview Flow"));
    }
}

/// Moves keyboard focus to the element with this id (e.g. the first invalid field).
pub fn focus_id(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// A labelled text input with an optional hint and an inline error that is linked
/// with `aria-describedby` and flagged with `aria-invalid`.
#[component]
pub fn TextField(
    /// The input's id; the hint and error get `<id>-hint` and `<id>-error`.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    /// The input `type`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// Runs when the field loses focus (validate it).
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
    /// Extra content shown after the error text (e.g. a link).
    #[prop(optional, into)]
    error_extra: Option<ViewFn>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    };

    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|text| view! { <p class="hint" id=hint_id.clone()>{text}</p> })}
            <input
                class="input"
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                required=required
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |_| {
                    if let Some(cb) = on_blur {
                        cb.run(());
                    }
                }
            />
            {move || {
                error
                    .get()
                    .map(|message| {
                        let extra = error_extra.clone();
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {message}
                                {extra.map(|extra| extra.run())}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A required email address field: a [`TextField`] with `type="email"` and
/// `autocomplete="email"`.
#[component]
pub fn EmailField(
    id: &'static str,
    #[prop(default = "Email")] label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    #[prop(optional, into)] error_extra: Option<ViewFn>,
) -> impl IntoView {
    TextField(TextFieldProps {
        id,
        label,
        value,
        error,
        kind: "email",
        autocomplete: Some("email"),
        hint: None,
        required: true,
        on_blur,
        error_extra,
    })
}

/// A labelled `<textarea>` with hint and inline error.
#[component]
pub fn TextAreaField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let hint_for_described = hint_id.clone();
    let error_for_described = error_id.clone();
    let described_by = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(hint_for_described.clone());
        }
        if error.with(Option::is_some) {
            ids.push(error_for_described.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|text| view! { <p class="hint" id=hint_id.clone()>{text}</p> })}
            <textarea
                class="input"
                id=id
                name=id
                rows=rows
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            {move || error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
        </div>
    }
}

/// An error alert announced to screen readers.
#[component]
pub fn ErrorAlert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <div class="alert alert-error" role="alert">
                    <p>{text}</p>
                </div>
            }
        })
    }
}

/// A spinner with a visible label, for a section that is loading.
#[component]
pub fn Loading(#[prop(default = "Loading…")] label: &'static str) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner spinner-lg" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}

/// A whole-page loading state (before the session is known).
#[component]
pub fn FullPageLoading(#[prop(default = "Loading…")] label: &'static str) -> impl IntoView {
    view! {
        <main class="center-page" id="main">
            <Loading label=label />
        </main>
    }
}

/// A failed load: what happened, and a button to try again.
#[component]
pub fn ErrorState(
    #[prop(into)] message: String,
    /// Runs when "Try again" is pressed.
    #[prop(into)]
    retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="alert alert-error state-error" role="alert">
            <div>
                <p>{message}</p>
                <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| retry.run(())>
                    "Try again"
                </button>
            </div>
        </div>
    }
}

/// A whole page for when the session could not be restored because the server could not be
/// reached: what happened, and "Try again" (restores again); `children` add other ways on.
#[component]
pub fn RestoreFailedPage(
    title: &'static str,
    #[prop(into)] message: Signal<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let session = use_session();
    view! {
        <div class="auth-page">
            <main class="card auth-card" id="main">
                <h1>{title}</h1>
                <div class="alert alert-error" role="alert">
                    <p>{move || message.get()}</p>
                </div>
                <div class="btn-row">
                    <button
                        class="btn btn-primary"
                        type="button"
                        on:click=move |_| spawn_local(session.restore())
                    >
                        "Try again"
                    </button>
                    {children.map(|c| c())}
                </div>
            </main>
        </div>
    }
}

/// Nothing to show yet: a sentence and an optional next step.
#[component]
pub fn EmptyState(
    #[prop(into)] title: String,
    #[prop(into)] text: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state">
            <p class="empty-title">{title}</p>
            <p class="muted">{text}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// An [`EmptyState`] on its own card, with a button link to the next step.
#[component]
pub fn EmptyCard(
    title: &'static str,
    text: &'static str,
    /// Where the next step is, and the button's text.
    href: &'static str,
    action: &'static str,
) -> impl IntoView {
    view! {
        <div class="card">
            <EmptyState title=title text=text>
                <a class="btn btn-primary btn-sm" href=href>{action}</a>
            </EmptyState>
        </div>
    }
}

/// A button that asks "are you sure?" inline before running `on_confirm`.
#[component]
pub fn ConfirmButton(
    #[prop(into)] label: String,
    #[prop(into)] question: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let confirm_class = if danger {
        "btn btn-danger btn-sm"
    } else {
        "btn btn-primary btn-sm"
    };
    let label_again = label.clone();
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                let label = label_again.clone();
                view! {
                    <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| asking.set(true)>
                        {label}
                    </button>
                }
            }
        >
            <div class="confirm" role="group" aria-label=label.clone()>
                <p class="confirm-question">{question.clone()}</p>
                <div class="confirm-actions">
                    <button
                        class=confirm_class
                        type="button"
                        disabled=move || pending.get()
                        on:click=move |_| {
                            on_confirm.run(());
                            asking.set(false);
                        }
                    >
                        {confirm_label.clone()}
                    </button>
                    <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| asking.set(false)>
                        "No, go back"
                    </button>
                </div>
            </div>
        </Show>
    }
}

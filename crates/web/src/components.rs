//! Small building blocks shared by pages: form fields, alerts, loading states.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

/// The product mark and name, linking home.
#[component]
pub fn BrandLink(#[prop(default = "/")] href: &'static str) -> impl IntoView {
    view! {
        <a class="brand" href=href>
            <span class="brand-mark" aria-hidden="true">"IF"</span>
            <span class="brand-text">"Interview Flow"</span>
        </a>
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

/// Writes `text` to the clipboard with the Clipboard API. `Err` when the API is missing or
/// the browser refused (permissions, insecure context, no focus).
async fn clipboard_write(text: &str) -> Result<(), ()> {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::JsValue;
    let window = web_sys::window().ok_or(())?;
    let clipboard =
        Reflect::get(&window.navigator(), &JsValue::from_str("clipboard")).map_err(|_| ())?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(());
    }
    let write: Function = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    let promise: Promise = write
        .call1(&clipboard, &JsValue::from_str(text))
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| ())
}

/// Selects the text of the element `id` (so the user can copy it by hand) and tries the
/// old `document.execCommand('copy')`; true when that reported success.
fn select_and_exec_copy(id: &str) -> bool {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::JsValue;
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Some(document) = window.document() else {
        return false;
    };
    let Some(element) = document.get_element_by_id(id) else {
        return false;
    };
    if let Ok(Some(selection)) = window.get_selection() {
        let _ = selection.select_all_children(&element);
    }
    Reflect::get(&document, &JsValue::from_str("execCommand"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(&document, &JsValue::from_str("copy")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// An interview link shown in full, with a one-click "Copy link" button. Falls back to
/// selecting the text when the Clipboard API is missing or refused; the outcome is shown
/// on the button for about two seconds and announced in a live region.
#[component]
pub fn CopyLink(
    /// The full URL.
    #[prop(into)]
    url: String,
    /// Unique id of the text element (for selection and `aria-describedby`).
    #[prop(into)]
    id: String,
    /// Accessible label of the button, e.g. "Copy link for Backend Engineer".
    #[prop(into, optional)]
    button_label: Option<String>,
    /// What is copied, for the button and the announcement (default "link"), e.g. "key".
    #[prop(into, optional)]
    noun: Option<String>,
) -> impl IntoView {
    let noun = noun.unwrap_or_else(|| "link".to_string());
    let idle_text = format!("Copy {noun}");
    let copied_announcement = {
        let mut capitalised = noun.clone();
        if let Some(first) = capitalised.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        format!("{capitalised} copied to the clipboard.")
    };
    let selected_announcement = format!(
        "Copying is not allowed here; the {noun} is selected, press Ctrl+C (or ⌘C) to copy it."
    );
    #[derive(Clone, Copy, PartialEq)]
    enum CopyState {
        Idle,
        Copied,
        Selected,
    }
    let state = RwSignal::new(CopyState::Idle);
    let announcement = RwSignal::new(String::new());
    let generation = StoredValue::new(0u32);
    let url_for_copy = url.clone();
    let id_for_copy = id.clone();
    let copy = move |_| {
        let url = url_for_copy.clone();
        let id = id_for_copy.clone();
        let (copied_announcement, selected_announcement) =
            (copied_announcement.clone(), selected_announcement.clone());
        leptos::task::spawn_local(async move {
            let outcome = match clipboard_write(&url).await {
                Ok(()) => CopyState::Copied,
                Err(()) => {
                    if select_and_exec_copy(&id) {
                        CopyState::Copied
                    } else {
                        CopyState::Selected
                    }
                }
            };
            state.set(outcome);
            announcement.set(match outcome {
                CopyState::Copied => copied_announcement.clone(),
                _ => selected_announcement.clone(),
            });
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            gloo_timers::future::TimeoutFuture::new(if outcome == CopyState::Copied {
                2000
            } else {
                6000
            })
            .await;
            if generation.try_get_value() == Some(mine) {
                state.set(CopyState::Idle);
                announcement.set(String::new());
            }
        });
    };
    let aria_label = button_label;
    let text_id = id.clone();
    view! {
        <div class="copy-link">
            <code class="copy-link-url" id=text_id>{url}</code>
            <button
                class="btn btn-secondary btn-sm copy-link-btn"
                class:copied=move || state.get() == CopyState::Copied
                type="button"
                aria-label=aria_label
                on:click=copy
            >
                {move || match state.get() {
                    CopyState::Copied => "Copied!".to_string(),
                    CopyState::Selected => "Press Ctrl+C".to_string(),
                    CopyState::Idle => idle_text.clone(),
                }}
            </button>
            <span class="visually-hidden" role="status" aria-live="polite">{move || announcement.get()}</span>
        </div>
    }
}

//! An interview link (or key) with a one-click copy button that degrades to selecting it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

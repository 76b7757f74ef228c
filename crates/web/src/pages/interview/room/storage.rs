//! What the room keeps in the browser's storage: the answer drafts (localStorage, per
//! interview and turn, removed once the server confirmed the answer) and the devices the
//! candidate picked on the ready page (sessionStorage).

use crate::pages::interview::ready::DEVICES_KEY;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn draft_prefix(id: &str) -> String {
    format!("interview-flow.draft.{id}.")
}

pub(super) fn save_draft(id: &str, turn: &str, text: &str, speech: bool) {
    if let Some(storage) = local_storage() {
        let key = format!("{}{turn}", draft_prefix(id));
        if text.is_empty() {
            let _ = storage.remove_item(&key);
        } else {
            let value = serde_json::json!({ "text": text, "speech": speech }).to_string();
            let _ = storage.set_item(&key, &value);
        }
    }
}

pub(super) fn load_draft(id: &str, turn: &str) -> Option<(String, bool)> {
    let raw = local_storage()?
        .get_item(&format!("{}{turn}", draft_prefix(id)))
        .ok()??;
    let value: serde_json::Value = serde_json::from_str(&raw).ok()?;
    Some((
        value.get("text")?.as_str()?.to_string(),
        value
            .get("speech")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    ))
}

/// Removes this interview's drafts except the one of `keep`.
pub(super) fn clear_drafts(id: &str, keep: Option<&str>) {
    let Some(storage) = local_storage() else {
        return;
    };
    let prefix = draft_prefix(id);
    let keep = keep.map(|turn| format!("{prefix}{turn}"));
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(&prefix) && Some(k) != keep.as_ref())
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// The camera and microphone chosen on the ready page, if any.
pub(super) fn saved_devices() -> (Option<String>, Option<String>) {
    let value = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(DEVICES_KEY).ok().flatten())
        .and_then(|raw| serde_json::from_str::<serde_json::Value>(&raw).ok());
    let field = |name: &str| {
        value
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    (field("camera"), field("microphone"))
}

/// Joins non-empty trimmed pieces of an answer with single spaces.
pub(super) fn join_text(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

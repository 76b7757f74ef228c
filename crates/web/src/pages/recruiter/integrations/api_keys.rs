//! Organisation API keys: list, create (the key is shown once), revoke.

use interview_flow_shared::{ApiKeyDto, ApiKeyScope, CreateApiKeyRequest, CreatedApiKeyDto};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{
    ConfirmButton, CopyLink, EmptyState, ErrorAlert, ErrorState, Loading, SubmitButton, TextField,
    focus_id,
};
use crate::pages::format::{format_date, format_datetime};

use super::DocsLink;

const KEY_NAME_ID: &str = "api-key-name";

fn scope_label(scope: ApiKeyScope) -> &'static str {
    match scope {
        ApiKeyScope::Read => "read",
        ApiKeyScope::Write => "write",
        ApiKeyScope::Admin => "admin",
    }
}

#[component]
pub(super) fn ApiKeysSection() -> impl IntoView {
    let api = use_api();
    let keys = LocalResource::new(move || async move { api.api_keys().await });
    let created = RwSignal::new(None::<CreatedApiKeyDto>);
    let notice = RwSignal::new(None::<String>);
    let on_created = Callback::new(move |key: CreatedApiKeyDto| {
        notice.set(None);
        created.set(Some(key));
        keys.refetch();
        request_animation_frame(|| focus_id("new-api-key-title"));
    });
    let on_revoked = Callback::new(move |(id, name): (String, String)| {
        if created.with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id)) {
            created.set(None);
        }
        notice.set(Some(format!(
            "The key “{name}” was revoked; requests made with it are now refused."
        )));
        keys.refetch();
    });

    view! {
        <section class="card section-gap" aria-labelledby="api-keys-title">
            <h2 class="card-title" id="api-keys-title">"API keys"</h2>
            <p class="muted">
                "Send a key as "<code class="code">"Authorization: Bearer <key>"</code>
                ", or as the HTTP Basic user name with an empty password (Greenhouse). "
                "Endpoints, scopes and examples are in the " <DocsLink /> "."
            </p>

            {move || created.get().map(|key| view! { <NewApiKey key=key created=created /> })}

            <h3 class="h3">"Active keys"</h3>
            <p role="status" aria-live="polite" class="text-success">{move || notice.get()}</p>
            {move || match keys.get() {
                None => view! { <Loading label="Loading API keys…" /> }.into_any(),
                Some(Err(err)) => view! {
                    <ErrorState
                        message=format!("Your API keys could not be loaded. {}", err.message())
                        retry=move || keys.refetch()
                    />
                }
                .into_any(),
                Some(Ok(page)) if page.items.is_empty() => view! {
                    <EmptyState
                        title="No API keys yet"
                        text="Create one below for each system that connects to Interview Flow."
                    />
                }
                .into_any(),
                Some(Ok(page)) => view! {
                    <ul class="rows integration-list" aria-label="API keys">
                        {page
                            .items
                            .into_iter()
                            .map(|key| view! { <ApiKeyRow key=key on_revoked=on_revoked /> })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}

            <CreateApiKeyForm on_created=on_created />
        </section>
    }
}

/// The secret of a key just created: shown once, with Copy.
#[component]
fn NewApiKey(key: CreatedApiKeyDto, created: RwSignal<Option<CreatedApiKeyDto>>) -> impl IntoView {
    let scopes = key
        .scopes
        .iter()
        .map(|s| scope_label(*s))
        .collect::<Vec<_>>()
        .join(" and ");
    view! {
        <div class="secret-box" role="region" aria-labelledby="new-api-key-title">
            <h3 class="secret-box-title" id="new-api-key-title" tabindex="-1">
                {format!("Your new API key “{}” ({scopes})", key.name)}
            </h3>
            <p class="secret-warning">
                <strong>"Copy it now: it will not be shown again."</strong>
                " Store it in your applicant tracking system or a password manager. If you lose it, revoke it and create a new one."
            </p>
            <CopyLink url=key.key.clone() id="new-api-key" button_label="Copy the new API key" noun="key" />
            <div class="form-actions secret-box-actions">
                <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| created.set(None)>
                    "I have stored it, hide the key"
                </button>
            </div>
        </div>
    }
}

#[component]
fn ApiKeyRow(key: ApiKeyDto, on_revoked: Callback<(String, String)>) -> impl IntoView {
    let api = use_api();
    let error = RwSignal::new(None::<String>);
    let revoke = Action::new_local(move |(id, name): &(String, String)| {
        let (id, name) = (id.clone(), name.clone());
        async move {
            error.set(None);
            match api.revoke_api_key(&id).await {
                Ok(()) => on_revoked.run((id, name)),
                Err(err) if err.status() == Some(404) => on_revoked.run((id, name)),
                Err(err) => error.set(Some(format!(
                    "The key was not revoked. {} Try again.",
                    err.message()
                ))),
            }
        }
    });
    let pending = revoke.pending();
    let id = key.id.clone();
    let name = key.name.clone();
    let last_used = match &key.last_used_at {
        Some(at) => format!("Last used {}", format_datetime(at)),
        None => "Never used".to_string(),
    };
    view! {
        <li class="row row-wrap">
            <div class="row-main">
                <span class="row-title">{key.name.clone()}</span>
                <span class="inline-stack small">
                    <code class="code key-prefix" title="The key's first characters">{format!("{}…", key.prefix)}</code>
                    {key
                        .scopes
                        .iter()
                        .map(|s| view! { <span class="badge badge-info">{scope_label(*s)}</span> })
                        .collect_view()}
                </span>
                <span class="small muted">
                    {format!("Created {} · {last_used}", format_date(&key.created_at))}
                </span>
                <span role="alert" class="small text-danger">{move || error.get()}</span>
            </div>
            <div class="row-side">
                <ConfirmButton
                    label=format!("Revoke {}", key.name)
                    question=format!("Revoke “{}”? Anything using it stops working at once; this cannot be undone.", key.name)
                    confirm_label="Yes, revoke"
                    pending=pending
                    danger=true
                    on_confirm=move || {
                        revoke.dispatch((id.clone(), name.clone()));
                    }
                />
            </div>
        </li>
    }
}

/// The access choices for a new API key: scope, form value, label, what it allows.
const API_KEY_ACCESS: [(ApiKeyScope, &str, &str, &str); 3] = [
    (
        ApiKeyScope::Read,
        "read",
        "Read only",
        "List jobs, interviews and reports.",
    ),
    (
        ApiKeyScope::Write,
        "read,write",
        "Read and write",
        "Also schedule, reschedule and cancel interviews (needed by Greenhouse).",
    ),
    (
        ApiKeyScope::Admin,
        "read,write,admin",
        "Read, write and admin",
        "Also change the organisation's name and logo and manage webhooks, which receive candidate data.",
    ),
];

#[component]
fn CreateApiKeyForm(on_created: Callback<CreatedApiKeyDto>) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    // The highest scope chosen; each includes the ones below it.
    let access = RwSignal::new(ApiKeyScope::Read);
    let form_error = RwSignal::new(None::<String>);

    let check_name = move |value: &str| -> Option<String> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            Some("Give the key a name, e.g. \"Greenhouse\", to recognise it later.".into())
        } else if trimmed.chars().count() > 100 {
            Some("The name must be at most 100 characters.".into())
        } else {
            None
        }
    };
    Effect::new(move |_| {
        let v = name.get();
        if name_error.with_untracked(Option::is_some) {
            name_error.set(check_name(&v));
        }
    });

    let create = Action::new_local(move |request: &CreateApiKeyRequest| {
        let request = request.clone();
        async move {
            match api.create_api_key(&request).await {
                Ok(created) => {
                    name.set(String::new());
                    access.set(ApiKeyScope::Read);
                    on_created.run(created);
                }
                Err(err) if err.field() == Some("name") => {
                    name_error.set(Some(err.message()));
                    focus_id(KEY_NAME_ID);
                }
                Err(err) => {
                    form_error.set(Some(format!("The key was not created. {}", err.message())))
                }
            }
        }
    });
    let pending = create.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let problem = check_name(&name.get_untracked());
        name_error.set(problem.clone());
        if problem.is_some() {
            focus_id(KEY_NAME_ID);
            return;
        }
        let scopes = match access.get_untracked() {
            ApiKeyScope::Read => vec![ApiKeyScope::Read],
            ApiKeyScope::Write => vec![ApiKeyScope::Read, ApiKeyScope::Write],
            ApiKeyScope::Admin => vec![ApiKeyScope::Read, ApiKeyScope::Write, ApiKeyScope::Admin],
        };
        create.dispatch(CreateApiKeyRequest {
            name: name.get_untracked().trim().to_string(),
            scopes,
        });
    };

    view! {
        <form class="form integration-form" novalidate on:submit=on_submit aria-labelledby="create-key-title">
            <h3 class="h3" id="create-key-title">"Create an API key"</h3>
            <ErrorAlert message=form_error />
            <TextField
                id=KEY_NAME_ID
                label="Key name"
                hint="Where it will be used, e.g. Greenhouse or Lever."
                value=name
                error=name_error
                autocomplete="off"
            />
            <fieldset class="field">
                <legend>"Access"</legend>
                <div class="choices">
                    {API_KEY_ACCESS
                        .iter()
                        .map(|&(scope, value, label, hint)| {
                            view! {
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name="api-key-scope"
                                        value=value
                                        prop:checked=move || access.get() == scope
                                        on:change=move |_| access.set(scope)
                                    />
                                    <span>
                                        {label}
                                        <span class="small muted choice-hint">{hint}</span>
                                    </span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <div class="form-actions">
                <SubmitButton pending=pending label="Create API key" pending_label="Creating…" />
            </div>
        </form>
    }
}

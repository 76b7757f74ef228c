//! `/dashboard/settings/integrations`: organisation API keys and webhook endpoints, for
//! connecting an applicant tracking system (Greenhouse, Lever…).

use interview_flow_shared::webhooks::WEBHOOK_EVENT_TYPES;
use interview_flow_shared::{
    ApiKeyDto, ApiKeyScope, CreateApiKeyRequest, CreateWebhookRequest, CreatedApiKeyDto, Role,
    WebhookCreatedDto, WebhookDeliveryDto, WebhookDeliveryStatus, WebhookEndpointDto,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{
    ConfirmButton, CopyLink, EmptyState, ErrorAlert, ErrorState, Loading, TextField, focus_id,
    set_title,
};
use crate::pages::format::{format_date, format_datetime};
use crate::pages::shell::RequireRole;
use crate::routes;

const KEY_NAME_ID: &str = "api-key-name";
const WEBHOOK_URL_ID: &str = "webhook-url";

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    set_title("Integrations");
    view! {
        <RequireRole role=Role::Recruiter>
            <header class="page-header">
                <p class="breadcrumb"><a href=routes::SETTINGS>"Organisation settings"</a></p>
                <h1>"Integrations"</h1>
                <p class="muted">
                    "Connect your applicant tracking system (Greenhouse, Lever…): it uses an API key to schedule interviews and read results, and webhooks tell it when something happens."
                </p>
            </header>
            <ApiKeysSection />
            <WebhooksSection />
        </RequireRole>
    }
}

/// A link to the server's API reference (a server page, not a route of this app).
#[component]
fn DocsLink() -> impl IntoView {
    view! {
        <a href="/api/docs" target="_blank" rel="external noopener">
            "API reference"
            <span class="visually-hidden">" (opens in a new tab)"</span>
        </a>
    }
}

// ---------------------------------------------------------------------------------------
// API keys
// ---------------------------------------------------------------------------------------

fn scope_label(scope: ApiKeyScope) -> &'static str {
    match scope {
        ApiKeyScope::Read => "read",
        ApiKeyScope::Write => "write",
        ApiKeyScope::Admin => "admin",
    }
}

#[component]
fn ApiKeysSection() -> impl IntoView {
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
                <button class="btn btn-primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Creating…" } else { "Create API key" }}
                </button>
            </div>
        </form>
    }
}

// ---------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------

fn event_description(event: &str) -> &'static str {
    match event {
        "interview.scheduled" => "An interview is scheduled or rescheduled.",
        "interview.started" => "A candidate starts an interview.",
        "interview.completed" => "A candidate finishes; the report follows.",
        "interview.cancelled" => "An interview is cancelled.",
        "interview.expired" => "An interview's window passes unused.",
        "email.failed" => "An invitation email could not be delivered.",
        _ => "",
    }
}

#[component]
fn WebhooksSection() -> impl IntoView {
    let api = use_api();
    let endpoints = LocalResource::new(move || async move { api.webhooks().await });
    let created = RwSignal::new(None::<WebhookCreatedDto>);
    let notice = RwSignal::new(None::<String>);
    let on_created = Callback::new(move |endpoint: WebhookCreatedDto| {
        notice.set(None);
        created.set(Some(endpoint));
        endpoints.refetch();
        request_animation_frame(|| focus_id("new-webhook-title"));
    });
    let on_deleted = Callback::new(move |(id, url): (String, String)| {
        if created.with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id)) {
            created.set(None);
        }
        notice.set(Some(format!(
            "The endpoint {url} was deleted; nothing more will be sent to it."
        )));
        endpoints.refetch();
    });
    let just_created = Signal::derive(move || created.with(|c| c.as_ref().map(|c| c.id.clone())));

    view! {
        <section class="card section-gap" aria-labelledby="webhooks-title">
            <h2 class="card-title" id="webhooks-title">"Webhooks"</h2>
            <p class="muted">
                "When an event happens we POST a JSON message to your endpoint, signed as Standard Webhooks: check the "
                <code class="code">"webhook-signature"</code>
                " header with the endpoint's signing secret. Failed deliveries are retried for about 18 hours. Details are in the "
                <DocsLink /> "."
            </p>

            {move || created.get().map(|endpoint| view! { <NewWebhookSecret endpoint=endpoint created=created /> })}

            <h3 class="h3">"Endpoints"</h3>
            <p role="status" aria-live="polite" class="text-success">{move || notice.get()}</p>
            {move || match endpoints.get() {
                None => view! { <Loading label="Loading webhook endpoints…" /> }.into_any(),
                Some(Err(err)) => view! {
                    <ErrorState
                        message=format!("Your webhook endpoints could not be loaded. {}", err.message())
                        retry=move || endpoints.refetch()
                    />
                }
                .into_any(),
                Some(Ok(page)) if page.items.is_empty() => view! {
                    <EmptyState
                        title="No webhook endpoints yet"
                        text="Add your system's URL below to be told when interviews are scheduled, completed or cancelled."
                    />
                }
                .into_any(),
                Some(Ok(page)) => view! {
                    <ul class="rows integration-list" aria-label="Webhook endpoints">
                        <For
                            each=move || page.items.clone()
                            key=|e| e.id.clone()
                            let(endpoint)
                        >
                            <WebhookRow endpoint=endpoint just_created=just_created on_deleted=on_deleted />
                        </For>
                    </ul>
                }
                .into_any(),
            }}

            <CreateWebhookForm on_created=on_created />
        </section>
    }
}

/// The signing secret of an endpoint just registered: shown once, with Copy.
#[component]
fn NewWebhookSecret(
    endpoint: WebhookCreatedDto,
    created: RwSignal<Option<WebhookCreatedDto>>,
) -> impl IntoView {
    view! {
        <div class="secret-box" role="region" aria-labelledby="new-webhook-title">
            <h3 class="secret-box-title" id="new-webhook-title" tabindex="-1">"Signing secret of your new endpoint"</h3>
            <p class="small code secret-url">{endpoint.url.clone()}</p>
            <p class="secret-warning">
                <strong>"Copy it now: it will not be shown again."</strong>
                " Your system needs it to verify that messages come from Interview Flow. If you lose it, delete the endpoint and add it again."
            </p>
            <CopyLink url=endpoint.secret.clone() id="new-webhook-secret" button_label="Copy the signing secret" noun="secret" />
            <p class="small muted">"A test message (webhook.ping) is on its way; its delivery appears in the endpoint's log below."</p>
            <div class="form-actions secret-box-actions">
                <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| created.set(None)>
                    "I have stored it, hide the secret"
                </button>
            </div>
        </div>
    }
}

#[component]
fn WebhookRow(
    endpoint: WebhookEndpointDto,
    just_created: Signal<Option<String>>,
    on_deleted: Callback<(String, String)>,
) -> impl IntoView {
    let api = use_api();
    let open = RwSignal::new(just_created.get_untracked().as_deref() == Some(endpoint.id.as_str()));
    let error = RwSignal::new(None::<String>);
    let delete = Action::new_local(move |(id, url): &(String, String)| {
        let (id, url) = (id.clone(), url.clone());
        async move {
            error.set(None);
            match api.delete_webhook(&id).await {
                Ok(()) => on_deleted.run((id, url)),
                Err(err) if err.status() == Some(404) => on_deleted.run((id, url)),
                Err(err) => error.set(Some(format!(
                    "The endpoint was not deleted. {} Try again.",
                    err.message()
                ))),
            }
        }
    });
    let pending = delete.pending();
    let log_id = format!("deliveries-{}", endpoint.id);
    let (id, url) = (endpoint.id.clone(), endpoint.url.clone());
    let id_for_log = endpoint.id.clone();
    let url_for_log = endpoint.url.clone();
    let toggle_label = {
        let url = endpoint.url.clone();
        move || {
            if open.get() {
                format!("Hide delivery log of {url}")
            } else {
                format!("Delivery log of {url}")
            }
        }
    };
    view! {
        <li class="row row-wrap webhook-row">
            <div class="row-main">
                <span class="row-title code webhook-url">{endpoint.url.clone()}</span>
                <span class="inline-stack small">
                    {endpoint
                        .events
                        .iter()
                        .map(|e| view! { <span class="badge badge-muted">{e.clone()}</span> })
                        .collect_view()}
                </span>
                <span class="small muted">{format!("Added {}", format_date(&endpoint.created_at))}</span>
                <span role="alert" class="small text-danger">{move || error.get()}</span>
            </div>
            <div class="row-side" role="group" aria-label=format!("Endpoint {}", endpoint.url)>
                <button
                    class="btn btn-secondary btn-sm"
                    type="button"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=log_id.clone()
                    aria-label=toggle_label
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { "Hide deliveries" } else { "Deliveries" }}
                </button>
                <ConfirmButton
                    label="Delete endpoint"
                    question="Delete this endpoint? Nothing more is sent to it, including queued retries."
                    confirm_label="Yes, delete"
                    pending=pending
                    danger=true
                    on_confirm=move || {
                        delete.dispatch((id.clone(), url.clone()));
                    }
                />
            </div>
            <div class="delivery-log" id=log_id hidden=move || !open.get()>
                <Show when=move || open.get()>
                    <DeliveryLog endpoint_id=id_for_log.clone() url=url_for_log.clone() />
                </Show>
            </div>
        </li>
    }
}

fn delivery_badge(status: WebhookDeliveryStatus) -> (&'static str, &'static str) {
    match status {
        WebhookDeliveryStatus::Delivered => ("badge badge-success", "Delivered"),
        WebhookDeliveryStatus::Queued => ("badge badge-info", "Queued"),
        WebhookDeliveryStatus::Failed => ("badge badge-danger", "Failed"),
    }
}

/// An endpoint's deliveries, newest first, with Refresh, older pages and Redeliver.
#[component]
fn DeliveryLog(endpoint_id: String, url: String) -> impl IntoView {
    let api = use_api();
    let items = RwSignal::new(Vec::<WebhookDeliveryDto>::new());
    let next_cursor = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let load_error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<(bool, String)>);
    let endpoint = StoredValue::new(endpoint_id);

    // `None` reloads the newest page; `Some(cursor)` appends an older one.
    let load = Action::new_local(move |cursor: &Option<String>| {
        let cursor = cursor.clone();
        let id = endpoint.get_value();
        async move {
            match api.webhook_deliveries(&id, cursor.as_deref()).await {
                Ok(page) => {
                    load_error.set(None);
                    if cursor.is_some() {
                        items.update(|list| list.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    next_cursor.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(err) => load_error.set(Some(format!(
                    "The delivery log could not be loaded. {}",
                    err.message()
                ))),
            }
        }
    });
    load.dispatch(None);
    let loading = load.pending();

    let redeliver = Action::new_local(move |delivery_id: &String| {
        let delivery_id = delivery_id.clone();
        let id = endpoint.get_value();
        async move {
            notice.set(None);
            match api.redeliver_webhook(&id, &delivery_id).await {
                Ok(updated) => {
                    items.update(|list| {
                        if let Some(row) = list.iter_mut().find(|d| d.id == updated.id) {
                            *row = updated;
                        }
                    });
                    notice.set(Some((
                        true,
                        "Queued again; it is sent within a few seconds. Refresh to see the outcome."
                            .into(),
                    )));
                }
                Err(err) => notice.set(Some((
                    false,
                    format!("Not redelivered. {} Refresh and try again.", err.message()),
                ))),
            }
        }
    });
    let redelivering = redeliver.pending();
    let caption = format!("Deliveries to {url}");

    view! {
        <div class="delivery-log-head">
            <h4 class="delivery-log-title">"Delivery log"</h4>
            <button
                class="btn btn-secondary btn-sm"
                type="button"
                disabled=move || loading.get()
                on:click=move |_| {
                    notice.set(None);
                    load.dispatch(None);
                }
            >
                {move || if loading.get() { "Refreshing…" } else { "Refresh" }}
            </button>
        </div>
        <p role="status" aria-live="polite" class="small">
            {move || notice.get().map(|(ok, text)| view! {
                <span class=if ok { "text-success" } else { "text-danger" }>{text}</span>
            })}
        </p>
        {move || {
            if let Some(message) = load_error.get() {
                return view! {
                    <ErrorState message=message retry=move || { load.dispatch(None); } />
                }
                .into_any();
            }
            if !loaded.get() {
                return view! { <Loading label="Loading deliveries…" /> }.into_any();
            }
            if items.with(Vec::is_empty) {
                return view! {
                    <EmptyState
                        title="No deliveries yet"
                        text="Messages sent to this endpoint appear here. Refresh in a moment."
                    />
                }
                .into_any();
            }
            let caption = caption.clone();
            view! {
                <div class="table-scroll">
                    <table class="delivery-table">
                        <caption class="visually-hidden">{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Event"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Attempts"</th>
                                <th scope="col">"Response"</th>
                                <th scope="col">"Latency"</th>
                                <th scope="col">"Next try"</th>
                                <th scope="col">"Error"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || items.get() key=|d| (d.id.clone(), d.attempts, d.status.as_str(), d.next_attempt_at.clone()) let(d)>
                                {
                                    let (badge_class, badge_text) = delivery_badge(d.status);
                                    let next_try = if d.status == WebhookDeliveryStatus::Queued {
                                        format_datetime(&d.next_attempt_at)
                                    } else {
                                        "—".to_string()
                                    };
                                    let when = match &d.delivered_at {
                                        Some(at) => format!("Delivered {}", format_datetime(at)),
                                        None => format!("Created {}", format_datetime(&d.created_at)),
                                    };
                                    let delivery_id = d.id.clone();
                                    let label = format!("Redeliver {} ({})", d.event_type, format_datetime(&d.created_at));
                                    view! {
                                        <tr>
                                            <td data-label="Event">
                                                <span class="code">{d.event_type.clone()}</span>
                                                <span class="small muted delivery-when">{when}</span>
                                            </td>
                                            <td data-label="Status"><span class=badge_class>{badge_text}</span></td>
                                            <td data-label="Attempts">{d.attempts}</td>
                                            <td data-label="Response">
                                                {d.last_status_code.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}
                                            </td>
                                            <td data-label="Latency">
                                                {d.last_latency_ms.map(|ms| format!("{ms} ms")).unwrap_or_else(|| "—".into())}
                                            </td>
                                            <td data-label="Next try">{next_try}</td>
                                            <td data-label="Error" class="delivery-error">
                                                {d.last_error.clone().unwrap_or_else(|| "—".into())}
                                            </td>
                                            <td class="delivery-action">
                                                <button
                                                    class="btn btn-secondary btn-sm"
                                                    type="button"
                                                    aria-label=label
                                                    disabled=move || redelivering.get()
                                                    on:click=move |_| {
                                                        redeliver.dispatch(delivery_id.clone());
                                                    }
                                                >
                                                    "Redeliver"
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                </div>
                <Show when=move || next_cursor.with(Option::is_some)>
                    <button
                        class="btn btn-secondary btn-sm load-more"
                        type="button"
                        disabled=move || loading.get()
                        on:click=move |_| {
                            load.dispatch(next_cursor.get_untracked());
                        }
                    >
                        "Show older deliveries"
                    </button>
                </Show>
            }
            .into_any()
        }}
    }
}

#[component]
fn CreateWebhookForm(on_created: Callback<WebhookCreatedDto>) -> impl IntoView {
    let api = use_api();
    let url = RwSignal::new(String::new());
    let url_error = RwSignal::new(None::<String>);
    let events = RwSignal::new(
        WEBHOOK_EVENT_TYPES
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>(),
    );
    let events_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    // The server decides which schemes and hosts it accepts; here only what is surely wrong.
    let check_url = move |value: &str| -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            Some("Enter the URL of your endpoint, e.g. https://ats.example.com/hooks/interview-flow.".into())
        } else if value.contains(char::is_whitespace) {
            Some("The URL must not contain spaces.".into())
        } else if !value.contains("://") {
            Some("Enter a full address starting with https://.".into())
        } else {
            None
        }
    };
    let check_events = move |list: &[String]| -> Option<String> {
        list.is_empty()
            .then(|| "Choose at least one event to be told about.".to_string())
    };
    Effect::new(move |_| {
        let v = url.get();
        if url_error.with_untracked(Option::is_some) {
            url_error.set(check_url(&v));
        }
    });
    Effect::new(move |_| {
        let problem = events.with(|list| check_events(list));
        if events_error.with_untracked(Option::is_some) {
            events_error.set(problem);
        }
    });

    let create = Action::new_local(move |request: &CreateWebhookRequest| {
        let request = request.clone();
        async move {
            match api.create_webhook(&request).await {
                Ok(created) => {
                    url.set(String::new());
                    on_created.run(created);
                }
                Err(err) => match err.field() {
                    Some("url") => {
                        url_error.set(Some(err.message()));
                        focus_id(WEBHOOK_URL_ID);
                    }
                    Some("events") => {
                        events_error.set(Some(err.message()));
                        focus_id("webhook-event-0");
                    }
                    _ => form_error.set(Some(format!(
                        "The endpoint was not added. {}",
                        err.message()
                    ))),
                },
            }
        }
    });
    let pending = create.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let url_problem = check_url(&url.get_untracked());
        let events_problem = events.with_untracked(|list| check_events(list));
        url_error.set(url_problem.clone());
        events_error.set(events_problem.clone());
        if url_problem.is_some() {
            focus_id(WEBHOOK_URL_ID);
            return;
        }
        if events_problem.is_some() {
            focus_id("webhook-event-0");
            return;
        }
        // Keep the canonical order of the event list.
        let chosen = events.with_untracked(|list| {
            WEBHOOK_EVENT_TYPES
                .iter()
                .filter(|e| list.iter().any(|c| c == *e))
                .map(|e| e.to_string())
                .collect()
        });
        create.dispatch(CreateWebhookRequest {
            url: url.get_untracked().trim().to_string(),
            events: chosen,
        });
    };

    let events_described_by = move || {
        events_error
            .with(Option::is_some)
            .then_some("webhook-events-error")
    };

    view! {
        <form class="form integration-form" novalidate on:submit=on_submit aria-labelledby="add-webhook-title">
            <h3 class="h3" id="add-webhook-title">"Add an endpoint"</h3>
            <ErrorAlert message=form_error />
            <TextField
                id=WEBHOOK_URL_ID
                label="Endpoint URL"
                kind="url"
                hint="The https:// address in your system that receives the messages."
                value=url
                error=url_error
                autocomplete="off"
            />
            <fieldset class="field" aria-describedby=events_described_by>
                <legend>"Events"</legend>
                <div class="event-choices">
                    {WEBHOOK_EVENT_TYPES
                        .iter()
                        .enumerate()
                        .map(|(i, event)| {
                            let event = event.to_string();
                            let input_id = format!("webhook-event-{i}");
                            let label_for = input_id.clone();
                            let for_checked = event.clone();
                            let for_change = event.clone();
                            view! {
                                <label class="choice event-choice" for=label_for>
                                    <input
                                        type="checkbox"
                                        id=input_id
                                        value=event.clone()
                                        aria-invalid=move || events_error.with(Option::is_some).to_string()
                                        prop:checked=move || events.with(|l| l.contains(&for_checked))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            events.update(|l| {
                                                l.retain(|e| e != &for_change);
                                                if on {
                                                    l.push(for_change.clone());
                                                }
                                            });
                                        }
                                    />
                                    <span>
                                        <span class="code">{event.clone()}</span>
                                        <span class="small muted choice-hint">{event_description(&event)}</span>
                                    </span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                {move || events_error.get().map(|m| view! { <p class="field-error" id="webhook-events-error">{m}</p> })}
            </fieldset>
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Adding…" } else { "Add endpoint" }}
                </button>
            </div>
        </form>
    }
}

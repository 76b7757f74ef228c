//! Webhook endpoints: list, create (the signing secret is shown once; a test message goes
//! out), delete.

use interview_flow_shared::webhooks::WEBHOOK_EVENT_TYPES;
use interview_flow_shared::{CreateWebhookRequest, WebhookCreatedDto, WebhookEndpointDto};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{
    ConfirmButton, CopyLink, EmptyState, ErrorAlert, ErrorState, Loading, SubmitButton, TextField,
    focus_id,
};
use crate::pages::format::format_date;

use super::DocsLink;
use super::deliveries::DeliveryLog;

const WEBHOOK_URL_ID: &str = "webhook-url";

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
pub(super) fn WebhooksSection() -> impl IntoView {
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
                <SubmitButton pending=pending label="Add endpoint" pending_label="Adding…" />
            </div>
        </form>
    }
}

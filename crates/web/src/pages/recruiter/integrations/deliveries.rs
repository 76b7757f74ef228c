//! One webhook endpoint's delivery log: what was sent, the outcome, redelivery.

use interview_flow_shared::{WebhookDeliveryDto, WebhookDeliveryStatus};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{EmptyState, ErrorState, Loading};
use crate::pages::format::format_datetime;

fn delivery_badge(status: WebhookDeliveryStatus) -> (&'static str, &'static str) {
    match status {
        WebhookDeliveryStatus::Delivered => ("badge badge-success", "Delivered"),
        WebhookDeliveryStatus::Queued => ("badge badge-info", "Queued"),
        WebhookDeliveryStatus::Failed => ("badge badge-danger", "Failed"),
    }
}

/// An endpoint's deliveries, newest first, with Refresh, older pages and Redeliver.
#[component]
pub(super) fn DeliveryLog(endpoint_id: String, url: String) -> impl IntoView {
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

//! `/dashboard/settings/integrations`: organisation API keys and webhook endpoints, for
//! connecting an applicant tracking system (Greenhouse, Lever…). The keys are in
//! `api_keys.rs`, the endpoints in `webhooks.rs`, an endpoint's delivery log in
//! `deliveries.rs`.

mod api_keys;
mod deliveries;
mod webhooks;

use interview_flow_shared::Role;
use leptos::prelude::*;

use crate::components::set_title;
use crate::pages::shell::RequireRole;
use crate::routes;

use api_keys::ApiKeysSection;
use webhooks::WebhooksSection;

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
pub(super) fn DocsLink() -> impl IntoView {
    view! {
        <a href="/api/docs" target="_blank" rel="external noopener">
            "API reference"
            <span class="visually-hidden">" (opens in a new tab)"</span>
        </a>
    }
}

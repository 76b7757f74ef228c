//! `/dashboard/settings`: the organisation's name, logo and brand colour, and a link to its
//! integrations (API keys, webhooks).

use interview_flow_shared::validation::{
    validate_brand_color, validate_company_name, validate_logo_url,
};
use interview_flow_shared::{OrganizationDto, Role, UpdateOrganizationRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::use_api;
use crate::brand::contrast_text;
use crate::components::{
    ErrorAlert, ErrorState, Loading, SubmitButton, TextField, focus_id, set_title,
};
use crate::pages::shell::RequireRole;
use crate::session::use_session;

#[component]
pub fn SettingsPage() -> impl IntoView {
    set_title("Organisation settings");
    let api = use_api();
    let org = LocalResource::new(move || async move { api.organization().await });
    view! {
        <RequireRole role=Role::Recruiter>
            <header class="page-header">
                <h1>"Organisation settings"</h1>
                <p class="muted">"Your name, logo and colour appear in invitation emails, on the candidate's dashboard and in the interview room."</p>
            </header>
            {move || match org.get() {
                None => view! { <Loading label="Loading your organisation…" /> }.into_any(),
                Some(Err(err)) => view! {
                    <ErrorState message=format!("Your organisation could not be loaded. {}", err.message()) retry=move || org.refetch() />
                }
                .into_any(),
                Some(Ok(org)) => view! { <SettingsForm org=org /> }.into_any(),
            }}
            <section class="card section-gap form-narrow" aria-labelledby="settings-integrations-title">
                <h2 class="card-title" id="settings-integrations-title">"Integrations"</h2>
                <p class="muted">"Connect your applicant tracking system (Greenhouse, Lever…) with organisation API keys and signed webhooks."</p>
                <a class="btn btn-secondary" href=crate::routes::SETTINGS_INTEGRATIONS>"Manage API keys and webhooks"</a>
            </section>
        </RequireRole>
    }
}

#[component]
fn SettingsForm(org: OrganizationDto) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let name = RwSignal::new(org.name.clone());
    let logo = RwSignal::new(org.logo_url.clone().unwrap_or_default());
    let color = RwSignal::new(org.brand_color.clone());
    let name_error = RwSignal::new(None::<String>);
    let logo_error = RwSignal::new(None::<String>);
    let color_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let logo_broken = RwSignal::new(false);
    // While typing, update an error already shown; new ones wait for submit.
    Effect::new(move |_| {
        let v = name.get();
        if name_error.with_untracked(Option::is_some) {
            name_error.set(validate_company_name(&v).err().map(|e| e.message));
        }
    });
    Effect::new(move |_| {
        let v = logo.get();
        if logo_error.with_untracked(Option::is_some) {
            logo_error.set(validate_logo_url(&v).err().map(|e| e.message));
        }
    });
    Effect::new(move |_| {
        let v = color.get();
        if color_error.with_untracked(Option::is_some) {
            color_error.set(validate_brand_color(&v).err().map(|e| e.message));
        }
    });

    let save = Action::new_local(move |request: &UpdateOrganizationRequest| {
        let request = request.clone();
        async move {
            match api.update_organization(&request).await {
                Ok(updated) => {
                    name.set(updated.name.clone());
                    logo.set(updated.logo_url.clone().unwrap_or_default());
                    color.set(updated.brand_color.clone());
                    if let Some(mut user) = session.user() {
                        user.organization = Some(updated);
                        session.set_user(user);
                    }
                    saved.set(Some("Settings saved.".into()));
                }
                Err(err) => {
                    let target = match err.field() {
                        Some("name" | "company_name") => Some((name_error, "org-name")),
                        Some("logo_url") => Some((logo_error, "org-logo")),
                        Some("brand_color") => Some((color_error, "org-color-hex")),
                        _ => None,
                    };
                    match target {
                        Some((signal, id)) => {
                            signal.set(Some(err.message()));
                            focus_id(id);
                        }
                        None => form_error
                            .set(Some(format!("Settings were not saved. {}", err.message()))),
                    }
                }
            }
        }
    });
    let pending = save.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        saved.set(None);
        let n = validate_company_name(&name.get_untracked());
        let l = validate_logo_url(&logo.get_untracked());
        let c = validate_brand_color(&color.get_untracked());
        name_error.set(n.as_ref().err().map(|e| e.message.clone()));
        logo_error.set(l.as_ref().err().map(|e| e.message.clone()));
        color_error.set(c.as_ref().err().map(|e| e.message.clone()));
        match (n, l, c) {
            (Ok(name), Ok(logo), Ok(color)) => {
                save.dispatch(UpdateOrganizationRequest {
                    name: Some(name),
                    logo_url: Some(logo.unwrap_or_default()),
                    brand_color: Some(color),
                });
            }
            (Err(_), _, _) => focus_id("org-name"),
            (_, Err(_), _) => focus_id("org-logo"),
            _ => focus_id("org-color-hex"),
        }
    };

    let valid_color = move || validate_brand_color(&color.get()).ok();
    let preview_style =
        move || valid_color().map(|c| format!("background: {c}; color: {};", contrast_text(&c)));
    let logo_preview = move || validate_logo_url(&logo.get()).ok().flatten();

    view! {
        <form class="card form form-narrow" novalidate on:submit=on_submit>
            <ErrorAlert message=form_error />
            <TextField
                id="org-name"
                label="Organisation name"
                value=name
                error=name_error
                autocomplete="organization"
            />
            <TextField
                id="org-logo"
                label="Logo URL (optional)"
                kind="url"
                hint="A full https:// address of a square or wide image. Leave empty for no logo."
                value=logo
                error=logo_error
            />
            {move || logo_preview().map(|src| {
                logo_broken.set(false);
                view! {
                    <div class="logo-preview">
                        <span class="small muted">"Preview"</span>
                        <img src=src alt="Logo preview" on:error=move |_| logo_broken.set(true) on:load=move |_| logo_broken.set(false) />
                        {move || logo_broken.get().then(|| view! {
                            <p class="field-error">"This image could not be loaded. Check the address (it must be publicly reachable)."</p>
                        })}
                    </div>
                }
            })}
            <div class="field">
                <label for="org-color-hex">"Brand colour"</label>
                <p class="hint" id="org-color-hint">"Used for buttons and accents. Pick a colour or type a hex value like #2563eb."</p>
                <div class="color-row">
                    <input
                        class="color-input"
                        type="color"
                        id="org-color-picker"
                        aria-label="Brand colour picker"
                        prop:value=move || valid_color().unwrap_or_else(|| "#2563eb".into())
                        on:input=move |ev| {
                            color.set(event_target_value(&ev));
                            color_error.set(None);
                        }
                    />
                    <input
                        class="input input-hex"
                        type="text"
                        id="org-color-hex"
                        spellcheck="false"
                        aria-describedby="org-color-hint org-color-error"
                        aria-invalid=move || color_error.with(Option::is_some).to_string()
                        prop:value=move || color.get()
                        on:input=move |ev| color.set(event_target_value(&ev))
                    />
                    <span class="brand-sample" style=preview_style aria-hidden="true">"Button"</span>
                </div>
                {move || color_error.get().map(|m| view! { <p class="field-error" id="org-color-error">{m}</p> })}
            </div>
            <div class="form-actions">
                <SubmitButton pending=pending label="Save settings" pending_label="Saving…" />
            </div>
            <p role="status" aria-live="polite" class="text-success">{move || saved.get()}</p>
        </form>
    }
}

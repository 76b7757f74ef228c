//! The role homes. At this stage they show who is signed in; later stages add the
//! recruiter's jobs and interviews and the candidate's invitations here.

use interview_flow_shared::Role;
use leptos::prelude::*;

use crate::components::set_title;
use crate::pages::shell::RequireRole;
use crate::session::{role_label, use_session};

/// `/dashboard/recruiter`.
#[component]
pub fn RecruiterHome() -> impl IntoView {
    set_title("Recruiter dashboard");
    view! {
        <RequireRole role=Role::Recruiter>
            <header class="page-header">
                <h1>"Recruiter dashboard"</h1>
            </header>
            <WelcomeCard />
        </RequireRole>
    }
}

/// `/dashboard/jobseeker`.
#[component]
pub fn JobseekerHome() -> impl IntoView {
    set_title("Your interviews");
    view! {
        <RequireRole role=Role::Candidate>
            <header class="page-header">
                <h1>"Your dashboard"</h1>
            </header>
            <WelcomeCard />
        </RequireRole>
    }
}

/// Who is signed in: name, email, role, organisation and its colour.
#[component]
fn WelcomeCard() -> impl IntoView {
    let session = use_session();
    move || {
        session.user().map(|user| {
            let first_name = user
                .full_name
                .split_whitespace()
                .next()
                .unwrap_or(&user.full_name)
                .to_string();
            let organization = user.organization.map(|org| {
                let swatch = format!("background: {}", safe_color(&org.brand_color));
                let color = org.brand_color.clone();
                view! {
                    <dt>"Organisation"</dt>
                    <dd>{org.name}</dd>
                    <dt>"Brand colour"</dt>
                    <dd>
                        <span class="swatch" style=swatch aria-hidden="true"></span>
                        <span class="code">{color}</span>
                    </dd>
                }
            });
            view! {
                <section class="card" aria-labelledby="welcome-title">
                    <h2 class="card-title" id="welcome-title">{format!("Welcome, {first_name}")}</h2>
                    <dl class="details">
                        <dt>"Name"</dt>
                        <dd>{user.full_name}</dd>
                        <dt>"Email"</dt>
                        <dd>{user.email}</dd>
                        <dt>"Role"</dt>
                        <dd>
                            <span class="badge">{role_label(user.role)}</span>
                        </dd>
                        {organization}
                    </dl>
                </section>
            }
        })
    }
}

/// The colour if it is a valid hex colour, else the default (never unchecked CSS).
fn safe_color(color: &str) -> String {
    interview_flow_shared::validation::validate_brand_color(color)
        .unwrap_or_else(|_| interview_flow_shared::validation::DEFAULT_BRAND_COLOR.to_string())
}

//! The ready page's header mark and the cards shown instead of the system check: not your
//! interview, closed or expired, and the way back to the dashboard.

use interview_flow_shared::{InterviewReadyDto, InterviewStatus};
use leptos::either::Either;
use leptos::prelude::*;

use crate::components::SignOutButton;
use crate::pages::link_session::LinkSessionNotice;
use crate::routes;
use crate::session::use_session;

/// The company's logo, or its name when there is no logo.
#[component]
pub(super) fn CompanyMark(details: Memo<Option<InterviewReadyDto>>) -> impl IntoView {
    move || {
        details.get().map(|d| {
            let name = d.company.name.clone();
            match d.company.logo_url.clone().filter(|u| !u.trim().is_empty()) {
                Some(url) => Either::Left(view! {
                    <span class="iv-company">
                        <img class="iv-company-logo" src=url alt=format!("{name} logo") />
                        <span class="iv-company-name">{name.clone()}</span>
                    </span>
                }),
                None => Either::Right(view! {
                    <span class="iv-company">
                        <span class="iv-company-initials" aria-hidden="true">{initials(&name)}</span>
                        <span class="iv-company-name">{name.clone()}</span>
                    </span>
                }),
            }
        })
    }
}

/// Up to two initials of a company name.
pub(in crate::pages::interview) fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() {
        "AI".to_string()
    } else {
        letters
    }
}

#[component]
pub(super) fn InfoCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="card iv-info">
            <h1>{title}</h1>
            {children()}
        </section>
    }
}

#[component]
pub(super) fn NotYours() -> impl IntoView {
    let session = use_session();
    let email = move || session.user().map(|u| u.email).unwrap_or_default();
    view! {
        <InfoCard title="This interview belongs to another candidate">
            <p>
                "You're signed in as " <strong>{email}</strong>
                ", but this interview link was sent to someone else. Sign out, then open the link from your own invitation email."
            </p>
            <div class="btn-row">
                <SignOutButton class="btn btn-primary" label="Sign out and use the link from your email" />
            </div>
        </InfoCard>
    }
}

#[component]
pub(super) fn ClosedInterview(
    status: InterviewStatus,
    details: Memo<Option<InterviewReadyDto>>,
) -> impl IntoView {
    let company = move || {
        details
            .with(|d| d.as_ref().map(|d| d.company.name.clone()))
            .unwrap_or_else(|| "The company".to_string())
    };
    let (title, body): (&'static str, String) = match status {
        InterviewStatus::Completed => (
            "You've completed this interview — thank you",
            format!(
                "{} will review your interview and contact you by email about the next steps.",
                company()
            ),
        ),
        InterviewStatus::Cancelled => (
            "This interview was cancelled",
            format!(
                "{} cancelled this interview. If you think this is a mistake, reply to your invitation email.",
                company()
            ),
        ),
        InterviewStatus::Abandoned => (
            "This interview wasn't finished",
            format!(
                "The interview was started but not finished in time, so it has closed. Contact {} if you would like another chance.",
                company()
            ),
        ),
        _ => (
            "This interview link has expired",
            format!(
                "The time to take this interview has passed. Reply to your invitation email to ask {} for a new time.",
                company()
            ),
        ),
    };
    view! {
        <InfoCard title=title>
            <p>{body}</p>
            <DashboardLink />
        </InfoCard>
    }
}

/// "Go to your dashboard", or for a session from the emailed link (which opens only this
/// interview) how to get into the account.
#[component]
pub(super) fn DashboardLink() -> impl IntoView {
    let session = use_session();
    move || {
        if session.is_link_session() {
            Either::Left(view! { <LinkSessionNotice /> })
        } else {
            Either::Right(view! {
                <a class="btn btn-secondary" href=routes::CANDIDATE_HOME>"Go to your dashboard"</a>
            })
        }
    }
}

//! `/interview/ready/{id}`: what the interview is, consent, and a system check (camera
//! preview, microphone level, speaker test, browser capabilities) before starting.
//!
//! This module loads the interview and picks what to show; `setup.rs` lays out the check
//! (`check.rs`, `speaker.rs`) and the consent and start (`start.rs`).

mod check;
mod details;
mod notices;
mod setup;
mod speaker;
mod start;

use interview_flow_shared::{InterviewReadyDto, InterviewStatus, WindowState};
use leptos::either::EitherOf8;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::CandidateGate;
use crate::api::{ApiError, use_api};
use crate::brand::brand_style;
use crate::components::{Loading, set_title};
use crate::pages::link_session::{LinkSessionNotice, is_link_session_error};
pub(super) use notices::initials;
use notices::{ClosedInterview, CompanyMark, DashboardLink, InfoCard, NotYours};
use setup::ReadyMain;

/// sessionStorage key for the devices chosen here (the room uses the same ones).
pub(super) const DEVICES_KEY: &str = "interview-flow.devices";

#[component]
pub fn InterviewReady() -> impl IntoView {
    set_title("Get ready for your interview");
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    view! {
        <CandidateGate>
            {move || view! { <ReadyPage id=id.get() /> }}
        </CandidateGate>
    }
}

#[derive(Clone, PartialEq)]
enum ReadyView {
    Loading,
    NotYours,
    /// A session from an emailed link for another interview.
    OtherInterviewLink,
    NotFound,
    Failed(String),
    Closed(InterviewStatus),
    WindowExpired,
    Main,
}

#[component]
fn ReadyPage(id: String) -> impl IntoView {
    let api = use_api();
    let id = StoredValue::new(id);
    let ready = RwSignal::new(None::<Result<InterviewReadyDto, ApiError>>);
    let load = move || {
        spawn_local(async move {
            let result = api.interview_ready(&id.get_value()).await;
            ready.try_set(Some(result));
        });
    };
    load();
    let details =
        Memo::new(move |_| ready.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned())));
    let page = Memo::new(move |_| {
        ready.with(|r| match r {
            None => ReadyView::Loading,
            Some(Err(err)) => match err.status() {
                Some(403) if is_link_session_error(err) => ReadyView::OtherInterviewLink,
                Some(403) => ReadyView::NotYours,
                Some(404) => ReadyView::NotFound,
                // The session expired: the API client is sending the visitor to sign in.
                Some(401) => ReadyView::Loading,
                _ => ReadyView::Failed(err.message()),
            },
            Some(Ok(d)) => match d.status {
                InterviewStatus::Completed
                | InterviewStatus::Cancelled
                | InterviewStatus::Expired
                | InterviewStatus::Abandoned => ReadyView::Closed(d.status),
                _ if d.window.state == WindowState::Expired => ReadyView::WindowExpired,
                _ => ReadyView::Main,
            },
        })
    });
    let style =
        move || details.with(|d| d.as_ref().and_then(|d| brand_style(&d.company.brand_color)));
    let reload = Callback::new(move |_: ()| load());
    let retry = move |_| {
        ready.set(None);
        load();
    };

    view! {
        <div class="iv-page" style=style>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="iv-page-header">
                <CompanyMark details=details />
                <span class="iv-page-product">"Interview Flow"</span>
            </header>
            <main class="iv-page-main" id="main" tabindex="-1">
                {move || match page.get() {
                    ReadyView::Loading => EitherOf8::A(view! { <Loading label="Loading your interview…" /> }),
                    ReadyView::NotYours => EitherOf8::B(view! { <NotYours /> }),
                    ReadyView::OtherInterviewLink => EitherOf8::H(view! {
                        <InfoCard title="This link opens a different interview">
                            <p>"You're signed in with the emailed link of another interview. Open this interview with its own link, or sign in with your password."</p>
                            <LinkSessionNotice back_to_interview=true />
                        </InfoCard>
                    }),
                    ReadyView::NotFound => EitherOf8::C(view! {
                        <InfoCard title="We can't find this interview">
                            <p>
                                "Check that you opened the whole link from your invitation email. "
                                "If it still doesn't work, reply to that email to contact the company that invited you."
                            </p>
                            <DashboardLink />
                        </InfoCard>
                    }),
                    ReadyView::Failed(message) => EitherOf8::D(view! {
                        <InfoCard title="We couldn't load your interview">
                            <div class="alert alert-error" role="alert"><p>{message}</p></div>
                            <div class="btn-row">
                                <button class="btn btn-primary" type="button" on:click=retry>"Try again"</button>
                            </div>
                        </InfoCard>
                    }),
                    ReadyView::Closed(status) => EitherOf8::E(view! { <ClosedInterview status=status details=details /> }),
                    ReadyView::WindowExpired => EitherOf8::F(view! { <ClosedInterview status=InterviewStatus::Expired details=details /> }),
                    ReadyView::Main => EitherOf8::G(view! { <ReadyMain id=id.get_value() details=details reload=reload /> }),
                }}
            </main>
        </div>
    }
}

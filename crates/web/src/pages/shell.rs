//! The signed-in app shell and its route guard.
//!
//! Routes nested under the shell render in its `<Outlet/>` only once the session is
//! restored and signed in; signed-out visitors go to `/signin?next=<path>`.

use interview_flow_shared::Role;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

use crate::brand::brand_style;
use crate::components::{AppFrame, FullPageLoading, RestoreFailedPage, SignInLink, SignOutButton};
use crate::pages::link_session::LinkSessionNotice;
use crate::routes;
use crate::session::{role_label, use_session};

/// Guard + layout for every signed-in page.
#[component]
pub fn Shell() -> impl IntoView {
    let session = use_session();
    let sign_in_target = move || {
        if session.signed_out_deliberately() {
            routes::SIGN_IN.to_string()
        } else {
            routes::sign_in_with_next(&routes::current_path())
        }
    };
    view! {
        <Show
            when=move || !session.is_restoring()
            fallback=|| view! { <FullPageLoading label="Loading your account…" /> }
        >
            <Show
                when=move || session.is_signed_in() || session.restore_error().is_none()
                fallback=|| view! { <RestoreFailed /> }
            >
                <Show
                    when=move || session.is_signed_in()
                    fallback=move || view! { <Redirect path=sign_in_target() options=routes::replace() /> }
                >
                    <SignedInLayout />
                </Show>
            </Show>
        </Show>
    }
}

#[component]
fn SignedInLayout() -> impl IntoView {
    let session = use_session();
    let user = Memo::new(move |_| session.user());
    let style = move || {
        user.with(|u| {
            u.as_ref()
                .and_then(|u| u.organization.as_ref())
                .and_then(|org| brand_style(&org.brand_color))
        })
    };

    view! {
        <AppFrame
            style=style
            top_bar=move || view! {
                <MainNav />
                <span class="topbar-spacer"></span>
                <div class="topbar-user">
                    {move || {
                        user.get()
                            .map(|u| {
                                let meta = match &u.organization {
                                    Some(org) => format!("{} · {}", role_label(u.role), org.name),
                                    None => role_label(u.role).to_string(),
                                };
                                view! {
                                    <div class="topbar-user-text">
                                        <span class="topbar-user-name">{u.full_name}</span>
                                        <span class="topbar-user-meta">{meta}</span>
                                    </div>
                                }
                            })
                    }}
                    <SignOutButton pending_label="Signing out…" />
                </div>
            }
        >
            // A session from an emailed interview link opens only its interview: every
            // page here would be refused, so explain that instead.
            <Show when=move || !session.is_link_session() fallback=|| view! { <LinkSessionPage /> }>
                <Outlet />
            </Show>
        </AppFrame>
    }
}

/// What a session from an emailed interview link sees on the account pages.
#[component]
fn LinkSessionPage() -> impl IntoView {
    crate::components::set_title("Your account");
    view! {
        <header class="page-header">
            <h1>"Your account"</h1>
        </header>
        <LinkSessionNotice back_to_interview=true />
    }
}

/// Role-specific navigation; the current page is marked with `aria-current="page"`.
#[component]
pub fn MainNav() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let links = move || -> Vec<(String, &'static str)> {
        let fixed: &[(&str, &str)] = match session.role() {
            // A session from an emailed link opens only its interview.
            Some(_) if session.is_link_session() => {
                return vec![(session.home(), "Your interview")];
            }
            Some(Role::Recruiter) => &[
                (routes::RECRUITER_HOME, "Dashboard"),
                (routes::RECRUITER_JOBS, "Jobs"),
                (routes::SCHEDULE_INTERVIEW, "Schedule"),
                (routes::SETTINGS, "Settings"),
                (routes::ACCOUNT, "Account"),
            ],
            Some(Role::Candidate) => &[
                (routes::CANDIDATE_HOME, "My interviews"),
                (routes::JOB_BOARD, "Find jobs"),
                (routes::ACCOUNT, "Account"),
            ],
            None => &[],
        };
        fixed
            .iter()
            .map(|(href, label)| ((*href).to_string(), *label))
            .collect()
    };
    let is_current = move |href: &str| {
        let path = location.pathname.get();
        if href == routes::RECRUITER_JOBS || href == routes::SETTINGS {
            // Their sub-pages (a job, the integrations) belong to the same section.
            path.starts_with(href)
        } else if href == routes::RECRUITER_HOME {
            path == href
                || (path.starts_with(routes::RECRUITER_INTERVIEWS_PREFIX)
                    && path != routes::SCHEDULE_INTERVIEW)
        } else {
            path == href
        }
    };
    view! {
        <nav class="main-nav" aria-label="Main">
            <ul>
                {move || {
                    links()
                        .into_iter()
                        .map(|(href, label)| {
                            let target = href.clone();
                            view! {
                                <li>
                                    <a
                                        href=href
                                        aria-current=move || is_current(&target).then_some("page")
                                    >
                                        {label}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </nav>
    }
}

/// `/dashboard`: go to the signed-in user's own dashboard.
#[component]
pub fn DashboardIndex() -> impl IntoView {
    let session = use_session();
    move || {
        session
            .is_signed_in()
            .then(|| view! { <Redirect path=session.home() options=routes::replace() /> })
    }
}

/// Renders `children` only for users of `role`; others go to their own home.
#[component]
pub fn RequireRole(role: Role, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let current = Memo::new(move |_| session.role());
    move || match current.get() {
        Some(r) if r == role => Some(children().into_any()),
        Some(other) => Some(
            view! { <Redirect path=routes::home_for(other) options=routes::replace() /> }
                .into_any(),
        ),
        None => None,
    }
}

/// The server could not be reached while restoring the session: say so, offer a retry.
#[component]
fn RestoreFailed() -> impl IntoView {
    let session = use_session();
    view! {
        <RestoreFailedPage
            title="We could not load your account"
            message=Signal::derive(move || session.restore_error().unwrap_or_default())
        >
            <SignInLink class="btn btn-secondary" />
        </RestoreFailedPage>
    }
}

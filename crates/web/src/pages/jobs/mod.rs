//! The public job board (`/jobs`) and its layout; one posting (`/jobs/{id}`) in
//! `posting.rs`, applying with a résumé in `apply.rs`.

mod apply;
mod posting;

use interview_flow_shared::JobDto;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::use_api;
use crate::brand::brand_style;
use crate::components::{
    ActionButton, AppFrame, EmptyState, ErrorState, Loading, SignInLink, set_title,
};
use crate::pages::format::{format_date, humanize};
use crate::pages::shell::MainNav;
use crate::routes;
use crate::session::use_session;

pub use posting::JobPosting;

/// Header of the public pages: the product, the signed-in user's navigation or sign-in.
#[component]
pub(super) fn PublicLayout(children: Children) -> impl IntoView {
    let session = use_session();
    let style = move || {
        session
            .user()
            .and_then(|u| u.organization)
            .and_then(|org| brand_style(&org.brand_color))
    };
    view! {
        <AppFrame
            style=style
            top_bar=move || view! {
                <Show
                    when=move || session.is_signed_in()
                    fallback=|| view! {
                        <nav class="main-nav" aria-label="Main">
                            <ul>
                                <li><a href=routes::JOB_BOARD aria-current="page">"Find jobs"</a></li>
                            </ul>
                        </nav>
                        <span class="topbar-spacer"></span>
                        <div class="topbar-user">
                            <SignInLink return_here=true />
                        </div>
                    }
                >
                    <MainNav />
                    <span class="topbar-spacer"></span>
                </Show>
            }
        >
            {children()}
        </AppFrame>
    }
}

pub(super) fn job_meta(job: &JobDto) -> String {
    let mut parts = vec![job.company_name.clone()];
    if let Some(location) = &job.location {
        parts.push(location.clone());
    }
    if let Some(t) = job.employment_type {
        parts.push(humanize(t.as_str()));
    }
    if let Some(l) = job.experience_level {
        parts.push(humanize(l.as_str()));
    }
    parts.join(" · ")
}

/// `/jobs?q=`.
#[component]
pub fn JobBoard() -> impl IntoView {
    set_title("Find jobs");
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let q = Memo::new(move |_| query.with(|m| m.get("q")).unwrap_or_default());
    let search = RwSignal::new(q.get_untracked());
    Effect::new(move |_| search.set(q.get()));

    let items = RwSignal::new(Vec::<JobDto>::new());
    let cursor = RwSignal::new(None::<String>);
    let state = RwSignal::new(None::<Result<(), String>>);
    let load = Action::new_local(move |(q, after): &(String, Option<String>)| {
        let (q, after) = (q.clone(), after.clone());
        async move {
            match api.open_jobs(Some(&q), after.as_deref()).await {
                Ok(page) => {
                    if after.is_none() {
                        items.set(page.items);
                    } else {
                        items.update(|list| list.extend(page.items));
                    }
                    cursor.set(page.next_cursor);
                    state.set(Some(Ok(())));
                }
                Err(err) => state.set(Some(Err(format!(
                    "Jobs could not be loaded. {}",
                    err.message()
                )))),
            }
        }
    });
    Effect::new(move |_| {
        let q = q.get();
        state.set(None);
        load.dispatch((q, None));
    });
    let pending = load.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = search.get_untracked().trim().to_string();
        let target = routes::job_search(&text);
        navigate(&target, Default::default());
    };

    view! {
        <PublicLayout>
            <header class="page-header">
                <h1>"Find jobs"</h1>
                <p class="muted">"Open roles from companies hiring with Interview Flow."</p>
            </header>
            <form class="search" role="search" on:submit=on_submit>
                <label class="visually-hidden" for="job-search">"Search jobs"</label>
                <input
                    class="input"
                    id="job-search"
                    type="search"
                    placeholder="Title, skill or location"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                <button class="btn btn-primary" type="submit">"Search"</button>
            </form>
            {move || match state.get() {
                None => view! { <Loading label="Loading jobs…" /> }.into_any(),
                Some(Err(message)) => view! {
                    <ErrorState message=message retry=move || { load.dispatch((q.get_untracked(), None)); } />
                }
                .into_any(),
                Some(Ok(())) if items.with(Vec::is_empty) => view! {
                    <div class="card">
                        <EmptyState
                            title=if q.get().is_empty() { "No open jobs right now".to_string() } else { format!("No jobs match \u{201c}{}\u{201d}", q.get()) }
                            text="Try fewer or different words, or check back later."
                        />
                    </div>
                }
                .into_any(),
                Some(Ok(())) => view! {
                    <ul class="job-list">
                        <For each=move || items.get() key=|j| j.id.clone() let:job>
                            <li class="card job-card">
                                <h2 class="job-card-title"><a href=routes::job_posting(&job.id)>{job.title.clone()}</a></h2>
                                <p class="muted">{job_meta(&job)}</p>
                                {(!job.required_skills.is_empty()).then(|| view! {
                                    <ul class="chips" aria-label="Skills">
                                        {job.required_skills.iter().take(8).map(|s| view! { <li class="chip">{s.clone()}</li> }).collect_view()}
                                    </ul>
                                })}
                                <p class="small muted">{format!("Posted {}", format_date(&job.created_at))}</p>
                            </li>
                        </For>
                    </ul>
                    {move || cursor.get().map(|next| view! {
                        <ActionButton
                            class="btn btn-secondary load-more"
                            pending=pending
                            label="Load more"
                            pending_label="Loading…"
                            on_click=move |()| { load.dispatch((q.get_untracked(), Some(next.clone()))); }
                        />
                    })}
                }
                .into_any(),
            }}
        </PublicLayout>
    }
}

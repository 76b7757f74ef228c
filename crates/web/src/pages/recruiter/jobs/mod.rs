//! The organisation's jobs: the list here; the create/edit form in `form.rs` (its fields
//! and checks in `fields.rs`); one job with close/reopen and its applicants in
//! `applicants.rs`.

mod applicants;
mod fields;
mod form;

use interview_flow_shared::text::count;
use interview_flow_shared::{JobDto, JobStatus, Role};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{ApiError, use_api};
use crate::components::{EmptyCard, ErrorState, Loading, set_title};
use crate::pages::format::format_date;
use crate::pages::shell::RequireRole;
use crate::routes;
pub use applicants::JobApplicantsPage;
pub use form::{EditJobPage, NewJobPage};

pub(super) fn job_status_badge(status: JobStatus) -> impl IntoView {
    match status {
        JobStatus::Open => view! { <span class="badge badge-success">"Open"</span> },
        JobStatus::Closed => view! { <span class="badge badge-muted">"Closed"</span> },
    }
}

/// The job the route's `{id}` names, loaded again when the id changes.
fn job_of_route() -> LocalResource<Result<JobDto, ApiError>> {
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    LocalResource::new(move || {
        let id = id.get();
        async move { api.job(&id).await }
    })
}

/// `/dashboard/jobs`.
#[component]
pub fn JobsPage() -> impl IntoView {
    set_title("Jobs");
    view! {
        <RequireRole role=Role::Recruiter>
            <JobsList />
        </RequireRole>
    }
}

#[component]
fn JobsList() -> impl IntoView {
    let api = use_api();
    let jobs = LocalResource::new(move || async move { api.own_jobs().await });
    view! {
        <header class="page-header page-header-actions">
            <div>
                <h1>"Jobs"</h1>
                <p class="muted">"Your organisation's jobs, open and closed."</p>
            </div>
            <div class="header-actions">
                <a class="btn btn-primary" href=routes::NEW_JOB>"Post a job"</a>
            </div>
        </header>
        {move || match jobs.get() {
            None => view! { <Loading label="Loading jobs…" /> }.into_any(),
            Some(Err(err)) => view! {
                <ErrorState message=format!("Jobs could not be loaded. {}", err.message()) retry=move || jobs.refetch() />
            }
            .into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <EmptyCard
                    title="No jobs yet"
                    text="Post your first job: candidates can then apply, and you can schedule AI interviews for it."
                    href=routes::NEW_JOB
                    action="Post a job"
                />
            }
            .into_any(),
            Some(Ok(list)) => view! {
                <div class="card">
                    <ul class="rows">
                        {list
                            .into_iter()
                            .map(|s| {
                                let job = s.job;
                                let href = routes::recruiter_job(&job.id);
                                let edit = routes::edit_job(&job.id);
                                let edit_label = format!("Edit {}", job.title);
                                view! {
                                    <li class="row row-wrap">
                                        <div class="row-main">
                                            <a class="row-title" href=href>{job.title.clone()}</a>
                                            <span class="muted small">
                                                {format!(
                                                    "{} · {} · {} · posted {}",
                                                    job.location.clone().unwrap_or_else(|| "No location".into()),
                                                    count(s.applications_count, "applicant", "applicants"),
                                                    count(s.interviews_count, "interview", "interviews"),
                                                    format_date(&job.created_at)
                                                )}
                                            </span>
                                        </div>
                                        <div class="row-side">
                                            {job_status_badge(job.status)}
                                            <a class="btn btn-secondary btn-sm" href=edit aria-label=edit_label>"Edit"</a>
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
        }}
    }
}

//! `/jobs/{id}`: one job posting, and applying for it.

use interview_flow_shared::text::interview_length;
use interview_flow_shared::{JobDto, JobStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::apply::ApplySection;
use super::{PublicLayout, job_meta};
use crate::api::use_api;
use crate::components::{EmptyCard, ErrorState, Loading, set_title};
use crate::routes;
use crate::session::use_session;

/// `/jobs/{id}`: the posting and the application form.
#[component]
pub fn JobPosting() -> impl IntoView {
    set_title("Job");
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let session = use_session();
    // Wait for the session so recruiters see their own closed jobs too.
    let job = LocalResource::new(move || {
        let id = id.get();
        let restoring = session.is_restoring();
        async move {
            if restoring {
                return None;
            }
            Some(api.job(&id).await)
        }
    });
    view! {
        <PublicLayout>
            <p class="breadcrumb"><a href=routes::JOB_BOARD>"All jobs"</a></p>
            {move || match job.get().flatten() {
                None => view! { <Loading label="Loading the job…" /> }.into_any(),
                Some(Err(err)) if err.status() == Some(404) => view! {
                    <EmptyCard
                        title="This job is not available"
                        text="It may have been closed or the link may be mistyped."
                        href=routes::JOB_BOARD
                        action="See open jobs"
                    />
                }
                .into_any(),
                Some(Err(err)) => view! {
                    <ErrorState message=format!("The job could not be loaded. {}", err.message()) retry=move || job.refetch() />
                }
                .into_any(),
                Some(Ok(job)) => view! { <JobView job=job /> }.into_any(),
            }}
        </PublicLayout>
    }
}

#[component]
fn JobView(job: JobDto) -> impl IntoView {
    set_title(&job.title);
    let paragraphs: Vec<String> = job
        .description
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let job_id = job.id.clone();
    let closed = job.status == JobStatus::Closed;
    view! {
        <div class="job-layout">
            <article class="card">
                <h1>{job.title.clone()}</h1>
                <p class="muted">{job_meta(&job)}</p>
                {(!job.required_skills.is_empty()).then(|| view! {
                    <h2 class="h3">"Skills"</h2>
                    <ul class="chips" aria-label="Required skills">
                        {job.required_skills.iter().map(|s| view! { <li class="chip">{s.clone()}</li> }).collect_view()}
                    </ul>
                })}
                <h2 class="h3">"About the role"</h2>
                <div class="prose">
                    {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                </div>
                <p class="small muted">
                    {format!(
                        "The first round is an AI interview: {}, in your browser.",
                        interview_length(job.question_count, job.time_limit_minutes)
                    )}
                </p>
            </article>
            <aside class="card apply-card" aria-labelledby="apply-title">
                <h2 class="card-title" id="apply-title">"Apply"</h2>
                {if closed {
                    view! { <p class="muted">"This job is closed and no longer takes applications."</p> }.into_any()
                } else {
                    view! { <ApplySection job_id=job_id /> }.into_any()
                }}
            </aside>
        </div>
    }
}

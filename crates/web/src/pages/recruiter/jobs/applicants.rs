//! One job: its details, close/reopen, and its applicants.

use interview_flow_shared::text::count;
use interview_flow_shared::{
    ApplicationDto, ApplicationStatus, JobDto, JobStatus, Role, UpdateJobRequest,
};
use leptos::prelude::*;

use super::{job_of_route, job_status_badge};
use crate::api::use_api;
use crate::components::{
    ActionButton, ConfirmButton, EmptyState, ErrorAlert, ErrorState, Loading, set_title,
};
use crate::pages::format::{
    APPLICATION_STATUSES, application_status_class, application_status_label, format_date,
    size_text,
};
use crate::pages::recruiter::widgets::ResumeDownload;
use crate::pages::shell::RequireRole;
use crate::routes;

/// `/dashboard/jobs/{id}`: the job, close/reopen, and its applicants.
#[component]
pub fn JobApplicantsPage() -> impl IntoView {
    set_title("Job applicants");
    let job = job_of_route();
    view! {
        <RequireRole role=Role::Recruiter>
            {move || match job.get() {
                None => view! { <Loading label="Loading the job…" /> }.into_any(),
                Some(Err(err)) => view! {
                    <p class="breadcrumb"><a href=routes::RECRUITER_JOBS>"Jobs"</a></p>
                    <ErrorState message=format!("The job could not be loaded. {}", err.message()) retry=move || job.refetch() />
                }
                .into_any(),
                Some(Ok(j)) => view! { <JobDetail job=j /> }.into_any(),
            }}
        </RequireRole>
    }
}

#[component]
fn JobDetail(job: JobDto) -> impl IntoView {
    let api = use_api();
    set_title(&job.title);
    let current = RwSignal::new(job.clone());
    let status_error = RwSignal::new(None::<String>);
    let toggle = Action::new_local(move |next: &JobStatus| {
        let next = *next;
        async move {
            status_error.set(None);
            let id = current.with_untracked(|j| j.id.clone());
            match api
                .update_job(
                    &id,
                    &UpdateJobRequest {
                        status: Some(next),
                        ..Default::default()
                    },
                )
                .await
            {
                Ok(updated) => current.set(updated),
                Err(err) => status_error.set(Some(format!(
                    "The job status could not be changed. {}",
                    err.message()
                ))),
            }
        }
    });
    let toggling = toggle.pending();
    let edit_href = routes::edit_job(&job.id);
    let schedule_href = routes::schedule_interview_for(&job.id, None);
    let job_id = job.id.clone();
    view! {
        <header class="page-header">
            <p class="breadcrumb"><a href=routes::RECRUITER_JOBS>"Jobs"</a></p>
            <div class="page-header-actions">
                <div>
                    <h1>{move || current.with(|j| j.title.clone())}</h1>
                    <p class="muted">
                        {move || current.with(|j| {
                            let mut parts = vec![j.company_name.clone()];
                            if let Some(l) = &j.location { parts.push(l.clone()); }
                            parts.push(count(j.question_count, "main question", "main questions"));
                            parts.push(format!("{} min", j.time_limit_minutes));
                            parts.join(" · ")
                        })}
                        " "
                        {move || job_status_badge(current.with(|j| j.status))}
                    </p>
                </div>
                <div class="header-actions">
                    <a class="btn btn-primary" href=schedule_href>"Schedule interview"</a>
                    <a class="btn btn-secondary" href=edit_href>"Edit"</a>
                    {move || match current.with(|j| j.status) {
                        JobStatus::Open => view! {
                            <ConfirmButton
                                label="Close job"
                                question="Close this job? It leaves the job board and nobody can apply; scheduled interviews still take place."
                                confirm_label="Yes, close it"
                                danger=true
                                pending=toggling
                                on_confirm=move || { toggle.dispatch(JobStatus::Closed); }
                            />
                        }
                        .into_any(),
                        JobStatus::Closed => view! {
                            <ConfirmButton
                                label="Reopen job"
                                question="Reopen this job? It returns to the job board and candidates can apply again."
                                confirm_label="Yes, reopen it"
                                pending=toggling
                                on_confirm=move || { toggle.dispatch(JobStatus::Open); }
                            />
                        }
                        .into_any(),
                    }}
                </div>
            </div>
            <ErrorAlert message=status_error />
        </header>
        {(!job.required_skills.is_empty()).then(|| view! {
            <ul class="chips" aria-label="Required skills">
                {job.required_skills.iter().map(|s| view! { <li class="chip">{s.clone()}</li> }).collect_view()}
            </ul>
        })}
        <section class="card section-gap" aria-labelledby="applicants-title">
            <h2 class="card-title" id="applicants-title">"Applicants"</h2>
            <Applicants job_id=job_id />
        </section>
    }
}

#[component]
fn Applicants(job_id: String) -> impl IntoView {
    let api = use_api();
    let items = RwSignal::new(Vec::<ApplicationDto>::new());
    let cursor = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load = Action::new_local(move |(job, after): &(String, Option<String>)| {
        let (job, after) = (job.clone(), after.clone());
        async move {
            error.set(None);
            match api.job_applications(&job, after.as_deref()).await {
                Ok(page) => {
                    items.update(|list| list.extend(page.items));
                    cursor.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(err) => error.set(Some(format!(
                    "Applicants could not be loaded. {}",
                    err.message()
                ))),
            }
        }
    });
    load.dispatch((job_id.clone(), None));
    let pending = load.pending();
    let job_for_more = job_id.clone();
    let job_for_retry = job_id.clone();
    view! {
        {move || error.get().map(|message| {
            let job = job_for_retry.clone();
            view! { <ErrorState message=message retry=move || { load.dispatch((job.clone(), cursor.get_untracked())); } /> }
        })}
        {move || (!loaded.get() && error.with(Option::is_none)).then(|| view! { <Loading label="Loading applicants…" /> })}
        {move || (loaded.get() && items.with(Vec::is_empty)).then(|| view! {
            <EmptyState
                title="No applicants yet"
                text="Candidates apply from the public job board. You can also schedule an interview for anyone by email."
            />
        })}
        <ul class="rows">
            <For each=move || items.get() key=|a| a.id.clone() let:app>
                <ApplicantRow app=app />
            </For>
        </ul>
        {move || cursor.get().map(|next| {
            let job = job_for_more.clone();
            view! {
                <ActionButton
                    class="btn btn-secondary load-more"
                    pending=pending
                    label="Load more applicants"
                    pending_label="Loading…"
                    on_click=move |()| { load.dispatch((job.clone(), Some(next.clone()))); }
                />
            }
        })}
    }
}

#[component]
fn ApplicantRow(app: ApplicationDto) -> impl IntoView {
    let api = use_api();
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let status = RwSignal::new(app.status);
    let id = app.id.clone();
    let change = Action::new_local(move |(id, next): &(String, ApplicationStatus)| {
        let (id, next) = (id.clone(), *next);
        async move {
            error.set(None);
            saved.set(None);
            match api.update_application(&id, next).await {
                Ok(updated) => {
                    status.set(updated.status);
                    saved.set(Some(format!(
                        "Moved to {}.",
                        application_status_label(updated.status)
                    )));
                }
                Err(err) => {
                    // Put the select back on the status the server still has.
                    status.update(|_| {});
                    error.set(Some(err.message()));
                }
            }
        }
    });
    let pending = change.pending();
    let select_id = format!("status-{}", app.id);
    let schedule_href = routes::schedule_interview_for(&app.job_id, Some(&app.id));
    let final_state = move || {
        matches!(
            status.get(),
            ApplicationStatus::Offer | ApplicationStatus::Rejected
        )
    };
    view! {
        <li class="row row-wrap applicant">
            <div class="row-main">
                <span class="row-title">{app.candidate.full_name.clone()}</span>
                <span class="muted small">{format!("{} · applied {}", app.candidate.email, format_date(&app.created_at))}</span>
                {app.cover_note.clone().filter(|n| !n.trim().is_empty()).map(|note| view! {
                    <details class="cover-note">
                        <summary>"Cover note"</summary>
                        <p>{note}</p>
                    </details>
                })}
                {match app.resume.clone() {
                    Some(resume) => view! {
                        <div class="resume-line">
                            <span class="small">{format!("{} · {} · {}", resume.filename, resume.kind.to_uppercase(), size_text(resume.size_bytes as f64))}</span>
                            <ResumeDownload application_id=app.id.clone() filename=resume.filename.clone() />
                            {resume.warning.clone().map(|w| view! {
                                <p class="alert alert-warn small">{format!("Résumé warning: {w}")}</p>
                            })}
                        </div>
                    }
                    .into_any(),
                    None => view! { <span class="small muted">"No résumé on file."</span> }.into_any(),
                }}
            </div>
            <div class="row-side row-side-stack">
                <span class=move || application_status_class(status.get())>{move || application_status_label(status.get())}</span>
                <label class="visually-hidden" for=select_id.clone()>{format!("Status of {}", app.candidate.full_name)}</label>
                {move || {
                    let current = status.get();
                    let id = id.clone();
                    view! {
                        <select
                            class="input input-sm"
                            id=select_id.clone()
                            disabled=move || pending.get() || final_state()
                            on:change=move |ev| {
                                if let Some(next) = ApplicationStatus::parse(&event_target_value(&ev))
                                    && next != current
                                {
                                    change.dispatch((id.clone(), next));
                                }
                            }
                        >
                            {APPLICATION_STATUSES
                                .iter()
                                .filter(|s| current.can_move_to(**s))
                                .map(|s| {
                                    let text = if *s == current {
                                        format!("{} (current)", application_status_label(*s))
                                    } else {
                                        format!("Move to {}", application_status_label(*s))
                                    };
                                    view! { <option value=s.as_str() selected=*s == current>{text}</option> }
                                })
                                .collect_view()}
                        </select>
                    }
                }}
                {move || final_state().then(|| view! { <span class="small muted">"Final status"</span> })}
                <a class="btn btn-secondary btn-sm" href=schedule_href>"Schedule interview"</a>
                <span role="status" aria-live="polite" class="small">
                    {move || saved.get().map(|t| view! { <span class="text-success">{t}</span> })}
                    {move || error.get().map(|t| view! { <span class="text-danger">{t}</span> })}
                </span>
            </div>
        </li>
    }
}

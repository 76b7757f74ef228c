//! Posting and editing a job.

use interview_flow_shared::validation::validate_skills;
use interview_flow_shared::{
    CreateJobRequest, EmploymentType, ExperienceLevel, JobDto, MAX_QUESTION_COUNT,
    MAX_TIME_LIMIT_MINUTES, MIN_QUESTION_COUNT, MIN_TIME_LIMIT_MINUTES, Role, UpdateJobRequest,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::fields::{
    DESCRIPTION_ID, JobErrors, JobFields, LANGUAGE_ID, LOCATION_ID, QUESTIONS_ID, SKILLS_ID,
    TIME_ID, TITLE_ID, ValidJobInput, show_server_error,
};
use super::job_of_route;
use crate::api::use_api;
use crate::components::{
    ErrorAlert, ErrorState, Loading, SubmitButton, TextAreaField, TextField, begin_submit,
    focus_id, set_title,
};
use crate::pages::format::humanize;
use crate::pages::shell::RequireRole;
use crate::routes;

/// `/dashboard/jobs/new`.
#[component]
pub fn NewJobPage() -> impl IntoView {
    set_title("Post a job");
    view! {
        <RequireRole role=Role::Recruiter>
            <header class="page-header">
                <p class="breadcrumb"><a href=routes::RECRUITER_JOBS>"Jobs"</a></p>
                <h1>"Post a job"</h1>
                <p class="muted">"The AI interviewer builds its questions from the title, description and skills."</p>
            </header>
            <JobForm existing=None />
        </RequireRole>
    }
}

/// `/dashboard/jobs/{id}/edit`.
#[component]
pub fn EditJobPage() -> impl IntoView {
    set_title("Edit job");
    let job = job_of_route();
    view! {
        <RequireRole role=Role::Recruiter>
            <header class="page-header">
                <p class="breadcrumb">
                    <a href=routes::RECRUITER_JOBS>"Jobs"</a>
                </p>
                <h1>"Edit job"</h1>
            </header>
            {move || match job.get() {
                None => view! { <Loading label="Loading the job…" /> }.into_any(),
                Some(Err(err)) => view! {
                    <ErrorState message=format!("The job could not be loaded. {}", err.message()) retry=move || job.refetch() />
                }
                .into_any(),
                Some(Ok(job)) => view! { <JobForm existing=Some(job) /> }.into_any(),
            }}
        </RequireRole>
    }
}

#[component]
fn JobForm(existing: Option<JobDto>) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let job_id = existing.as_ref().map(|j| j.id.clone());
    let editing = job_id.is_some();
    let fields = JobFields::new(existing.as_ref());
    let errors = JobErrors::new();
    errors.recheck_while_typing(fields);

    let save = Action::new_local(move |job: &(Option<String>, ValidJobInput)| {
        let (id, input) = job.clone();
        let navigate = navigate.clone();
        async move {
            let result = match &id {
                None => {
                    api.create_job(&CreateJobRequest {
                        title: input.title,
                        description: input.description,
                        location: input.location,
                        employment_type: input.employment_type,
                        experience_level: input.experience_level,
                        required_skills: input.skills,
                        question_count: Some(input.question_count),
                        time_limit_minutes: Some(input.time_limit),
                        language: Some(input.language),
                        external_ids: None,
                    })
                    .await
                }
                Some(id) => {
                    api.update_job(
                        id,
                        &UpdateJobRequest {
                            title: Some(input.title),
                            description: Some(input.description),
                            location: Some(input.location.unwrap_or_default()),
                            employment_type: input.employment_type,
                            experience_level: input.experience_level,
                            required_skills: Some(input.skills),
                            question_count: Some(input.question_count),
                            time_limit_minutes: Some(input.time_limit),
                            language: Some(input.language),
                            ..Default::default()
                        },
                    )
                    .await
                }
            };
            match result {
                Ok(job) => navigate(&routes::recruiter_job(&job.id), Default::default()),
                Err(err) => show_server_error(&err, &errors),
            }
        }
    });
    let pending = save.pending();

    let on_submit = move |ev: SubmitEvent| {
        if !begin_submit(&ev, pending, errors.form) {
            return;
        }
        match fields.validate(&errors) {
            Ok(valid) => {
                save.dispatch((job_id.clone(), ValidJobInput::from(valid)));
            }
            Err(id) => focus_id(id),
        }
    };

    view! {
        <form class="card form form-narrow" novalidate on:submit=on_submit>
            <ErrorAlert message=errors.form />
            <TextField
                id=TITLE_ID
                label="Job title"
                value=fields.title
                error=errors.title
                required=true
            />
            <TextAreaField
                id=DESCRIPTION_ID
                label="Description"
                hint="At least 20 characters: responsibilities, team, what good looks like."
                value=fields.description
                error=errors.description
            />
            <TextField id=LOCATION_ID label="Location (optional)" value=fields.location error=errors.location hint="e.g. Berlin or Remote (EU)" />
            <div class="field-row">
                <OptionalSelect
                    id="job-employment-type"
                    label="Employment type"
                    value=fields.employment_type
                    texts=EmploymentType::ALL.map(EmploymentType::as_str).to_vec()
                />
                <OptionalSelect
                    id="job-experience-level"
                    label="Experience level"
                    value=fields.experience_level
                    texts=ExperienceLevel::ALL.map(ExperienceLevel::as_str).to_vec()
                />
            </div>
            <TextField
                id=SKILLS_ID
                label="Required skills"
                hint="Separate skills with commas, e.g. Rust, PostgreSQL, API design."
                value=fields.skills
                error=errors.skills
            />
            <SkillChips skills=fields.skills />
            <div class="field-row">
                <TextField
                    id=QUESTIONS_ID
                    label="Number of questions"
                    kind="number"
                    hint=QUESTIONS_HINT
                    value=fields.question_count
                    error=errors.question_count
                />
                <TextField
                    id=TIME_ID
                    label="Time limit (minutes)"
                    kind="number"
                    hint=TIME_HINT
                    value=fields.time_limit
                    error=errors.time_limit
                />
            </div>
            <TextField id=LANGUAGE_ID label="Interview language" hint="A language code such as en, de or pt-BR." value=fields.language error=errors.language />
            {editing.then(|| view! {
                <p class="form-note" data-testid="job-terms-note">
                    "The number of questions, time limit and language apply to interviews you schedule from now on; interviews already scheduled keep theirs."
                </p>
            })}
            <div class="form-actions">
                <SubmitButton
                    pending=pending
                    label=if editing { "Save changes" } else { "Post job" }
                    pending_label="Saving…"
                />
                <a class="btn btn-secondary" href=routes::RECRUITER_JOBS>"Cancel"</a>
            </div>
        </form>
    }
}

/// A `<select>` of "Not specified" or one of `texts` (shown humanised).
#[component]
fn OptionalSelect(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    texts: Vec<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                class="input"
                id=id
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="">"Not specified"</option>
                {texts
                    .into_iter()
                    .map(|text| view! { <option value=text>{humanize(text)}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

// The hints spell out the shared limits; fail the build if those change.
const _: () = assert!(MIN_QUESTION_COUNT == 3 && MAX_QUESTION_COUNT == 15);
const _: () = assert!(MIN_TIME_LIMIT_MINUTES == 5 && MAX_TIME_LIMIT_MINUTES == 120);
const QUESTIONS_HINT: &str = "Between 3 and 15 main questions.";
const TIME_HINT: &str = "Between 5 and 120 minutes.";

/// The skills typed so far, as chips (a preview of how they are saved).
#[component]
fn SkillChips(skills: RwSignal<String>) -> impl IntoView {
    let list = move || {
        let raw: Vec<String> = skills.get().split(',').map(str::to_string).collect();
        validate_skills(&raw).unwrap_or_default()
    };
    view! {
        <Show when=move || !list().is_empty()>
            <ul class="chips" aria-label="Skills as they will be saved">
                {move || list().into_iter().map(|s| view! { <li class="chip">{s}</li> }).collect_view()}
            </ul>
        </Show>
    }
}

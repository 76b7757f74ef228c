//! The organisation's jobs: list, create/edit form, close/reopen, and applicants per job.

use interview_flow_shared::validation::{
    validate_job_description, validate_job_title, validate_language, validate_optional_text,
    validate_question_count, validate_skills, validate_time_limit,
};
use interview_flow_shared::{
    ApplicationDto, ApplicationStatus, CreateJobRequest, DEFAULT_LANGUAGE, DEFAULT_QUESTION_COUNT,
    DEFAULT_TIME_LIMIT_MINUTES, EmploymentType, ExperienceLevel, JobDto, JobStatus,
    MAX_QUESTION_COUNT, MAX_TIME_LIMIT_MINUTES, MIN_QUESTION_COUNT, MIN_TIME_LIMIT_MINUTES, Role,
    UpdateJobRequest,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{ApiError, use_api};
use crate::components::{
    ConfirmButton, EmptyState, ErrorAlert, ErrorState, Loading, TextField, focus_id, set_title,
};
use crate::pages::format::{
    APPLICATION_STATUSES, application_status_class, application_status_label, format_date,
    humanize, size_text,
};
use crate::pages::recruiter::widgets::ResumeDownload;
use crate::pages::shell::RequireRole;
use crate::routes;

const EMPLOYMENT_TYPES: [EmploymentType; 5] = [
    EmploymentType::FullTime,
    EmploymentType::PartTime,
    EmploymentType::Contract,
    EmploymentType::Internship,
    EmploymentType::Temporary,
];
const EXPERIENCE_LEVELS: [ExperienceLevel; 5] = [
    ExperienceLevel::Entry,
    ExperienceLevel::Mid,
    ExperienceLevel::Senior,
    ExperienceLevel::Lead,
    ExperienceLevel::Executive,
];

fn job_status_badge(status: JobStatus) -> impl IntoView {
    match status {
        JobStatus::Open => view! { <span class="badge badge-success">"Open"</span> },
        JobStatus::Closed => view! { <span class="badge badge-muted">"Closed"</span> },
    }
}

// ---------------------------------------------------------------- list

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
                <div class="card">
                    <EmptyState
                        title="No jobs yet"
                        text="Post your first job: candidates can then apply, and you can schedule AI interviews for it."
                    >
                        <a class="btn btn-primary btn-sm" href=routes::NEW_JOB>"Post a job"</a>
                    </EmptyState>
                </div>
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
                                                    "{} · {} applicants · {} interviews · posted {}",
                                                    job.location.clone().unwrap_or_else(|| "No location".into()),
                                                    s.applications_count,
                                                    s.interviews_count,
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

// ---------------------------------------------------------------- form

const TITLE_ID: &str = "job-title";
const DESCRIPTION_ID: &str = "job-description";
const LOCATION_ID: &str = "job-location";
const SKILLS_ID: &str = "job-skills";
const QUESTIONS_ID: &str = "job-question-count";
const TIME_ID: &str = "job-time-limit";
const LANGUAGE_ID: &str = "job-language";

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
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let job = LocalResource::new(move || {
        let id = id.get();
        async move { api.job(&id).await }
    });
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

#[derive(Clone, Copy)]
struct JobFields {
    title: RwSignal<String>,
    description: RwSignal<String>,
    location: RwSignal<String>,
    employment_type: RwSignal<String>,
    experience_level: RwSignal<String>,
    skills: RwSignal<String>,
    question_count: RwSignal<String>,
    time_limit: RwSignal<String>,
    language: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct JobErrors {
    title: RwSignal<Option<String>>,
    description: RwSignal<Option<String>>,
    location: RwSignal<Option<String>>,
    skills: RwSignal<Option<String>>,
    question_count: RwSignal<Option<String>>,
    time_limit: RwSignal<Option<String>>,
    language: RwSignal<Option<String>>,
    form: RwSignal<Option<String>>,
}

impl JobErrors {
    fn new() -> Self {
        Self {
            title: RwSignal::new(None),
            description: RwSignal::new(None),
            location: RwSignal::new(None),
            skills: RwSignal::new(None),
            question_count: RwSignal::new(None),
            time_limit: RwSignal::new(None),
            language: RwSignal::new(None),
            form: RwSignal::new(None),
        }
    }

    /// The error signal and input id of a server field name.
    fn for_field(&self, field: &str) -> Option<(RwSignal<Option<String>>, &'static str)> {
        Some(match field {
            "title" => (self.title, TITLE_ID),
            "description" => (self.description, DESCRIPTION_ID),
            "location" => (self.location, LOCATION_ID),
            "required_skills" => (self.skills, SKILLS_ID),
            "question_count" => (self.question_count, QUESTIONS_ID),
            "time_limit_minutes" => (self.time_limit, TIME_ID),
            "language" => (self.language, LANGUAGE_ID),
            _ => return None,
        })
    }
}

/// The parsed, valid form.
struct ValidJob {
    title: String,
    description: String,
    location: Option<String>,
    employment_type: Option<EmploymentType>,
    experience_level: Option<ExperienceLevel>,
    skills: Vec<String>,
    question_count: u32,
    time_limit: u32,
    language: String,
}

fn set<T>(signal: RwSignal<Option<String>>, result: Result<T, String>) -> Option<T> {
    match result {
        Ok(value) => {
            signal.set(None);
            Some(value)
        }
        Err(message) => {
            signal.set(Some(message));
            None
        }
    }
}

/// Updates an error only when one is already shown.
fn recheck<T>(signal: RwSignal<Option<String>>, result: Result<T, String>) {
    if signal.with_untracked(Option::is_some) {
        let _ = set(signal, result);
    }
}

fn parse_number(
    raw: &str,
    validate: fn(u32) -> Result<u32, interview_flow_shared::validation::FieldError>,
    what: &str,
) -> Result<u32, String> {
    let n = raw
        .trim()
        .parse::<u32>()
        .map_err(|_| format!("Enter {what} as a whole number."))?;
    validate(n).map_err(|e| e.message)
}

impl JobFields {
    fn validate(&self, errors: &JobErrors) -> Result<ValidJob, &'static str> {
        let title = set(
            errors.title,
            validate_job_title(&self.title.get_untracked()).map_err(|e| e.message),
        );
        let description = set(
            errors.description,
            validate_job_description(&self.description.get_untracked()).map_err(|e| e.message),
        );
        let location = set(
            errors.location,
            validate_optional_text(&self.location.get_untracked(), "location", "Location", 150)
                .map_err(|e| e.message),
        );
        let skill_list: Vec<String> = self
            .skills
            .get_untracked()
            .split(',')
            .map(str::to_string)
            .collect();
        let skills = set(
            errors.skills,
            validate_skills(&skill_list).map_err(|e| e.message),
        );
        let question_count = set(
            errors.question_count,
            parse_number(
                &self.question_count.get_untracked(),
                validate_question_count,
                "the number of questions",
            ),
        );
        let time_limit = set(
            errors.time_limit,
            parse_number(
                &self.time_limit.get_untracked(),
                validate_time_limit,
                "the time limit",
            ),
        );
        let language = set(
            errors.language,
            validate_language(&self.language.get_untracked()).map_err(|e| e.message),
        );
        let first_invalid = [
            (title.is_none(), TITLE_ID),
            (description.is_none(), DESCRIPTION_ID),
            (location.is_none(), LOCATION_ID),
            (skills.is_none(), SKILLS_ID),
            (question_count.is_none(), QUESTIONS_ID),
            (time_limit.is_none(), TIME_ID),
            (language.is_none(), LANGUAGE_ID),
        ]
        .into_iter()
        .find(|(bad, _)| *bad)
        .map(|(_, id)| id);
        if let Some(id) = first_invalid {
            return Err(id);
        }
        Ok(ValidJob {
            title: title.unwrap_or_default(),
            description: description.unwrap_or_default(),
            location: location.flatten(),
            employment_type: EmploymentType::parse(&self.employment_type.get_untracked()),
            experience_level: ExperienceLevel::parse(&self.experience_level.get_untracked()),
            skills: skills.unwrap_or_default(),
            question_count: question_count.unwrap_or(DEFAULT_QUESTION_COUNT),
            time_limit: time_limit.unwrap_or(DEFAULT_TIME_LIMIT_MINUTES),
            language: language.unwrap_or_else(|| DEFAULT_LANGUAGE.to_string()),
        })
    }
}

#[component]
fn JobForm(existing: Option<JobDto>) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let job_id = existing.as_ref().map(|j| j.id.clone());
    let editing = job_id.is_some();
    let fields = JobFields {
        title: RwSignal::new(
            existing
                .as_ref()
                .map(|j| j.title.clone())
                .unwrap_or_default(),
        ),
        description: RwSignal::new(
            existing
                .as_ref()
                .map(|j| j.description.clone())
                .unwrap_or_default(),
        ),
        location: RwSignal::new(
            existing
                .as_ref()
                .and_then(|j| j.location.clone())
                .unwrap_or_default(),
        ),
        employment_type: RwSignal::new(
            existing
                .as_ref()
                .and_then(|j| j.employment_type)
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
        ),
        experience_level: RwSignal::new(
            existing
                .as_ref()
                .and_then(|j| j.experience_level)
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
        ),
        skills: RwSignal::new(
            existing
                .as_ref()
                .map(|j| j.required_skills.join(", "))
                .unwrap_or_default(),
        ),
        question_count: RwSignal::new(
            existing
                .as_ref()
                .map(|j| j.question_count)
                .unwrap_or(DEFAULT_QUESTION_COUNT)
                .to_string(),
        ),
        time_limit: RwSignal::new(
            existing
                .as_ref()
                .map(|j| j.time_limit_minutes)
                .unwrap_or(DEFAULT_TIME_LIMIT_MINUTES)
                .to_string(),
        ),
        language: RwSignal::new(
            existing
                .as_ref()
                .map(|j| j.language.clone())
                .unwrap_or_else(|| DEFAULT_LANGUAGE.to_string()),
        ),
    };
    let errors = JobErrors::new();
    // While typing, update an error already shown (it clears as soon as the field is
    // fixed); new errors wait for submit, so nothing jumps under the pointer.
    Effect::new(move |_| {
        recheck(
            errors.title,
            validate_job_title(&fields.title.get()).map_err(|e| e.message),
        )
    });
    Effect::new(move |_| {
        recheck(
            errors.description,
            validate_job_description(&fields.description.get()).map_err(|e| e.message),
        )
    });
    Effect::new(move |_| {
        recheck(
            errors.question_count,
            parse_number(
                &fields.question_count.get(),
                validate_question_count,
                "the number of questions",
            ),
        )
    });
    Effect::new(move |_| {
        recheck(
            errors.time_limit,
            parse_number(
                &fields.time_limit.get(),
                validate_time_limit,
                "the time limit",
            ),
        )
    });

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
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        errors.form.set(None);
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
                <div class="field">
                    <label for="job-employment-type">"Employment type"</label>
                    <select
                        class="input"
                        id="job-employment-type"
                        prop:value=move || fields.employment_type.get()
                        on:change=move |ev| fields.employment_type.set(event_target_value(&ev))
                    >
                        <option value="">"Not specified"</option>
                        {EMPLOYMENT_TYPES
                            .iter()
                            .map(|t| view! { <option value=t.as_str()>{humanize(t.as_str())}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="job-experience-level">"Experience level"</label>
                    <select
                        class="input"
                        id="job-experience-level"
                        prop:value=move || fields.experience_level.get()
                        on:change=move |ev| fields.experience_level.set(event_target_value(&ev))
                    >
                        <option value="">"Not specified"</option>
                        {EXPERIENCE_LEVELS
                            .iter()
                            .map(|t| view! { <option value=t.as_str()>{humanize(t.as_str())}</option> })
                            .collect_view()}
                    </select>
                </div>
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
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" disabled=move || pending.get()>
                    {move || match (pending.get(), editing) {
                        (true, _) => "Saving…",
                        (false, true) => "Save changes",
                        (false, false) => "Post job",
                    }}
                </button>
                <a class="btn btn-secondary" href=routes::RECRUITER_JOBS>"Cancel"</a>
            </div>
        </form>
    }
}

// The hints spell out the shared limits; fail the build if those change.
const _: () = assert!(MIN_QUESTION_COUNT == 3 && MAX_QUESTION_COUNT == 15);
const _: () = assert!(MIN_TIME_LIMIT_MINUTES == 5 && MAX_TIME_LIMIT_MINUTES == 120);
const QUESTIONS_HINT: &str = "Between 3 and 15 main questions.";
const TIME_HINT: &str = "Between 5 and 120 minutes.";

/// A clonable copy of [`ValidJob`] for the action.
#[derive(Clone)]
struct ValidJobInput {
    title: String,
    description: String,
    location: Option<String>,
    employment_type: Option<EmploymentType>,
    experience_level: Option<ExperienceLevel>,
    skills: Vec<String>,
    question_count: u32,
    time_limit: u32,
    language: String,
}

impl From<ValidJob> for ValidJobInput {
    fn from(v: ValidJob) -> Self {
        Self {
            title: v.title,
            description: v.description,
            location: v.location,
            employment_type: v.employment_type,
            experience_level: v.experience_level,
            skills: v.skills,
            question_count: v.question_count,
            time_limit: v.time_limit,
            language: v.language,
        }
    }
}

fn show_server_error(err: &ApiError, errors: &JobErrors) {
    if let Some((signal, id)) = err.field().and_then(|f| errors.for_field(f)) {
        signal.set(Some(err.message()));
        focus_id(id);
    } else {
        errors.form.set(Some(format!(
            "The job could not be saved. {}",
            err.message()
        )));
    }
}

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

/// A labelled `<textarea>` with hint and inline error.
#[component]
pub fn TextAreaField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let hint_for_described = hint_id.clone();
    let error_for_described = error_id.clone();
    let described_by = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(hint_for_described.clone());
        }
        if error.with(Option::is_some) {
            ids.push(error_for_described.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|text| view! { <p class="hint" id=hint_id.clone()>{text}</p> })}
            <textarea
                class="input"
                id=id
                name=id
                rows=rows
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            {move || error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
        </div>
    }
}

// ---------------------------------------------------------------- job + applicants

/// `/dashboard/jobs/{id}`: the job, close/reopen, and its applicants.
#[component]
pub fn JobApplicantsPage() -> impl IntoView {
    set_title("Job applicants");
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let job = LocalResource::new(move || {
        let id = id.get();
        async move { api.job(&id).await }
    });
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
                            parts.push(format!("{} questions", j.question_count));
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
                <button
                    class="btn btn-secondary load-more"
                    type="button"
                    disabled=move || pending.get()
                    on:click=move |_| { load.dispatch((job.clone(), Some(next.clone()))); }
                >
                    {move || if pending.get() { "Loading…" } else { "Load more applicants" }}
                </button>
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

//! `/dashboard/interviews/new`: scheduling an interview for an applicant or anyone.

use interview_flow_shared::validation::{normalize_email, validate_full_name};
use interview_flow_shared::{
    ApplicationDto, CandidateInput, CreateInterviewRequest, DEFAULT_EXPIRY_DAYS,
    DEFAULT_OPENS_BEFORE_MINUTES, JobStatus, JobSummaryDto, Role,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{check_opens, check_valid_days, check_when, plus_days};
use crate::api::{ApiError, use_api};
use crate::components::{
    Choice, EmptyCard, ErrorAlert, ErrorState, Loading, SubmitButton, TextAreaField, TextField,
    begin_submit, check_email, focus_id, keep, recheck, set_title, show_at,
};
use crate::pages::format::{
    format_datetime, local_input_in_hours, local_input_to_rfc3339, local_time_zone, time_ms,
    time_zone_sentence,
};
use crate::pages::shell::RequireRole;
use crate::routes;

const JOB_ID: &str = "schedule-job";
const APPLICANT_ID: &str = "schedule-applicant";
const NAME_ID: &str = "schedule-name";
const EMAIL_ID: &str = "schedule-email";
const WHEN_ID: &str = "schedule-when";
const OPENS_ID: &str = "schedule-opens-before";
const VALID_ID: &str = "schedule-valid-days";
const NOTE_ID: &str = "schedule-note";

/// `/dashboard/interviews/new?job=&application=`.
#[component]
pub fn SchedulePage() -> impl IntoView {
    set_title("Schedule interview");
    let api = use_api();
    let jobs = LocalResource::new(move || async move { api.own_jobs().await });
    view! {
        <RequireRole role=Role::Recruiter>
            <header class="page-header">
                <h1>"Schedule an interview"</h1>
                <p class="muted">"The candidate gets an email with their personal link and a calendar invitation."</p>
            </header>
            {move || match jobs.get() {
                None => view! { <Loading label="Loading your jobs…" /> }.into_any(),
                Some(Err(err)) => view! {
                    <ErrorState message=format!("Your jobs could not be loaded. {}", err.message()) retry=move || jobs.refetch() />
                }
                .into_any(),
                Some(Ok(list)) if list.iter().all(|s| s.job.status != JobStatus::Open) => view! {
                    <EmptyCard
                        title="No open jobs"
                        text="Interviews are for a job. Post a job (or reopen a closed one) first."
                        href=routes::NEW_JOB
                        action="Post a job"
                    />
                }
                .into_any(),
                Some(Ok(list)) => view! { <ScheduleForm jobs=list /> }.into_any(),
            }}
        </RequireRole>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Who {
    Applicant,
    Standalone,
}

#[component]
fn ScheduleForm(jobs: Vec<JobSummaryDto>) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let initial_job = query.with_untracked(|q| q.get("job")).filter(|id| {
        jobs.iter()
            .any(|s| &s.job.id == id && s.job.status == JobStatus::Open)
    });
    let initial_app = query.with_untracked(|q| q.get("application"));
    let open_jobs: Vec<JobSummaryDto> = jobs
        .into_iter()
        .filter(|s| s.job.status == JobStatus::Open)
        .collect();
    let single_job = (open_jobs.len() == 1).then(|| open_jobs[0].job.id.clone());

    let job = RwSignal::new(initial_job.or(single_job).unwrap_or_default());
    let who = RwSignal::new(if initial_app.is_some() {
        Who::Applicant
    } else {
        Who::Standalone
    });
    let applicant = RwSignal::new(initial_app.unwrap_or_default());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let when = RwSignal::new(local_input_in_hours(24.0));
    let opens = RwSignal::new(DEFAULT_OPENS_BEFORE_MINUTES.to_string());
    let valid_days = RwSignal::new(DEFAULT_EXPIRY_DAYS.to_string());
    let note = RwSignal::new(String::new());

    let job_error = RwSignal::new(None::<String>);
    let applicant_error = RwSignal::new(None::<String>);
    let name_error = RwSignal::new(None::<String>);
    let email_error = RwSignal::new(None::<String>);
    let when_error = RwSignal::new(None::<String>);
    let opens_error = RwSignal::new(None::<String>);
    let valid_error = RwSignal::new(None::<String>);
    let note_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    // While typing, update an error already shown; new ones wait for submit.
    Effect::new(move |_| recheck(when_error, check_when(&when.get())));
    Effect::new(move |_| recheck(opens_error, check_opens(&opens.get())));
    Effect::new(move |_| recheck(valid_error, check_valid_days(&valid_days.get())));
    Effect::new(move |_| {
        recheck(
            name_error,
            validate_full_name(&name.get()).map_err(|e| e.message),
        )
    });
    Effect::new(move |_| {
        recheck(
            email_error,
            normalize_email(&email.get()).map_err(|e| e.message),
        )
    });

    // Applicants of the chosen job.
    let applicants = LocalResource::new(move || {
        let job_id = job.get();
        async move {
            if job_id.is_empty() {
                return Ok::<Vec<ApplicationDto>, ApiError>(Vec::new());
            }
            api.job_applications(&job_id, None).await.map(|p| p.items)
        }
    });

    let submit = Action::new_local(move |request: &CreateInterviewRequest| {
        let request = request.clone();
        let navigate = navigate.clone();
        async move {
            match api.schedule_interview(&request).await {
                Ok(interview) => {
                    navigate(&routes::interview_detail(&interview.id), Default::default())
                }
                Err(err) => {
                    let target = match err.field() {
                        Some("job_id") => Some((job_error, JOB_ID)),
                        Some("application_id") => Some((applicant_error, APPLICANT_ID)),
                        Some("candidate.full_name") => Some((name_error, NAME_ID)),
                        Some("candidate.email" | "candidate") if request.candidate.is_some() => {
                            Some((email_error, EMAIL_ID))
                        }
                        Some("candidate") => Some((applicant_error, APPLICANT_ID)),
                        Some("scheduled_at" | "time_zone") => Some((when_error, WHEN_ID)),
                        Some("opens_before_minutes") => Some((opens_error, OPENS_ID)),
                        Some("expires_at") => Some((valid_error, VALID_ID)),
                        Some("note") => Some((note_error, NOTE_ID)),
                        _ => None,
                    };
                    match target {
                        Some((error, id)) => show_at(error, id, err.message()),
                        None => form_error.set(Some(format!(
                            "The interview could not be scheduled. {}",
                            err.message()
                        ))),
                    }
                }
            }
        }
    });
    let pending = submit.pending();

    let on_submit = move |ev: SubmitEvent| {
        if !begin_submit(&ev, pending, form_error) {
            return;
        }
        let mut first_bad: Option<&'static str> = None;
        let mut bad = |id: &'static str| {
            if first_bad.is_none() {
                first_bad = Some(id);
            }
        };
        let job_id = job.get_untracked();
        if job_id.is_empty() {
            job_error.set(Some("Choose the job this interview is for.".into()));
            bad(JOB_ID);
        } else {
            job_error.set(None);
        }
        let (application_id, candidate) = match who.get_untracked() {
            Who::Applicant => {
                let id = applicant.get_untracked();
                if id.is_empty() {
                    applicant_error.set(Some(
                        "Choose an applicant, or switch to \"Someone else\".".into(),
                    ));
                    bad(APPLICANT_ID);
                } else {
                    applicant_error.set(None);
                }
                (Some(id), None)
            }
            Who::Standalone => {
                let full_name = keep(
                    name_error,
                    validate_full_name(&name.get_untracked()).map_err(|e| e.message),
                );
                if full_name.is_none() {
                    bad(NAME_ID);
                }
                let mail = check_email(email, email_error);
                if mail.is_none() {
                    bad(EMAIL_ID);
                }
                (
                    None,
                    Some(CandidateInput {
                        full_name: full_name.unwrap_or_default(),
                        email: mail.unwrap_or_default(),
                        external_ids: None,
                    }),
                )
            }
        };
        let scheduled = keep(when_error, check_when(&when.get_untracked()));
        if scheduled.is_none() {
            bad(WHEN_ID);
        }
        let opens_before = keep(opens_error, check_opens(&opens.get_untracked()));
        if opens_before.is_none() {
            bad(OPENS_ID);
        }
        let days = keep(valid_error, check_valid_days(&valid_days.get_untracked()));
        if days.is_none() {
            bad(VALID_ID);
        }
        let note_text = note.get_untracked();
        if note_text.chars().count() > 2000 {
            note_error.set(Some("The note must be at most 2,000 characters.".into()));
            bad(NOTE_ID);
        } else {
            note_error.set(None);
        }
        if let Some(id) = first_bad {
            focus_id(id);
            return;
        }
        let scheduled_at = scheduled.unwrap_or_default();
        let expires_at = days.and_then(|d| plus_days(&scheduled_at, d));
        submit.dispatch(CreateInterviewRequest {
            job_id,
            application_id,
            candidate,
            scheduled_at,
            time_zone: Some(local_time_zone()),
            opens_before_minutes: opens_before,
            expires_at,
            note: (!note_text.trim().is_empty()).then(|| note_text.trim().to_string()),
            external_ids: None,
        });
    };

    let valid_until_text = move || {
        let rfc = local_input_to_rfc3339(&when.get())?;
        let days = check_valid_days(&valid_days.get()).ok()?;
        let until = plus_days(&rfc, days)?;
        Some(format!(
            "The link stays valid until {}.",
            format_datetime(&until)
        ))
    };
    let opens_at_text = move || {
        let rfc = local_input_to_rfc3339(&when.get())?;
        let minutes = check_opens(&opens.get()).ok()?;
        let ms = time_ms(&rfc)? - f64::from(minutes) * 60_000.0;
        let iso: String = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms))
            .to_iso_string()
            .into();
        Some(format!("The link opens {}.", format_datetime(&iso)))
    };

    view! {
        <form class="card form form-narrow" novalidate on:submit=on_submit>
            <ErrorAlert message=form_error />
            <div class="field">
                <label for=JOB_ID>"Job"</label>
                <select
                    class="input"
                    id=JOB_ID
                    aria-invalid=move || job_error.with(Option::is_some).to_string()
                    aria-describedby=move || job_error.with(Option::is_some).then_some("schedule-job-error")
                    prop:value=move || job.get()
                    on:change=move |ev| {
                        job.set(event_target_value(&ev));
                        applicant.set(String::new());
                    }
                >
                    <option value="">"Choose a job…"</option>
                    {open_jobs
                        .iter()
                        .map(|s| {
                            let id = s.job.id.clone();
                            let selected = job.get_untracked() == id;
                            view! { <option value=id selected=selected>{s.job.title.clone()}</option> }
                        })
                        .collect_view()}
                </select>
                {move || job_error.get().map(|m| view! { <p class="field-error" id="schedule-job-error">{m}</p> })}
            </div>

            <fieldset class="field">
                <legend>"Candidate"</legend>
                <div class="choices">
                    <Choice
                        name="schedule-who"
                        label="An applicant of this job"
                        checked=Signal::derive(move || who.get() == Who::Applicant)
                        on_choose=move |()| who.set(Who::Applicant)
                    />
                    <Choice
                        name="schedule-who"
                        label="Someone else (name and email)"
                        checked=Signal::derive(move || who.get() == Who::Standalone)
                        on_choose=move |()| who.set(Who::Standalone)
                    />
                </div>
            </fieldset>

            <Show when=move || who.get() == Who::Applicant>
                <div class="field">
                    <label for=APPLICANT_ID>"Applicant"</label>
                    {move || match applicants.get() {
                        None => view! { <p class="muted small">"Loading applicants…"</p> }.into_any(),
                        Some(Err(err)) => view! {
                            <p class="field-error">{format!("Applicants could not be loaded. {}", err.message())}</p>
                        }
                        .into_any(),
                        Some(Ok(list)) if job.with(String::is_empty) || list.is_empty() => view! {
                            <p class="muted small" id=APPLICANT_ID tabindex="-1">
                                {if job.with(String::is_empty) {
                                    "Choose a job to see its applicants."
                                } else {
                                    "This job has no applicants yet: choose \u{201c}Someone else\u{201d} to invite anyone by email."
                                }}
                            </p>
                        }
                        .into_any(),
                        Some(Ok(list)) => view! {
                            <select
                                class="input"
                                id=APPLICANT_ID
                                aria-invalid=move || applicant_error.with(Option::is_some).to_string()
                                prop:value=move || applicant.get()
                                on:change=move |ev| applicant.set(event_target_value(&ev))
                            >
                                <option value="">"Choose an applicant…"</option>
                                {list
                                    .into_iter()
                                    .map(|a| {
                                        let selected = applicant.get_untracked() == a.id;
                                        view! {
                                            <option value=a.id.clone() selected=selected>
                                                {format!("{} ({})", a.candidate.full_name, a.candidate.email)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        }
                        .into_any(),
                    }}
                    {move || applicant_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </Show>
            <Show when=move || who.get() == Who::Standalone>
                <TextField id=NAME_ID label="Candidate's full name" value=name error=name_error autocomplete="off" />
                <TextField
                    id=EMAIL_ID
                    label="Candidate's email"
                    kind="email"
                    value=email
                    error=email_error
                    autocomplete="off"
                    hint="The invitation with the interview link is sent here."
                />
            </Show>

            <div class="field">
                <label for=WHEN_ID>"Date and time"</label>
                <p class="hint" id="schedule-when-hint">{time_zone_sentence()}"."</p>
                <input
                    class="input"
                    id=WHEN_ID
                    type="datetime-local"
                    aria-invalid=move || when_error.with(Option::is_some).to_string()
                    aria-describedby="schedule-when-hint schedule-when-error"
                    prop:value=move || when.get()
                    on:input=move |ev| when.set(event_target_value(&ev))
                />
                {move || when_error.get().map(|m| view! { <p class="field-error" id="schedule-when-error">{m}</p> })}
            </div>
            <div class="field-row">
                <TextField
                    id=OPENS_ID
                    label="Link opens (minutes before)"
                    kind="number"
                    value=opens
                    error=opens_error
                />
                <TextField
                    id=VALID_ID
                    label="Valid for (days after)"
                    kind="number"
                    value=valid_days
                    error=valid_error
                />
            </div>
            <p class="muted small" aria-live="polite">
                {move || opens_at_text().unwrap_or_default()}" "{move || valid_until_text().unwrap_or_default()}
            </p>
            <TextAreaField
                id=NOTE_ID
                label="Note for the candidate (optional)"
                hint="Included in the invitation email."
                value=note
                error=note_error
                rows=3
            />
            <div class="form-actions">
                <SubmitButton
                    pending=pending
                    label="Schedule interview"
                    pending_label="Scheduling…"
                />
                <a class="btn btn-secondary" href=routes::RECRUITER_HOME>"Cancel"</a>
            </div>
        </form>
    }
}

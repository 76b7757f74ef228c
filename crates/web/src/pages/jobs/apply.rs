//! Applying for a job: sign in as a candidate, send a résumé and a note, see the outcome.

use interview_flow_shared::{ApplicationDto, Role};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use crate::api::use_api;
use crate::api::workspace::MAX_RESUME_BYTES;
use crate::components::{ErrorAlert, Loading, SubmitButton, TextAreaField, begin_submit, focus_id};
use crate::pages::format::{
    application_status_class, application_status_label, format_date, size_text,
};
use crate::pages::link_session::LinkSessionNotice;
use crate::routes;
use crate::session::use_session;

#[component]
pub(super) fn ApplySection(job_id: String) -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let next = routes::job_posting(&job_id);
    // A candidate's existing application to this job, if any.
    let existing = LocalResource::new(move || {
        let candidate = session.role() == Some(Role::Candidate) && !session.is_link_session();
        async move {
            if candidate {
                api.candidate_dashboard()
                    .await
                    .map(|d| Some(d.applications))
            } else {
                Ok(None)
            }
        }
    });
    let applied = RwSignal::new(None::<ApplicationDto>);
    let job_for_form = job_id.clone();
    view! {
        {move || {
            if session.is_restoring() {
                return view! { <Loading label="Checking your account…" /> }.into_any();
            }
            match session.role() {
                None => {
                    let sign_in = routes::sign_in_with_next(&next);
                    let sign_up = format!("{}?next={}", routes::SIGN_UP, String::from(js_sys::encode_uri_component(&next)));
                    view! {
                        <p>"Sign in as a candidate to apply with your résumé."</p>
                        <div class="btn-col">
                            <a class="btn btn-primary" href=sign_in>"Sign in to apply"</a>
                            <a class="btn btn-secondary" href=sign_up>"Create an account"</a>
                        </div>
                    }
                    .into_any()
                }
                Some(Role::Recruiter) => view! {
                    <p class="muted">"You are signed in as a recruiter. Candidates apply here with their résumé."</p>
                }
                .into_any(),
                Some(Role::Candidate) if session.is_link_session() => view! {
                    <p class="muted">"To apply, sign in with your account."</p>
                    <LinkSessionNotice back_to_interview=true />
                }
                .into_any(),
                Some(Role::Candidate) => {
                    if let Some(app) = applied.get() {
                        return view! { <Applied app=app just_now=true /> }.into_any();
                    }
                    match existing.get() {
                        None => view! { <Loading label="Checking your applications…" /> }.into_any(),
                        Some(Ok(Some(apps))) if apps.iter().any(|a| a.job_id == job_for_form) => {
                            let app = apps.into_iter().find(|a| a.job_id == job_for_form);
                            view! { {app.map(|app| view! { <Applied app=app just_now=false /> })} }.into_any()
                        }
                        // If the check failed, the server still refuses a second application.
                        Some(_) => view! { <ApplyForm job_id=job_for_form.clone() applied=applied /> }.into_any(),
                    }
                }
            }
        }}
    }
}

#[component]
fn Applied(app: ApplicationDto, just_now: bool) -> impl IntoView {
    view! {
        <div class=if just_now { "alert alert-success" } else { "alert" } role="status">
            <div>
                <p>
                    {if just_now { "Application sent. " } else { "You applied to this job " }}
                    {if just_now { String::new() } else { format!("on {}. ", format_date(&app.created_at)) }}
                    "Status: "
                    <span class=application_status_class(app.status)>{application_status_label(app.status)}</span>
                </p>
                {app.resume.as_ref().and_then(|r| r.warning.clone()).map(|w| view! {
                    <p class="small">{format!("Note about your résumé: {w}")}</p>
                })}
                <p>"When the recruiter invites you to an interview, it appears on your dashboard and we email you the link."</p>
                <a class="btn btn-primary btn-sm" href=routes::CANDIDATE_HOME>"Go to your dashboard"</a>
            </div>
        </div>
    }
}

#[component]
fn ApplyForm(job_id: String, applied: RwSignal<Option<ApplicationDto>>) -> impl IntoView {
    let api = use_api();
    let file_input = NodeRef::<html::Input>::new();
    let file_name = RwSignal::new(None::<String>);
    let file_error = RwSignal::new(None::<String>);
    let cover_note = RwSignal::new(String::new());
    let cover_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<f64>);

    let chosen_file =
        move || -> Option<web_sys::File> { file_input.get_untracked()?.files()?.get(0) };
    let check_file = move || -> Option<web_sys::File> {
        match chosen_file() {
            None => {
                file_error.set(Some(
                    "Attach your résumé (PDF, Word .docx or plain text).".into(),
                ));
                None
            }
            Some(file) if file.size() > MAX_RESUME_BYTES => {
                file_error.set(Some(format!(
                    "This file is {}; the limit is 5 MB. Please upload a smaller file (e.g. a PDF export).",
                    size_text(file.size())
                )));
                None
            }
            Some(file) if file.size() == 0.0 => {
                file_error.set(Some("This file is empty. Choose your résumé file.".into()));
                None
            }
            Some(file) => {
                file_error.set(None);
                Some(file)
            }
        }
    };

    let submit = Action::new_local(move |(job, file, note): &(String, SendFile, String)| {
        let (job, file, note) = (job.clone(), file.0.clone(), note.clone());
        async move {
            progress.set(Some(0.0));
            let result = api
                .apply_to_job(&job, &file, &note, move |fraction| {
                    progress.set(Some(fraction))
                })
                .await;
            progress.set(None);
            match result {
                Ok(app) => applied.set(Some(app)),
                Err(err) => match (err.status(), err.field()) {
                    (Some(413), _) | (_, Some("resume")) => {
                        file_error.set(Some(err.message()));
                        focus_id("apply-resume");
                    }
                    (_, Some("cover_note")) => {
                        cover_error.set(Some(err.message()));
                        focus_id("apply-cover-note");
                    }
                    _ => form_error.set(Some(format!(
                        "Your application was not sent. {}",
                        err.message()
                    ))),
                },
            }
        }
    });
    let pending = submit.pending();

    let on_submit = move |ev: SubmitEvent| {
        if !begin_submit(&ev, pending, form_error) {
            return;
        }
        let note = cover_note.get_untracked();
        let note_ok = if note.chars().count() > 5000 {
            cover_error.set(Some(
                "The cover note must be at most 5,000 characters.".into(),
            ));
            false
        } else {
            cover_error.set(None);
            true
        };
        match check_file() {
            Some(file) if note_ok => {
                submit.dispatch((job_id.clone(), SendFile(file), note));
            }
            Some(_) => focus_id("apply-cover-note"),
            None => focus_id("apply-resume"),
        }
    };

    view! {
        <form class="form" novalidate on:submit=on_submit>
            <ErrorAlert message=form_error />
            <div class="field">
                <label for="apply-resume">"Résumé"</label>
                <p class="hint" id="apply-resume-hint">"PDF, Word (.docx) or plain text, up to 5 MB."</p>
                <input
                    class="input input-file"
                    id="apply-resume"
                    type="file"
                    accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
                    node_ref=file_input
                    aria-invalid=move || file_error.with(Option::is_some).to_string()
                    aria-describedby="apply-resume-hint apply-resume-error"
                    on:change=move |_| {
                        file_name.set(chosen_file().map(|f| f.name()));
                        if chosen_file().is_some() {
                            let _ = check_file();
                        }
                    }
                />
                {move || file_error.get().map(|m| view! { <p class="field-error" id="apply-resume-error">{m}</p> })}
            </div>
            <TextAreaField
                id="apply-cover-note"
                label="Cover note (optional)"
                hint="A few lines on why this role fits you."
                value=cover_note
                error=cover_error
                rows=5
            />
            {move || progress.get().map(|fraction| {
                let percent = (fraction * 100.0).round() as u32;
                view! {
                    <div class="upload-progress">
                        <label for="apply-progress">{format!("Uploading {}… {percent}%", file_name.get().unwrap_or_default())}</label>
                        <progress id="apply-progress" max="100" value=percent>{format!("{percent}%")}</progress>
                    </div>
                }
            })}
            <SubmitButton
                class="btn btn-primary btn-block"
                pending=pending
                label="Send application"
                pending_label="Sending…"
            />
        </form>
    }
}

/// A `File` to hand to an action (the browser object is only used on this thread).
#[derive(Clone)]
struct SendFile(web_sys::File);

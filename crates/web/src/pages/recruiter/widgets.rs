//! Small pieces shared by the recruiter pages (and the candidate's résumé download).

use interview_flow_shared::{EvaluationStatus, InterviewDto, InterviewStatus};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::ActionButton;
use crate::pages::format::{email_status_class, email_status_label};
use crate::routes;

/// The invitation email's status badge, with the delivery error spelled out.
#[component]
pub fn EmailStatus(interview: RwSignal<InterviewDto>) -> impl IntoView {
    move || {
        interview.with(|i| {
            let status = i.email_status;
            let error = i.email_error.clone();
            let title = error.clone();
            view! {
                <span class="email-status">
                    <span class=email_status_class(status) title=title>{email_status_label(status)}</span>
                    {error.map(|e| view! { <span class="email-error small">{format!("Last attempt failed: {e}")}</span> })}
                </span>
            }
        })
    }
}

/// "Resend invitation" for a scheduled interview, with its outcome next to it.
#[component]
pub fn ResendButton(interview: RwSignal<InterviewDto>) -> impl IntoView {
    let api = use_api();
    let feedback = RwSignal::new(None::<(bool, String)>);
    let resend = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            match api.resend_invitation(&id).await {
                Ok(updated) => {
                    interview.set(updated);
                    feedback.set(Some((true, "Invitation queued again.".to_string())));
                }
                Err(err) => feedback.set(Some((
                    false,
                    format!("Could not resend: {}", err.message()),
                ))),
            }
        }
    });
    let pending = resend.pending();
    let can_resend = move || interview.with(|i| i.status == InterviewStatus::Scheduled);
    view! {
        <Show when=can_resend>
            <span class="resend">
                <ActionButton
                    pending=pending
                    label="Resend invitation"
                    pending_label="Resending…"
                    on_click=move |()| {
                        feedback.set(None);
                        resend.dispatch(interview.with_untracked(|i| i.id.clone()));
                    }
                />
                <span role="status" aria-live="polite" class="small">
                    {move || feedback.get().map(|(ok, text)| view! {
                        <span class=if ok { "text-success" } else { "text-danger" }>{text}</span>
                    })}
                </span>
            </span>
        </Show>
    }
}

/// The score of a completed interview, fetched lazily from its report.
#[component]
pub fn ReportScore(interview_id: String) -> impl IntoView {
    let api = use_api();
    let id = interview_id.clone();
    let report = LocalResource::new(move || {
        let id = id.clone();
        async move { api.report(&id).await }
    });
    let href = routes::interview_report(&interview_id);
    view! {
        <a class="score-link" href=href>
            {move || match report.get() {
                None => "Loading score…".to_string(),
                Some(Ok(r)) => match r.overall_score {
                    Some(score) if r.evaluation_status == EvaluationStatus::Ready => format!("Score {score}/100 · View report"),
                    _ if r.evaluation_status.is_in_progress() => "Evaluating… · View report".to_string(),
                    _ => "View report".to_string(),
                },
                Some(Err(_)) => "View report".to_string(),
            }}
        </a>
    }
}

/// Downloads a résumé with the bearer token (a plain link could not send it).
#[component]
pub fn ResumeDownload(application_id: String, filename: String) -> impl IntoView {
    let api = use_api();
    let error = RwSignal::new(None::<String>);
    let download = Action::new_local(move |(id, name): &(String, String)| {
        let (id, name) = (id.clone(), name.clone());
        async move {
            error.set(None);
            if let Err(err) = api.download_resume(&id, &name).await {
                error.set(Some(format!("Download failed: {}", err.message())));
            }
        }
    });
    let pending = download.pending();
    let label = format!("Download résumé {filename}");
    view! {
        <span class="resume-download">
            <ActionButton
                pending=pending
                label="Résumé"
                pending_label="Downloading…"
                aria_label=label
                on_click=move |()| {
                    download.dispatch((application_id.clone(), filename.clone()));
                }
            />
            <span role="status" aria-live="polite" class="small text-danger">{move || error.get()}</span>
        </span>
    }
}

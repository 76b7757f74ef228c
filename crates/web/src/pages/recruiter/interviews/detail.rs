//! One interview's page: status, link, invitation email, reschedule, cancel.

use interview_flow_shared::{InterviewDto, InterviewStatus, RescheduleInterviewRequest, Role};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{check_when, plus_days};
use crate::api::use_api;
use crate::components::{
    ConfirmButton, CopyLink, ErrorAlert, ErrorState, Loading, SubmitButton, focus_id, keep,
    set_title,
};
use crate::pages::format::{
    format_datetime, interview_status_class, interview_status_label, local_time_zone,
    rfc3339_to_local_input, time_ms, time_zone_sentence,
};
use crate::pages::recruiter::widgets::{EmailStatus, ResendButton};
use crate::pages::shell::RequireRole;
use crate::routes;

/// `/dashboard/interviews/{id}`.
#[component]
pub fn InterviewPage() -> impl IntoView {
    set_title("Interview");
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let interview = LocalResource::new(move || {
        let id = id.get();
        async move { api.interview(&id).await }
    });
    view! {
        <RequireRole role=Role::Recruiter>
            <p class="breadcrumb"><a href=routes::RECRUITER_HOME>"Dashboard"</a></p>
            {move || match interview.get() {
                None => view! { <Loading label="Loading the interview…" /> }.into_any(),
                Some(Err(err)) => view! {
                    <ErrorState message=format!("The interview could not be loaded. {}", err.message()) retry=move || interview.refetch() />
                }
                .into_any(),
                Some(Ok(i)) => view! { <InterviewDetail interview=i /> }.into_any(),
            }}
        </RequireRole>
    }
}

#[component]
fn InterviewDetail(interview: InterviewDto) -> impl IntoView {
    let api = use_api();
    set_title(&format!("Interview with {}", interview.candidate.full_name));
    let current = RwSignal::new(interview.clone());
    let cancel_error = RwSignal::new(None::<String>);
    let cancel = Action::new_local(move |_: &()| async move {
        cancel_error.set(None);
        let id = current.with_untracked(|i| i.id.clone());
        match api.cancel_interview(&id).await {
            Ok(updated) => current.set(updated),
            Err(err) => cancel_error.set(Some(format!(
                "The interview could not be cancelled. {}",
                err.message()
            ))),
        }
    });
    let cancelling = cancel.pending();
    let status = move || current.with(|i| i.status);
    let report_href = routes::interview_report(&interview.id);
    let link_id = format!("interview-{}-link", interview.id);
    view! {
        <header class="page-header page-header-actions">
            <div>
                <h1>{interview.candidate.full_name.clone()}</h1>
                <p class="muted">{format!("{} · {}", interview.job.title, interview.candidate.email)}</p>
            </div>
            <span class=move || interview_status_class(status())>{move || interview_status_label(status())}</span>
        </header>
        <div class="dashboard-grid">
            <section class="card" aria-labelledby="details-title">
                <h2 class="card-title" id="details-title">"Details"</h2>
                <dl class="details">
                    <dt>"Scheduled"</dt>
                    <dd>{move || current.with(|i| format_datetime(&i.scheduled_at))}</dd>
                    <dt>"Link opens"</dt>
                    <dd>{move || current.with(|i| format_datetime(&i.opens_at))}</dd>
                    <dt>"Valid until"</dt>
                    <dd>{move || current.with(|i| format_datetime(&i.expires_at))}</dd>
                    <dt>"Scheduled in"</dt>
                    <dd>{move || current.with(|i| i.time_zone.clone().unwrap_or_else(|| "UTC".into()))}</dd>
                    <dt>"Invitation"</dt>
                    <dd class="inline-stack">
                        <EmailStatus interview=current />
                        <ResendButton interview=current />
                    </dd>
                    {interview.note.clone().map(|n| view! { <dt>"Note"</dt><dd>{n}</dd> })}
                </dl>
                <p class="muted small section-gap">{time_zone_sentence()}"."</p>
            </section>
            <section class="card" aria-labelledby="link-title">
                <h2 class="card-title" id="link-title">"Candidate's link"</h2>
                <p class="muted small">"Personal to this candidate; it only works for their account. Share it if the email did not arrive."</p>
                <CopyLink url=interview.link.clone() id=link_id />
            </section>
            <section class="card" aria-labelledby="report-title">
                <h2 class="card-title" id="report-title">"Report"</h2>
                {move || match status() {
                    InterviewStatus::Completed => view! {
                        <p>"The interview is complete."</p>
                        <a class="btn btn-primary" href=report_href.clone()>"View report"</a>
                    }
                    .into_any(),
                    InterviewStatus::InProgress => view! {
                        <p class="muted">"The candidate is taking the interview now. The report is ready shortly after they finish."</p>
                    }
                    .into_any(),
                    InterviewStatus::Abandoned => view! {
                        <p class="muted">"The candidate left without finishing."</p>
                        <a class="btn btn-secondary" href=report_href.clone()>"View partial report"</a>
                    }
                    .into_any(),
                    _ => view! {
                        <p class="muted">"A report with scores and the transcript appears here once the candidate completes the interview."</p>
                    }
                    .into_any(),
                }}
            </section>
            <Show when=move || status() == InterviewStatus::Scheduled>
                <section class="card" aria-labelledby="change-title">
                    <h2 class="card-title" id="change-title">"Reschedule or cancel"</h2>
                    <RescheduleForm current=current />
                    <div class="danger-zone">
                        <ConfirmButton
                            label="Cancel interview"
                            question="Cancel this interview? The link stops working and the candidate is told by email."
                            confirm_label="Yes, cancel it"
                            danger=true
                            pending=cancelling
                            on_confirm=move || { cancel.dispatch(()); }
                        />
                        <ErrorAlert message=cancel_error />
                    </div>
                </section>
            </Show>
        </div>
    }
}

#[component]
fn RescheduleForm(current: RwSignal<InterviewDto>) -> impl IntoView {
    let api = use_api();
    let when = RwSignal::new(current.with_untracked(|i| rfc3339_to_local_input(&i.scheduled_at)));
    let when_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let save = Action::new_local(move |scheduled_at: &String| {
        let scheduled_at = scheduled_at.clone();
        async move {
            let id = current.with_untracked(|i| i.id.clone());
            // Keep the window length the recruiter chose: same days after the new time.
            let old_days = current.with_untracked(|i| {
                let (s, e) = (
                    time_ms(&i.scheduled_at).unwrap_or(0.0),
                    time_ms(&i.expires_at).unwrap_or(0.0),
                );
                ((e - s) / 86_400_000.0).round().clamp(1.0, 60.0) as u32
            });
            let request = RescheduleInterviewRequest {
                expires_at: plus_days(&scheduled_at, old_days),
                scheduled_at: Some(scheduled_at),
                time_zone: Some(local_time_zone()),
                ..Default::default()
            };
            match api.reschedule_interview(&id, &request).await {
                Ok(updated) => {
                    let text = format!(
                        "Rescheduled to {}. The candidate is emailed the new time.",
                        format_datetime(&updated.scheduled_at)
                    );
                    current.set(updated);
                    done.set(Some(text));
                }
                Err(err) if matches!(err.field(), Some("scheduled_at" | "expires_at")) => {
                    when_error.set(Some(err.message()));
                    focus_id("reschedule-when");
                }
                Err(err) => form_error.set(Some(format!(
                    "The interview could not be rescheduled. {}",
                    err.message()
                ))),
            }
        }
    });
    let pending = save.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        done.set(None);
        match keep(when_error, check_when(&when.get_untracked())) {
            Some(rfc) => {
                save.dispatch(rfc);
            }
            None => focus_id("reschedule-when"),
        }
    };
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <ErrorAlert message=form_error />
            <div class="field">
                <label for="reschedule-when">"New date and time"</label>
                <p class="hint" id="reschedule-when-hint">{time_zone_sentence()}"."</p>
                <input
                    class="input"
                    id="reschedule-when"
                    type="datetime-local"
                    aria-invalid=move || when_error.with(Option::is_some).to_string()
                    aria-describedby="reschedule-when-hint reschedule-when-error"
                    prop:value=move || when.get()
                    on:input=move |ev| when.set(event_target_value(&ev))
                />
                {move || when_error.get().map(|m| view! { <p class="field-error" id="reschedule-when-error">{m}</p> })}
            </div>
            <div class="form-actions">
                <SubmitButton pending=pending label="Reschedule" pending_label="Rescheduling…" />
            </div>
            <p role="status" aria-live="polite" class="text-success small">{move || done.get()}</p>
        </form>
    }
}

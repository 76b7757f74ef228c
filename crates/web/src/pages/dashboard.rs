//! The role homes: the recruiter's upcoming and recent interviews and jobs, and the
//! candidate's interview invitations (with their links) and applications.

use interview_flow_shared::text::interview_length;
use interview_flow_shared::{
    ApplicationDto, CandidateDashboardDto, CandidateInterviewDto, InterviewDto, InterviewStatus,
    RecruiterDashboardDto, Role,
};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{CopyLink, EmptyState, ErrorState, Loading, set_title};
use crate::pages::format::{
    application_status_class, application_status_label, duration_text, format_date,
    format_datetime, interview_status_class, interview_status_label, safe_color, time_ms,
    time_zone_sentence, use_now,
};
use crate::pages::recruiter::widgets::{EmailStatus, ReportScore, ResendButton};
use crate::pages::shell::RequireRole;
use crate::pages::verify_email::VerifyEmailBanner;
use crate::routes;

// ---------------------------------------------------------------- recruiter

/// `/dashboard/recruiter`.
#[component]
pub fn RecruiterHome() -> impl IntoView {
    set_title("Recruiter dashboard");
    view! {
        <RequireRole role=Role::Recruiter>
            <RecruiterDashboard />
        </RequireRole>
    }
}

#[component]
fn RecruiterDashboard() -> impl IntoView {
    let api = use_api();
    let data = LocalResource::new(move || async move { api.recruiter_dashboard().await });
    view! {
        <header class="page-header page-header-actions">
            <div>
                <h1>"Recruiter dashboard"</h1>
                <p class="muted">{time_zone_sentence()}"."</p>
            </div>
            <div class="header-actions">
                <a class="btn btn-primary" href=routes::SCHEDULE_INTERVIEW>"Schedule interview"</a>
                <a class="btn btn-secondary" href=routes::NEW_JOB>"Post a job"</a>
            </div>
        </header>
        <VerifyEmailBanner />
        {move || match data.get() {
            None => view! { <Loading label="Loading your dashboard…" /> }.into_any(),
            Some(Err(err)) => view! {
                <ErrorState
                    message=format!("Your dashboard could not be loaded. {}", err.message())
                    retry=move || data.refetch()
                />
            }
            .into_any(),
            Some(Ok(dashboard)) => view! { <RecruiterSections dashboard=dashboard /> }.into_any(),
        }}
    }
}

#[component]
fn RecruiterSections(dashboard: RecruiterDashboardDto) -> impl IntoView {
    let RecruiterDashboardDto {
        jobs,
        upcoming,
        recent,
    } = dashboard;
    let upcoming_view = if upcoming.is_empty() {
        view! {
            <EmptyState
                title="No upcoming interviews"
                text="Schedule an interview for an applicant or any candidate by email; it appears here with its invitation status."
            >
                <a class="btn btn-primary btn-sm" href=routes::SCHEDULE_INTERVIEW>"Schedule interview"</a>
            </EmptyState>
        }
        .into_any()
    } else {
        view! {
            <ul class="rows">
                {upcoming.into_iter().map(|i| view! { <UpcomingRow interview=i /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let recent_view = if recent.is_empty() {
        view! {
            <EmptyState
                title="No finished interviews yet"
                text="Completed interviews show here with their score and a link to the report."
            />
        }
        .into_any()
    } else {
        view! {
            <ul class="rows">
                {recent.into_iter().map(|i| view! { <RecentRow interview=i /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let jobs_view = if jobs.is_empty() {
        view! {
            <EmptyState title="No jobs yet" text="Post a job so candidates can apply and you can schedule interviews for it.">
                <a class="btn btn-primary btn-sm" href=routes::NEW_JOB>"Post a job"</a>
            </EmptyState>
        }
        .into_any()
    } else {
        view! {
            <ul class="rows">
                {jobs
                    .into_iter()
                    .map(|summary| {
                        let job = summary.job;
                        let href = routes::recruiter_job(&job.id);
                        let open = job.status == interview_flow_shared::JobStatus::Open;
                        view! {
                            <li class="row">
                                <div class="row-main">
                                    <a class="row-title" href=href>{job.title}</a>
                                    <span class="muted small">
                                        {format!(
                                            "{} applicant{} · {} interview{}",
                                            summary.applications_count,
                                            if summary.applications_count == 1 { "" } else { "s" },
                                            summary.interviews_count,
                                            if summary.interviews_count == 1 { "" } else { "s" },
                                        )}
                                    </span>
                                </div>
                                <span class=if open { "badge badge-success" } else { "badge badge-muted" }>
                                    {if open { "Open" } else { "Closed" }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="dashboard-grid">
            <section class="card" aria-labelledby="upcoming-title">
                <h2 class="card-title" id="upcoming-title">"Upcoming interviews"</h2>
                {upcoming_view}
            </section>
            <section class="card" aria-labelledby="recent-title">
                <h2 class="card-title" id="recent-title">"Recently finished"</h2>
                {recent_view}
            </section>
            <section class="card" aria-labelledby="jobs-title">
                <div class="card-title-row">
                    <h2 class="card-title" id="jobs-title">"Jobs"</h2>
                    <a href=routes::RECRUITER_JOBS>"All jobs"</a>
                </div>
                {jobs_view}
            </section>
        </div>
    }
}

#[component]
fn UpcomingRow(interview: InterviewDto) -> impl IntoView {
    let current = RwSignal::new(interview);
    let i = current.get_untracked();
    let href = routes::interview_detail(&i.id);
    view! {
        <li class="row row-wrap">
            <div class="row-main">
                <a class="row-title" href=href>{i.candidate.full_name.clone()}</a>
                <span class="muted small">{format!("{} · {}", i.job.title, i.candidate.email)}</span>
                <span class="small">{format_datetime(&i.scheduled_at)}</span>
            </div>
            <div class="row-side">
                <span class=interview_status_class(i.status)>{interview_status_label(i.status)}</span>
                <EmailStatus interview=current />
                <ResendButton interview=current />
            </div>
        </li>
    }
}

#[component]
fn RecentRow(interview: InterviewDto) -> impl IntoView {
    let href = routes::interview_detail(&interview.id);
    let when = interview
        .completed_at
        .clone()
        .unwrap_or_else(|| interview.scheduled_at.clone());
    let completed = interview.status == InterviewStatus::Completed;
    let id = interview.id.clone();
    view! {
        <li class="row row-wrap">
            <div class="row-main">
                <a class="row-title" href=href>{interview.candidate.full_name.clone()}</a>
                <span class="muted small">{format!("{} · {}", interview.job.title, format_date(&when))}</span>
            </div>
            <div class="row-side">
                <span class=interview_status_class(interview.status)>{interview_status_label(interview.status)}</span>
                {completed.then(|| view! { <ReportScore interview_id=id.clone() /> })}
            </div>
        </li>
    }
}

// ---------------------------------------------------------------- candidate

/// `/dashboard/jobseeker`.
#[component]
pub fn JobseekerHome() -> impl IntoView {
    set_title("Your interviews");
    view! {
        <RequireRole role=Role::Candidate>
            <CandidateDashboard />
        </RequireRole>
    }
}

#[component]
fn CandidateDashboard() -> impl IntoView {
    let api = use_api();
    let data = LocalResource::new(move || async move { api.candidate_dashboard().await });
    view! {
        <header class="page-header page-header-actions">
            <div>
                <h1>"Your interviews"</h1>
                <p class="muted">{time_zone_sentence()}"."</p>
            </div>
            <div class="header-actions">
                <a class="btn btn-secondary" href=routes::JOB_BOARD>"Find jobs"</a>
            </div>
        </header>
        <VerifyEmailBanner candidate=true />
        {move || match data.get() {
            None => view! { <Loading label="Loading your interviews…" /> }.into_any(),
            Some(Err(err)) => view! {
                <ErrorState
                    message=format!("Your interviews could not be loaded. {}", err.message())
                    retry=move || data.refetch()
                />
            }
            .into_any(),
            Some(Ok(dashboard)) => view! { <CandidateSections dashboard=dashboard /> }.into_any(),
        }}
    }
}

#[component]
fn CandidateSections(dashboard: CandidateDashboardDto) -> impl IntoView {
    let CandidateDashboardDto {
        interviews,
        applications,
    } = dashboard;
    let interviews_view = if interviews.is_empty() {
        view! {
            <EmptyState
                title="No interviews yet"
                text="When a recruiter invites you, it appears here with your personal interview link (we email it to you too)."
            >
                <a class="btn btn-secondary btn-sm" href=routes::JOB_BOARD>"Browse open jobs"</a>
            </EmptyState>
        }
        .into_any()
    } else {
        view! {
            <div class="interview-cards">
                {interviews.into_iter().map(|i| view! { <InterviewCard interview=i /> }).collect_view()}
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="invites-title">
            <h2 class="visually-hidden" id="invites-title">"Interview invitations"</h2>
            {interviews_view}
        </section>
        <section class="card section-gap" aria-labelledby="applications-title">
            <h2 class="card-title" id="applications-title">"Your applications"</h2>
            <ApplicationsList applications=applications />
        </section>
    }
}

/// A candidate's applications with their status and résumé download.
#[component]
pub fn ApplicationsList(applications: Vec<ApplicationDto>) -> impl IntoView {
    if applications.is_empty() {
        return view! {
            <EmptyState
                title="No applications yet"
                text="Apply to an open job with your résumé; its status shows here."
            >
                <a class="btn btn-secondary btn-sm" href=routes::JOB_BOARD>"Find jobs"</a>
            </EmptyState>
        }
        .into_any();
    }
    view! {
        <ul class="rows">
            {applications
                .into_iter()
                .map(|app| {
                    let job_href = routes::job_posting(&app.job_id);
                    view! {
                        <li class="row row-wrap">
                            <div class="row-main">
                                <a class="row-title" href=job_href>{app.job_title.clone()}</a>
                                <span class="muted small">
                                    {format!("{} · applied {}", app.company_name, format_date(&app.created_at))}
                                </span>
                            </div>
                            <div class="row-side">
                                <span class=application_status_class(app.status)>
                                    {application_status_label(app.status)}
                                </span>
                                {app.resume.clone().map(|resume| view! {
                                    <crate::pages::recruiter::widgets::ResumeDownload
                                        application_id=app.id.clone()
                                        filename=resume.filename
                                    />
                                })}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn InterviewCard(interview: CandidateInterviewDto) -> impl IntoView {
    let now = use_now(1000);
    let style = format!("--accent: {};", safe_color(&interview.brand_color));
    let opens_ms = time_ms(&interview.opens_at).unwrap_or(0.0);
    let expires_ms = time_ms(&interview.expires_at).unwrap_or(f64::MAX);
    let status = interview.status;
    let live = matches!(
        status,
        InterviewStatus::Scheduled | InterviewStatus::InProgress
    );
    let open_href = crate::routes::interview_ready(&interview.id);
    let title_id = format!("interview-{}-title", interview.id);
    let link_id = format!("interview-{}-link", interview.id);
    let explain_id = format!("interview-{}-explain", interview.id);
    let blocked_reason = move || -> Option<&'static str> {
        match status {
            InterviewStatus::Completed => {
                Some("You have completed this interview. The recruiter will be in touch.")
            }
            InterviewStatus::Cancelled => Some("The recruiter cancelled this interview."),
            InterviewStatus::Expired => {
                Some("This link has expired. Ask the recruiter for a new one.")
            }
            InterviewStatus::Abandoned => {
                Some("This interview was left unfinished and can no longer be resumed.")
            }
            _ if now.get() >= expires_ms => {
                Some("This link has expired. Ask the recruiter for a new one.")
            }
            _ => None,
        }
    };
    let countdown = move || {
        let left = opens_ms - now.get();
        (live && status == InterviewStatus::Scheduled && left > 0.0)
            .then(|| format!("Opens in {}", duration_text(left)))
    };
    let copy_label = format!("Copy link for {}", interview.job_title);
    let explain_for_button = explain_id.clone();
    let labelled_by = title_id.clone();
    view! {
        <article class="card interview-card" style=style aria-labelledby=labelled_by>
            <div class="interview-card-head">
                <div>
                    <h3 id=title_id>{interview.job_title.clone()}</h3>
                    <p class="company">
                        <span class="accent-dot" aria-hidden="true"></span>
                        {interview.company_name.clone()}
                    </p>
                </div>
                <span class=interview_status_class(status)>{interview_status_label(status)}</span>
            </div>
            <dl class="details">
                <dt>"When"</dt>
                <dd>{format_datetime(&interview.scheduled_at)}</dd>
                <dt>"Link opens"</dt>
                <dd>{format_datetime(&interview.opens_at)}</dd>
                <dt>"Valid until"</dt>
                <dd>{format_datetime(&interview.expires_at)}</dd>
                <dt>"Interview"</dt>
                <dd>
                    {interview_length(interview.question_count, interview.time_limit_minutes)}
                </dd>
            </dl>
            {move || countdown().map(|text| view! { <p class="countdown"><strong>{text}</strong></p> })}
            <CopyLink url=interview.link.clone() id=link_id button_label=copy_label />
            <div class="card-actions">
                {move || match blocked_reason() {
                    None => view! {
                        <a class="btn btn-primary" href=open_href.clone()>"Open"</a>
                    }
                    .into_any(),
                    Some(reason) => view! {
                        <button
                            class="btn btn-primary"
                            type="button"
                            disabled=true
                            aria-describedby=explain_for_button.clone()
                        >
                            "Open"
                        </button>
                        <p class="muted small" id=explain_id.clone()>{reason}</p>
                    }
                    .into_any(),
                }}
            </div>
        </article>
    }
}

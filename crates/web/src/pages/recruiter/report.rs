//! `/dashboard/interviews/{id}/report`: the evaluation of a finished interview.

use interview_flow_shared::{EvaluationStatus, ReportDto, Role};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::use_api;
use crate::api::workspace::save_bytes;
use crate::components::{ErrorAlert, ErrorState, Loading, set_title};
use crate::pages::format::{
    format_datetime, humanize, interview_status_class, interview_status_label,
    recommendation_class, recommendation_label,
};
use crate::pages::shell::RequireRole;
use crate::routes;

#[component]
pub fn ReportPage() -> impl IntoView {
    set_title("Interview report");
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let report = LocalResource::new(move || {
        let id = id.get();
        async move { api.report(&id).await }
    });
    // Poll while the evaluation is still running.
    let pending = move || {
        report
            .get()
            .and_then(|r| r.ok())
            .is_some_and(|r| r.evaluation_status.is_in_progress())
    };
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if pending() {
                report.refetch();
            }
        },
        std::time::Duration::from_secs(4),
    ) {
        on_cleanup(move || handle.clear());
    }
    let back = move || routes::interview_detail(&id.get());
    view! {
        <RequireRole role=Role::Recruiter>
            <p class="breadcrumb no-print"><a href=back>"Interview"</a></p>
            {move || match report.get() {
                None => view! { <Loading label="Loading the report…" /> }.into_any(),
                Some(Err(err)) if err.status() == Some(404) => view! {
                    <div class="alert alert-error" role="alert">
                        <div>
                            <p>{format!("There is no report for this interview yet. {}", err.message())}</p>
                            <p>"Reports exist once the candidate has finished the interview. Check the interview's status, then try again."</p>
                            <button class="btn btn-secondary btn-sm" type="button" on:click=move |_| report.refetch()>"Try again"</button>
                        </div>
                    </div>
                }
                .into_any(),
                Some(Err(err)) => view! {
                    <ErrorState message=format!("The report could not be loaded. {}", err.message()) retry=move || report.refetch() />
                }
                .into_any(),
                Some(Ok(r)) => view! { <ReportView report=r /> }.into_any(),
            }}
        </RequireRole>
    }
}

#[component]
fn ReportView(report: ReportDto) -> impl IntoView {
    set_title(&format!("Report: {}", report.candidate_name));
    let download_error = RwSignal::new(None::<String>);
    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
    let filename = format!("interview-report-{}.json", report.interview_id);
    let download = move |_| {
        download_error.set(None);
        if save_bytes(json.as_bytes(), "application/json", &filename).is_err() {
            download_error.set(Some(
                "The browser did not start the download. Try again, or use Print to save a PDF."
                    .into(),
            ));
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let pending = report.evaluation_status.is_in_progress();
    let failed = report.evaluation_status == EvaluationStatus::Failed;
    let not_started = report.evaluation_status == EvaluationStatus::NotStarted;
    let evaluator = match report.evaluator.as_deref() {
        Some("builtin") => Some(
            "Heuristic evaluation (built-in rules, no AI model): treat the scores as a rough guide.",
        ),
        Some("llm") => Some("Evaluated by an AI model from the transcript."),
        _ => None,
    };
    let score = report.overall_score;
    let score_style = score.map(|s| format!("--score: {s}%;"));
    view! {
        <header class="page-header page-header-actions">
            <div>
                <h1>{format!("{} · {}", report.candidate_name, report.job_title)}</h1>
                <p class="muted">
                    <span class=interview_status_class(report.status)>{interview_status_label(report.status)}</span>
                    {report.completed_at.as_deref().map(|t| format!(" · finished {}", format_datetime(t)))}
                </p>
            </div>
            <div class="header-actions no-print">
                <button class="btn btn-secondary" type="button" on:click=download>"Download JSON"</button>
                <button class="btn btn-secondary" type="button" on:click=print>"Print"</button>
            </div>
        </header>
        <ErrorAlert message=download_error />
        {pending.then(|| view! {
            <div class="alert" role="status" aria-live="polite">
                <span class="spinner" aria-hidden="true"></span>
                <p>"The evaluation is still running. This page updates by itself in a few seconds."</p>
            </div>
        })}
        {not_started.then(|| view! {
            <div class="alert" role="status">
                <p>"This interview has not been taken yet, so there is nothing to evaluate. The report fills in after the candidate finishes."</p>
            </div>
        })}
        {failed.then(|| view! {
            <div class="alert alert-error" role="alert">
                <p>"The evaluation failed. The transcript below is complete; review it directly, or ask your administrator to check the AI settings."</p>
            </div>
        })}
        <div class="report-top">
            <section class="card score-card" aria-labelledby="score-title">
                <h2 class="card-title" id="score-title">"Overall score"</h2>
                {match score {
                    Some(s) => view! {
                        <p class="score-big"><strong>{s}</strong><span class="muted">" / 100"</span></p>
                        <div class="bar" style=score_style.clone() role="img" aria-label=format!("{s} out of 100")><span></span></div>
                    }
                    .into_any(),
                    None => view! { <p class="muted">"No score yet."</p> }.into_any(),
                }}
                {report.recommendation.map(|r| view! {
                    <p>"Recommendation: "<span class=recommendation_class(r)>{recommendation_label(r)}</span></p>
                })}
                {evaluator.map(|e| view! { <p class="small muted">{e}</p> })}
            </section>
            <section class="card" aria-labelledby="summary-title">
                <h2 class="card-title" id="summary-title">"Summary"</h2>
                <p>{report.summary.clone().unwrap_or_else(|| "No summary yet.".into())}</p>
                {(!report.caps.is_empty()).then(|| view! {
                    <h3>"Score caps applied"</h3>
                    <ul class="plain-list">
                        {report.caps.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                    </ul>
                })}
            </section>
        </div>
        {(!report.dimensions.is_empty()).then(|| view! {
            <section class="card section-gap" aria-labelledby="dims-title">
                <h2 class="card-title" id="dims-title">"Dimensions"</h2>
                <dl class="dimensions">
                    {report.dimensions.iter().map(|d| {
                        let pct = ((d.score / 5.0) * 100.0).clamp(0.0, 100.0);
                        view! {
                            <dt>{humanize(&d.name)}</dt>
                            <dd>
                                <div class="bar" style=format!("--score: {pct:.0}%;") aria-hidden="true"><span></span></div>
                                <span class="small">{format!("{:.1} / 5", d.score)}</span>
                            </dd>
                        }
                    }).collect_view()}
                </dl>
            </section>
        })}
        <section class="card section-gap" aria-labelledby="questions-title">
            <h2 class="card-title" id="questions-title">"Questions and answers"</h2>
            {if report.questions.is_empty() {
                view! { <p class="muted">"No questions were answered."</p> }.into_any()
            } else {
                view! {
                    <ol class="question-list">
                        {report.questions.iter().map(|q| view! {
                            <li class="question">
                                <div class="question-head">
                                    <span class="badge">{format!("Q{} · {}", q.number, humanize(q.kind.as_str()))}</span>
                                    {match q.score {
                                        Some(s) => view! { <span class="badge badge-info">{format!("Score {s} / 5")}</span> }.into_any(),
                                        None => view! { <span class="badge badge-muted">"Not scored"</span> }.into_any(),
                                    }}
                                </div>
                                <p class="question-text"><strong>{q.question.clone()}</strong></p>
                                <p class="answer">
                                    {q.answer.clone().unwrap_or_else(|| "No answer.".into())}
                                    {q.answer_source.map(|s| format!(" ({}{})", s.as_str(), q.answer_seconds.map(|t| format!(", {t} s")).unwrap_or_default()))}
                                </p>
                                {q.evidence.clone().map(|e| view! { <blockquote class="evidence">{e}</blockquote> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
        <section class="card section-gap" aria-labelledby="integrity-title">
            <h2 class="card-title" id="integrity-title">"Integrity signals"</h2>
            <p class="small muted">"These are for human review only. They can have innocent causes (a notification, a second screen) and are never a reason for automatic rejection."</p>
            {(report.integrity_events_total > report.integrity_events.len() as u64).then(|| view! {
                <p class="small muted">{format!("{} signals received in total; the first {} are listed.", report.integrity_events_total, report.integrity_events.len())}</p>
            })}
            {if report.integrity_events.is_empty() {
                view! { <p>"None recorded."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {report.integrity_events.iter().map(|f| view! {
                            <li>
                                <strong>{humanize(&f.kind)}</strong>
                                {format!(" · {}", format_datetime(&f.at))}
                                {f.detail.clone().map(|d| format!(" · {d}"))}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        <section class="card section-gap" aria-labelledby="transcript-title">
            <h2 class="card-title" id="transcript-title">"Transcript"</h2>
            {report.questions.is_empty().then(|| view! { <p class="muted">"No transcript yet."</p> })}
            <div class="transcript">
                {report.questions.iter().map(|q| view! {
                    <p><strong>"Interviewer: "</strong>{q.question.clone()}</p>
                    {q.answer.clone().map(|a| view! { <p><strong>"Candidate: "</strong>{a}</p> })}
                }).collect_view()}
            </div>
        </section>
    }
}

//! The public job board (`/jobs`, `/jobs/{id}`) and applying with a résumé.

use interview_flow_shared::{ApplicationDto, JobDto, JobStatus, Role};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::use_api;
use crate::api::workspace::MAX_RESUME_BYTES;
use crate::brand::brand_style;
use crate::components::{
    AppFrame, EmptyState, ErrorAlert, ErrorState, Loading, SignInLink, TextAreaField, focus_id,
    set_title,
};
use crate::pages::format::{
    application_status_class, application_status_label, format_date, humanize, size_text,
};
use crate::pages::link_session::LinkSessionNotice;
use crate::pages::shell::MainNav;
use crate::routes;
use crate::session::use_session;

/// Header of the public pages: the product, the signed-in user's navigation or sign-in.
#[component]
fn PublicLayout(children: Children) -> impl IntoView {
    let session = use_session();
    let style = move || {
        session
            .user()
            .and_then(|u| u.organization)
            .and_then(|org| brand_style(&org.brand_color))
    };
    view! {
        <AppFrame
            style=style
            top_bar=move || view! {
                <Show
                    when=move || session.is_signed_in()
                    fallback=|| view! {
                        <nav class="main-nav" aria-label="Main">
                            <ul>
                                <li><a href=routes::JOB_BOARD aria-current="page">"Find jobs"</a></li>
                            </ul>
                        </nav>
                        <span class="topbar-spacer"></span>
                        <div class="topbar-user">
                            <SignInLink return_here=true />
                        </div>
                    }
                >
                    <MainNav />
                    <span class="topbar-spacer"></span>
                </Show>
            }
        >
            {children()}
        </AppFrame>
    }
}

fn job_meta(job: &JobDto) -> String {
    let mut parts = vec![job.company_name.clone()];
    if let Some(location) = &job.location {
        parts.push(location.clone());
    }
    if let Some(t) = job.employment_type {
        parts.push(humanize(t.as_str()));
    }
    if let Some(l) = job.experience_level {
        parts.push(humanize(l.as_str()));
    }
    parts.join(" · ")
}

// ---------------------------------------------------------------- board

/// `/jobs?q=`.
#[component]
pub fn JobBoard() -> impl IntoView {
    set_title("Find jobs");
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let q = Memo::new(move |_| query.with(|m| m.get("q")).unwrap_or_default());
    let search = RwSignal::new(q.get_untracked());
    Effect::new(move |_| search.set(q.get()));

    let items = RwSignal::new(Vec::<JobDto>::new());
    let cursor = RwSignal::new(None::<String>);
    let state = RwSignal::new(None::<Result<(), String>>);
    let load = Action::new_local(move |(q, after): &(String, Option<String>)| {
        let (q, after) = (q.clone(), after.clone());
        async move {
            match api.open_jobs(Some(&q), after.as_deref()).await {
                Ok(page) => {
                    if after.is_none() {
                        items.set(page.items);
                    } else {
                        items.update(|list| list.extend(page.items));
                    }
                    cursor.set(page.next_cursor);
                    state.set(Some(Ok(())));
                }
                Err(err) => state.set(Some(Err(format!(
                    "Jobs could not be loaded. {}",
                    err.message()
                )))),
            }
        }
    });
    Effect::new(move |_| {
        let q = q.get();
        state.set(None);
        load.dispatch((q, None));
    });
    let pending = load.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = search.get_untracked().trim().to_string();
        let target = routes::job_search(&text);
        navigate(&target, Default::default());
    };

    view! {
        <PublicLayout>
            <header class="page-header">
                <h1>"Find jobs"</h1>
                <p class="muted">"Open roles from companies hiring with Interview Flow."</p>
            </header>
            <form class="search" role="search" on:submit=on_submit>
                <label class="visually-hidden" for="job-search">"Search jobs"</label>
                <input
                    class="input"
                    id="job-search"
                    type="search"
                    placeholder="Title, skill or location"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                <button class="btn btn-primary" type="submit">"Search"</button>
            </form>
            {move || match state.get() {
                None => view! { <Loading label="Loading jobs…" /> }.into_any(),
                Some(Err(message)) => view! {
                    <ErrorState message=message retry=move || { load.dispatch((q.get_untracked(), None)); } />
                }
                .into_any(),
                Some(Ok(())) if items.with(Vec::is_empty) => view! {
                    <div class="card">
                        <EmptyState
                            title=if q.get().is_empty() { "No open jobs right now".to_string() } else { format!("No jobs match \u{201c}{}\u{201d}", q.get()) }
                            text="Try fewer or different words, or check back later."
                        />
                    </div>
                }
                .into_any(),
                Some(Ok(())) => view! {
                    <ul class="job-list">
                        <For each=move || items.get() key=|j| j.id.clone() let:job>
                            <li class="card job-card">
                                <h2 class="job-card-title"><a href=routes::job_posting(&job.id)>{job.title.clone()}</a></h2>
                                <p class="muted">{job_meta(&job)}</p>
                                {(!job.required_skills.is_empty()).then(|| view! {
                                    <ul class="chips" aria-label="Skills">
                                        {job.required_skills.iter().take(8).map(|s| view! { <li class="chip">{s.clone()}</li> }).collect_view()}
                                    </ul>
                                })}
                                <p class="small muted">{format!("Posted {}", format_date(&job.created_at))}</p>
                            </li>
                        </For>
                    </ul>
                    {move || cursor.get().map(|next| view! {
                        <button
                            class="btn btn-secondary load-more"
                            type="button"
                            disabled=move || pending.get()
                            on:click=move |_| { load.dispatch((q.get_untracked(), Some(next.clone()))); }
                        >
                            {move || if pending.get() { "Loading…" } else { "Load more" }}
                        </button>
                    })}
                }
                .into_any(),
            }}
        </PublicLayout>
    }
}

// ---------------------------------------------------------------- one job

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
                    <div class="card">
                        <EmptyState
                            title="This job is not available"
                            text="It may have been closed or the link may be mistyped."
                        >
                            <a class="btn btn-primary btn-sm" href=routes::JOB_BOARD>"See open jobs"</a>
                        </EmptyState>
                    </div>
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
                        "The first round is an AI interview: {} questions, up to {} minutes, in your browser.",
                        job.question_count, job.time_limit_minutes
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

#[component]
fn ApplySection(job_id: String) -> impl IntoView {
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
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
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
            <button class="btn btn-primary btn-block" type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "Sending…" } else { "Send application" }}
            </button>
        </form>
    }
}

/// A `File` to hand to an action (the browser object is only used on this thread).
#[derive(Clone)]
struct SendFile(web_sys::File);

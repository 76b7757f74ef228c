//! Client-side paths and the rules for redirects between them.

use interview_flow_shared::{Role, UserDto};

pub const HOME: &str = "/";
pub const SIGN_IN: &str = "/signin";
pub const SIGN_UP: &str = "/signup";
pub const FORGOT_PASSWORD: &str = "/forgot-password";
pub const RESET_PASSWORD: &str = "/reset-password";
pub const VERIFY_EMAIL: &str = "/verify-email";
pub const RECRUITER_HOME: &str = "/dashboard/recruiter";
pub const CANDIDATE_HOME: &str = "/dashboard/jobseeker";
pub const SETTINGS: &str = "/dashboard/settings";
/// API keys and webhooks, linked from the organisation settings.
pub const SETTINGS_INTEGRATIONS: &str = "/dashboard/settings/integrations";

/// The public job board (`?q=` searches it).
pub const JOB_BOARD: &str = "/jobs";
pub const ACCOUNT: &str = "/dashboard/account";
/// The organisation's jobs, a new job, scheduling an interview.
pub const RECRUITER_JOBS: &str = "/dashboard/jobs";
pub const NEW_JOB: &str = "/dashboard/jobs/new";
pub const SCHEDULE_INTERVIEW: &str = "/dashboard/interviews/new";
/// Where the recruiter's interview pages live (`/dashboard/interviews/{id}`…).
pub const RECRUITER_INTERVIEWS_PREFIX: &str = "/dashboard/interviews/";

fn enc(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}

/// The job board searched for `query` (the board itself when it is empty).
pub fn job_search(query: &str) -> String {
    if query.is_empty() {
        JOB_BOARD.to_string()
    } else {
        format!("{JOB_BOARD}?q={}", enc(query))
    }
}

/// A public job posting: `/jobs/{id}`.
pub fn job_posting(id: &str) -> String {
    format!("{JOB_BOARD}/{}", enc(id))
}

/// A job's applicants, for its organisation: `/dashboard/jobs/{id}`.
pub fn recruiter_job(id: &str) -> String {
    format!("{RECRUITER_JOBS}/{}", enc(id))
}

pub fn edit_job(id: &str) -> String {
    format!("{RECRUITER_JOBS}/{}/edit", enc(id))
}

/// Scheduling an interview for a job, and optionally one application to it.
pub fn schedule_interview_for(job_id: &str, application_id: Option<&str>) -> String {
    match application_id {
        Some(application) => format!(
            "{SCHEDULE_INTERVIEW}?job={}&application={}",
            enc(job_id),
            enc(application)
        ),
        None => format!("{SCHEDULE_INTERVIEW}?job={}", enc(job_id)),
    }
}

/// An interview as the recruiter sees it: `/dashboard/interviews/{id}`.
pub fn interview_detail(id: &str) -> String {
    format!("{RECRUITER_INTERVIEWS_PREFIX}{}", enc(id))
}

/// The interview's report: `/dashboard/interviews/{id}/report`.
pub fn interview_report(id: &str) -> String {
    format!("{RECRUITER_INTERVIEWS_PREFIX}{}/report", enc(id))
}

/// The candidate's system check before an interview: `/interview/ready/{id}`.
pub fn interview_ready(id: &str) -> String {
    format!("/interview/ready/{}", enc(id))
}

/// The interview room: `/interview/start/{id}` (`?mode=text` for text-only answers).
pub fn interview_room(id: &str, text_only: bool) -> String {
    let id = enc(id);
    if text_only {
        format!("/interview/start/{id}?mode=text")
    } else {
        format!("/interview/start/{id}")
    }
}

/// Where a signed-in user of this role lands.
pub fn home_for(role: Role) -> &'static str {
    match role {
        Role::Recruiter => RECRUITER_HOME,
        Role::Candidate => CANDIDATE_HOME,
    }
}

/// Where this signed-in user lands: a session from an emailed interview link opens only
/// that interview, so it stays on its ready page; everyone else goes to their role's home.
pub fn home_for_user(user: &UserDto) -> String {
    match &user.link_interview_id {
        Some(id) => interview_ready(id),
        None => home_for(user.role).to_string(),
    }
}

/// `next` is only followed when it is a path on this site: it starts with one `/`
/// (not `//` or `/\`, which browsers treat as another host) and has no control characters.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    let next = next?.trim();
    let valid = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    valid.then_some(next)
}

/// Where to go after signing in: a safe `next`, else the user's home. A session from an
/// emailed interview link always goes to its interview (nothing else would open).
pub fn after_sign_in(next: Option<&str>, user: &UserDto) -> String {
    if user.link_interview_id.is_some() {
        return home_for_user(user);
    }
    match safe_next(next) {
        // Don't bounce back to the auth pages themselves.
        Some(path) if !is_auth_page(path) => path.to_string(),
        _ => home_for_user(user),
    }
}

fn is_auth_page(path: &str) -> bool {
    let bare = path.split(['?', '#']).next().unwrap_or(path);
    matches!(
        bare,
        SIGN_IN | SIGN_UP | FORGOT_PASSWORD | RESET_PASSWORD | VERIFY_EMAIL
    )
}

/// `/signin?next=<path>` (the path is URL-encoded).
pub fn sign_in_with_next(path: &str) -> String {
    if path.is_empty() || path == HOME || is_auth_page(path) {
        return SIGN_IN.to_string();
    }
    let encoded: String = js_sys::encode_uri_component(path).into();
    format!("{SIGN_IN}?next={encoded}")
}

/// The browser's current path, query and fragment.
pub fn current_path() -> String {
    web_sys::window()
        .map(|w| w.location())
        .and_then(|l| {
            let path = l.pathname().ok()?;
            let search = l.search().unwrap_or_default();
            let hash = l.hash().unwrap_or_default();
            Some(format!("{path}{search}{hash}"))
        })
        .unwrap_or_else(|| HOME.to_string())
}

/// Takes `token=…` out of the URL fragment (`#token=…` of an emailed link) and removes the
/// fragment from the address bar (and history) straight away, so the token is never left in
/// the URL.
pub fn take_fragment_token() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    if fragment.is_empty() {
        return None;
    }
    let token = fragment
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "token")
        .and_then(|(_, value)| js_sys::decode_uri_component(value).ok())
        .map(String::from)
        .filter(|t| !t.trim().is_empty());
    if token.is_some() {
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &history.state().unwrap_or(wasm_bindgen::JsValue::NULL),
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
    token
}

/// Navigation that replaces the current history entry: for redirects, so Back does not
/// land on a page that immediately redirects again.
pub fn replace() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

//! HTTP routes, one file per handler. Handlers are thin: extract, parse into domain types,
//! call a service, answer with a DTO.

pub mod api_keys;
pub mod applications;
pub mod auth;
pub mod dashboard;
pub mod doc_constraints;
pub mod docs;
pub mod greenhouse;
pub mod health;
pub mod interviews;
pub mod jobs;
pub mod me;
pub mod organization;
pub mod responses;
pub mod sessions;
pub mod webhooks;

use actix_web::{HttpRequest, HttpResponse, web};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::errors::ApiError;

/// The one route registry: every documented handler is registered here, through
/// utoipa-actix-web, which collects its OpenAPI operation as it mounts it (so the served
/// document lists exactly the routes the server answers; a handler without `#[utoipa::path]`
/// does not compile here). Only undocumented plumbing (the document itself, the docs page,
/// JSON 404s) goes through `map`.
pub fn configure_api(cfg: &mut ServiceConfig<'_>) {
    cfg.service(
        scope("/api/v1")
            .service(auth::register::register)
            .service(auth::login::login)
            .service(auth::refresh::refresh)
            .service(auth::logout::logout)
            .service(auth::link::link_sign_in)
            .service(auth::password::set_password)
            .service(auth::password_reset::request_password_reset)
            .service(auth::password_reset::confirm_password_reset)
            .service(auth::verify_email::verify_email)
            .service(auth::verify_email::resend_verification)
            .service(me::me)
            .service(organization::get::get_organization)
            .service(organization::update::update_organization)
            .service(jobs::create::create_job)
            .service(jobs::list::list_jobs)
            .service(jobs::get::get_job)
            .service(jobs::update::update_job)
            .service(jobs::list_own::list_own_jobs)
            .service(applications::apply::apply)
            .service(applications::list_for_job::list_applications)
            .service(applications::update::update_application)
            .service(applications::resume::download_resume)
            .service(interviews::create::create_interview)
            .service(interviews::list::list_interviews)
            .service(interviews::ready::interview_ready)
            .service(interviews::get::get_interview)
            .service(interviews::reschedule::reschedule_interview)
            .service(interviews::cancel::cancel_interview)
            .service(interviews::resend::resend_invitation)
            .service(interviews::sign_in_link::request_sign_in_link)
            .service(api_keys::create::create_api_key)
            .service(api_keys::list::list_api_keys)
            .service(api_keys::revoke::revoke_api_key)
            .service(sessions::start::start_session)
            .service(sessions::get::get_session)
            .service(sessions::answer::post_answer)
            .service(sessions::end::end_session)
            .service(sessions::events::post_event)
            .service(sessions::audio::turn_audio)
            .service(sessions::transcribe::transcribe)
            .service(sessions::report::get_report)
            .service(sessions::integrity_events::list_integrity_events)
            .service(dashboard::candidate::candidate_dashboard)
            .service(dashboard::recruiter::recruiter_dashboard)
            .service(webhooks::create::create_webhook)
            .service(webhooks::list::list_webhooks)
            .service(webhooks::delete::delete_webhook)
            .service(webhooks::deliveries::list_webhook_deliveries)
            .service(webhooks::redeliver::redeliver_webhook)
            .service(webhooks::events::list_webhook_events)
            .map(|scope| {
                scope
                    .service(docs::openapi_json)
                    .default_service(web::to(api_not_found))
            }),
    )
    .service(
        scope("/integrations/greenhouse")
            .service(greenhouse::list_tests::list_tests)
            .service(greenhouse::send_test::send_test)
            .service(greenhouse::test_status::test_status)
            .service(greenhouse::response_error::response_error)
            .map(|scope| scope.default_service(web::to(api_not_found))),
    )
    .service(health::healthz)
    .service(health::readyz)
    .map(|cfg| cfg.service(docs::docs_page));
}

/// For a request no route took: 405 with `Allow` when the path is one the API document lists
/// (asked with another method), else a JSON 404 (the SPA fallback never answers under /api).
pub async fn api_not_found(
    req: HttpRequest,
    document: Option<web::Data<docs::ApiDocument>>,
) -> Result<HttpResponse, ApiError> {
    if let Some(allowed) = document.and_then(|doc| docs::allowed_methods(&doc.typed, req.path())) {
        return Err(ApiError::MethodNotAllowed { allowed });
    }
    Err(ApiError::not_found(format!(
        "There is no API route {} {}.",
        req.method(),
        req.path()
    )))
}

/// The client's address for rate limiting: the TCP peer, or what a trusted proxy
/// (`TRUSTED_PROXIES`) says in `X-Forwarded-For` / `Forwarded`. Untrusted peers cannot
/// choose their address by sending those headers.
pub fn client_ip(req: &HttpRequest) -> std::net::IpAddr {
    let peer = req
        .peer_addr()
        .map(|addr| addr.ip())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    let trusted = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|state| state.settings.trusted_proxies.as_slice())
        .unwrap_or_default();
    if trusted.is_empty() {
        return peer;
    }
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    crate::auth::rate_limit::client_address(
        peer,
        header("x-forwarded-for"),
        header("forwarded"),
        trusted,
    )
}

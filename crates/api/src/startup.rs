//! Builds the application from settings: pool, migrations, HTTP server bound to
//! BIND_ADDR (port 0 in tests) and the background housekeeping.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, Service};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ALLOW, HeaderName, HeaderValue};
use actix_web::middleware::{Compress, DefaultHeaders};
use actix_web::{App, HttpMessage, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::auth::password::PasswordHasher;
use crate::auth::{AuthRateLimiter, JwtKeys, KeyRateLimiter, RateLimitInfo};
use crate::db::{self, DbPool};
use crate::domain::jobs::Queue;
use crate::errors::ApiError;
use crate::routes;
use crate::services::mailer::Transport;
use crate::services::queue::{self, JobContext};
use crate::settings::Settings;
use crate::spa::SpaAssets;
use crate::state::AppState;
use crate::workers::{Backoff, Heartbeat, WorkerRegistry, supervise};

/// How often housekeeping runs.
const HOUSEKEEPING_INTERVAL: Duration = Duration::from_secs(60);

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    mail_transport: Arc<Transport>,
    heartbeats: WorkerHeartbeats,
}

/// One heartbeat per background worker, registered in `AppState::workers`: housekeeping,
/// and one per job queue (named as the queue).
struct WorkerHeartbeats {
    housekeeping: Heartbeat,
    queues: Vec<(Queue, Heartbeat)>,
}

impl WorkerHeartbeats {
    /// A worker is stale after three missed polls plus the margin a slow pass may take.
    fn register(workers: &mut WorkerRegistry, settings: &Settings) -> Self {
        let stale_after = |interval: Duration| interval * 3 + settings.worker_stale_margin;
        let poll = settings.email.poll_interval;
        Self {
            housekeeping: workers.register("housekeeping", stale_after(HOUSEKEEPING_INTERVAL)),
            queues: Queue::ALL
                .into_iter()
                .map(|queue| (queue, workers.register(queue.name(), stale_after(poll))))
                .collect(),
        }
    }
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.bind_addr).with_context(|| {
            format!(
                "invalid setting BIND_ADDR: cannot listen on {}",
                settings.bind_addr
            )
        })?;
        Self::build_with_listener(settings, listener).await
    }

    /// Like [`Application::build`] on a socket bound already (tests bind port 0 first, so the
    /// port is theirs before `PUBLIC_URL` names it).
    pub async fn build_with_listener(
        settings: Settings,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        let pool = db::build_pool(&settings.database_url, settings.database_pool_size)?;
        let migrate_pool = pool.clone();
        let applied = tokio::task::spawn_blocking(move || db::migrate(&migrate_pool))
            .await
            .context("migration task panicked")??;
        if !applied.is_empty() {
            tracing::info!(?applied, "applied database migrations");
        }
        let port = listener.local_addr()?.port();
        let mut workers = WorkerRegistry::new();
        let heartbeats = WorkerHeartbeats::register(&mut workers, &settings);
        let state = web::Data::new(AppState {
            jwt: JwtKeys::new(settings.jwt_secret.as_bytes()),
            auth_limiter: AuthRateLimiter::new(settings.auth_rate_limits),
            key_limiter: KeyRateLimiter::new(settings.api_key_rate_limit_per_minute),
            context: crate::services::context::Context::new(pool, &settings)?,
            passwords: PasswordHasher::from_settings(&settings)?,
            workers,
            settings: Arc::new(settings),
        });
        let mail_transport = Arc::new(Transport::from_settings(&state.settings)?);
        let spa = Arc::new(SpaAssets::load(&state.settings.static_dir));
        let server = build_server(listener, state.clone(), spa)?;
        Ok(Self {
            port,
            server,
            state,
            mail_transport,
            heartbeats,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> DbPool {
        self.state.context.pool.clone()
    }

    /// The clock the services read (a clone: moving it moves theirs).
    pub fn clock(&self) -> crate::clock::Clock {
        self.state.context.clock.clone()
    }

    /// Serves until the process is told to stop, with the background workers (each under a
    /// supervisor that restarts it if it panics) beside it.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let backoff = Backoff::default();
        let heartbeats = self.heartbeats;
        let state = self.state;
        let jobs = Arc::new(JobContext::new(state.clone(), self.mail_transport));
        let mut workers = vec![tokio::spawn(supervise(heartbeats.housekeeping, backoff, {
            let state = state.clone();
            move |heartbeat| housekeeping(state.clone(), heartbeat)
        }))];
        for (queue, heartbeat) in heartbeats.queues {
            let jobs = jobs.clone();
            workers.push(tokio::spawn(supervise(
                heartbeat,
                backoff,
                move |heartbeat| queue::run_worker(jobs.clone(), queue, heartbeat),
            )));
        }
        let result = self.server.await;
        for worker in workers {
            worker.abort();
        }
        result
    }
}

fn build_server(
    listener: TcpListener,
    state: web::Data<AppState>,
    spa: Arc<SpaAssets>,
) -> anyhow::Result<Server> {
    let workers = state.settings.http_workers;
    let hsts = state.settings.cookies_secure();
    let csp = spa.csp().to_string();
    let mut server = HttpServer::new(move || {
        let mut security_headers = DefaultHeaders::new()
            .add((header::CONTENT_SECURITY_POLICY, csp.clone()))
            .add((header::REFERRER_POLICY, "no-referrer"))
            .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .add((header::X_FRAME_OPTIONS, "DENY"))
            .add((
                HeaderName::from_static("permissions-policy"),
                "camera=(self), microphone=(self), geolocation=(), payment=()",
            ))
            .add((
                HeaderName::from_static("cross-origin-opener-policy"),
                "same-origin",
            ));
        if hsts {
            security_headers =
                security_headers.add((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"));
        }
        let spa = Arc::clone(&spa);
        // The route registry mounts the API and collects its OpenAPI document as it goes.
        let (app, api_document) = App::new()
            .into_utoipa_app()
            .openapi(routes::docs::ApiDoc::openapi())
            .configure(routes::configure_api)
            .split_for_parts();
        app.app_data(web::Data::new(routes::docs::ApiDocument::new(api_document)))
            .app_data(state.clone())
            .app_data(web::PathConfig::default().error_handler(|err, _| {
                // The reason only (e.g. "this is not a valid interview id"), not the parser's
                // wording around it.
                let reason = match &err {
                    actix_web::error::PathError::Deserialize(reason) => reason.to_string(),
                    other => other.to_string(),
                };
                ApiError::not_found(format!("Unknown resource: {reason}.")).into()
            }))
            .app_data(web::QueryConfig::default().error_handler(|err, _| {
                ApiError::BadRequest {
                    code: "invalid_query",
                    message: format!("Invalid query string: {err}."),
                }
                .into()
            }))
            .wrap(actix_web::middleware::from_fn(
                crate::extract::reject_control_characters,
            ))
            .wrap(Compress::default())
            .wrap(security_headers)
            .wrap_fn(|req, srv| {
                // Echo the request id TracingLogger assigned, so a client can quote it.
                let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
                let response = srv.call(req);
                async move {
                    let mut response = response.await?;
                    // An API key's budget, as the IETF RateLimit header fields.
                    let budget = response
                        .request()
                        .extensions()
                        .get::<RateLimitInfo>()
                        .copied();
                    if let Some(budget) = budget {
                        let headers = response.headers_mut();
                        for (name, value) in [
                            ("ratelimit-limit", budget.limit.to_string()),
                            ("ratelimit-remaining", budget.remaining.to_string()),
                            ("ratelimit-reset", budget.reset_secs.to_string()),
                        ] {
                            if let Ok(value) = HeaderValue::from_str(&value) {
                                headers.insert(HeaderName::from_static(name), value);
                            }
                        }
                    }
                    // actix's own 405 (a route of the path exists with another method) names
                    // no methods; RFC 9110 wants `Allow`, read from the document.
                    if response.status() == StatusCode::METHOD_NOT_ALLOWED
                        && !response.headers().contains_key(ALLOW)
                    {
                        let allowed = response
                            .request()
                            .app_data::<web::Data<routes::docs::ApiDocument>>()
                            .and_then(|doc| {
                                routes::docs::allowed_methods(&doc.typed, response.request().path())
                            })
                            .and_then(|allowed| HeaderValue::from_str(&allowed).ok());
                        if let Some(allowed) = allowed {
                            response.headers_mut().insert(ALLOW, allowed);
                        }
                    }
                    if let Some(value) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                        response
                            .headers_mut()
                            .insert(HeaderName::from_static("x-request-id"), value);
                    }
                    Ok(response)
                }
            })
            .wrap(TracingLogger::default())
            .configure(|cfg| spa.configure(cfg))
    })
    .listen(listener)?;
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}

/// Periodic clean-up that needs no coordination between nodes.
async fn housekeeping(state: web::Data<AppState>, heartbeat: Heartbeat) {
    let mut tick = tokio::time::interval(HOUSEKEEPING_INTERVAL);
    let mut ticks: u64 = 0;
    loop {
        tick.tick().await;
        heartbeat.beat();
        state.auth_limiter.forget_idle_keys();
        ticks += 1;
        if ticks % 60 == 1 {
            let result = state
                .context
                .db(|conn| {
                    db::refresh_tokens::delete_expired(conn, db::now())?;
                    let cutoff = db::now()
                        - chrono::TimeDelta::hours(crate::services::idempotency::RETENTION_HOURS);
                    db::idempotency::delete_older_than(conn, cutoff)?;
                    Ok(())
                })
                .await;
            if let Err(error) = result {
                tracing::warn!(%error, "housekeeping: deleting expired tokens and idempotency keys failed");
            }
        }
    }
}

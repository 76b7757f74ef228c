//! The OpenAPI document's fixed parts (info, tags, shared schemas, security schemes); its
//! paths are collected by the route registry (`super::configure_api`) from the handlers it
//! mounts. Served as JSON and as a readable page rendered from it, so they never disagree.

use actix_web::{HttpResponse, get, web};
use interview_flow_shared as dto;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as OpenApiDoc, RefOr};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Interview Flow API",
        version = "1",
        description = "REST API of Interview Flow: accounts, organisations, jobs, interviews and AI interview sessions. \
Errors are `{\"error\": {\"code\", \"message\", \"details\"?}}`; lists are `{\"items\", \"next_cursor\"}`."
    ),
    components(schemas(
        dto::ErrorBody,
        dto::ErrorDetail,
        dto::Role,
        dto::UserDto,
        dto::OrganizationDto,
        dto::RegisterRequest,
        dto::LoginRequest,
        dto::AuthResponse,
        dto::RefreshResponse,
        dto::SetPasswordRequest,
        dto::PasswordResetRequest,
        dto::PasswordResetConfirmRequest,
        dto::VerifyEmailRequest,
        dto::InterviewSignInLinkRequest,
        dto::EmailRequestAccepted,
        dto::UpdateOrganizationRequest,
        dto::LinkSignInRequest,
        dto::CreateJobRequest,
        dto::UpdateJobRequest,
        dto::JobDto,
        dto::JobSummaryDto,
        dto::JobStatus,
        dto::EmploymentType,
        dto::ExperienceLevel,
        dto::ApplicationDto,
        dto::ApplicationStatus,
        dto::UpdateApplicationRequest,
        dto::PersonDto,
        dto::ResumeInfoDto,
        dto::CreateInterviewRequest,
        dto::RescheduleInterviewRequest,
        dto::CandidateInput,
        dto::InterviewDto,
        dto::InterviewStatus,
        dto::EmailStatus,
        dto::InterviewJobDto,
        dto::InterviewReadyDto,
        dto::ReadyJobDto,
        dto::CompanyBrandingDto,
        dto::InterviewWindowDto,
        dto::WindowState,
        dto::CandidateDashboardDto,
        dto::CandidateInterviewDto,
        dto::RecruiterDashboardDto,
        dto::ApiKeyScope,
        dto::CreateApiKeyRequest,
        dto::ApiKeyDto,
        dto::CreatedApiKeyDto,
        dto::GreenhouseTestDto,
        dto::GreenhouseCandidate,
        dto::GreenhouseSendTestRequest,
        dto::GreenhouseSendTestResponse,
        dto::GreenhouseTestStatusDto,
        dto::CreateWebhookRequest,
        dto::WebhookCreatedDto,
        dto::WebhookEndpointDto,
        dto::WebhookDeliveryDto,
        dto::WebhookDeliveryStatus,
        dto::WebhookEvent,
        dto::WebhookEventTypeDto,
        dto::WebhookEnvelope,
        dto::WebhookEventData,
        dto::WebhookPingData,
        dto::WebhookInterviewData,
        dto::WebhookJobRef,
        dto::WebhookCandidateRef,
        dto::WebhookEmailFailure,
        dto::SessionDto,
        dto::CurrentQuestionDto,
        dto::AnsweredTurnDto,
        dto::VoiceDto,
        dto::VoiceMode,
        dto::TurnKind,
        dto::AnswerSource,
        dto::StartSessionRequest,
        dto::AnswerRequest,
        dto::EndSessionRequest,
        dto::IntegrityEventRequest,
        dto::IntegrityEventKind,
        dto::TranscriptionDto,
        dto::ReportDto,
        dto::Recommendation,
        dto::DimensionScoreDto,
        dto::QuestionScoreDto,
        dto::IntegrityFlagDto,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "accounts", description = "Sign-up, sign-in, sessions and the current user"),
        (name = "organizations", description = "The recruiter's organisation and its branding"),
        (name = "jobs", description = "Jobs: posted by recruiters, listed publicly while open"),
        (name = "applications", description = "Applications with résumés, and their pipeline status"),
        (name = "interviews", description = "Scheduling interviews, their links and emails (recruiter side)"),
        (name = "candidate interviews", description = "The candidate's side: dashboard and the interview-ready page"),
        (name = "integrations", description = "Organisation API keys for applicant tracking systems: send `Authorization: Bearer ifk_…`, or HTTP Basic with the key as user name and an empty password. A key acts as its organisation on every recruiter route within its scopes: `read` (every GET), `write` (scheduling: jobs, applications, interviews, Greenhouse), `admin` (organisation settings and webhooks; includes write). A key without the scope a route needs gets 403 `insufficient_scope`. Responses carry RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset."),
        (name = "greenhouse", description = "Greenhouse assessment-partner endpoints (Greenhouse calls us with HTTP Basic: the API key as user name, empty password)."),
        (name = "webhooks", description = "Signed event notifications to your endpoints (Standard Webhooks): interview.scheduled, interview.started, interview.completed, interview.cancelled, interview.expired, email.failed. Verify `webhook-signature` (v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\">) with the base64-decoded part of the endpoint secret after `whsec_`; deduplicate on `webhook-id`."),
        (name = "operations", description = "Health and readiness probes"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Access token from sign-in, valid 15 minutes."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Organisation API key (ifk_…) as a bearer token."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some(
                        "Organisation API key as the user name, empty password (Greenhouse).",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "refresh_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                dto::REFRESH_COOKIE,
                "httpOnly refresh token set by sign-in, scoped to /api/v1/auth.",
            ))),
        );
    }
}

/// The OpenAPI document of the routes the server mounted ([`super::configure_api`] collects
/// it while registering them), kept in app data for the handlers below: typed, for the page
/// and `Allow`, and as served, with the server-wide rules of [`super::doc_constraints`]
/// (serialised once: the typed model has no place for some of them).
pub struct ApiDocument {
    pub typed: OpenApiDoc,
    pub served: String,
}

impl ApiDocument {
    pub fn new(typed: OpenApiDoc) -> Self {
        let served = super::doc_constraints::apply(&typed).to_string();
        ApiDocument { typed, served }
    }
}

/// `GET /api/v1/openapi.json`.
#[get("/openapi.json")]
pub async fn openapi_json(document: web::Data<ApiDocument>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document.served.clone())
}

/// `GET /api/docs`: the same document as a page people can read.
#[get("/api/docs")]
pub async fn docs_page(document: web::Data<ApiDocument>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render_docs(&document.typed))
}

/// The methods the document lists for `path` (a template such as `/api/v1/jobs/{id}` matches
/// any one segment in place of `{id}`), as an `Allow` value; None when no path matches.
pub fn allowed_methods(doc: &OpenApiDoc, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let matches = |template: &str| {
        let parts: Vec<&str> = template.split('/').collect();
        parts.len() == segments.len()
            && parts.iter().zip(&segments).all(|(part, segment)| {
                part == segment || (part.starts_with('{') && !segment.is_empty())
            })
    };
    let mut allowed: Vec<&str> = Vec::new();
    for (template, item) in &doc.paths.paths {
        if !matches(template) {
            continue;
        }
        let operations = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, operation) in operations {
            if operation.is_some() && !allowed.contains(&method) {
                allowed.push(method);
            }
        }
    }
    (!allowed.is_empty()).then(|| allowed.join(", "))
}

fn render_docs(doc: &OpenApiDoc) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Interview Flow API</title><style>\
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#111827;line-height:1.5}\
h2{margin-top:2.5rem;border-bottom:1px solid #e5e7eb}section{border:1px solid #e5e7eb;border-radius:8px;padding:.75rem 1rem;margin:1rem 0}\
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}.m{font-weight:700;text-transform:uppercase;margin-right:.5rem}\
.get{color:#047857}.post{color:#1d4ed8}.patch{color:#b45309}.delete{color:#b91c1c}ul{margin:.25rem 0}</style></head><body>",
    );
    html.push_str(&format!(
        "<h1>{}</h1><p>{}</p><p>Machine-readable: <a href=\"/api/v1/openapi.json\"><code>/api/v1/openapi.json</code></a> (OpenAPI 3).</p>",
        escape(&doc.info.title),
        escape(doc.info.description.as_deref().unwrap_or(""))
    ));
    html.push_str("<h2>Authentication</h2><p>Users send <code>Authorization: Bearer &lt;access token&gt;</code>; \
the access token comes from sign-in and lasts 15 minutes; <code>POST /api/v1/auth/refresh</code> renews it using the httpOnly refresh cookie.</p>");
    html.push_str(INTEGRATIONS_GUIDE);
    html.push_str("<h3 id=\"webhook-events\">Webhook events</h3><ul>");
    for event in dto::WebhookEvent::ALL {
        html.push_str(&format!(
            "<li><code>{}</code>: {}</li>",
            event.as_str(),
            escape(event.fires_when())
        ));
    }
    html.push_str("</ul>");
    let tags = doc.tags.clone().unwrap_or_default();
    for tag in tags {
        html.push_str(&format!(
            "<h2>{}</h2><p>{}</p>",
            escape(&tag.name),
            escape(tag.description.as_deref().unwrap_or(""))
        ));
        for (path, item) in &doc.paths.paths {
            let operations: [(&str, &Option<Operation>); 5] = [
                ("get", &item.get),
                ("post", &item.post),
                ("put", &item.put),
                ("patch", &item.patch),
                ("delete", &item.delete),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation else { continue };
                let in_tag = operation
                    .tags
                    .as_ref()
                    .is_some_and(|tags| tags.contains(&tag.name));
                if in_tag {
                    html.push_str(&render_operation(method, path, operation));
                }
            }
        }
    }
    html.push_str("</body></html>");
    html
}

/// The integrator's guide: keys, idempotency, pagination, webhooks and Greenhouse, with curl.
const INTEGRATIONS_GUIDE: &str = r#"<h2 id="integrations">Integrations (ATS)</h2>
<p>Applicant tracking systems (Greenhouse, Lever, Ashby, Workable…) use an <strong>organisation API key</strong>,
created by a recruiter in <em>Settings → Integrations</em> (or <code>POST /api/v1/api-keys</code>). Keys start with
<code>ifk_</code> so secret scanners recognise leaked ones; the secret is shown once. Send it as
<code>Authorization: Bearer ifk_…</code>, or as the HTTP Basic user name with an empty password. A key acts as its
organisation on every recruiter route within its scopes: <code>read</code> (every GET), <code>write</code>
(scheduling: jobs, applications, interviews and the Greenhouse endpoints) and <code>admin</code> (changing the
organisation's settings and managing webhooks; admin includes write). A key without the scope a route needs gets
403 <code>insufficient_scope</code>; a revoked key gets 401 at once; only a signed-in recruiter manages keys.
Every response to a key carries <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> and
<code>RateLimit-Reset</code>; over the limit you get 429 with <code>Retry-After</code>.</p>
<h3>Create an interview from an ATS</h3>
<pre><code>curl -X POST https://interviews.example.com/api/v1/interviews \
  -H "Authorization: Bearer $INTERVIEW_FLOW_KEY" \
  -H "Content-Type: application/json" \
  -H "Idempotency-Key: gh-application-8812-stage-3" \
  -d '{"job_id": "6c1f…", "candidate": {"full_name": "Sam Lee", "email": "sam@example.com",
       "external_ids": {"ats_candidate_id": "4411"}},
       "scheduled_at": "2026-12-01T14:00:00+01:00", "time_zone": "Europe/Berlin",
       "external_ids": {"ats_application_id": "8812"}}'</code></pre>
<p>The answer is the interview with its full candidate <code>link</code>; the invitation email is sent in the
background. Retrying with the same <code>Idempotency-Key</code> and body returns the first result (header
<code>Idempotent-Replayed: true</code>); the same key with another body is 422; while the first request is still
running, 409. Keys are kept 24 hours. Find interviews by your ids with
<code>GET /api/v1/interviews?external_id=ats_application_id:8812</code>. Lists take <code>limit</code> (≤ 100) and
<code>cursor</code> and answer <code>{"items": […], "next_cursor": "…" | null}</code>.</p>
<h3>Webhooks</h3>
<p>Register an endpoint with <code>POST /api/v1/webhooks {"url", "events"}</code> (events:
<code>interview.scheduled</code>, <code>interview.started</code>, <code>interview.completed</code> with score,
recommendation and report URL, <code>interview.cancelled</code>, <code>interview.expired</code>,
<code>email.failed</code>); a <code>webhook.ping</code> is sent at once. Bodies are
<code>{"type", "timestamp", "data"}</code> and <code>data.external_ids</code> echoes your ids. Deliveries are signed
per Standard Webhooks and retried for about 15 hours (1 m, 5 m, 30 m, 2 h, 5 h, 10 h); see
<code>GET /api/v1/webhooks/{id}/deliveries</code> and redeliver with
<code>POST …/deliveries/{delivery_id}/redeliver</code>. Verify a delivery:</p>
<pre><code># secret = "whsec_&lt;base64&gt;" from the create response; headers webhook-id, webhook-timestamp, webhook-signature
key=$(printf '%s' "${SECRET#whsec_}" | base64 -d | xxd -p -c 256)
expected=$(printf '%s.%s.%s' "$WEBHOOK_ID" "$WEBHOOK_TIMESTAMP" "$BODY" \
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | base64)
[ "v1,$expected" = "$WEBHOOK_SIGNATURE" ] &amp;&amp; echo valid   # also reject timestamps older than 5 minutes</code></pre>
<p>The same in Python (standard library only):</p>
<pre><code>import base64, hashlib, hmac, time

def verify(secret: str, headers: dict, body: bytes) -&gt; bool:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    fresh = abs(time.time() - int(headers["webhook-timestamp"])) &lt; 300
    return fresh and any(hmac.compare_digest(expected, sig) for sig in headers["webhook-signature"].split())</code></pre>
<p>And in Node.js (no dependencies; <code>body</code> is the raw request body as a Buffer):</p>
<pre><code>const crypto = require("crypto");

function verify(secret, headers, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signed = Buffer.concat([Buffer.from(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.`), body]);
  const expected = Buffer.from("v1," + crypto.createHmac("sha256", key).update(signed).digest("base64"));
  const fresh = Math.abs(Date.now() / 1000 - Number(headers["webhook-timestamp"])) &lt; 300;
  return fresh &amp;&amp; headers["webhook-signature"].split(" ").some((sig) =&gt;
    sig.length === expected.length &amp;&amp; crypto.timingSafeEqual(Buffer.from(sig), expected));
}</code></pre>
<p>Every event and when it fires is below, and over the API at <code>GET /api/v1/webhook-events</code>; every
body has the schema <code>WebhookEnvelope</code> (its <code>data</code> is <code>WebhookInterviewData</code>, or
<code>WebhookPingData</code> for the <code>webhook.ping</code> sent once on registration) in
<a href="/api/v1/openapi.json">the OpenAPI document</a>.</p>
<h3>Greenhouse</h3>
<p>Give Greenhouse the base URL <code>https://interviews.example.com/integrations/greenhouse/</code> and an API
key (user name; empty password). It calls <code>GET list_tests</code>, <code>POST send_test</code>,
<code>GET test_status?partner_interview_id=</code> and <code>POST response_error</code>; when an interview is
evaluated we <code>PATCH</code> the URL Greenhouse gave us, retrying until it answers 2xx. The résumé link and
the callback URL must reach public addresses and are not followed through redirects (a 3xx counts as a
failure).</p>
"#;

fn render_operation(method: &str, path: &str, operation: &Operation) -> String {
    let mut out = format!(
        "<section><div><span class=\"m {method}\">{method}</span><code>{}</code></div>",
        escape(path)
    );
    let text = operation
        .description
        .as_deref()
        .or(operation.summary.as_deref())
        .unwrap_or("");
    out.push_str(&format!("<p>{}</p>", escape(text)));
    if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
        out.push_str("<p><em>Requires authentication.</em></p>");
    }
    out.push_str("<ul>");
    for (status, response) in &operation.responses.responses {
        let description = match response {
            RefOr::T(response) => response.description.clone(),
            RefOr::Ref(reference) => reference.ref_location.clone(),
        };
        out.push_str(&format!(
            "<li><code>{}</code> {}</li>",
            escape(status),
            escape(&description)
        ));
    }
    out.push_str("</ul></section>");
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

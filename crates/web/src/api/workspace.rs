//! Recruiter-workspace and candidate-dashboard calls (jobs, applications, interviews, organisation, reports).

use gloo_net::http::Method;
use interview_flow_shared::{
    ApplicationDto, ApplicationStatus, CandidateDashboardDto, CreateInterviewRequest,
    CreateJobRequest, InterviewDto, JobDto, JobSummaryDto, OrganizationDto, Page,
    RecruiterDashboardDto, ReportDto, RescheduleInterviewRequest, SetPasswordRequest,
    UpdateApplicationRequest, UpdateJobRequest, UpdateOrganizationRequest,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{Api, ApiError, empty_or_error, error_from, http_error, to_json, url};

/// The largest résumé the server accepts (checked before uploading).
pub const MAX_RESUME_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

fn enc(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

/// `?a=b&c=d` from the pairs that have a value ("" when none do).
fn query(pairs: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", enc(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

impl Api {
    // ---- dashboards ----

    pub async fn recruiter_dashboard(&self) -> Result<RecruiterDashboardDto, ApiError> {
        self.get("/dashboard/recruiter").await
    }

    pub async fn candidate_dashboard(&self) -> Result<CandidateDashboardDto, ApiError> {
        self.get("/dashboard/candidate").await
    }

    // ---- jobs ----

    /// Open jobs (public board), newest first.
    pub async fn open_jobs(
        &self,
        q: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<Page<JobDto>, ApiError> {
        self.get(&format!(
            "/jobs{}",
            query(&[("q", q), ("cursor", cursor), ("limit", Some("20"))])
        ))
        .await
    }

    pub async fn job(&self, id: &str) -> Result<JobDto, ApiError> {
        self.get(&format!("/jobs/{}", enc(id))).await
    }

    pub async fn create_job(&self, request: &CreateJobRequest) -> Result<JobDto, ApiError> {
        self.post("/jobs", request).await
    }

    pub async fn update_job(
        &self,
        id: &str,
        request: &UpdateJobRequest,
    ) -> Result<JobDto, ApiError> {
        self.patch(&format!("/jobs/{}", enc(id)), request).await
    }

    /// The organisation's jobs with their pipeline counts.
    pub async fn own_jobs(&self) -> Result<Vec<JobSummaryDto>, ApiError> {
        self.get("/organization/jobs").await
    }

    // ---- applications ----

    pub async fn job_applications(
        &self,
        job_id: &str,
        cursor: Option<&str>,
    ) -> Result<Page<ApplicationDto>, ApiError> {
        self.get(&format!(
            "/jobs/{}/applications{}",
            enc(job_id),
            query(&[("cursor", cursor), ("limit", Some("50"))])
        ))
        .await
    }

    pub async fn update_application(
        &self,
        id: &str,
        status: ApplicationStatus,
    ) -> Result<ApplicationDto, ApiError> {
        self.patch(
            &format!("/applications/{}", enc(id)),
            &UpdateApplicationRequest { status },
        )
        .await
    }

    /// Fetches a résumé with the bearer token and saves it through an object URL.
    pub async fn download_resume(
        &self,
        application_id: &str,
        filename: &str,
    ) -> Result<(), ApiError> {
        let path = format!("/applications/{}/resume", enc(application_id));
        let response = self.authed(Method::GET, &path, None).await?;
        if !response.ok() {
            return Err(error_from(&response).await);
        }
        let bytes = response.binary().await.map_err(|_| ApiError::Network)?;
        let content_type = response
            .headers()
            .get("Content-Type")
            .unwrap_or_else(|| "application/octet-stream".to_string());
        save_bytes(&bytes, &content_type, filename).map_err(|_| ApiError::Decode)
    }

    /// Applies to a job with a résumé, reporting upload progress (0.0–1.0) as it goes.
    /// Uses `XMLHttpRequest` because `fetch` cannot report upload progress.
    pub async fn apply_to_job(
        &self,
        job_id: &str,
        resume: &web_sys::File,
        cover_note: &str,
        on_progress: impl Fn(f64) + 'static,
    ) -> Result<ApplicationDto, ApiError> {
        let on_progress = std::rc::Rc::new(on_progress);
        let path = format!("/jobs/{}/applications", enc(job_id));
        let (status, text) = self
            .with_fresh_token(
                |(status, _): &(u16, String)| *status,
                |token| {
                    // A retry starts the upload over.
                    on_progress(0.0);
                    let (path, on_progress) = (path.as_str(), on_progress.clone());
                    async move { upload(path, resume, cover_note, token.as_deref(), on_progress).await }
                },
            )
            .await?;
        if (200..300).contains(&status) {
            serde_json::from_str(&text).map_err(|_| ApiError::Decode)
        } else {
            Err(http_error(status, Some(&text), None))
        }
    }

    // ---- interviews ----

    pub async fn schedule_interview(
        &self,
        request: &CreateInterviewRequest,
    ) -> Result<InterviewDto, ApiError> {
        self.post("/interviews", request).await
    }

    pub async fn interview(&self, id: &str) -> Result<InterviewDto, ApiError> {
        self.get(&format!("/interviews/{}", enc(id))).await
    }

    pub async fn reschedule_interview(
        &self,
        id: &str,
        request: &RescheduleInterviewRequest,
    ) -> Result<InterviewDto, ApiError> {
        self.patch(&format!("/interviews/{}", enc(id)), request)
            .await
    }

    pub async fn cancel_interview(&self, id: &str) -> Result<InterviewDto, ApiError> {
        self.post(
            &format!("/interviews/{}/cancel", enc(id)),
            &serde_json::json!({}),
        )
        .await
    }

    pub async fn resend_invitation(&self, id: &str) -> Result<InterviewDto, ApiError> {
        self.post(
            &format!("/interviews/{}/resend", enc(id)),
            &serde_json::json!({}),
        )
        .await
    }

    pub async fn report(&self, interview_id: &str) -> Result<ReportDto, ApiError> {
        self.get(&format!("/interviews/{}/report", enc(interview_id)))
            .await
    }

    // ---- organisation and account ----

    pub async fn organization(&self) -> Result<OrganizationDto, ApiError> {
        self.get("/organization").await
    }

    pub async fn update_organization(
        &self,
        request: &UpdateOrganizationRequest,
    ) -> Result<OrganizationDto, ApiError> {
        self.patch("/organization", request).await
    }

    pub async fn set_password(&self, request: &SetPasswordRequest) -> Result<(), ApiError> {
        let body = to_json(request)?;
        empty_or_error(
            self.authed(Method::POST, "/auth/password", Some(body))
                .await?,
        )
        .await
    }
}

// ---- integrations: organisation API keys and webhooks ----
// (types spelled out so this block does not touch the shared import list)

impl Api {
    /// The organisation's active API keys.
    pub async fn api_keys(&self) -> Result<Page<interview_flow_shared::ApiKeyDto>, ApiError> {
        self.get("/api-keys").await
    }

    /// Creates a key; the answer is the only time its secret `key` is shown.
    pub async fn create_api_key(
        &self,
        request: &interview_flow_shared::CreateApiKeyRequest,
    ) -> Result<interview_flow_shared::CreatedApiKeyDto, ApiError> {
        self.post("/api-keys", request).await
    }

    pub async fn revoke_api_key(&self, id: &str) -> Result<(), ApiError> {
        self.delete(&format!("/api-keys/{}", enc(id))).await
    }

    /// The organisation's webhook endpoints (at most 20 exist, so one page holds them all).
    pub async fn webhooks(
        &self,
    ) -> Result<Page<interview_flow_shared::WebhookEndpointDto>, ApiError> {
        self.get("/webhooks?limit=100").await
    }

    /// Registers an endpoint; the answer is the only time its signing `secret` is shown.
    pub async fn create_webhook(
        &self,
        request: &interview_flow_shared::CreateWebhookRequest,
    ) -> Result<interview_flow_shared::WebhookCreatedDto, ApiError> {
        self.post("/webhooks", request).await
    }

    pub async fn delete_webhook(&self, id: &str) -> Result<(), ApiError> {
        self.delete(&format!("/webhooks/{}", enc(id))).await
    }

    /// An endpoint's delivery log, newest first.
    pub async fn webhook_deliveries(
        &self,
        id: &str,
        cursor: Option<&str>,
    ) -> Result<Page<interview_flow_shared::WebhookDeliveryDto>, ApiError> {
        self.get(&format!(
            "/webhooks/{}/deliveries{}",
            enc(id),
            query(&[("cursor", cursor), ("limit", Some("20"))])
        ))
        .await
    }

    /// Queues a delivery again (same `webhook-id` and body, fresh retry schedule).
    pub async fn redeliver_webhook(
        &self,
        id: &str,
        delivery_id: &str,
    ) -> Result<interview_flow_shared::WebhookDeliveryDto, ApiError> {
        self.post(
            &format!(
                "/webhooks/{}/deliveries/{}/redeliver",
                enc(id),
                enc(delivery_id)
            ),
            &serde_json::json!({}),
        )
        .await
    }
}

/// Saves bytes as a file download (Blob + object URL + a temporary `<a download>`).
pub fn save_bytes(bytes: &[u8], content_type: &str, filename: &str) -> Result<(), JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let object_url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&object_url);
    anchor.set_download(filename);
    anchor.set_attribute("hidden", "")?;
    if let Some(body) = document.body() {
        body.append_child(&anchor)?;
        anchor.click();
        body.remove_child(&anchor)?;
    }
    // Let the download start before the URL is revoked.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&object_url);
    })
    .forget();
    Ok(())
}

/// One multipart upload; answers the status and the response text.
async fn upload(
    path: &str,
    resume: &web_sys::File,
    cover_note: &str,
    token: Option<&str>,
    on_progress: std::rc::Rc<dyn Fn(f64)>,
) -> Result<(u16, String), ApiError> {
    let network = |_| ApiError::Network;
    let form = web_sys::FormData::new().map_err(network)?;
    form.append_with_blob_and_filename("resume", resume, &resume.name())
        .map_err(network)?;
    if !cover_note.trim().is_empty() {
        form.append_with_str("cover_note", cover_note)
            .map_err(network)?;
    }
    let xhr = web_sys::XmlHttpRequest::new().map_err(network)?;
    xhr.open_with_async("POST", &url(path), true)
        .map_err(network)?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(network)?;
    if let Some(token) = token {
        xhr.set_request_header("Authorization", &format!("Bearer {token}"))
            .map_err(network)?;
    }
    let progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                on_progress(event.loaded() / event.total());
            }
        });
    let upload = xhr.upload().map_err(network)?;
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));

    let done = js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        let on_load = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        xhr.set_onload(Some(on_load.unchecked_ref()));
        xhr.set_onerror(Some(on_error.unchecked_ref()));
        xhr.set_onabort(Some(on_error.unchecked_ref()));
    });
    xhr.send_with_opt_form_data(Some(&form)).map_err(network)?;
    let outcome = JsFuture::from(done).await;
    upload.set_onprogress(None);
    drop(progress);
    outcome.map_err(|_| ApiError::Network)?;
    let status = xhr.status().map_err(network)?;
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    Ok((status, text))
}

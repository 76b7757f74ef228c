use crate::domain::ids::ApplicationId;
use actix_files::NamedFile;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, get, mime, web};

use crate::auth::AuthenticatedUser;
use crate::errors::ApiError;
use crate::services::applications;
use crate::state::AppState;

/// Download an application's résumé (its candidate and the job's organisation only).
#[utoipa::path(
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 200, description = "The file, as an attachment", content_type = "application/octet-stream"),
        AuthenticatedUser, ApplicationId,
    )
)]
#[get("/applications/{id}/resume")]
pub async fn download_resume(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
    path: web::Path<ApplicationId>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (path, kind, filename) = applications::resume_file(
        &state.context,
        state.settings.data_dir.clone(),
        user,
        path.into_inner(),
    )
    .await?;
    let file = web::block(move || NamedFile::open(path))
        .await?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("résumé file missing: {e}")))?;
    let mut response = file
        .set_content_type(
            kind.content_type()
                .parse()
                .unwrap_or(mime::APPLICATION_OCTET_STREAM),
        )
        .set_content_disposition(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .into_response(&req);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

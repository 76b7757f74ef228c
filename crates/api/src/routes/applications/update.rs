use crate::domain::ids::ApplicationId;
use actix_web::{patch, web};
use interview_flow_shared::{ApplicationDto, ErrorBody, UpdateApplicationRequest};

use crate::auth::Recruiter;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::services::applications;
use crate::state::AppState;

/// Move an application through applied → screening → interview → offer, or reject it.
#[utoipa::path(
    tag = "applications",
    security(("bearer" = []), ("api_key" = []), ("basic" = [])),
    params(("id" = uuid::Uuid, Path)),
    request_body(content = UpdateApplicationRequest, example = json!({"status": "screening"})),
    responses(
        (status = 200, body = ApplicationDto),
        Recruiter, ApplicationId, ApiJson<UpdateApplicationRequest>,
        (status = 422, description = "Not an allowed move, or an invalid field", body = ErrorBody),
    )
)]
#[patch("/applications/{id}")]
pub async fn update_application(
    recruiter: Recruiter,
    state: web::Data<AppState>,
    path: web::Path<ApplicationId>,
    body: ApiJson<UpdateApplicationRequest>,
) -> Result<web::Json<ApplicationDto>, ApiError> {
    Ok(web::Json(
        applications::update_status(
            &state.context,
            recruiter,
            path.into_inner(),
            body.into_inner().status,
        )
        .await?,
    ))
}

//! Organisation settings: name, logo and brand colour.

use crate::services::context::Context;
use interview_flow_shared::validation;
use interview_flow_shared::{OrganizationDto, UpdateOrganizationRequest};

use crate::db::organizations::OrganizationChanges;
use crate::db::{self};
use crate::errors::ApiError;
use crate::services::accounts::organization_dto;

/// Validated changes; parse before touching the database.
pub fn parse_changes(request: UpdateOrganizationRequest) -> Result<OrganizationChanges, ApiError> {
    Ok(OrganizationChanges {
        name: request
            .name
            .as_deref()
            .map(validation::validate_company_name)
            .transpose()
            .map_err(|mut e| {
                e.field = "name";
                e
            })?,
        logo_url: request
            .logo_url
            .as_deref()
            .map(validation::validate_logo_url)
            .transpose()?,
        brand_color: request
            .brand_color
            .as_deref()
            .map(validation::validate_brand_color)
            .transpose()?,
        updated_at: Some(db::now()),
    })
}

pub async fn get(ctx: &Context, organization_id: String) -> Result<OrganizationDto, ApiError> {
    ctx.db(move |conn| {
        Ok(organization_dto(&db::organizations::find(
            conn,
            &organization_id,
        )?))
    })
    .await
}

pub async fn update(
    ctx: &Context,
    organization_id: String,
    changes: OrganizationChanges,
) -> Result<OrganizationDto, ApiError> {
    ctx.db(move |conn| {
        Ok(organization_dto(&db::organizations::update(
            conn,
            &organization_id,
            &changes,
        )?))
    })
    .await
}

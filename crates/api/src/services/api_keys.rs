//! Organisation API keys: created (secret shown once), listed, revoked.

use crate::services::context::Context;
use interview_flow_shared::{ApiKeyDto, ApiKeyScope, CreateApiKeyRequest, CreatedApiKeyDto, Page};

use super::rfc3339;
use crate::auth::{Recruiter, api_keys};
use crate::db::api_keys::ApiKeyRow;
use crate::db::{self};
use crate::errors::ApiError;

fn scopes_of(row: &ApiKeyRow) -> Vec<ApiKeyScope> {
    row.scopes
        .split(',')
        .filter_map(|s| match s.trim() {
            "read" => Some(ApiKeyScope::Read),
            "write" => Some(ApiKeyScope::Write),
            "admin" => Some(ApiKeyScope::Admin),
            _ => None,
        })
        .collect()
}

fn to_dto(row: &ApiKeyRow) -> ApiKeyDto {
    ApiKeyDto {
        id: row.id.clone(),
        name: row.name.clone(),
        prefix: row.prefix.clone(),
        scopes: scopes_of(row),
        created_at: rfc3339(row.created_at),
        last_used_at: row.last_used_at.map(rfc3339),
    }
}

/// Longest key name, in characters as sent.
pub const MAX_KEY_NAME_LEN: usize = 100;

pub async fn create(
    ctx: &Context,
    recruiter: Recruiter,
    request: CreateApiKeyRequest,
) -> Result<CreatedApiKeyDto, ApiError> {
    let now = ctx.now();
    recruiter.require_person()?;
    let name = request.name.trim().to_string();
    if name.is_empty() || request.name.chars().count() > MAX_KEY_NAME_LEN {
        return Err(ApiError::validation(
            "name",
            "Give the key a name of 1 to 100 characters, e.g. \"Greenhouse\".",
        ));
    }
    // Scopes are levels (admin includes write, write includes read): the highest one named is
    // the key's level, stored as the full set so what a key can do is visible in its row.
    let scopes = if request.scopes.contains(&ApiKeyScope::Admin) {
        "read,write,admin"
    } else if request.scopes.contains(&ApiKeyScope::Write) {
        "read,write"
    } else if request.scopes.contains(&ApiKeyScope::Read) {
        "read"
    } else {
        return Err(ApiError::validation(
            "scopes",
            "Name at least one scope: read, write or admin.",
        ));
    };
    let (key, prefix, hash) = api_keys::generate();
    let row = ApiKeyRow {
        id: db::new_id(),
        organization_id: recruiter.organization_id,
        created_by: recruiter.user_id,
        name,
        prefix,
        key_hash: hash,
        scopes: scopes.into(),
        created_at: now,
        last_used_at: None,
        revoked_at: None,
    };
    let dto = to_dto(&row);
    ctx.db(move |conn| Ok(db::api_keys::insert(conn, &row)?))
        .await?;
    Ok(CreatedApiKeyDto {
        id: dto.id,
        name: dto.name,
        prefix: dto.prefix,
        scopes: dto.scopes,
        key,
        created_at: dto.created_at,
    })
}

pub async fn list(ctx: &Context, recruiter: Recruiter) -> Result<Page<ApiKeyDto>, ApiError> {
    ctx.db(move |conn| {
        let rows = db::api_keys::list_for_organization(conn, &recruiter.organization_id)?;
        Ok(Page {
            items: rows.iter().map(to_dto).collect(),
            next_cursor: None,
        })
    })
    .await
}

pub async fn revoke(ctx: &Context, recruiter: Recruiter, id: String) -> Result<(), ApiError> {
    let now = ctx.now();
    recruiter.require_person()?;
    ctx.db(move |conn| {
        if db::api_keys::revoke(conn, &recruiter.organization_id, &id, now)? {
            Ok(())
        } else {
            Err(ApiError::not_found("No such API key."))
        }
    })
    .await
}

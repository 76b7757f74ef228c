use crate::domain::ids::OrganizationId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::organizations;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    pub id: OrganizationId,
    pub name: String,
    pub logo_url: Option<String>,
    pub brand_color: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = organizations)]
pub struct OrganizationChanges {
    pub name: Option<String>,
    /// `Some(None)` clears the logo.
    pub logo_url: Option<Option<String>>,
    pub brand_color: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &OrganizationRow) -> QueryResult<()> {
    diesel::insert_into(organizations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<OrganizationRow> {
    organizations::table
        .find(id)
        .select(OrganizationRow::as_select())
        .first(conn)
}

pub fn update(
    conn: &mut DbConnection,
    id: &str,
    changes: &OrganizationChanges,
) -> QueryResult<OrganizationRow> {
    diesel::update(organizations::table.find(id))
        .set(changes)
        .execute(conn)?;
    find(conn, id)
}

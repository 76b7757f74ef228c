//! Emitting: queueing an event for every subscribed endpoint.

use crate::db::webhooks::EndpointRow;
use crate::db::{self, DbConnection};

use super::endpoints::{envelope, new_delivery};

/// Queues `event_type` for every active endpoint of the organisation subscribed to it, with
/// the body `{"type", "timestamp", "data"}`. Call it inside the transaction that makes the
/// change, so the event is queued if and only if the change commits.
pub fn emit(
    conn: &mut DbConnection,
    organization_id: &str,
    event_type: &str,
    data: serde_json::Value,
) -> diesel::QueryResult<()> {
    let endpoints: Vec<EndpointRow> = db::webhooks::active_for_organization(conn, organization_id)?
        .into_iter()
        .filter(|endpoint| endpoint.event_list().iter().any(|e| e == event_type))
        .collect();
    if endpoints.is_empty() {
        return Ok(());
    }
    let payload = envelope(event_type, data);
    let now = db::now();
    for endpoint in endpoints {
        db::webhooks::insert_delivery(
            conn,
            &new_delivery(&endpoint.id, event_type, payload.clone(), now),
        )?;
    }
    Ok(())
}

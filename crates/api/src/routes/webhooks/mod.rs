//! Outgoing webhooks: endpoints an organisation registers and the log of deliveries.

pub mod create;
pub mod delete;
pub mod deliveries;
pub mod events;
pub mod list;
pub mod redeliver;

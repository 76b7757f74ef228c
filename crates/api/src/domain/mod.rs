//! The domain: rules that decide, free of HTTP and of the database, so they are unit-tested
//! exhaustively. Services load rows, ask these functions, and persist what they decide.
//!
//! Server-only values stored in TEXT columns use the same mapping as the shared enums
//! (`interview_flow_shared::text_column!`), so no status string is compared outside their
//! `as_str`/`parse`.

mod callback;
pub mod ids;
pub mod interview;
pub mod jobs;
pub mod values;

pub use callback::CallbackStatus;

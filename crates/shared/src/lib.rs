//! Wire types shared by the API (`crates/api`) and the SPA (`crates/web`), and the pure
//! validation both sides run, so a form shows the same message the server would send.
//!
//! No I/O here: this crate compiles to WASM as well as to the server.

#[macro_use]
mod str_enum;

pub mod applications;
pub mod auth;
pub mod error;
pub mod integrations;
pub mod interviews;
pub mod jobs;
pub mod numbers;
pub mod pagination;
pub mod patterns;
pub mod sessions;
pub mod text;
#[cfg(feature = "diesel")]
mod text_column;
pub mod users;
pub mod validation;
pub mod webhooks;

pub use applications::*;
pub use auth::*;
pub use error::*;
pub use integrations::*;
pub use interviews::*;
pub use jobs::*;
pub use pagination::*;
pub use sessions::*;
pub use users::*;
pub use webhooks::*;

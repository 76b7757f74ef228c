pub mod create;
pub mod get;
pub mod list;
pub mod list_own;
pub mod update;

pub mod apply;
pub mod list_for_job;
pub mod resume;
pub mod update;

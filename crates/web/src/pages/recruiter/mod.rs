//! The recruiter workspace: jobs, applicants, scheduling, interviews, reports, settings.

pub mod interviews;
pub mod jobs;
pub mod report;
pub mod settings;
pub mod widgets;

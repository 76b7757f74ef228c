//! The recruiter workspace: jobs, applicants, scheduling, interviews, reports, settings.

pub mod integrations;
pub mod interviews;
pub mod jobs;
pub mod report;
pub mod settings;
pub mod widgets;

pub mod candidate;
pub mod recruiter;

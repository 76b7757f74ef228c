//! One module per page (or page family).

pub mod account;
pub mod dashboard;
pub mod format;
pub mod interview;
pub mod jobs;
pub mod landing;
pub mod link_session;
pub mod not_found;
pub mod recovery;
pub mod recruiter;
pub mod shell;
pub mod signin;
pub mod signup;
pub mod verify_email;

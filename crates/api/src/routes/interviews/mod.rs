pub mod cancel;
pub mod create;
pub mod get;
pub mod list;
pub mod ready;
pub mod reschedule;
pub mod resend;
pub mod sign_in_link;

use interview_flow_shared::{ErrorBody, InterviewDto};

/// The documented answers to a recruiter's change of a scheduled interview (cancel, resend).
#[derive(utoipa::IntoResponses)]
pub enum ChangeResponses {
    /// The interview as it now stands.
    #[response(status = 200)]
    Changed(Box<InterviewDto>),
    /// No such interview in your organisation.
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// Not scheduled any more.
    #[response(status = 409)]
    NotScheduled(ErrorBody),
}

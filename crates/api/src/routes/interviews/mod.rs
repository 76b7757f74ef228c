pub mod cancel;
pub mod create;
pub mod get;
pub mod list;
pub mod ready;
pub mod reschedule;
pub mod resend;
pub mod sign_in_link;

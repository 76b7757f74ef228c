//! Greenhouse assessment-partner endpoints, under `/integrations/greenhouse/`.

pub mod list_tests;
pub mod response_error;
pub mod send_test;
pub mod test_status;

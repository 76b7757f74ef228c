//! Recruiter-workspace and candidate-dashboard calls (jobs, applications, interviews, organisation, reports).

use super::Api;

#[allow(dead_code)]
impl Api {}

//! Absolute links into the product, from PUBLIC_URL: the one place that knows the page paths
//! the server writes into emails, webhook events, Greenhouse answers and DTOs. Services take a
//! `Links` instead of the raw URL.

/// Builds absolute links on the public base URL (without its trailing slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    base: String,
}

impl Links {
    pub fn new(public_url: &url::Url) -> Links {
        Links {
            base: public_url.as_str().trim_end_matches('/').to_string(),
        }
    }

    /// The candidate's page for an interview (the "interview ready" page).
    pub fn interview(&self, interview_id: &str) -> String {
        format!("{}/interview/ready/{interview_id}", self.base)
    }

    /// The recruiter's report page for an interview.
    pub fn report(&self, interview_id: &str) -> String {
        format!("{}/dashboard/interviews/{interview_id}/report", self.base)
    }

    /// The report in the REST API.
    pub fn report_api(&self, interview_id: &str) -> String {
        format!("{}/api/v1/interviews/{interview_id}/report", self.base)
    }

    /// Any other page, by its path (starting with `/`).
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_join_the_base_without_a_double_slash() {
        for base in ["https://app.example.com", "https://app.example.com/"] {
            let links = Links::new(&url::Url::parse(base).unwrap());
            assert_eq!(
                links.interview("i1"),
                "https://app.example.com/interview/ready/i1"
            );
            assert_eq!(
                links.report("i1"),
                "https://app.example.com/dashboard/interviews/i1/report"
            );
            assert_eq!(
                links.report_api("i1"),
                "https://app.example.com/api/v1/interviews/i1/report"
            );
            assert_eq!(
                links.page("/verify-email"),
                "https://app.example.com/verify-email"
            );
        }
        // A deployment under a path keeps it.
        let links = Links::new(&url::Url::parse("https://example.com/hiring/").unwrap());
        assert_eq!(
            links.interview("x"),
            "https://example.com/hiring/interview/ready/x"
        );
    }
}

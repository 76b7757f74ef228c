//! Wording shared by the API's emails and the SPA's pages.

/// `n` with the singular or plural noun: "1 interview", "0 applicants", "5 main questions".
pub fn count(n: impl Into<u64>, singular: &str, plural: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// How long an interview is, as candidates are told: "5 main questions with follow-ups, up to
/// 20 minutes".
pub fn interview_length(question_count: u32, time_limit_minutes: u32) -> String {
    format!(
        "{} with follow-ups, up to {}",
        count(question_count, "main question", "main questions"),
        count(time_limit_minutes, "minute", "minutes")
    )
}

#[cfg(test)]
mod tests {
    use super::{count, interview_length};

    #[test]
    fn interview_length_counts_main_questions_and_minutes() {
        assert_eq!(
            interview_length(1, 1),
            "1 main question with follow-ups, up to 1 minute"
        );
        assert_eq!(
            interview_length(5, 20),
            "5 main questions with follow-ups, up to 20 minutes"
        );
    }

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(count(1u32, "interview", "interviews"), "1 interview");
        assert_eq!(count(0u32, "applicant", "applicants"), "0 applicants");
        assert_eq!(
            count(12u64, "main question", "main questions"),
            "12 main questions"
        );
    }
}

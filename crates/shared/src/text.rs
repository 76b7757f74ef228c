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

#[cfg(test)]
mod tests {
    use super::count;

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

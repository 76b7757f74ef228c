//! Account emails: email verification and password reset (no calendar attachment, no
//! organisation branding: they come from Interview Flow itself).

use chrono::{DateTime, Utc};
use minijinja::context;

use super::{EmailError, one_line, templates};

/// Which account email is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountEmailKind {
    VerifyEmail,
    PasswordReset,
}

impl AccountEmailKind {
    pub const ALL: [AccountEmailKind; 2] = [
        AccountEmailKind::VerifyEmail,
        AccountEmailKind::PasswordReset,
    ];

    /// The stored outbox kind.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountEmailKind::VerifyEmail => "verify_email",
            AccountEmailKind::PasswordReset => "password_reset",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == s)
    }
}

/// Everything needed to render one account email.
#[derive(Debug, Clone)]
pub struct AccountEmail {
    pub kind: AccountEmailKind,
    pub name: String,
    /// The full link, carrying the single-use token in its fragment.
    pub link: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedAccountEmail {
    pub subject: String,
    pub html: String,
    pub text: String,
}

pub fn render_account(email: &AccountEmail) -> Result<RenderedAccountEmail, EmailError> {
    let (subject, headline, intro, button_label, ignore) = match email.kind {
        AccountEmailKind::VerifyEmail => (
            "Confirm your email address",
            "Confirm your email address",
            "Please confirm that this address is yours, so that interviews and applications sent to it can reach your account.",
            "Confirm my email address",
            "If you did not create an Interview Flow account, ignore this email: nothing happens unless the link is used.",
        ),
        AccountEmailKind::PasswordReset => (
            "Set your Interview Flow password",
            "Set your password",
            "Someone (hopefully you) asked to set a new password for your Interview Flow account. Setting it signs you out everywhere else.",
            "Set my password",
            "If you did not ask for this, ignore this email: your password stays as it is.",
        ),
    };
    let ctx = context! {
        subject => subject,
        headline => headline,
        intro => intro,
        button_label => button_label,
        ignore => ignore,
        name => one_line(&email.name),
        link => one_line(&email.link),
        expires => email.expires_at.format("%-d %B %Y, %H:%M UTC").to_string(),
    };
    Ok(RenderedAccountEmail {
        subject: subject.to_string(),
        html: templates::render("account.html", &ctx)?,
        text: templates::render("account.txt", &ctx)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_emails_carry_the_link_and_escape_the_name() {
        for kind in AccountEmailKind::ALL {
            assert_eq!(AccountEmailKind::parse(kind.as_str()), Some(kind));
            let email = AccountEmail {
                kind,
                name: "Ann <b>Lee</b>".into(),
                link: "https://example.test/reset-password#token=abc".into(),
                expires_at: Utc::now(),
            };
            let rendered = render_account(&email).map_err(|e| e.to_string()).unwrap();
            assert!(
                rendered
                    .text
                    .contains("https://example.test/reset-password#token=abc")
            );
            assert!(
                rendered
                    .html
                    .contains("href=\"https://example.test/reset-password#token=abc\"")
            );
            assert!(rendered.html.contains("Ann &lt;b&gt;Lee&lt;/b&gt;"));
            assert!(!rendered.html.contains("<b>Lee"));
        }
    }
}

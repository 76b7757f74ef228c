//! The state of a Greenhouse order's completion callback, stored as TEXT.

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

/// Where the completion callback a Greenhouse order asked for is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum CallbackStatus {
    /// The interview's evaluation is not ready yet (or the order has no callback URL).
    None,
    /// Due (again) at `next_attempt_at`.
    Pending,
    Sent,
    /// Every attempt on the retry schedule failed; `last_error` says why.
    Failed,
}

impl CallbackStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "none" => Some(Self::None),
            "pending" => Some(Self::Pending),
            "sent" => Some(Self::Sent),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

interview_flow_shared::text_column!(CallbackStatus);

#[cfg(test)]
mod tests {
    use super::CallbackStatus;

    #[test]
    fn callback_status_round_trips_through_its_text() {
        for status in [
            CallbackStatus::None,
            CallbackStatus::Pending,
            CallbackStatus::Sent,
            CallbackStatus::Failed,
        ] {
            assert_eq!(CallbackStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(CallbackStatus::parse("Sent"), None);
    }
}

//! Small numbers with a meaning and a range, stored in INTEGER columns. A row loads them
//! already checked: a value out of range fails the query loudly instead of being replaced by a
//! default, and code reads a `u32` without a conversion that could fail.

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Integer;
use interview_flow_shared::{
    MAX_QUESTION_COUNT, MAX_TIME_LIMIT_MINUTES, MIN_QUESTION_COUNT, MIN_TIME_LIMIT_MINUTES,
};

/// Declares a newtype over an `i32` column holding a value in `min..=max`.
macro_rules! bounded_int {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, AsExpression, FromSqlRow)]
        #[diesel(sql_type = Integer)]
        pub struct $name(i32);

        impl $name {
            pub const MIN: u32 = $min;
            pub const MAX: u32 = $max;

            /// The value, if it is in range.
            pub fn new(value: u32) -> Option<Self> {
                if (Self::MIN..=Self::MAX).contains(&value) {
                    i32::try_from(value).ok().map(Self)
                } else {
                    None
                }
            }

            pub fn get(self) -> u32 {
                // In range by construction, so never negative.
                self.0.unsigned_abs()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl<DB: ::diesel::backend::Backend> ::diesel::serialize::ToSql<Integer, DB> for $name
        where
            i32: ::diesel::serialize::ToSql<Integer, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, DB>,
            ) -> ::diesel::serialize::Result {
                <i32 as ::diesel::serialize::ToSql<Integer, DB>>::to_sql(&self.0, out)
            }
        }

        impl<DB: ::diesel::backend::Backend> ::diesel::deserialize::FromSql<Integer, DB> for $name
        where
            i32: ::diesel::deserialize::FromSql<Integer, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> ::diesel::deserialize::Result<Self> {
                let value = <i32 as ::diesel::deserialize::FromSql<Integer, DB>>::from_sql(bytes)?;
                u32::try_from(value)
                    .ok()
                    .and_then(Self::new)
                    .ok_or_else(|| {
                        format!(
                            "{value} is not a {} ({}..={})",
                            stringify!($name),
                            Self::MIN,
                            Self::MAX
                        )
                        .into()
                    })
            }
        }
    };
}

bounded_int!(
    /// How many main questions a job's interview asks.
    QuestionCount,
    MIN_QUESTION_COUNT,
    MAX_QUESTION_COUNT
);

bounded_int!(
    /// A job's interview length in minutes.
    TimeLimitMinutes,
    MIN_TIME_LIMIT_MINUTES,
    MAX_TIME_LIMIT_MINUTES
);

bounded_int!(
    /// The calendar invitation's SEQUENCE (RFC 5545), raised on every change.
    IcsSequence,
    0,
    i32::MAX as u32
);

impl IcsSequence {
    pub const FIRST: IcsSequence = IcsSequence(0);

    /// The sequence of the next change to the event (2^31 changes are out of reach).
    pub fn next(self) -> IcsSequence {
        IcsSequence(self.0.saturating_add(1))
    }
}

bounded_int!(
    /// Which main question a turn belongs to: 0 for the greeting, then 1 to the question
    /// count; the closing carries the last number.
    MainNumber,
    0,
    MAX_QUESTION_COUNT
);

impl MainNumber {
    /// The greeting's.
    pub const GREETING: MainNumber = MainNumber(0);
    pub const FIRST: MainNumber = MainNumber(1);

    /// The next main question's number (at most the largest question count).
    pub fn next(self) -> MainNumber {
        MainNumber(self.0.saturating_add(1).min(MAX_QUESTION_COUNT as i32))
    }
}

/// The closing turn carries the number of the last main question.
impl From<QuestionCount> for MainNumber {
    fn from(count: QuestionCount) -> MainNumber {
        MainNumber(count.0)
    }
}

bounded_int!(
    /// A turn's place among its main question's follow-ups: 0 for the main question itself.
    FollowUpIndex,
    0,
    16
);

impl FollowUpIndex {
    /// A main question (or the greeting or closing): not a follow-up.
    pub const NONE: FollowUpIndex = FollowUpIndex(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_at_their_bounds() {
        assert_eq!(
            QuestionCount::new(MIN_QUESTION_COUNT).map(QuestionCount::get),
            Some(3)
        );
        assert_eq!(
            QuestionCount::new(MAX_QUESTION_COUNT).map(QuestionCount::get),
            Some(15)
        );
        assert_eq!(QuestionCount::new(MIN_QUESTION_COUNT - 1), None);
        assert_eq!(QuestionCount::new(MAX_QUESTION_COUNT + 1), None);
        assert_eq!(TimeLimitMinutes::new(5).map(TimeLimitMinutes::get), Some(5));
        assert_eq!(TimeLimitMinutes::new(121), None);
        assert_eq!(IcsSequence::new(0).map(IcsSequence::get), Some(0));
        assert_eq!(IcsSequence::new(u32::MAX), None);
        assert_eq!(MainNumber::new(0).map(MainNumber::get), Some(0));
        assert_eq!(FollowUpIndex::new(17), None);
        assert_eq!(MainNumber::GREETING.next(), MainNumber::FIRST);
        let last = MainNumber::from(QuestionCount::new(MAX_QUESTION_COUNT).unwrap());
        assert_eq!(last.get(), MAX_QUESTION_COUNT);
        assert_eq!(last.next(), last, "never past the largest question count");
        assert_eq!(IcsSequence::FIRST.next().get(), 1);
    }
}

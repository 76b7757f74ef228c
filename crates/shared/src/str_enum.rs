//! The one way a wire enum is declared: each variant with its text, once.

/// Declares a wire enum from one table of variants and their texts. The same text is the
/// variant's serde name (so also its OpenAPI value), `as_str`, and what `parse` accepts, so
/// the JSON, the database and the code cannot drift apart. `ALL` lists the variants in order.
///
/// Written `enum Name stored as text { … }`, the enum is also a TEXT column (feature
/// `diesel`, through [`crate::text_column!`]).
macro_rules! str_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident stored as text { $($body:tt)* }
    ) => {
        str_enum! {
            $(#[$meta])*
            #[cfg_attr(
                feature = "diesel",
                derive(::diesel::expression::AsExpression, ::diesel::deserialize::FromSqlRow),
                diesel(sql_type = ::diesel::sql_types::Text)
            )]
            $vis enum $name { $($body)* }
        }

        #[cfg(feature = "diesel")]
        $crate::text_column!($name);
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $text:tt ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize,
        )]
        #[cfg_attr(feature = "openapi", derive(::utoipa::ToSchema))]
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant, )*
        }

        impl $name {
            pub const ALL: [Self; [$($text),*].len()] = [$(Self::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),* }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some(Self::$variant),)* _ => None }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::*;

    /// For every variant of each enum: serde writes and reads the same text as `as_str`, and
    /// `parse` gives the variant back.
    macro_rules! assert_texts_agree {
        ($($ty:ty),* $(,)?) => {$(
            for value in <$ty>::ALL {
                let text = value.as_str();
                assert_eq!(serde_json::to_value(value).unwrap(), serde_json::json!(text));
                assert_eq!(serde_json::from_value::<$ty>(serde_json::json!(text)).unwrap(), value);
                assert_eq!(<$ty>::parse(text), Some(value));
            }
            assert_eq!(<$ty>::parse("not a variant"), None);
        )*};
    }

    #[test]
    fn serde_as_str_and_parse_agree() {
        assert_texts_agree!(
            AnswerSource,
            ApiKeyScope,
            ApplicationStatus,
            EmailStatus,
            EmploymentType,
            EvaluationStatus,
            ExperienceLevel,
            IntegrityEventKind,
            InterviewStatus,
            JobStatus,
            Recommendation,
            Role,
            SessionStreamEvent,
            TurnKind,
            VoiceMode,
            WebhookDeliveryStatus,
            WebhookEvent,
            WindowState,
        );
    }

    #[test]
    fn snake_case_texts_stay_as_they_were() {
        assert_eq!(InterviewStatus::InProgress.as_str(), "in_progress");
        assert_eq!(EvaluationStatus::NotStarted.as_str(), "not_started");
        assert_eq!(WebhookEvent::EmailFailed.as_str(), "email.failed");
    }

    /// The OpenAPI schema lists the same texts, in order.
    #[cfg(feature = "openapi")]
    #[test]
    fn openapi_schema_lists_the_texts() {
        use utoipa::PartialSchema;

        let schema = serde_json::to_value(InterviewStatus::schema()).unwrap();
        let texts: Vec<&str> = InterviewStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(schema["enum"], serde_json::json!(texts));
    }
}

//! Typed ids of the main records. Each is a TEXT column holding a UUID; the type says whose id
//! it is, so a job's id cannot be passed where an interview's is expected. They read as `&str`
//! (`Deref`) for queries and formatting; the wire (DTOs) carries them as plain strings.

use std::fmt;
use std::ops::Deref;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident => $noun:literal;)*) => {$(
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            diesel::expression::AsExpression,
            diesel::deserialize::FromSqlRow,
        )]
        #[serde(transparent)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub struct $name(String);

        impl $name {
            /// A new, random id (UUID v4).
            pub fn generate() -> Self {
                Self(uuid::Uuid::new_v4().to_string())
            }

            /// The id a client sent (a path segment, a request field) if it is well-formed:
            /// ours are UUIDs, so anything else names nothing.
            pub fn parse(text: &str) -> Option<Self> {
                uuid::Uuid::try_parse(text).ok().map(|_| Self(text.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        /// From a client (a path segment): only a well-formed id; anything else is an error
        /// the caller answers as "no such record".
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text)
                    .ok_or_else(|| serde::de::Error::custom(concat!("this is not a valid ", $noun, " id")))
            }
        }

        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::Text, DB>
            for $name
        where
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, DB>>::to_sql(
                    self.0.as_str(),
                    out,
                )
            }
        }

        // Stored ids are taken as they are: rows written before (or by hand, in tests) need not
        // be UUIDs to be found again.
        impl<DB: diesel::backend::Backend>
            diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(
                    bytes,
                )
                .map(Self)
            }
        }
    )*};
}

id_type! {
    /// An organisation (a recruiting company).
    OrganizationId => "organisation";
    /// A user: a recruiter or a candidate.
    UserId => "user";
    /// A job posting.
    JobId => "job";
    /// A candidate's application to a job.
    ApplicationId => "application";
    /// An interview.
    InterviewId => "interview";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_parse_back() {
        let id = InterviewId::generate();
        assert_eq!(InterviewId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(id.len(), 36, "a UUID as text");
    }

    #[test]
    fn malformed_ids_parse_to_nothing() {
        for text in [
            "",
            "abc",
            "../etc/passwd",
            "6c1f0000-0000-0000-0000",
            "' OR 1=1 --",
        ] {
            assert_eq!(JobId::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn ids_from_clients_must_be_well_formed() {
        let id: InterviewId =
            serde_json::from_str("\"0b6f3a5e-8d4c-4b1e-9f2a-1c3d5e7f9a0b\"").unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"0b6f3a5e-8d4c-4b1e-9f2a-1c3d5e7f9a0b\""
        );
        assert!(serde_json::from_str::<InterviewId>("\"../../admin\"").is_err());
    }

    #[test]
    fn ids_read_as_text() {
        let id = UserId::parse("0b6f3a5e-8d4c-4b1e-9f2a-1c3d5e7f9a0b").unwrap();
        assert_eq!(id.as_str(), "0b6f3a5e-8d4c-4b1e-9f2a-1c3d5e7f9a0b");
        assert_eq!(id.to_string(), "0b6f3a5e-8d4c-4b1e-9f2a-1c3d5e7f9a0b");
        assert!(id.starts_with("0b6f"), "derefs to &str");
        assert_eq!(String::from(id).len(), 36);
    }
}

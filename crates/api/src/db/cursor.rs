//! Keyset-pagination cursors over `(created_at, id)`, newest first.

use chrono::{DateTime, NaiveDateTime};

use crate::errors::ApiError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: NaiveDateTime,
    pub id: String,
}

/// What a cursor looks like: `{microseconds since 1970}.{row id}`, the position after which the
/// next page starts. Any cursor of this form is a valid position (a page after the last row is
/// simply empty), so the OpenAPI document can state it exactly.
pub const CURSOR_PATTERN: &str =
    "^-?[0-9]{1,16}\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

impl Cursor {
    pub fn encode(&self) -> String {
        format!(
            "{}.{}",
            self.created_at.and_utc().timestamp_micros(),
            self.id
        )
    }

    pub fn decode(raw: &str) -> Result<Cursor, ApiError> {
        let invalid =
            || ApiError::validation("cursor", "The cursor is not valid; start again without it.");
        let (micros, id) = raw.split_once('.').ok_or_else(invalid)?;
        let digits = micros.strip_prefix('-').unwrap_or(micros);
        if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let is_id = uuid::Uuid::try_parse(id).is_ok()
            && id.len() == 36
            && !id.bytes().any(|b| b.is_ascii_uppercase());
        if !is_id {
            return Err(invalid());
        }
        let micros: i64 = micros.parse().map_err(|_| invalid())?;
        let created_at = DateTime::from_timestamp_micros(micros)
            .ok_or_else(invalid)?
            .naive_utc();
        Ok(Cursor {
            created_at,
            id: id.to_string(),
        })
    }
}

/// `?limit=`, 1..=100 (default 20); anything else is 422, as the document says.
pub fn page_limit(requested: Option<u32>) -> Result<i64, ApiError> {
    let max = interview_flow_shared::MAX_PAGE_LIMIT;
    match requested {
        None => Ok(i64::from(interview_flow_shared::DEFAULT_PAGE_LIMIT)),
        Some(n) if (1..=max).contains(&n) => Ok(i64::from(n)),
        Some(_) => Err(ApiError::validation(
            "limit",
            format!("limit must be between 1 and {max}."),
        )),
    }
}

/// Splits one extra fetched row off into the next cursor.
pub fn paginate<T>(
    mut rows: Vec<T>,
    limit: i64,
    key: impl Fn(&T) -> Cursor,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(|row| key(row).encode());
        (rows, next)
    } else {
        (rows, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let cursor = Cursor {
            created_at: DateTime::from_timestamp_micros(1_700_000_000_123_456)
                .unwrap()
                .naive_utc(),
            id: "7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90".into(),
        };
        assert_eq!(
            cursor.encode(),
            "1700000000123456.7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90"
        );
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        // What the pattern admits decodes: the extremes of its digits, and a negative time.
        for admitted in [
            "0.00000000-0000-0000-0000-000000000000",
            "-9999999999999999.ffffffff-ffff-ffff-ffff-ffffffffffff",
            "9999999999999999.7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90",
        ] {
            assert!(Cursor::decode(admitted).is_ok(), "{admitted}");
        }
        for refused in [
            "",
            "!!!",
            "1700000000123456",
            ".7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90",
            "12345678901234567.7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90",
            "1.7B0C6A8E-3F1D-4C2B-9A55-0D6F2E8C1A90",
            "1.7b0c6a8e3f1d4c2b9a550d6f2e8c1a90",
            "+1.7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90",
        ] {
            assert!(Cursor::decode(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn limits_outside_one_to_a_hundred_are_refused() {
        assert_eq!(page_limit(None).unwrap(), 20);
        assert_eq!(page_limit(Some(1)).unwrap(), 1);
        assert_eq!(page_limit(Some(100)).unwrap(), 100);
        assert!(page_limit(Some(0)).is_err());
        assert!(page_limit(Some(101)).is_err());
    }
}

//! Opaque keyset-pagination cursors over `(created_at, id)`, newest first.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDateTime};

use crate::errors::ApiError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: NaiveDateTime,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!(
            "{}|{}",
            self.created_at.and_utc().timestamp_micros(),
            self.id
        ))
    }

    pub fn decode(raw: &str) -> Result<Cursor, ApiError> {
        let invalid =
            || ApiError::validation("cursor", "The cursor is not valid; start again without it.");
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let (micros, id) = text.split_once('|').ok_or_else(invalid)?;
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

/// `?limit=` clamped to 1..=100 (default 20).
pub fn page_limit(requested: Option<u32>) -> Result<i64, ApiError> {
    match requested {
        None => Ok(i64::from(interview_flow_shared::DEFAULT_PAGE_LIMIT)),
        Some(0) => Err(ApiError::validation("limit", "limit must be at least 1.")),
        Some(n) => Ok(i64::from(n.min(interview_flow_shared::MAX_PAGE_LIMIT))),
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
            id: "abc".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        assert!(Cursor::decode("!!!").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode("nope")).is_err());
    }
}

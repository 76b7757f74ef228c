//! Whole-number request fields read as JSON Schema reads `"type": "integer"`: `14` and `14.0`
//! are the same integer, `14.5` is not one. serde alone refuses `14.0` for a `u32`, which a
//! client generated from the document (or a JavaScript one) may well send.

use serde::{Deserialize, Deserializer, de::Error};

/// An optional `u32` field: absent or `null` is `None`; a number with a fraction, a negative
/// one or one above `u32::MAX` is refused.
pub fn option_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let Some(number) = Option::<serde_json::Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let whole = match (number.as_u64(), number.as_f64()) {
        (Some(value), _) => Some(value),
        (None, Some(value))
            if value.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&value) =>
        {
            // In range and whole: the conversion is exact.
            Some(value as u64)
        }
        _ => None,
    };
    whole
        .and_then(|value| u32::try_from(value).ok())
        .map(Some)
        .ok_or_else(|| {
            D::Error::custom(format!(
                "invalid value: {number}, expected a whole number from 0 to {}",
                u32::MAX
            ))
        })
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct Body {
        #[serde(default, deserialize_with = "super::option_u32")]
        count: Option<u32>,
    }

    fn read(json: &str) -> Result<Option<u32>, serde_json::Error> {
        serde_json::from_str::<Body>(json).map(|body| body.count)
    }

    #[test]
    fn whole_numbers_are_integers_however_written() {
        assert_eq!(read(r#"{"count": 14}"#).unwrap(), Some(14));
        assert_eq!(read(r#"{"count": 14.0}"#).unwrap(), Some(14));
        assert_eq!(read(r#"{"count": 1e1}"#).unwrap(), Some(10));
        assert_eq!(read(r#"{"count": null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        for refused in ["14.5", "-1", "-1.0", "4294967296", "4294967296.0", "\"14\""] {
            assert!(
                read(&format!(r#"{{"count": {refused}}}"#)).is_err(),
                "{refused}"
            );
        }
    }
}

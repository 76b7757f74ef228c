//! The text rules of [`crate::validation`] as regular expressions, for the OpenAPI document:
//! a string matches a pattern here exactly when the validator accepts it (given the length
//! bounds stated beside it). Written for both ECMA-262 (JSON Schema) and Python `re` (the
//! property-based tester): character classes with `\uXXXX` escapes, no lookaround.
//!
//! Whitespace is what Rust's `char::is_whitespace` trims and splits on; control characters are
//! Unicode `Cc` but tab, line feed and carriage return ([`crate::validation::is_forbidden_control`]).

macro_rules! control {
    () => {
        "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F"
    };
}
macro_rules! space {
    () => {
        "\\t\\n\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
    };
}
macro_rules! allowed {
    () => {
        concat!("[^", control!(), "]")
    };
}
macro_rules! visible {
    () => {
        concat!("[^", space!(), control!(), "]")
    };
}
macro_rules! blank {
    () => {
        concat!("[", space!(), "]")
    };
}

/// Any text without a forbidden control character.
pub const ANY_TEXT: &str = concat!("^", allowed!(), "*$");

/// Anything, then a visible character: one more visible character in a row of them.
macro_rules! then_visible {
    () => {
        concat!(allowed!(), "*", visible!())
    };
}

/// Text with at least one visible character (trimmed, it is not empty).
pub const TEXT_MIN_1: &str = concat!("^", then_visible!(), allowed!(), "*$");

/// Text of at least two characters once runs of whitespace are one space and the ends trimmed.
pub const TEXT_MIN_2: &str = concat!("^", then_visible!(), then_visible!(), allowed!(), "*$");

/// Text of at least three characters once whitespace is collapsed: three visible characters,
/// or two in different words ("a b").
pub const TEXT_MIN_3: &str = concat!(
    "^",
    allowed!(),
    "*(?:",
    visible!(),
    then_visible!(),
    then_visible!(),
    "|",
    visible!(),
    blank!(),
    "+",
    visible!(),
    ")",
    allowed!(),
    "*$"
);

/// A job description: at least 20 characters between its first and last visible one.
pub const DESCRIPTION: &str = concat!(
    "^",
    allowed!(),
    "*",
    visible!(),
    allowed!(),
    "{18,}",
    visible!(),
    allowed!(),
    "*$"
);

/// The pattern for [`crate::validation`]'s collapsed text of at least `min` characters.
pub fn text_at_least(min: usize) -> &'static str {
    match min {
        0 => ANY_TEXT,
        1 => TEXT_MIN_1,
        2 => TEXT_MIN_2,
        _ => TEXT_MIN_3,
    }
}

/// An email address as `normalize_email` accepts it: surrounding whitespace, one `@`, a local
/// part without whitespace, a domain of ASCII letters, digits and hyphens in two or more
/// dot-separated labels.
pub const EMAIL: &str = concat!(
    "^",
    blank!(),
    "*[^@",
    space!(),
    control!(),
    "]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+",
    blank!(),
    "*$"
);

/// `#rgb` or `#rrggbb` (the `#` optional, any case), with surrounding whitespace.
pub const BRAND_COLOR: &str = concat!(
    "^",
    blank!(),
    "*#?(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})",
    blank!(),
    "*$"
);

/// Empty (no logo), or an absolute http(s) URL with a host and no whitespace.
pub const LOGO_URL: &str = concat!(
    "^",
    blank!(),
    "*(?:https?://[^/?#",
    space!(),
    control!(),
    "][^",
    space!(),
    control!(),
    "]*)?",
    blank!(),
    "*$"
);

/// A BCP 47 tag such as `en`, `de` or `pt-BR`, with surrounding whitespace.
pub const LANGUAGE: &str = concat!(
    "^",
    blank!(),
    "*[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*",
    blank!(),
    "*$"
);

/// The name of an external id: `snake_case`, 1 to 50 characters.
pub const EXTERNAL_ID_NAME: &str = "^[a-z0-9_]{1,50}$";

/// `key:value` (either part may be empty), or nothing: the interview list's external-id filter.
pub const KEY_VALUE: &str = concat!("^(?:", allowed!(), "*:", allowed!(), "*)?$");

/// One or more of `values`, comma-separated, each with optional whitespace around it, or
/// nothing: a list filter such as `status=scheduled,completed`.
pub fn comma_list(values: &[&str]) -> String {
    let one = format!("{blank}*(?:{}){blank}*", values.join("|"), blank = blank!());
    format!("^(?:{one}(?:,{one})*)?$")
}

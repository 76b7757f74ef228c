//! The embedded minijinja templates (files under `crates/api/templates/email/`).

use std::sync::LazyLock;

use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value,
};

macro_rules! template {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../templates/email/", $name)),
        )
    };
}

/// Every template; names ending in `.html` are HTML-escaped automatically.
const TEMPLATES: &[(&str, &str)] = &[
    template!("frame.html"),
    template!("layout.html"),
    template!("layout.txt"),
    template!("invitation.html"),
    template!("invitation.txt"),
    template!("resend.html"),
    template!("resend.txt"),
    template!("rescheduled.html"),
    template!("rescheduled.txt"),
    template!("cancelled.html"),
    template!("cancelled.txt"),
    template!("reminder_24h.html"),
    template!("reminder_24h.txt"),
    template!("reminder_1h.html"),
    template!("reminder_1h.txt"),
    template!("sign_in_link.html"),
    template!("sign_in_link.txt"),
    template!("account.html"),
    template!("account.txt"),
];

/// Built once; a broken template is kept as its message (minijinja errors are not `Clone`).
static ENVIRONMENT: LazyLock<Result<Environment<'static>, String>> =
    LazyLock::new(|| environment().map_err(|e| format!("{e:#}")));

fn environment() -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    env.set_formatter(formatter);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// Renders `name` with `ctx`.
pub(crate) fn render(name: &str, ctx: &Value) -> Result<String, Error> {
    let env = ENVIRONMENT
        .as_ref()
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.clone()))?;
    env.get_template(name)?.render(ctx)
}

/// Like the default HTML escaping but leaves `/` alone: minijinja escapes it as `&#x2f;`, which is
/// harmless in HTML yet turns every link into `https:&#x2f;&#x2f;…`, confusing link checkers and
/// copy-paste from some mail clients. `& < > " '` are still escaped, which is what matters inside
/// quoted attributes and text.
fn formatter(out: &mut Output<'_>, state: &mut State<'_, '_>, value: &Value) -> Result<(), Error> {
    if matches!(state.auto_escape(), AutoEscape::Html)
        && !value.is_safe()
        && let Some(s) = value.as_str()
    {
        return write_html_escaped(out, s);
    }
    minijinja::escape_formatter(out, state, value)
}

fn write_html_escaped(out: &mut Output<'_>, s: &str) -> Result<(), Error> {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#x27;",
            _ => continue,
        };
        write_str(out, s.get(last..i).unwrap_or_default())?;
        write_str(out, replacement)?;
        last = i + c.len_utf8();
    }
    write_str(out, s.get(last..).unwrap_or_default())
}

fn write_str(out: &mut Output<'_>, s: &str) -> Result<(), Error> {
    out.write_str(s)
        .map_err(|_| Error::new(ErrorKind::WriteFailure, "could not write template output"))
}

//! Turning raw model output into one plain question, both at the end ([`clean_question`]) and
//! while it streams ([`Relay`], which decides what may be shown before the text is complete).

/// The longest question we keep, in characters.
pub(crate) const MAX_QUESTION_CHARS: usize = 400;

/// Labels a model likes to put before its line ("Interviewer: …", "Question 2: …").
const LABELS: &[&str] = &[
    "interviewer",
    "question",
    "q",
    "assistant",
    "ai",
    "follow-up question",
    "follow-up",
    "follow up question",
    "follow up",
    "followup",
    "main question",
    "next question",
    "opening question",
    "closing question",
    "greeting",
    "closing",
];

/// Openers of a preamble such as "Sure! Here's a question: …".
const PREAMBLES: &[&str] = &[
    "sure",
    "certainly",
    "of course",
    "okay",
    "ok,",
    "here's",
    "here is",
    "absolutely",
];

fn is_quote(ch: char) -> bool {
    matches!(ch, '"' | '“' | '”' | '«' | '»')
}

/// Clean model output into one plain question; `None` when nothing usable is left.
pub fn clean_question(raw: &str) -> Option<String> {
    // Per line: headings and list markers go, empty lines go.
    let mut lines = Vec::new();
    for line in raw.lines() {
        let line = line.trim().trim_start_matches('#').trim_start();
        let line = strip_list_marker(line.trim_start_matches(['*', '`']).trim_start());
        if !line.trim().is_empty() {
            lines.push(line.trim());
        }
    }
    let joined = lines.join(" ");
    let unmarked = joined
        .replace("**", "")
        .replace("__", "")
        .replace(['*', '`'], "");
    let mut text = collapse_whitespace(&unmarked);

    // Labels, preambles and wrapping quotes can nest ("Question: \"…\""): peel until stable.
    for _ in 0..4 {
        let before = text.clone();
        text = strip_preamble(&text).trim().to_string();
        if let Some(rest) = strip_label(&text) {
            text = rest.trim().to_string();
        }
        text = strip_surrounding_quotes(&text).trim().to_string();
        text = strip_list_marker(&text).trim().to_string();
        if text == before {
            break;
        }
    }

    let text = first_question(&text);
    let text = cap_on_word_boundary(text, MAX_QUESTION_CHARS);
    let text = text.trim();

    let words = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count();
    if words < 3 || !text.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(text.to_string())
}

pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "- ", "• ", "1. ", "2) " at the start.
fn strip_list_marker(text: &str) -> &str {
    for marker in ["- ", "• ", "– ", "+ "] {
        if let Some(rest) = text.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &text[digits..];
        for marker in [". ", ") "] {
            if let Some(after) = rest.strip_prefix(marker) {
                return after.trim_start();
            }
        }
    }
    text
}

/// The text after a leading "Interviewer:" / "Question 3:" label, if there is one.
pub(crate) fn strip_label(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths for some scripts; labels are ASCII, so compare on
    // an ASCII prefix only.
    if lower.len() != text.len() {
        return None;
    }
    for label in LABELS {
        let Some(rest) = lower.strip_prefix(label) else {
            continue;
        };
        let after_number = rest
            .trim_start_matches(' ')
            .trim_start_matches(|c: char| c.is_ascii_digit());
        let after_number = after_number.trim_start_matches(' ');
        if let Some(after) = after_number.strip_prefix(':') {
            let start = text.len() - after.len();
            return Some(text[start..].trim_start());
        }
    }
    None
}

/// Whether `head` (lower-cased) could still become a label once more text arrives.
pub(crate) fn could_be_label(head: &str) -> bool {
    let lower = head.to_lowercase();
    LABELS.iter().any(|label| {
        if label.starts_with(lower.as_str()) {
            return true;
        }
        match lower.strip_prefix(label) {
            Some(rest) => rest.chars().all(|c| c == ' ' || c.is_ascii_digit()),
            None => false,
        }
    })
}

/// "Sure! Here's a question for you: What …" → "What …".
fn strip_preamble(text: &str) -> &str {
    let lower = text.to_lowercase();
    if lower.len() != text.len() || !PREAMBLES.iter().any(|p| lower.starts_with(p)) {
        return text;
    }
    match text.find(':') {
        Some(colon) if colon <= 100 && text[colon + 1..].trim().len() > 10 => &text[colon + 1..],
        _ => text,
    }
}

/// Removes quotes the model put around the whole text, keeping quotes inside it.
fn strip_surrounding_quotes(text: &str) -> &str {
    let mut chars = text.chars();
    let (Some(first), Some(last)) = (chars.next(), chars.next_back()) else {
        return text;
    };
    let inner = &text[first.len_utf8()..text.len() - last.len_utf8()];
    let wraps = match (first, last) {
        ('"', '"') => match inner.find('"') {
            None => true,
            // The first inner quote must open a quotation (`… "on-call"?`), not close the one
            // the text starts with (`"A" and "B"`).
            Some(index) => index > 0 && inner[..index].ends_with(char::is_whitespace),
        },
        ('“', '”') => inner
            .find(['“', '”'])
            .is_none_or(|i| inner[i..].starts_with('“')),
        ('«', '»') => inner
            .find(['«', '»'])
            .is_none_or(|i| inner[i..].starts_with('«')),
        ('\'', '\'') => inner.split_whitespace().count() >= 3 && !inner.ends_with('s'),
        _ => false,
    };
    if wraps { inner } else { text }
}

/// Keeps only the first question when the text goes on to ask another one.
fn first_question(text: &str) -> &str {
    let Some(index) = text.find('?') else {
        return text;
    };
    let mut end = index + 1;
    // A closing quote or bracket right after the question mark belongs to it.
    for ch in text[end..].chars() {
        if is_quote(ch) || ch == ')' || ch == '\'' {
            end += ch.len_utf8();
        } else {
            break;
        }
    }
    if text[end..].contains('?') {
        &text[..end]
    } else {
        text
    }
}

fn cap_on_word_boundary(text: &str, max_chars: usize) -> &str {
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text;
    };
    let slice = &text[..cut];
    let slice = match slice.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &slice[..space],
        _ => slice,
    };
    slice.trim_end_matches([',', ';', ':', '-', '–', '—', ' '])
}

/// Decides what of a streamed answer may be shown as it arrives: markdown markers, a leading
/// label or list marker, repeated whitespace and anything after the first question are held
/// back. [`Relay::finish`] reconciles with the final cleaned text.
#[derive(Debug, Default)]
pub(crate) struct Relay {
    /// Text before we know whether it starts with a label.
    head: String,
    head_done: bool,
    /// Everything shown so far.
    emitted: String,
    emitted_chars: usize,
    at_line_start: bool,
    pending_space: bool,
    /// Quote characters held until we know they are not the closing wrapper.
    quote_hold: String,
    /// After the first "?": text held until we know no other question follows.
    after_question: bool,
    held: String,
    stopped: bool,
}

impl Relay {
    pub(crate) fn new() -> Self {
        Self {
            at_line_start: true,
            ..Self::default()
        }
    }

    /// Feeds a raw piece; returns what may be shown now (possibly empty).
    pub(crate) fn push(&mut self, piece: &str) -> String {
        let mut out = String::new();
        for ch in piece.chars() {
            if self.stopped {
                break;
            }
            // Markdown markers never reach the screen; '#' only as a heading marker.
            if ch == '*' || ch == '`' || (ch == '#' && self.at_line_start) {
                continue;
            }
            if ch == '\n' {
                self.at_line_start = true;
            } else if !ch.is_whitespace() {
                self.at_line_start = false;
            }
            if self.head_done {
                self.body_char(ch, &mut out);
            } else {
                self.head.push(ch);
                self.resolve_head(&mut out);
            }
        }
        self.emitted.push_str(&out);
        out
    }

    fn resolve_head(&mut self, out: &mut String) {
        loop {
            let trimmed = self
                .head
                .trim_start_matches(|c: char| c.is_whitespace() || is_quote(c));
            if trimmed.is_empty() {
                return;
            }
            if let Some(rest) = strip_label(trimmed) {
                // Wait for the first character after the label before deciding again.
                self.head = rest.to_string();
                continue;
            }
            let marker_stripped = strip_list_marker(trimmed);
            if marker_stripped.len() != trimmed.len() {
                self.head = marker_stripped.to_string();
                continue;
            }
            let pending_marker = matches!(trimmed, "-" | "•" | "–" | "+")
                || (trimmed
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ')')
                    && trimmed.len() <= 3);
            if (trimmed.len() < 40 && could_be_label(trimmed)) || pending_marker {
                return;
            }
            let head = trimmed.to_string();
            self.head.clear();
            self.head_done = true;
            for ch in head.chars() {
                self.body_char(ch, out);
            }
            return;
        }
    }

    fn body_char(&mut self, ch: char, out: &mut String) {
        if self.stopped {
            return;
        }
        if ch.is_whitespace() {
            self.pending_space = self.emitted_chars > 0 || !out.is_empty();
            return;
        }
        let mut segment = String::new();
        if self.pending_space {
            segment.push(' ');
            self.pending_space = false;
        }
        segment.push(ch);
        if self.after_question {
            self.held.push_str(&segment);
            if ch == '?' {
                // A second question: the final text ends at the first one.
                self.stopped = true;
            }
            return;
        }
        if is_quote(ch) {
            self.quote_hold.push_str(&segment);
            return;
        }
        let text = std::mem::take(&mut self.quote_hold) + &segment;
        self.emitted_chars += text.chars().count();
        out.push_str(&text);
        if ch == '?' {
            self.after_question = true;
        }
        if self.emitted_chars >= MAX_QUESTION_CHARS {
            self.stopped = true;
        }
    }

    /// What remains to be shown once the final cleaned text is known (nothing when what was
    /// shown is not a prefix of it).
    pub(crate) fn finish(&mut self, final_text: &str) -> Option<String> {
        let rest = final_text.strip_prefix(self.emitted.as_str())?;
        if rest.is_empty() {
            return None;
        }
        self.emitted.push_str(rest);
        Some(rest.to_string())
    }
}

#[cfg(test)]
#[path = "clean_tests.rs"]
mod tests;

//! Incremental parsing of an OpenAI-style chat completion, streamed (server-sent events) or
//! not (one JSON document).

use serde_json::Value;

use crate::ai::ProviderError;

/// The most we keep of a body (for the non-streamed fallback and error details).
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// What one complete SSE line meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SseItem {
    /// A `delta.content` piece (possibly empty).
    Content(String),
    /// A chunk without content (role announcement, finish reason, usage, ...).
    NoContent,
    /// `data: [DONE]`.
    Done,
}

/// Buffers bytes, splits on `\n` and decodes complete lines only, so chunks may split
/// anywhere (mid-line, mid-UTF-8).
#[derive(Debug, Default)]
pub(crate) struct SseParser {
    pending: Vec<u8>,
    /// Every byte received (up to [`MAX_BODY_BYTES`]), for the plain-JSON fallback.
    body: Vec<u8>,
    /// Lines that were neither SSE fields nor blank: a sign the body is not SSE.
    pub(crate) foreign_lines: usize,
    pub(crate) data_lines: usize,
    pub(crate) done: bool,
}

impl SseParser {
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<Vec<SseItem>, ProviderError> {
        if self.body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(ProviderError::Malformed("the response is too large".into()));
        }
        self.body.extend_from_slice(chunk);
        self.pending.extend_from_slice(chunk);
        let mut items = Vec::new();
        while let Some(newline) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=newline).collect();
            if let Some(item) = self.line(&line[..line.len() - 1])? {
                items.push(item);
            }
            if self.done {
                break;
            }
        }
        Ok(items)
    }

    /// Processes a last line that had no trailing newline.
    pub(crate) fn finish(&mut self) -> Result<Vec<SseItem>, ProviderError> {
        if self.done || self.pending.is_empty() {
            return Ok(Vec::new());
        }
        let line = std::mem::take(&mut self.pending);
        Ok(self.line(&line)?.into_iter().collect())
    }

    pub(crate) fn body(&self) -> &[u8] {
        &self.body
    }

    fn line(&mut self, raw: &[u8]) -> Result<Option<SseItem>, ProviderError> {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = String::from_utf8_lossy(raw);
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() || line.starts_with(':') {
            return Ok(None);
        }
        let Some(data) = line.strip_prefix("data:") else {
            let field = line.split(':').next().unwrap_or_default();
            if line.contains(':') && matches!(field, "event" | "id" | "retry") {
                return Ok(None);
            }
            self.foreign_lines += 1;
            return Ok(None);
        };
        self.data_lines += 1;
        let data = data.trim();
        if data == "[DONE]" {
            self.done = true;
            return Ok(Some(SseItem::Done));
        }
        if self.foreign_lines > 0 {
            // Mixed content: not something we understand.
            return Err(ProviderError::Malformed(
                "the response is neither server-sent events nor JSON".into(),
            ));
        }
        let value: Value = serde_json::from_str(data)
            .map_err(|_| ProviderError::Malformed("a streamed chunk is not valid JSON".into()))?;
        if let Some(message) = error_message(&value) {
            return Err(ProviderError::Malformed(format!(
                "the server reported an error: {message}"
            )));
        }
        let choice = value.get("choices").and_then(|c| c.get(0));
        let content = choice.and_then(|choice| {
            choice
                .get("delta")
                .and_then(|d| d.get("content"))
                .or_else(|| choice.get("message").and_then(|m| m.get("content")))
                .or_else(|| choice.get("text"))
                .and_then(Value::as_str)
        });
        Ok(Some(match content {
            Some(text) => SseItem::Content(text.to_string()),
            None => SseItem::NoContent,
        }))
    }
}

/// `error.message` (or `error` as a string) of an error document.
pub(crate) fn error_message(value: &Value) -> Option<String> {
    let error = value.get("error")?;
    if error.is_null() {
        return None;
    }
    Some(
        error
            .get("message")
            .and_then(Value::as_str)
            .or_else(|| error.as_str())
            .unwrap_or("unknown error")
            .to_string(),
    )
}

/// The assistant text of a complete (non-streamed) chat completion body; falls back to
/// reading it as SSE when a server streams although we did not ask it to.
pub(crate) fn completion_text(body: &[u8]) -> Result<String, ProviderError> {
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        return json_completion_text(&value);
    }
    let mut parser = SseParser::default();
    let mut items = parser.push(body)?;
    items.extend(parser.finish()?);
    let mut text = None::<String>;
    for item in items {
        if let SseItem::Content(piece) = item {
            text.get_or_insert_with(String::new).push_str(&piece);
        }
    }
    match text {
        Some(text) if parser.foreign_lines == 0 => Ok(text),
        _ => Err(ProviderError::Malformed(
            "the response is neither a chat completion nor server-sent events".into(),
        )),
    }
}

pub(crate) fn json_completion_text(value: &Value) -> Result<String, ProviderError> {
    if let Some(message) = error_message(value) {
        return Err(ProviderError::Malformed(format!(
            "the server reported an error: {message}"
        )));
    }
    let choice = value
        .get("choices")
        .and_then(|c| c.get(0))
        .ok_or_else(|| ProviderError::Malformed("the response has no choices".into()))?;
    choice
        .get("message")
        .and_then(|m| m.get("content"))
        .or_else(|| choice.get("delta").and_then(|d| d.get("content")))
        .or_else(|| choice.get("text"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ProviderError::Malformed("the response has no message content".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(content: &str) -> String {
        format!(
            "data: {}\n\n",
            serde_json::json!({"choices": [{"delta": {"content": content}}]})
        )
    }

    #[test]
    fn splits_anywhere_including_mid_utf8() {
        let body = format!(
            ": keep-alive\nevent: message\n{}{}{}data: [DONE]\n\n",
            chunk("Qu’est-ce"),
            chunk(" que"),
            chunk(" vous aimez ?")
        );
        let bytes = body.as_bytes();
        for size in [1, 2, 3, 5, 7, 64] {
            let mut parser = SseParser::default();
            let mut text = String::new();
            for piece in bytes.chunks(size) {
                for item in parser.push(piece).unwrap_or_default() {
                    if let SseItem::Content(p) = item {
                        text.push_str(&p);
                    }
                }
            }
            assert!(parser.done);
            assert_eq!(text, "Qu’est-ce que vous aimez ?");
        }
    }

    #[test]
    fn crlf_and_missing_final_newline() {
        let mut parser = SseParser::default();
        let items = parser
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\r\n\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"!\"}}]}")
            .unwrap_or_default();
        assert_eq!(items, vec![SseItem::Content("Hi".into())]);
        assert_eq!(
            parser.finish().unwrap_or_default(),
            vec![SseItem::Content("!".into())]
        );
    }

    #[test]
    fn plain_json_and_garbage() {
        let body = br#"{"choices":[{"message":{"role":"assistant","content":"Hello there"}}]}"#;
        assert_eq!(completion_text(body).ok().as_deref(), Some("Hello there"));
        assert!(matches!(
            completion_text(b"hello not sse"),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            completion_text(br#"{"error":{"message":"bad model"}}"#),
            Err(ProviderError::Malformed(m)) if m.contains("bad model")
        ));
    }
}

//! The LLM evaluator: asks for a JSON verdict at temperature 0, checks it strictly, retries
//! once with the problems spelled out, and otherwise gives up (the caller then falls back to
//! the built-in evaluator).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use interview_flow_shared::{Recommendation, TurnKind};
use serde_json::{Value, json};
use tokio::time::Instant;

use super::{authorized, check_status, endpoint, sse, transport_error, truncate_chars};
use crate::ai::{DIMENSIONS, EndReason, Evaluation, EvaluationInput, ProviderError, TurnScore};
use crate::settings::AiSettings;

/// LLM evaluation of a finished interview; `evaluator` is `llm` and `caps` is empty.
pub async fn evaluate(
    settings: &AiSettings,
    client: &reqwest::Client,
    input: &EvaluationInput,
) -> Result<Evaluation, ProviderError> {
    let base = settings.base_url.as_ref().ok_or_else(|| {
        ProviderError::Unusable("no AI base URL is configured (AI_BASE_URL)".into())
    })?;
    let url = endpoint(base, "chat/completions")?;
    let mut messages = evaluation_messages(input);
    let mut use_response_format = true;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let raw = match complete(settings, client, &url, &messages, use_response_format).await {
            // Some servers reject `response_format`; ask again without it (not a retry of
            // the model's output).
            Err(ProviderError::Status { status, .. })
                if use_response_format && matches!(status, 400 | 422) =>
            {
                use_response_format = false;
                complete(settings, client, &url, &messages, false).await?
            }
            other => other?,
        };
        match parse_evaluation(&raw, input) {
            Ok(evaluation) => return Ok(evaluation),
            Err(problems) if attempt == 1 => {
                tracing::info!(?problems, "LLM evaluation invalid; asking once more");
                messages.push(json!({
                    "role": "assistant",
                    "content": truncate_chars(&raw, 6000),
                }));
                messages.push(json!({
                    "role": "user",
                    "content": format!(
                        "That reply was not valid: {}. Reply again with only the corrected JSON \
                         object, following the required format exactly.",
                        problems.join("; ")
                    ),
                }));
            }
            Err(problems) => {
                return Err(ProviderError::Unusable(format!(
                    "the evaluation was invalid twice: {}",
                    truncate_chars(&problems.join("; "), 300)
                )));
            }
        }
    }
}

async fn complete(
    settings: &AiSettings,
    client: &reqwest::Client,
    url: &url::Url,
    messages: &[Value],
    response_format: bool,
) -> Result<String, ProviderError> {
    let mut body = json!({
        "model": settings.model,
        "messages": messages,
        "stream": false,
        "temperature": 0,
        "max_tokens": 1500,
    });
    if response_format {
        body["response_format"] = json!({"type": "json_object"});
    }
    let deadline = Instant::now() + settings.request_timeout;
    let request = authorized(client.post(url.clone()), settings).json(&body);
    let response = tokio::time::timeout_at(deadline, request.send())
        .await
        .map_err(|_| ProviderError::Timeout(settings.request_timeout))?
        .map_err(|e| transport_error(e, settings))?;
    let response = check_status(response, settings, deadline).await?;
    let bytes = tokio::time::timeout_at(deadline, response.bytes())
        .await
        .map_err(|_| ProviderError::Timeout(settings.request_timeout))?
        .map_err(|e| transport_error(e, settings))?;
    if bytes.len() > sse::MAX_BODY_BYTES {
        return Err(ProviderError::Malformed("the response is too large".into()));
    }
    sse::completion_text(&bytes)
}

/// Turns that must be scored: answered main and follow-up turns.
fn scored_turns(input: &EvaluationInput) -> BTreeSet<usize> {
    input
        .turns
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TurnKind::Main | TurnKind::FollowUp))
        .filter(|(_, t)| t.answer.as_deref().is_some_and(|a| !a.trim().is_empty()))
        .map(|(i, _)| i)
        .collect()
}

fn evaluation_messages(input: &EvaluationInput) -> Vec<Value> {
    let job = &input.job;
    let system = "You are a fair, rigorous hiring evaluator. You judge a job interview transcript \
                  against the role and answer with a single JSON object only (no markdown, no \
                  commentary). Base every judgement on what the candidate actually said; quote \
                  evidence verbatim from their answers.";
    let mut user = String::new();
    let _ = writeln!(
        user,
        "Role: {} at {}",
        job.title.trim(),
        job.company_name.trim()
    );
    let _ = writeln!(
        user,
        "Job description:\n{}\n",
        truncate_chars(&job.description, 1500)
    );
    let _ = writeln!(
        user,
        "Required skills: {}\n",
        if job.required_skills.is_empty() {
            "not specified".to_string()
        } else {
            job.required_skills.join(", ")
        }
    );
    let _ = writeln!(
        user,
        "The interview had {} main questions and ended: {}.\n",
        input.question_count,
        match input.end_reason {
            EndReason::Completed => "completed",
            EndReason::TimeUp => "the time limit ran out",
            EndReason::EndedEarly => "the candidate ended it early",
            EndReason::Abandoned => "abandoned before the end",
        }
    );
    let _ = writeln!(user, "Transcript (turn_index in brackets):");
    for (index, turn) in input.turns.iter().enumerate() {
        let kind = match turn.kind {
            TurnKind::Greeting => "greeting".to_string(),
            TurnKind::Main => format!("main question {}", turn.number),
            TurnKind::FollowUp => format!("follow-up on question {}", turn.number),
            TurnKind::Closing => "closing".to_string(),
        };
        let answer = match turn.answer.as_deref().map(str::trim) {
            Some(answer) if !answer.is_empty() => truncate_chars(answer, 2500),
            _ => "(no answer)".to_string(),
        };
        let _ = writeln!(
            user,
            "[{index}] ({kind})\nInterviewer: {}\nCandidate: {answer}\n",
            turn.question.trim()
        );
    }
    let required = scored_turns(input)
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>();
    let _ = write!(
        user,
        "Reply with exactly this JSON shape:\n\
         {{\"overall\": <integer 0-100>, \
         \"recommendation\": \"strong_yes\" | \"yes\" | \"maybe\" | \"no\", \
         \"summary\": \"<2-4 sentences for the hiring team>\", \
         \"dimensions\": {{\"role_fit\": <1-5>, \"depth\": <1-5>, \"problem_solving\": <1-5>, \
         \"communication\": <1-5>}}, \
         \"turn_scores\": [{{\"turn_index\": <n>, \"score\": <integer 1-5>, \
         \"evidence\": \"<an exact, verbatim quote copied from that turn's answer>\"}}]}}\n\
         turn_scores must contain exactly one entry for each of these turn_index values: [{}].",
        required.join(", ")
    );
    vec![
        json!({"role": "system", "content": system}),
        json!({"role": "user", "content": user}),
    ]
}

/// The JSON object inside a reply that may carry code fences or stray text around it.
fn extract_object(raw: &str) -> Option<Value> {
    let start = raw.find('{')?;
    let end = raw.rfind('}')?;
    if end < start {
        return None;
    }
    serde_json::from_str(&raw[start..=end]).ok()
}

fn number(value: Option<&Value>) -> Option<f64> {
    let value = value?;
    value
        .as_f64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

/// Validates the model's reply; the problems are sent back to it on the retry.
fn parse_evaluation(raw: &str, input: &EvaluationInput) -> Result<Evaluation, Vec<String>> {
    let Some(value) = extract_object(raw) else {
        return Err(vec!["the reply is not a JSON object".into()]);
    };
    let mut problems = Vec::new();

    let overall = match number(value.get("overall")) {
        Some(n) if (0.0..=100.0).contains(&n) => n.round() as u8,
        _ => {
            problems.push("\"overall\" must be an integer from 0 to 100".to_string());
            0
        }
    };
    let recommendation = match value.get("recommendation").and_then(Value::as_str) {
        Some("strong_yes") => Some(Recommendation::StrongYes),
        Some("yes") => Some(Recommendation::Yes),
        Some("maybe") => Some(Recommendation::Maybe),
        Some("no") => Some(Recommendation::No),
        _ => {
            problems.push(
                "\"recommendation\" must be one of \"strong_yes\", \"yes\", \"maybe\", \"no\""
                    .to_string(),
            );
            None
        }
    };
    let summary = value
        .get("summary")
        .and_then(Value::as_str)
        .map(super::clean::collapse_whitespace)
        .unwrap_or_default();
    if summary.is_empty() {
        problems.push("\"summary\" must be a non-empty string".to_string());
    }

    let dimensions = parse_dimensions(value.get("dimensions"), &mut problems);
    let turn_scores = parse_turn_scores(value.get("turn_scores"), input, &mut problems);

    match recommendation {
        Some(recommendation) if problems.is_empty() => Ok(Evaluation {
            overall,
            recommendation,
            summary,
            dimensions,
            turn_scores,
            evaluator: "llm",
            caps: Vec::new(),
        }),
        _ => Err(problems),
    }
}

fn parse_dimensions(value: Option<&Value>, problems: &mut Vec<String>) -> Vec<(String, f32)> {
    let wanted = format!(
        "\"dimensions\" must be an object with exactly the keys {} (numbers 1-5)",
        DIMENSIONS.join(", ")
    );
    let mut found = BTreeMap::new();
    match value {
        Some(Value::Object(map)) => {
            for (key, score) in map {
                found.insert(key.clone(), number(Some(score)));
            }
        }
        // Also accept [{"name": "...", "score": n}].
        Some(Value::Array(items)) => {
            for item in items {
                if let Some(name) = item.get("name").and_then(Value::as_str) {
                    found.insert(name.to_string(), number(item.get("score")));
                }
            }
        }
        _ => {}
    }
    let keys_ok =
        found.len() == DIMENSIONS.len() && DIMENSIONS.iter().all(|d| found.contains_key(*d));
    if !keys_ok {
        problems.push(wanted);
        return Vec::new();
    }
    let mut dimensions = Vec::new();
    for name in DIMENSIONS {
        match found.get(name).copied().flatten() {
            Some(score) if (1.0..=5.0).contains(&score) => {
                dimensions.push((name.to_string(), score as f32));
            }
            _ => problems.push(format!("dimension \"{name}\" must be a number from 1 to 5")),
        }
    }
    dimensions
}

fn parse_turn_scores(
    value: Option<&Value>,
    input: &EvaluationInput,
    problems: &mut Vec<String>,
) -> Vec<TurnScore> {
    let required = scored_turns(input);
    let Some(items) = value.and_then(Value::as_array) else {
        problems.push("\"turn_scores\" must be an array".to_string());
        return Vec::new();
    };
    let mut scores: BTreeMap<usize, TurnScore> = BTreeMap::new();
    for item in items {
        let index = number(item.get("turn_index"))
            .filter(|n| *n >= 0.0 && n.fract() == 0.0)
            .map(|n| n as usize);
        let Some(index) = index.filter(|i| required.contains(i)) else {
            problems.push(format!(
                "turn_index {} is not one of the turns to score",
                item.get("turn_index")
                    .map_or("(missing)".into(), Value::to_string)
            ));
            continue;
        };
        if scores.contains_key(&index) {
            problems.push(format!("turn_index {index} is scored twice"));
            continue;
        }
        let score = match number(item.get("score")) {
            Some(n) if (1.0..=5.0).contains(&n) && n.fract() == 0.0 => n as u8,
            _ => {
                problems.push(format!(
                    "the score of turn {index} must be an integer from 1 to 5"
                ));
                continue;
            }
        };
        let answer = input
            .turns
            .get(index)
            .and_then(|t| t.answer.as_deref())
            .unwrap_or_default();
        let quoted = item
            .get("evidence")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(evidence) = verbatim_evidence(quoted, answer) else {
            problems.push(format!(
                "the evidence for turn {index} must be a verbatim quote from that turn's answer"
            ));
            continue;
        };
        scores.insert(
            index,
            TurnScore {
                turn_index: index,
                score,
                evidence,
            },
        );
    }
    let missing = required
        .iter()
        .filter(|i| !scores.contains_key(i))
        .map(usize::to_string)
        .collect::<Vec<_>>();
    if !missing.is_empty() {
        problems.push(format!(
            "turn_scores is missing turn(s) {}",
            missing.join(", ")
        ));
    }
    scores.into_values().collect()
}

/// The evidence as a verbatim substring of the answer: as given when it is one, otherwise the
/// answer's sentence that best matches it; `None` when nothing in the answer resembles it.
fn verbatim_evidence(quoted: &str, answer: &str) -> Option<String> {
    let quoted = quoted
        .trim()
        .trim_matches(|c: char| c == '"' || c == '“' || c == '”' || c == '\'')
        .trim_end_matches("...")
        .trim_end_matches('…')
        .trim();
    if quoted.chars().filter(|c| c.is_alphanumeric()).count() >= 3 && answer.contains(quoted) {
        return Some(quoted.to_string());
    }
    let wanted = words(quoted);
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for sentence in sentences(answer) {
        let have = words(sentence);
        let shared = wanted.intersection(&have).count();
        let ratio = shared as f64 / wanted.len() as f64;
        if shared > 0 && best.is_none_or(|(b, _)| ratio > b) {
            best = Some((ratio, sentence));
        }
    }
    match best {
        Some((ratio, sentence)) if ratio >= 0.3 => Some(sentence.to_string()),
        _ => None,
    }
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// Trimmed slices of `text` ending at ". ", "! ", "? " or a line break.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        let boundary = match ch {
            '\n' => Some(i),
            '.' | '!' | '?' => match chars.peek() {
                None => Some(i + 1),
                Some((_, next)) if next.is_whitespace() => Some(i + 1),
                _ => None,
            },
            _ => None,
        };
        if let Some(end) = boundary {
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;

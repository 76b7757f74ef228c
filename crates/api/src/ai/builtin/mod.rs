//! The offline interviewer: deterministic, grounded questions from a built-in bank, follow-ups
//! that pick up the candidate's own words, and a heuristic evaluator. No network, no model.
//!
//! Output is always English, whatever `JobContext::language` says: the bank is written in
//! English only (the LLM provider handles other languages).

mod bank;
mod eval;
mod follow;
mod vocab;

use std::collections::HashSet;

use futures_util::future::BoxFuture;
use interview_flow_shared::TurnKind;

use super::{
    Evaluation, EvaluationInput, ProviderError, QuestionContext, QuestionProvider, QuestionRequest,
    TokenSink, TranscriptTurn,
};
use vocab::Profile;

/// The built-in question provider.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinProvider;

impl QuestionProvider for BuiltinProvider {
    fn name(&self) -> &'static str {
        "builtin"
    }

    fn generate<'a>(
        &'a self,
        context: &'a QuestionContext,
        on_text: TokenSink<'a>,
    ) -> BoxFuture<'a, Result<String, ProviderError>> {
        let text = question_for(context);
        on_text(&text);
        Box::pin(async move { Ok(text) })
    }
}

/// The question for this context (deterministic for a given seed and history).
pub fn question_for(context: &QuestionContext) -> String {
    let profile = Profile::new(&context.job, &context.candidate);
    let seen: HashSet<String> = context
        .history
        .iter()
        .map(|turn| normalise(&turn.question))
        .collect();
    match context.request {
        QuestionRequest::Greeting { question_count } => {
            greeting(&profile, context.seed, question_count)
        }
        QuestionRequest::Main { number, of } => {
            bank::main_question(&profile, context.seed, number, of, &seen)
        }
        QuestionRequest::FollowUp { main_number, index } => {
            follow::follow_up(&context.history, main_number, index, context.seed)
        }
        QuestionRequest::Closing => closing(&profile, context.seed),
    }
}

/// Whether the last answer warrants follow-up number `next_index` (1 or 2) on its main
/// question.
pub fn wants_follow_up(
    context_history: &[TranscriptTurn],
    next_index: u32,
    remaining_seconds: u64,
) -> bool {
    if !(1..=2).contains(&next_index) || remaining_seconds < 90 {
        return false;
    }
    let Some(last) = context_history.last() else {
        return false;
    };
    let Some(answer) = last.answer.as_deref() else {
        return false;
    };
    let words = word_count(answer);
    match next_index {
        1 => {
            if last.kind != TurnKind::Main {
                return false;
            }
            let hooks = follow::hooks(answer, &last.question);
            if words < 25 || (words < 40 && hooks.is_empty()) {
                return true;
            }
            // A concrete term is worth probing, on about half of the main questions at most.
            let mains = context_history
                .iter()
                .filter(|t| t.kind == TurnKind::Main)
                .count();
            let follow_ups = context_history
                .iter()
                .filter(|t| t.kind == TurnKind::FollowUp)
                .count();
            !hooks.is_empty() && follow_ups * 2 < mains
        }
        _ => {
            let earlier = context_history
                .iter()
                .filter(|t| t.kind == TurnKind::FollowUp && t.main_number == last.main_number)
                .count();
            last.kind == TurnKind::FollowUp && earlier == 1 && words > 0 && words < 20
        }
    }
}

/// Heuristic evaluation (says so in its summary), with the hard caps applied.
pub fn evaluate(input: &EvaluationInput) -> Evaluation {
    super::caps::apply_caps(eval::evaluate(input), input)
}

fn role_phrase(profile: &Profile) -> String {
    if profile.role == "this" {
        "this role".to_string()
    } else {
        format!("the {} role", profile.role)
    }
}

fn greeting(profile: &Profile, seed: u64, question_count: u32) -> String {
    let first = &profile.first_name;
    let role = role_phrase(profile);
    let company = &profile.company;
    let opener = "To start, could you briefly introduce yourself and what draws you to this role?";
    if splitmix(seed ^ 0x6EE7).is_multiple_of(2) {
        format!(
            "Hi {first}, welcome, and thank you for interviewing for {role} at {company}. I'll ask you {question_count} questions about your experience; you can answer aloud or type, whichever suits you, and take your time. {opener}"
        )
    } else {
        format!(
            "Hello {first}, it's great to meet you, and thanks for your interest in {role} at {company}. I'll ask you {question_count} questions that you can answer aloud or by typing, and there's no rush, so take your time. {opener}"
        )
    }
}

fn closing(profile: &Profile, seed: u64) -> String {
    let first = &profile.first_name;
    let company = &profile.company;
    if splitmix(seed ^ 0xC105).is_multiple_of(2) {
        format!(
            "Thank you, {first}, that's the end of my questions, and I really appreciate your time. The team at {company} will review your interview and get back to you about next steps. Before we finish, is there anything you'd like to add, or a question you have for the team?"
        )
    } else {
        format!(
            "That's all my questions; thank you very much, {first}, I enjoyed hearing about your experience. The team at {company} will now review the interview and be in touch about what happens next. Is there anything you'd like to add, or anything you'd like to ask the team?"
        )
    }
}

/// Lower-cased alphanumeric words joined by single spaces, for comparing questions.
pub(super) fn normalise(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// SplitMix64: a tiny, stable mixing function.
pub(super) fn splitmix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `list` rotated left by `start` places (wrapping): the same items, another first one.
pub(super) fn rotated<T: Clone>(list: &[T], start: usize) -> Vec<T> {
    if list.is_empty() {
        return Vec::new();
    }
    let start = start % list.len();
    list[start..]
        .iter()
        .chain(&list[..start])
        .cloned()
        .collect()
}

/// A seeded permutation of `0..n` (Fisher–Yates).
pub(super) fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut items: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        state = splitmix(state);
        let j = (state % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    items
}

#[cfg(test)]
mod tests;

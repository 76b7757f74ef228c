//! The chat messages that ask for the next interview question.

use std::fmt::Write as _;

use interview_flow_shared::TurnKind;
use serde_json::{Value, json};

use crate::ai::{QuestionContext, QuestionRequest};

use super::clean;
use super::http::truncate_chars;
use super::{CONTEXT_CHARS, HISTORY_TURNS};

/// Build the chat messages for a question.
pub fn question_messages(context: &QuestionContext) -> Vec<Value> {
    let job = &context.job;
    let company = if job.company_name.trim().is_empty() {
        "the company"
    } else {
        job.company_name.trim()
    };
    let title = job.title.trim();
    let mut system = format!(
        "You are an experienced, friendly job interviewer for {company}, hiring a {title}. \
         You speak directly to the candidate in a live interview. \
         Ask EXACTLY ONE question per reply. Write plain text only: no preamble, no labels such \
         as \"Interviewer:\", no numbering, no markdown, no quotation marks around the question. \
         Use at most two sentences. Never repeat or rephrase a question that was already asked. \
         For a follow-up, pick up something specific from the candidate's last answer."
    );
    let language = job.language.trim();
    if !language.is_empty() && !language.eq_ignore_ascii_case("en") && !language.starts_with("en-")
    {
        let _ = write!(
            system,
            " Conduct the interview in the language with BCP 47 tag \"{language}\"."
        );
    }

    let mut user = String::new();
    let _ = writeln!(user, "Job title: {title}");
    let _ = writeln!(user, "Company: {company}");
    let _ = writeln!(
        user,
        "Job description:\n{}\n",
        truncate_chars(&job.description, CONTEXT_CHARS)
    );
    let skills = job
        .required_skills
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    let _ = writeln!(
        user,
        "Required skills: {}\n",
        if skills.is_empty() {
            "not specified".to_string()
        } else {
            skills.join(", ")
        }
    );
    let candidate_name = context.candidate.full_name.trim();
    if !candidate_name.is_empty() {
        let _ = writeln!(user, "Candidate: {candidate_name}");
    }
    let resume = match context.candidate.resume_text.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => truncate_chars(text, CONTEXT_CHARS),
        _ => "No résumé provided".to_string(),
    };
    let _ = writeln!(user, "Résumé excerpt:\n{resume}\n");

    let start = context.history.len().saturating_sub(HISTORY_TURNS);
    if context.history.is_empty() {
        let _ = writeln!(user, "Interview so far: (nothing yet)\n");
    } else {
        let _ = writeln!(user, "Interview so far:");
        for turn in &context.history[start..] {
            let _ = writeln!(
                user,
                "Interviewer: {}",
                clean::collapse_whitespace(&turn.question)
            );
            let answer = match turn.answer.as_deref().map(str::trim) {
                Some(answer) if !answer.is_empty() => {
                    clean::collapse_whitespace(&truncate_chars(answer, 1200))
                }
                _ => "(no answer)".to_string(),
            };
            let _ = writeln!(user, "Candidate: {answer}");
        }
        let _ = writeln!(user);
    }
    let _ = write!(
        user,
        "Your task now: {}",
        instruction(context, &skills, company)
    );

    vec![
        json!({"role": "system", "content": system}),
        json!({"role": "user", "content": user}),
    ]
}

fn instruction(context: &QuestionContext, skills: &[&str], company: &str) -> String {
    let title = context.job.title.trim();
    let first_name = context
        .candidate
        .full_name
        .split_whitespace()
        .next()
        .unwrap_or("the candidate");
    match context.request {
        QuestionRequest::Greeting { question_count } => format!(
            "Greet {first_name} warmly, say you are interviewing them for the {title} role at \
             {company} with {question_count} main questions, and ask them to briefly introduce \
             themselves. One or two sentences."
        ),
        QuestionRequest::Main { number, of } => {
            let asked = context
                .history
                .iter()
                .filter(|t| t.kind == TurnKind::Main)
                .count();
            let behavioural = number % 3 == 0 || skills.is_empty();
            let focus = if behavioural {
                "a behavioural topic (for example teamwork, handling conflict, ownership, a \
                 mistake and what they learned, or prioritising under pressure)"
                    .to_string()
            } else {
                let index = ((number as usize).saturating_sub(1) + (context.seed % 7) as usize)
                    % skills.len();
                format!(
                    "the skill \"{}\" as used in this role (a concrete situation, decision or \
                     trade-off)",
                    skills[index]
                )
            };
            let last = if number >= of {
                " This is the last main question."
            } else {
                ""
            };
            format!(
                "Ask main question {number} of {of}. {asked} main question(s) were already asked; \
                 choose a topic not covered yet, varying across the role's skills and behaviour. \
                 Suggested focus: {focus}.{last} Ask only the question."
            )
        }
        QuestionRequest::FollowUp { index, .. } => {
            let answered = context
                .history
                .last()
                .and_then(|t| t.answer.as_deref())
                .is_some_and(|a| a.split_whitespace().count() >= 8);
            if answered {
                format!(
                    "Ask follow-up question {index} on the candidate's last answer: pick up one \
                     specific thing they said (a decision, a tool, a number, a claim) and ask \
                     them to go deeper, for example why, how, the trade-offs or the result. Stay \
                     on the same topic."
                )
            } else {
                format!(
                    "Ask follow-up question {index}: the candidate's last answer was short, so \
                     kindly ask for a concrete example from their own experience on the same \
                     topic."
                )
            }
        }
        QuestionRequest::Closing => format!(
            "Close the interview: thank {first_name} for their time and ask whether they have \
             anything to add or any questions about the role or {company}. Do not ask another \
             interview question."
        ),
    }
}

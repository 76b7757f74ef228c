//! The heuristic evaluator: scores answers from observable features (length, specificity,
//! relevance, structure, ownership). No model; the summary says so.

use std::collections::HashSet;

use interview_flow_shared::TurnKind;

use super::follow::{Hook, hooks};
use super::vocab::{self, Skill, split_sentences, terms_in};
use super::word_count;
use crate::ai::caps::recommendation_for;
use crate::ai::{DIMENSIONS, Evaluation, EvaluationInput, TurnScore};

#[path = "eval_markers.rs"]
mod words;
use words::*;

/// What can be seen in one answer.
struct Features {
    words: usize,
    sentences: usize,
    numbers: usize,
    techs: usize,
    names: usize,
    structure: usize,
    relevance: usize,
    first_person: bool,
    /// Problem, approach and result markers present (0–3).
    problem_solving: usize,
}

fn content_stems(text: &str) -> HashSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        .filter(|w| w.chars().count() >= 4 && !STOPWORDS.contains(w))
        .map(|w| w.chars().take(5).collect())
        .collect()
}

fn count_markers(lower: &str, markers: &[&str]) -> usize {
    markers.iter().filter(|m| lower.contains(*m)).count()
}

fn features(answer: &str, question: &str, job_stems: &HashSet<String>) -> Features {
    let lower = format!(" {} ", answer.to_lowercase());
    let found_hooks = hooks(answer, question);
    let numbers = answer
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .count();
    let names = found_hooks
        .iter()
        .filter(|h| matches!(h, Hook::Name(_)))
        .count();
    let key_stems: HashSet<String> = content_stems(question).union(job_stems).cloned().collect();
    let relevance = content_stems(answer).intersection(&key_stems).count();
    let first_person = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| matches!(w, "i" | "i'm" | "i've" | "i'd" | "my" | "me"));
    let has = |markers: &[&str]| usize::from(count_markers(&lower, markers) > 0);
    Features {
        words: word_count(answer),
        sentences: split_sentences(answer).len().max(1),
        numbers,
        techs: terms_in(answer).len(),
        names,
        structure: count_markers(&lower, STRUCTURE_MARKERS),
        relevance,
        first_person,
        problem_solving: has(PROBLEM_MARKERS) + has(APPROACH_MARKERS) + has(RESULT_MARKERS),
    }
}

impl Features {
    fn length_points(&self) -> usize {
        match self.words {
            0..8 => 0,
            8..25 => 1,
            25..60 => 2,
            _ => 3,
        }
    }

    fn specificity(&self) -> usize {
        self.numbers.min(2) + self.techs.min(2) + self.names.min(1)
    }

    fn score(&self) -> u8 {
        let raw = self.length_points()
            + self.specificity()
            + self.structure.min(3)
            + self.relevance.min(2)
            + usize::from(self.first_person);
        let score = 1 + (raw * 4 + 6) / 12;
        let score = if self.words < 8 { score.min(2) } else { score };
        u8::try_from(score.clamp(1, 5)).unwrap_or(1)
    }

    fn communication(&self) -> f32 {
        let length = match self.words {
            0..10 => 0.1,
            10..25 => 0.5,
            25..=300 => 1.0,
            _ => 0.7,
        };
        let per_sentence = self.words as f32 / self.sentences as f32;
        let sentences = if (6.0..=30.0).contains(&per_sentence) {
            1.0
        } else {
            0.5
        };
        let connected = if self.structure > 0 { 1.0 } else { 0.3 };
        0.4 * length + 0.3 * sentences + 0.3 * connected
    }
}

/// The most informative sentence of an answer, at most 200 characters, cut at a word boundary
/// with "…" when longer. Apart from the ellipsis it is a substring of the answer.
pub(super) fn evidence(answer: &str) -> String {
    let best = split_sentences(answer)
        .into_iter()
        .enumerate()
        .max_by_key(|(i, sentence)| {
            let lower = sentence.to_lowercase();
            let numbers = sentence
                .split_whitespace()
                .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
                .count();
            let value = numbers.min(3) * 3
                + terms_in(sentence).len().min(3) * 3
                + count_markers(&lower, STRUCTURE_MARKERS).min(3) * 2
                + word_count(sentence).min(30) / 6;
            // Earlier sentences win ties.
            (value, usize::MAX - i)
        })
        .map(|(_, sentence)| sentence)
        .unwrap_or(answer.trim());
    truncate_at_word(best, 200)
}

fn truncate_at_word(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let limit = text
        .char_indices()
        .nth(max_chars - 1)
        .map_or(text.len(), |(i, _)| i);
    let prefix = &text[..limit];
    let cut = prefix
        .rfind(char::is_whitespace)
        .filter(|&i| i > 0)
        .map_or(prefix, |i| &prefix[..i]);
    let cut =
        cut.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-'));
    format!("{cut}…")
}

fn mean(values: &[f32]) -> f32 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f32>() / values.len() as f32
    }
}

fn dimension(norm: f32) -> f32 {
    let value = 1.0 + 4.0 * norm.clamp(0.0, 1.0);
    (value * 10.0).round() / 10.0
}

fn label(dimension: &str) -> &'static str {
    match dimension {
        "role_fit" => "role fit",
        "depth" => "depth",
        "problem_solving" => "problem solving",
        _ => "communication",
    }
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The uncapped heuristic evaluation.
pub(super) fn evaluate(input: &EvaluationInput) -> Evaluation {
    let job_skills: Vec<Skill> = vocab::job_skills(&input.job);
    let job_text = format!(
        "{} {} {}",
        input.job.title,
        input.job.description,
        input.job.required_skills.join(" ")
    );
    let job_stems = content_stems(&job_text);
    let title_and_skills = content_stems(&format!(
        "{} {}",
        input.job.title,
        input.job.required_skills.join(" ")
    ));

    let asked: Vec<usize> = input
        .turns
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TurnKind::Main | TurnKind::FollowUp))
        .map(|(i, _)| i)
        .collect();
    let mut turn_scores = Vec::new();
    let mut all_features = Vec::new();
    let mut all_answers = String::new();
    for &index in &asked {
        let turn = &input.turns[index];
        let Some(answer) = turn
            .answer
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        else {
            continue;
        };
        let found = features(answer, &turn.question, &title_and_skills);
        turn_scores.push(TurnScore {
            turn_index: index,
            score: found.score(),
            evidence: evidence(answer),
        });
        all_features.push(found);
        all_answers.push_str(answer);
        all_answers.push('\n');
    }

    let answered_mains = asked
        .iter()
        .filter(|&&i| {
            let turn = &input.turns[i];
            turn.kind == TurnKind::Main
                && turn.answer.as_deref().is_some_and(|a| !a.trim().is_empty())
        })
        .count();
    let asked_mains = asked
        .iter()
        .filter(|&&i| input.turns[i].kind == TurnKind::Main)
        .count();
    let expected_mains = (input.question_count as usize).max(asked_mains).max(1);
    let completeness = answered_mains as f32 / expected_mains as f32;
    let answered_share = all_features.len() as f32 / asked.len().max(1) as f32;

    // Dimensions.
    let answers_lower = all_answers.to_lowercase();
    let skills_seen: Vec<String> = job_skills
        .iter()
        .filter(|s| vocab::mentions(&all_answers, &answers_lower, &s.name))
        .map(|s| s.name.clone())
        .collect();
    let skills_missing: Vec<String> = job_skills
        .iter()
        .filter(|s| !skills_seen.contains(&s.name))
        .take(3)
        .map(|s| s.name.clone())
        .collect();
    let other_skills: Vec<String> = terms_in(&all_answers)
        .into_iter()
        .map(|t| t.name.to_string())
        .filter(|name| !skills_seen.iter().any(|s| s.eq_ignore_ascii_case(name)))
        .take(3)
        .collect();
    let dims: Vec<(String, f32)> = if all_features.is_empty() {
        DIMENSIONS.iter().map(|d| ((*d).to_string(), 1.0)).collect()
    } else {
        let skill_cover = if job_skills.is_empty() {
            0.5
        } else {
            skills_seen.len() as f32 / job_skills.len().min(4) as f32
        };
        let keyword_cover =
            content_stems(&all_answers).intersection(&job_stems).count() as f32 / 10.0;
        let role_fit = 0.6 * skill_cover.min(1.0) + 0.4 * keyword_cover.min(1.0);
        let depth = mean(
            &all_features
                .iter()
                .map(|f| {
                    0.7 * f.specificity().min(4) as f32 / 4.0 + 0.3 * f.length_points() as f32 / 3.0
                })
                .collect::<Vec<_>>(),
        );
        let problem_solving = mean(
            &all_features
                .iter()
                .map(|f| {
                    0.8 * f.problem_solving as f32 / 3.0 + 0.2 * f32::from(u8::from(f.first_person))
                })
                .collect::<Vec<_>>(),
        );
        let communication = mean(
            &all_features
                .iter()
                .map(Features::communication)
                .collect::<Vec<_>>(),
        ) * (0.6 + 0.4 * answered_share);
        let norms = [role_fit, depth, problem_solving, communication];
        DIMENSIONS
            .iter()
            .zip(norms)
            .map(|(name, norm)| ((*name).to_string(), dimension(norm)))
            .collect()
    };

    let turn_mean = mean(
        &turn_scores
            .iter()
            .map(|s| f32::from(s.score))
            .collect::<Vec<_>>(),
    );

    // Overall.
    let overall = if turn_scores.is_empty() {
        0
    } else {
        let dim_mean = mean(&dims.iter().map(|(_, v)| *v).collect::<Vec<_>>());
        let quality = 0.5 * (turn_mean - 1.0) / 4.0 + 0.5 * (dim_mean - 1.0) / 4.0;
        let value = 100.0 * quality * (0.5 + 0.5 * completeness.min(1.0));
        value.round().clamp(0.0, 100.0) as u8
    };

    // Summary.
    let mut summary = String::from("Heuristic evaluation (built-in, no AI model): ");
    if turn_scores.is_empty() {
        summary.push_str(
            "the candidate gave no answers, so there is nothing to assess. Consider inviting them to a new interview if this was a technical problem.",
        );
    } else {
        summary.push_str(&format!(
            "the candidate answered {answered_mains} of {expected_mains} main questions, with an average answer score of {turn_mean:.1} out of 5."
        ));
        let strongest = dims
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(n, v)| format!("{} ({v:.1})", label(n)));
        let weakest = dims
            .iter()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(n, v)| format!("{} ({v:.1})", label(n)));
        if skills_seen.is_empty() && other_skills.is_empty() {
            summary.push_str(" The answers did not name any of the role's skills or technologies");
        } else if skills_seen.is_empty() {
            summary.push_str(&format!(
                " The answers mentioned {}, but none of the role's required skills",
                list(&other_skills)
            ));
        } else {
            summary.push_str(&format!(
                " The answers showed experience with {} relevant to the role",
                list(&skills_seen)
            ));
        }
        if let Some(strongest) = strongest {
            summary.push_str(&format!("; the strongest area was {strongest}."));
        } else {
            summary.push('.');
        }
        let mut gaps = Vec::new();
        if !skills_missing.is_empty() {
            gaps.push(format!("{} did not come up", list(&skills_missing)));
        }
        if let Some(weakest) = weakest {
            gaps.push(format!("the weakest area was {weakest}"));
        }
        if !gaps.is_empty() {
            let text = gaps.join(", and ");
            summary.push_str(&format!(" Gaps: {text}."));
        }
    }

    Evaluation {
        overall,
        recommendation: recommendation_for(overall),
        summary,
        dimensions: dims,
        turn_scores,
        evaluator: "builtin",
        caps: Vec::new(),
    }
}

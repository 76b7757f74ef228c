//! Hard caps on an evaluation's overall score, computed in code (never by a model): however
//! well an evaluator rates a handful of words, an interview without real answers cannot score
//! high.

use interview_flow_shared::{Recommendation, TurnKind};

use super::{EndReason, Evaluation, EvaluationInput};

/// The recommendation an overall score (0–100) stands for.
pub fn recommendation_for(overall: u8) -> Recommendation {
    match overall {
        85.. => Recommendation::StrongYes,
        70..85 => Recommendation::Yes,
        50..70 => Recommendation::Maybe,
        _ => Recommendation::No,
    }
}

/// Answers shorter than this in total (in seconds) cap the score.
const MIN_TOTAL_SECONDS: u32 = 60;
/// Without answer times, fewer words than this in total cap the score.
const MIN_TOTAL_WORDS: usize = 40;

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The caps that apply to an interview, as (cap, human sentence).
pub fn caps_for(input: &EvaluationInput) -> Vec<(u8, String)> {
    let answered: Vec<_> = input
        .turns
        .iter()
        .filter(|t| matches!(t.kind, TurnKind::Main | TurnKind::FollowUp))
        .filter(|t| t.answer.as_deref().is_some_and(|a| !a.trim().is_empty()))
        .collect();
    let mut caps = Vec::new();
    if answered.is_empty() {
        caps.push((
            20,
            "No answers were given: the score is capped at 20.".to_string(),
        ));
    } else {
        let known: Vec<u32> = answered.iter().filter_map(|t| t.answer_seconds).collect();
        if known.is_empty() {
            let words: usize = answered
                .iter()
                .filter_map(|t| t.answer.as_deref())
                .map(word_count)
                .sum();
            if words < MIN_TOTAL_WORDS {
                caps.push((
                    35,
                    format!(
                        "The answers were very short ({words} words in total): the score is capped at 35."
                    ),
                ));
            }
        } else {
            let seconds: u32 = known.iter().copied().fold(0, u32::saturating_add);
            if seconds < MIN_TOTAL_SECONDS {
                caps.push((
                    35,
                    format!(
                        "The answers took under a minute in total ({seconds} s): the score is capped at 35."
                    ),
                ));
            }
        }
    }
    let answered_mains = answered.iter().filter(|t| t.kind == TurnKind::Main).count();
    let fewer_than_half = (answered_mains as u64) * 2 < u64::from(input.question_count);
    match input.end_reason {
        EndReason::Abandoned => caps.push((
            30,
            "The interview was abandoned before it was finished: the score is capped at 30."
                .to_string(),
        )),
        EndReason::EndedEarly if fewer_than_half => caps.push((
            50,
            format!(
                "The candidate ended the interview early with {answered_mains} of {} main questions answered: the score is capped at 50.",
                input.question_count
            ),
        )),
        EndReason::TimeUp if fewer_than_half => caps.push((
            50,
            format!(
                "Time ran out with {answered_mains} of {} main questions answered: the score is capped at 50.",
                input.question_count
            ),
        )),
        _ => {}
    }
    caps
}

/// Applies the caps to any evaluation (built-in or LLM) and records each applied cap in `caps`
/// as a human sentence; returns the capped evaluation. Also clamps scores to their ranges and
/// recomputes the recommendation from the capped overall when a cap lowered it.
pub fn apply_caps(mut evaluation: Evaluation, input: &EvaluationInput) -> Evaluation {
    evaluation.overall = evaluation.overall.min(100);
    for (_, value) in &mut evaluation.dimensions {
        *value = if value.is_finite() {
            value.clamp(1.0, 5.0)
        } else {
            1.0
        };
    }
    for score in &mut evaluation.turn_scores {
        score.score = score.score.clamp(1, 5);
    }
    let caps = caps_for(input);
    let lowest = caps.iter().map(|(cap, _)| *cap).min();
    for (_, message) in caps {
        if !evaluation.caps.contains(&message) {
            evaluation.caps.push(message);
        }
    }
    if let Some(cap) = lowest
        && evaluation.overall > cap
    {
        evaluation.overall = cap;
        evaluation.recommendation = recommendation_for(cap);
    }
    evaluation
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::{CandidateContext, EvaluationTurn, JobContext};

    fn input(turns: Vec<EvaluationTurn>, end_reason: EndReason) -> EvaluationInput {
        EvaluationInput {
            job: JobContext {
                title: "Backend Engineer".into(),
                description: "Build APIs.".into(),
                required_skills: vec!["Rust".into()],
                company_name: "Acme".into(),
                language: "en".into(),
            },
            candidate: CandidateContext {
                full_name: "Ada Lovelace".into(),
                resume_text: None,
            },
            turns,
            end_reason,
            question_count: 4,
        }
    }

    fn main_turn(number: u32, answer: Option<&str>, seconds: Option<u32>) -> EvaluationTurn {
        EvaluationTurn {
            number,
            kind: TurnKind::Main,
            question: format!("Question {number}?"),
            answer: answer.map(str::to_string),
            answer_seconds: seconds,
        }
    }

    fn high() -> Evaluation {
        Evaluation {
            overall: 92,
            recommendation: Recommendation::StrongYes,
            summary: "Great.".into(),
            dimensions: vec![("role_fit".into(), 4.5), ("depth".into(), 7.0)],
            turn_scores: Vec::new(),
            evaluator: "llm",
            caps: Vec::new(),
        }
    }

    const LONG: &str = "I led the migration of our billing service to Rust because the old one kept failing under load, and as a result latency dropped by forty percent over two months of careful work with the team.";

    fn full_turns() -> Vec<EvaluationTurn> {
        (1..=4)
            .map(|n| main_turn(n, Some(LONG), Some(90)))
            .collect()
    }

    #[test]
    fn no_answers_cap_at_20() {
        let turns = vec![main_turn(1, None, None), main_turn(2, Some("  "), None)];
        let capped = apply_caps(high(), &input(turns, EndReason::Completed));
        assert!(capped.overall <= 20);
        assert!(
            capped
                .caps
                .contains(&"No answers were given: the score is capped at 20.".to_string())
        );
        assert_eq!(capped.recommendation, Recommendation::No);
    }

    #[test]
    fn abandoned_caps_at_30() {
        let capped = apply_caps(high(), &input(full_turns(), EndReason::Abandoned));
        assert_eq!(capped.overall, 30);
        assert_eq!(capped.caps.len(), 1);
        assert_eq!(capped.recommendation, Recommendation::No);
    }

    #[test]
    fn short_total_time_caps_at_35() {
        let turns = (1..=4)
            .map(|n| main_turn(n, Some(LONG), Some(10)))
            .collect();
        let capped = apply_caps(high(), &input(turns, EndReason::Completed));
        assert_eq!(capped.overall, 35);
        assert!(capped.caps[0].contains("under a minute"));
    }

    #[test]
    fn few_words_without_times_caps_at_35() {
        let turns = vec![main_turn(1, Some("Yes, I did that."), None)];
        let mut input = input(turns, EndReason::Completed);
        input.question_count = 1;
        let capped = apply_caps(high(), &input);
        assert_eq!(capped.overall, 35);
    }

    #[test]
    fn ended_early_caps_at_50_and_recomputes_recommendation() {
        let turns = vec![main_turn(1, Some(LONG), Some(120))];
        let capped = apply_caps(high(), &input(turns, EndReason::EndedEarly));
        assert_eq!(capped.overall, 50);
        assert_eq!(capped.recommendation, Recommendation::Maybe);
        let capped = apply_caps(high(), &input(full_turns(), EndReason::EndedEarly));
        assert_eq!(capped.overall, 92);
        assert!(capped.caps.is_empty());
        assert_eq!(capped.recommendation, Recommendation::StrongYes);
    }

    #[test]
    fn lowest_cap_wins_and_all_are_listed() {
        let turns = vec![main_turn(1, Some("Fine."), Some(5))];
        let capped = apply_caps(high(), &input(turns, EndReason::Abandoned));
        assert_eq!(capped.overall, 30);
        assert_eq!(capped.caps.len(), 2);
        let turns = vec![main_turn(1, Some("Fine."), Some(5))];
        let capped = apply_caps(high(), &input(turns, EndReason::TimeUp));
        assert_eq!(capped.overall, 35);
        assert_eq!(capped.caps.len(), 2);
    }

    #[test]
    fn clamps_and_is_idempotent() {
        let once = apply_caps(high(), &input(full_turns(), EndReason::Abandoned));
        assert!(once.dimensions.iter().all(|(_, v)| (1.0..=5.0).contains(v)));
        let twice = apply_caps(once.clone(), &input(full_turns(), EndReason::Abandoned));
        assert_eq!(once, twice);
    }

    #[test]
    fn recommendation_thresholds() {
        assert_eq!(recommendation_for(85), Recommendation::StrongYes);
        assert_eq!(recommendation_for(84), Recommendation::Yes);
        assert_eq!(recommendation_for(70), Recommendation::Yes);
        assert_eq!(recommendation_for(69), Recommendation::Maybe);
        assert_eq!(recommendation_for(50), Recommendation::Maybe);
        assert_eq!(recommendation_for(49), Recommendation::No);
    }
}

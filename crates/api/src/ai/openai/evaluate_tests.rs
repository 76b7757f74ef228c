//! Unit tests of `evaluate.rs`.

use super::*;
use crate::ai::{CandidateContext, EvaluationTurn, JobContext};

fn input() -> EvaluationInput {
    EvaluationInput {
        job: JobContext {
            title: "Engineer".into(),
            description: "Build things".into(),
            required_skills: vec!["Rust".into()],
            company_name: "Acme".into(),
            language: "en".into(),
        },
        candidate: CandidateContext {
            full_name: "Grace".into(),
            resume_text: Some("Compilers at Remington Rand.".into()),
        },
        turns: vec![
            EvaluationTurn {
                number: 0,
                kind: TurnKind::Greeting,
                question: "Welcome! Could you tell me a little about yourself?".into(),
                answer: None,
                answer_seconds: None,
            },
            EvaluationTurn {
                number: 1,
                kind: TurnKind::Main,
                question: "How do you test?".into(),
                answer: Some(
                    "I write unit tests first. Then I add property tests for parsers.".into(),
                ),
                answer_seconds: Some(30),
            },
        ],
        end_reason: EndReason::Completed,
        question_count: 1,
    }
}

fn reply(evidence: &str) -> String {
    json!({
        "overall": 72, "recommendation": "yes", "summary": "Solid.",
        "dimensions": {"role_fit": 4, "depth": 3.5, "problem_solving": 4, "communication": 4},
        "turn_scores": [{"turn_index": 1, "score": 4, "evidence": evidence}]
    })
    .to_string()
}

#[test]
fn valid_reply_is_accepted_and_evidence_kept() {
    let evaluation = parse_evaluation(
        &format!("```json\n{}\n```", reply("property tests for parsers")),
        &input(),
    );
    let evaluation = evaluation.unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(evaluation.overall, 72);
    assert_eq!(evaluation.evaluator, "llm");
    assert_eq!(evaluation.dimensions.len(), 4);
    assert_eq!(
        evaluation.turn_scores[0].evidence,
        "property tests for parsers"
    );
}

#[test]
fn paraphrased_evidence_is_replaced_by_best_sentence() {
    let evaluation = parse_evaluation(&reply("adds property tests to parsers"), &input())
        .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(
        evaluation.turn_scores[0].evidence,
        "Then I add property tests for parsers."
    );
    assert!(parse_evaluation(&reply("loves kubernetes deeply"), &input()).is_err());
}

#[test]
fn invalid_fields_are_reported() {
    let bad = json!({
        "overall": 140, "recommendation": "hire", "summary": "",
        "dimensions": {"role_fit": 4},
        "turn_scores": []
    })
    .to_string();
    let problems = parse_evaluation(&bad, &input()).err().unwrap_or_default();
    assert!(problems.len() >= 5, "{problems:?}");
    assert!(parse_evaluation("no json here", &input()).is_err());
}

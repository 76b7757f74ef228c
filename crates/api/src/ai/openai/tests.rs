use interview_flow_shared::TurnKind;
use url::Url;

use crate::ai::{QuestionContext, QuestionRequest};

use super::http::endpoint;
use super::prompt::question_messages;
use crate::ai::{CandidateContext, JobContext, TranscriptTurn};

#[test]
fn endpoints_join_cleanly() {
    let cases = [
        ("http://h:1", "http://h:1/v1/chat/completions"),
        ("http://h:1/", "http://h:1/v1/chat/completions"),
        ("http://h:1/v1", "http://h:1/v1/chat/completions"),
        ("http://h:1/v1/", "http://h:1/v1/chat/completions"),
        (
            "http://h:1/proxy/openai",
            "http://h:1/proxy/openai/v1/chat/completions",
        ),
    ];
    for (base, expected) in cases {
        let url = Url::parse(base)
            .ok()
            .and_then(|b| endpoint(&b, "chat/completions").ok());
        assert_eq!(url.as_ref().map(Url::as_str), Some(expected), "{base}");
    }
}

#[test]
fn prompt_carries_context_and_instruction() {
    let context = QuestionContext {
        job: JobContext {
            title: "Backend Engineer".into(),
            description: "x".repeat(5000),
            required_skills: vec!["Rust".into(), "PostgreSQL".into()],
            company_name: "Acme".into(),
            language: "en".into(),
        },
        candidate: CandidateContext {
            full_name: "Ada Lovelace".into(),
            resume_text: None,
        },
        history: (0..12)
            .map(|i| TranscriptTurn {
                kind: TurnKind::Main,
                main_number: i,
                question: format!("Question number {i}?"),
                answer: Some(format!("Answer {i}")),
            })
            .collect(),
        request: QuestionRequest::Main { number: 2, of: 5 },
        seed: 0,
    };
    let messages = question_messages(&context);
    assert_eq!(messages.len(), 2);
    let system = messages[0]["content"].as_str().unwrap_or_default();
    assert!(system.contains("Acme") && system.contains("Backend Engineer"));
    assert!(system.contains("EXACTLY ONE"));
    let user = messages[1]["content"].as_str().unwrap_or_default();
    assert!(user.contains("No résumé provided"));
    assert!(user.contains("Rust, PostgreSQL"));
    assert!(user.contains("main question 2 of 5"));
    assert!(!user.contains("Question number 3?"));
    assert!(user.contains("Interviewer: Question number 11?\nCandidate: Answer 11"));
    assert!(user.len() < 4000);
}

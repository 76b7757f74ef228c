use std::collections::HashSet;

use interview_flow_shared::TurnKind;

use super::*;
use crate::ai::{
    CandidateContext, DIMENSIONS, EndReason, EvaluationTurn, JobContext, QuestionContext,
    QuestionRequest, TranscriptTurn,
};

fn job() -> JobContext {
    JobContext {
        title: "Senior Backend Engineer".into(),
        description: "Build and run the payment platform: APIs, data pipelines and infrastructure."
            .into(),
        required_skills: vec!["Rust".into(), "PostgreSQL".into(), "Kubernetes".into()],
        company_name: "Initech".into(),
        language: "en".into(),
    }
}

fn candidate() -> CandidateContext {
    CandidateContext {
        full_name: "Maria Gonzalez".into(),
        resume_text: Some(
            "Senior Backend Engineer at Globex (2019-2024). Built payment APIs in Rust on PostgreSQL."
                .into(),
        ),
    }
}

fn context(history: Vec<TranscriptTurn>, request: QuestionRequest, seed: u64) -> QuestionContext {
    QuestionContext {
        job: job(),
        candidate: candidate(),
        history,
        request,
        seed,
    }
}

fn turn(kind: TurnKind, main_number: u32, question: &str, answer: &str) -> TranscriptTurn {
    TranscriptTurn {
        kind,
        main_number,
        question: question.into(),
        answer: Some(answer.into()),
    }
}

const ANSWERS: &[&str] = &[
    "We moved our monolith to Kubernetes and cut deploy time by 40%.",
    "I'm not sure, it went fine.",
    "I led the redesign of the Ledger service in Rust because the old Java one kept timing out. I profiled it, found lock contention in the PostgreSQL connection pool, and as a result p99 latency dropped from 900ms to 120ms within two sprints.",
    "At Globex I worked with the data team on Project Falcon, a reporting tool that finance used every day. I owned the API layer and the testing strategy, and we shipped it a month early.",
    "Mostly teamwork and communication, we talked a lot and it worked out in the end.",
];

/// Runs a whole interview and returns every question asked.
fn simulate(seed: u64, mains: u32) -> Vec<String> {
    let mut history: Vec<TranscriptTurn> = Vec::new();
    let mut answer_index = seed as usize;
    let mut next_answer = || {
        answer_index += 1;
        ANSWERS[answer_index % ANSWERS.len()]
    };
    let greeting = question_for(&context(
        history.clone(),
        QuestionRequest::Greeting { question_count: 5 },
        seed,
    ));
    history.push(turn(TurnKind::Greeting, 0, &greeting, next_answer()));
    for number in 1..=mains {
        let request = QuestionRequest::Main { number, of: mains };
        let question = question_for(&context(history.clone(), request, seed));
        history.push(turn(TurnKind::Main, number, &question, next_answer()));
        for index in 1..=2 {
            if !wants_follow_up(&history, index, 600) {
                break;
            }
            let request = QuestionRequest::FollowUp {
                main_number: number,
                index,
            };
            let question = question_for(&context(history.clone(), request, seed));
            history.push(turn(TurnKind::FollowUp, number, &question, next_answer()));
        }
    }
    let closing = question_for(&context(history.clone(), QuestionRequest::Closing, seed));
    history.push(turn(
        TurnKind::Closing,
        mains + 1,
        &closing,
        "No, thank you.",
    ));
    history.into_iter().map(|t| t.question).collect()
}

#[test]
fn bank_is_large_enough() {
    assert!(bank::count_behavioural_and_role_specific() >= 40);
    let mut ids = HashSet::new();
    for bank in bank::all_banks() {
        for template in bank {
            assert!(ids.insert(template.id), "duplicate id {}", template.id);
            assert!(!template.text.contains('’'), "{}", template.id);
        }
    }
    assert!(vocab::VOCAB.len() >= 150, "{}", vocab::VOCAB.len());
}

#[test]
fn main_questions_are_grounded_in_job_and_resume() {
    for seed in 0..20 {
        let mut history = Vec::new();
        let mut questions = Vec::new();
        for number in 1..=5 {
            let request = QuestionRequest::Main { number, of: 5 };
            let question = question_for(&context(history.clone(), request, seed));
            history.push(turn(TurnKind::Main, number, &question, ANSWERS[2]));
            questions.push(question);
        }
        assert!(
            questions
                .iter()
                .any(|q| (q.contains("PostgreSQL") || q.contains("Rust"))
                    && q.contains("experience")),
            "seed {seed}: {questions:#?}"
        );
        assert!(
            questions.iter().any(|q| q.contains("Globex")),
            "seed {seed}: {questions:#?}"
        );
    }
}

#[test]
fn extracts_roles_and_employers() {
    let positions = vocab::positions(
        "Maria Gonzalez\nData Analyst, Initech (2016–2018)\nCompany: Acme Corp\nWorked as a Product Manager at Hooli from 2018.",
    );
    let employers: Vec<&str> = positions.iter().map(|p| p.employer.as_str()).collect();
    assert_eq!(employers, ["Initech", "Acme Corp", "Hooli"]);
    assert_eq!(positions[0].role.as_deref(), Some("Data Analyst"));
    assert_eq!(positions[2].role.as_deref(), Some("Product Manager"));
    let positions = vocab::positions("Umbrella Labs (2015-2019) — built dashboards in Tableau.");
    assert_eq!(positions[0].employer, "Umbrella Labs");
    assert!(vocab::positions("I worked at scale with AWS.").is_empty());
}

#[test]
fn extracts_vocabulary_terms() {
    let names: Vec<&str> =
        vocab::terms_in("Used Postgres, k8s and React Native; ran A/B testing in Go.")
            .into_iter()
            .map(|t| t.name)
            .collect();
    assert_eq!(
        names,
        [
            "PostgreSQL",
            "Kubernetes",
            "React Native",
            "A/B testing",
            "Go"
        ]
    );
    assert!(vocab::terms_in("how I react when we go home").is_empty());
}

#[test]
fn never_repeats_a_question_within_an_interview() {
    for seed in 0..50u64 {
        let questions = simulate(seed.wrapping_mul(7919), 15);
        let mut seen = HashSet::new();
        for question in &questions {
            assert!(
                seen.insert(normalise(question)),
                "seed {seed} repeats {question:?}\n{questions:#?}"
            );
        }
        assert!(questions.len() >= 17);
    }
}

#[test]
fn deterministic_per_seed_and_varied_across_seeds() {
    assert_eq!(simulate(42, 8), simulate(42, 8));
    let plan = |seed: u64| -> Vec<String> {
        (1..=5)
            .map(|number| {
                question_for(&context(
                    Vec::new(),
                    QuestionRequest::Main { number, of: 5 },
                    seed,
                ))
            })
            .collect()
    };
    let plans: HashSet<Vec<String>> = (0..30).map(plan).collect();
    assert!(plans.len() >= 25, "{} distinct plans", plans.len());
}

#[test]
fn follow_up_picks_up_a_concrete_term() {
    let main = "Tell me about a project you're proud of.";
    for seed in 0..10 {
        let history = vec![turn(TurnKind::Main, 1, main, ANSWERS[0])];
        assert!(wants_follow_up(&history, 1, 600));
        let request = QuestionRequest::FollowUp {
            main_number: 1,
            index: 1,
        };
        let first = question_for(&context(history.clone(), request, seed));
        assert!(
            first.contains("Kubernetes") || first.contains("40%"),
            "{first}"
        );

        let mut history = history;
        history.push(turn(TurnKind::FollowUp, 1, &first, "It was hard."));
        assert!(wants_follow_up(&history, 2, 600));
        let request = QuestionRequest::FollowUp {
            main_number: 1,
            index: 2,
        };
        let second = question_for(&context(history, request, seed));
        assert_ne!(normalise(&first), normalise(&second));
    }
}

#[test]
fn follow_up_on_a_figure_and_without_terms() {
    let history = vec![turn(
        TurnKind::Main,
        2,
        "How do you approach performance?",
        "I rewrote the cache layer and latency dropped by 40% for most users after that change went out.",
    )];
    let request = QuestionRequest::FollowUp {
        main_number: 2,
        index: 1,
    };
    let question = question_for(&context(history, request, 3));
    assert!(question.contains("40%"), "{question}");

    let history = vec![turn(
        TurnKind::Main,
        2,
        "How do you handle conflict?",
        "I talk to people.",
    )];
    let question = question_for(&context(history, request, 3));
    assert!(!question.is_empty());
    assert!(super::follow::hooks("I talk to people.", "").is_empty());
}

#[test]
fn follow_up_decisions() {
    let main = "Tell me about a failure.";
    let short = vec![turn(TurnKind::Main, 1, main, "It went badly.")];
    assert!(wants_follow_up(&short, 1, 600));
    assert!(!wants_follow_up(&short, 1, 60), "too little time left");
    assert!(!wants_follow_up(&short, 3, 600));
    let long_plain = "I think the main thing I learned from that period is that it is important to listen carefully to what other people say, to take their views seriously even when I do not agree with them, and to keep calm.";
    let history = vec![turn(TurnKind::Main, 1, main, long_plain)];
    assert!(!wants_follow_up(&history, 1, 600));
    // Follow-up 2 only after a thin answer to follow-up 1.
    let mut history = short.clone();
    history.push(turn(
        TurnKind::FollowUp,
        1,
        "Could you give an example?",
        long_plain,
    ));
    assert!(!wants_follow_up(&history, 2, 600));
    let mut history = short;
    history.push(turn(
        TurnKind::FollowUp,
        1,
        "Could you give an example?",
        "Not really.",
    ));
    assert!(wants_follow_up(&history, 2, 600));
    // Greeting answers get no follow-up.
    let greeting = vec![turn(TurnKind::Greeting, 0, "Hi!", "Hello.")];
    assert!(!wants_follow_up(&greeting, 1, 600));
}

#[test]
fn greeting_and_closing() {
    for seed in 0..4 {
        let greeting = question_for(&context(
            Vec::new(),
            QuestionRequest::Greeting { question_count: 5 },
            seed,
        ));
        assert!(greeting.contains("Maria"), "{greeting}");
        assert!(greeting.contains("Senior Backend Engineer"), "{greeting}");
        assert!(greeting.contains("Initech"), "{greeting}");
        assert!(greeting.contains("introduce yourself"), "{greeting}");
        let closing = question_for(&context(Vec::new(), QuestionRequest::Closing, seed));
        assert!(closing.contains("Maria") && closing.to_lowercase().contains("thank"));
        assert!(closing.contains("Initech"));
        for text in [&greeting, &closing] {
            assert!(!text.contains('*') && !text.contains('’') && !text.contains('\n'));
        }
    }
}

#[test]
fn provider_reports_the_whole_text_once() {
    let provider = BuiltinProvider;
    assert_eq!(provider.name(), "builtin");
    let ctx = context(
        Vec::new(),
        QuestionRequest::Greeting { question_count: 5 },
        1,
    );
    let mut calls = Vec::new();
    let mut sink = |text: &str| calls.push(text.to_string());
    let result = futures_util::FutureExt::now_or_never(provider.generate(&ctx, &mut sink));
    let text = result.and_then(Result::ok).unwrap_or_default();
    assert!(!text.is_empty());
    assert_eq!(calls, vec![text]);
}

fn eval_input(answers: &[Option<&str>], end_reason: EndReason) -> EvaluationInput {
    let turns = answers
        .iter()
        .enumerate()
        .map(|(i, answer)| EvaluationTurn {
            number: i as u32 + 1,
            kind: TurnKind::Main,
            question: "Tell me about a hard technical problem you solved with Rust or PostgreSQL."
                .into(),
            answer: answer.map(str::to_string),
            answer_seconds: answer.map(|_| 90),
        })
        .collect();
    EvaluationInput {
        job: job(),
        candidate: candidate(),
        turns,
        end_reason,
        question_count: answers.len() as u32,
    }
}

#[test]
fn rich_answers_score_higher_than_vague_ones() {
    let rich = evaluate(&eval_input(&[Some(ANSWERS[2]); 4], EndReason::Completed));
    let vague = evaluate(&eval_input(
        &[Some("It was fine, we did our best and it worked out okay in the end I guess."); 4],
        EndReason::Completed,
    ));
    assert!(rich.turn_scores[0].score > vague.turn_scores[0].score);
    assert!(
        rich.overall > vague.overall,
        "{} vs {}",
        rich.overall,
        vague.overall
    );
    assert!(rich.turn_scores[0].score >= 4);
    assert!(vague.turn_scores[0].score <= 2);
    let names: Vec<&str> = rich.dimensions.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, DIMENSIONS);
    assert!(rich.dimensions.iter().all(|(_, v)| (1.0..=5.0).contains(v)));
    assert!(rich.summary.starts_with("Heuristic evaluation"));
    assert!(rich.summary.contains("Rust"), "{}", rich.summary);
    assert_eq!(rich.evaluator, "builtin");
    for score in &rich.turn_scores {
        assert!(ANSWERS[2].contains(score.evidence.trim_end_matches('…')));
    }
}

#[test]
fn evidence_is_a_trimmed_substring() {
    let long = format!(
        "Short intro. {}",
        "I measured the latency of every endpoint in Rust ".repeat(8)
    );
    let evidence = eval::evidence(&long);
    assert!(evidence.ends_with('…'));
    assert!(evidence.chars().count() <= 201);
    assert!(long.contains(evidence.trim_end_matches('…')));
    assert_eq!(eval::evidence("Just this."), "Just this.");
}

#[test]
fn unanswered_turns_get_no_score_and_caps_apply() {
    let none = evaluate(&eval_input(&[None, None, None], EndReason::Completed));
    assert!(none.turn_scores.is_empty());
    assert!(none.overall <= 20);
    assert!(!none.caps.is_empty());
    assert!(none.summary.starts_with("Heuristic evaluation"));

    let partial = evaluate(&eval_input(
        &[Some(ANSWERS[2]), None, None],
        EndReason::Abandoned,
    ));
    assert_eq!(partial.turn_scores.len(), 1);
    assert_eq!(partial.turn_scores[0].turn_index, 0);
    assert!(partial.overall <= 30);
}

#[test]
fn sparse_and_unusual_contexts_still_work() {
    let jobs = [
        (
            "Product Manager",
            vec!["A/B testing".to_string(), "Roadmapping".to_string()],
        ),
        ("Office Coordinator", Vec::new()),
        ("", vec!["Customer Discovery".to_string()]),
    ];
    for (title, skills) in jobs {
        for resume in [
            None,
            Some(
                "Zürich — Produktmanager bei Ünïcode GmbH (2020–2023) 🚀. Led A/B testing at Hooli; revenue +12%.",
            ),
        ] {
            let ctx = |history: Vec<TranscriptTurn>, request| QuestionContext {
                job: JobContext {
                    title: title.into(),
                    description: String::new(),
                    required_skills: skills.clone(),
                    company_name: String::new(),
                    language: "de".into(),
                },
                candidate: CandidateContext {
                    full_name: " ".into(),
                    resume_text: resume.map(str::to_string),
                },
                history,
                request,
                seed: 9,
            };
            let greeting = question_for(&ctx(
                Vec::new(),
                QuestionRequest::Greeting { question_count: 5 },
            ));
            assert!(
                greeting.starts_with("H") && greeting.contains("there"),
                "{greeting}"
            );
            let mut history = Vec::new();
            for number in 1..=6 {
                let question = question_for(&ctx(
                    history.clone(),
                    QuestionRequest::Main { number, of: 6 },
                ));
                assert!(
                    !question.contains('{') && !question.contains("the this"),
                    "{question}"
                );
                history.push(turn(
                    TurnKind::Main,
                    number,
                    &question,
                    "Wir haben 3× schneller geliefert — über 50 % 🚀 in Zürich.",
                ));
                let follow = question_for(&ctx(
                    history.clone(),
                    QuestionRequest::FollowUp {
                        main_number: number,
                        index: 1,
                    },
                ));
                assert!(!follow.is_empty());
            }
        }
    }
    let evaluation = evaluate(&eval_input(
        &[Some(
            "Ünïcode 🚀 — “quoted” text… with 50 % growth. "
                .repeat(20)
                .as_str(),
        )],
        EndReason::TimeUp,
    ));
    assert!(evaluation.turn_scores[0].evidence.chars().count() <= 201);
}

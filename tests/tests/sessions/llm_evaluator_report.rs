use super::*;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const SUMMARY: &str =
    "Strong backend engineer: concrete Rust and PostgreSQL work with measured results.";
const EVIDENCE: &str = "rebuilt the payment API in Rust on PostgreSQL";

/// Scores exactly the turns the prompt asks for, quoting every answer verbatim.
struct Evaluator;

impl Respond for Evaluator {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let prompt = body["messages"][1]["content"].as_str().unwrap_or_default();
        let list = prompt
            .split("turn_index values: [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .unwrap_or_default();
        let turn_scores: Vec<Value> = list
            .split(',')
            .filter_map(|n| n.trim().parse::<u64>().ok())
            .map(|index| json!({"turn_index": index, "score": 4, "evidence": EVIDENCE}))
            .collect();
        let evaluation = json!({
            "overall": 81,
            "recommendation": "yes",
            "summary": SUMMARY,
            "dimensions": {"role_fit": 4, "depth": 4, "problem_solving": 4, "communication": 5},
            "turn_scores": turn_scores,
        });
        ResponseTemplate::new(200)
            .set_body_json(json!({"choices": [{"message": {"content": evaluation.to_string()}}]}))
    }
}

async fn run(backend: interview_flow_tests::Backend) {
    let llm = MockServer::start().await;
    // Questions: the LLM is down, the built-in interviewer asks.
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_partial_json(json!({"stream": true})))
        .respond_with(ResponseTemplate::new(503))
        .mount(&llm)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(Evaluator)
        .mount(&llm)
        .await;
    let options = TestOptions {
        extra: vec![
            ("AI_BASE_URL", llm.uri()),
            ("AI_MODEL", "test-model".into()),
            ("EMAIL_POLL_INTERVAL_MS", "100".into()),
        ],
        ..Default::default()
    };
    let Some(app) = TestApp::spawn(backend, options).await else {
        return;
    };
    let (recruiter, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    let session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    let (_, finished) = app.play_through(token, id, session, answer_text).await;
    assert_eq!(finished.status, InterviewStatus::Completed);
    let report = wait_for_report(&app, recruiter.token(), id).await;
    assert_eq!(report.evaluator.as_deref(), Some("llm"), "{report:?}");
    assert_eq!(report.summary.as_deref(), Some(SUMMARY));
    // The LLM said 81; answers typed in no time are capped in code whatever it says.
    assert_eq!(report.overall_score, Some(35), "{report:?}");
    assert!(
        report.caps.iter().any(|c| c.contains("capped at 35")),
        "{:?}",
        report.caps
    );
    let role_fit = report
        .dimensions
        .iter()
        .find(|d| d.name == "role_fit")
        .unwrap();
    assert_eq!(role_fit.score, 4.0);
    let scored: Vec<_> = report
        .questions
        .iter()
        .filter(|q| q.score.is_some())
        .collect();
    assert!(!scored.is_empty(), "{report:?}");
    for question in scored {
        assert_eq!(question.score, Some(4));
        assert_eq!(question.evidence.as_deref(), Some(EVIDENCE));
        assert!(question.answer.as_deref().unwrap().contains(EVIDENCE));
    }
    // Served again, the same stored report (not re-evaluated).
    let evaluations_before = llm
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| !String::from_utf8_lossy(&r.body).contains("\"stream\":true"))
        .count();
    let again = wait_for_report(&app, recruiter.token(), id).await;
    assert_eq!(again, report);
    let evaluations_after = llm
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| !String::from_utf8_lossy(&r.body).contains("\"stream\":true"))
        .count();
    assert_eq!(evaluations_before, evaluations_after);
}

interview_flow_tests::on_both_backends!(run);

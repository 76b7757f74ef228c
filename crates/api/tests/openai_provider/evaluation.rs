use super::*;

// ---------------------------------------------------------------- evaluation

/// The evaluation of [`evaluation_input`] by the model `server` stands in for.
async fn evaluate_with(
    server: &MockServer,
) -> Result<interview_flow_api::ai::Evaluation, ProviderError> {
    let settings = settings(&server.uri());
    let client = http_client(&settings).unwrap();
    evaluate(&settings, &client, &evaluation_input()).await
}

fn evaluation_input() -> EvaluationInput {
    EvaluationInput {
        job: context(QuestionRequest::Closing).job,
        candidate: context(QuestionRequest::Closing).candidate,
        turns: vec![
            EvaluationTurn {
                number: 0,
                kind: TurnKind::Greeting,
                question: "Hi, introduce yourself?".into(),
                answer: Some("I'm Ada.".into()),
                answer_seconds: Some(4),
            },
            EvaluationTurn {
                number: 1,
                kind: TurnKind::Main,
                question: "How do you keep a Rust service fast?".into(),
                answer: Some(
                    "We profile with flamegraphs. I cut p99 latency by 40% by batching writes."
                        .into(),
                ),
                answer_seconds: Some(40),
            },
            EvaluationTurn {
                number: 1,
                kind: TurnKind::FollowUp,
                question: "How did you batch them?".into(),
                answer: Some("A channel collects writes and flushes every 5 ms.".into()),
                answer_seconds: Some(25),
            },
            EvaluationTurn {
                number: 2,
                kind: TurnKind::Main,
                question: "Tell me about on-call.".into(),
                answer: None,
                answer_seconds: None,
            },
        ],
        end_reason: EndReason::EndedEarly,
        question_count: 2,
    }
}

fn completion(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]
    }))
}

fn valid_verdict() -> String {
    json!({
        "overall": 68,
        "recommendation": "yes",
        "summary": "Concrete performance work with measured results.",
        "dimensions": {"role_fit": 4, "depth": 4, "problem_solving": 3.5, "communication": 4},
        "turn_scores": [
            {"turn_index": 1, "score": 4, "evidence": "I cut p99 latency by 40% by batching writes."},
            {"turn_index": 2, "score": 3, "evidence": "flushes every 5 ms"}
        ]
    })
    .to_string()
}

#[tokio::test]
async fn evaluate_valid_json() {
    let server = MockServer::start().await;
    mount_chat(&server, completion(&valid_verdict())).await;
    let evaluation = evaluate_with(&server).await.unwrap();
    assert_eq!(evaluation.evaluator, "llm");
    assert_eq!(evaluation.overall, 68);
    assert_eq!(evaluation.recommendation, Recommendation::Yes);
    assert!(evaluation.caps.is_empty());
    assert_eq!(
        evaluation
            .dimensions
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        ["role_fit", "depth", "problem_solving", "communication"]
    );
    assert_eq!(evaluation.turn_scores.len(), 2);
    assert_eq!(evaluation.turn_scores[1].evidence, "flushes every 5 ms");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["temperature"], json!(0));
    assert!(String::from_utf8_lossy(&requests[0].body).contains("\"temperature\":0"));
    assert_eq!(body["response_format"]["type"], "json_object");
}

#[tokio::test]
async fn evaluate_retries_once_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(completion(
            "{\"overall\": 300, \"recommendation\": \"hire!\"}",
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_chat(&server, completion(&valid_verdict())).await;
    let evaluation = evaluate_with(&server).await.unwrap();
    assert_eq!(evaluation.overall, 68);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let retry: Value = serde_json::from_slice(&requests[1].body).unwrap();
    let messages = retry["messages"].as_array().unwrap();
    let last = messages.last().unwrap()["content"].as_str().unwrap();
    assert!(last.contains("overall"), "{last}");
    assert_eq!(messages[messages.len() - 2]["role"], "assistant");
}

#[tokio::test]
async fn evaluate_fails_after_two_invalid_replies() {
    let server = MockServer::start().await;
    mount_chat(&server, completion("I think the candidate is great!")).await;
    let result = evaluate_with(&server).await;
    assert!(result.is_err(), "{result:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn evaluate_rejects_invented_evidence() {
    let server = MockServer::start().await;
    let invented = valid_verdict().replace("flushes every 5 ms", "Kubernetes operator expertise");
    mount_chat(&server, completion(&invented)).await;
    assert!(evaluate_with(&server).await.is_err());
}

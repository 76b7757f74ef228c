use super::*;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LLM_QUESTION: &str = "Walk me through the hardest production bug you have fixed.";

fn chunks(pieces: &[&str]) -> String {
    pieces
        .iter()
        .map(|p| {
            format!(
                "data: {}\n\n",
                json!({"choices": [{"delta": {"content": p}}]})
            )
        })
        .collect()
}

/// The SSE events of a response, in order, as (name, data).
async fn events(response: reqwest::Response) -> Vec<(String, Value)> {
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    body.split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let name = block
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .unwrap();
            let data = block
                .lines()
                .find_map(|l| l.strip_prefix("data: "))
                .unwrap();
            (name.to_string(), serde_json::from_str(data).unwrap())
        })
        .collect()
}

async fn streamed(app: &TestApp, token: &str, url: &str, body: Value) -> Vec<(String, Value)> {
    events(
        app.request(Method::POST, url)
            .bearer_auth(token)
            .header("Accept", "text/event-stream")
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// The text the `token` events spell after the last `reset`, and how many there were.
fn spelled(events: &[(String, Value)]) -> (String, usize) {
    let start = events
        .iter()
        .rposition(|(n, _)| n == "reset")
        .map_or(0, |i| i + 1);
    let tokens: Vec<&str> = events[start..]
        .iter()
        .filter(|(n, _)| n == "token")
        .map(|(_, d)| d["text"].as_str().unwrap())
        .collect();
    (tokens.concat(), tokens.len())
}

fn final_session(events: &[(String, Value)]) -> SessionDto {
    let (name, data) = events.last().expect("events");
    assert_eq!(name, "session", "{events:?}");
    serde_json::from_value(data.clone()).unwrap()
}

async fn app_with(backend: interview_flow_tests::Backend, llm: &MockServer) -> Option<TestApp> {
    TestApp::spawn(
        backend,
        TestOptions {
            extra: vec![
                ("AI_BASE_URL", llm.uri()),
                ("AI_MODEL", "test-model".into()),
                ("AI_FIRST_TOKEN_TIMEOUT_SECS", "1".into()),
            ],
            ..Default::default()
        },
    )
    .await
}

async fn relays_tokens(backend: interview_flow_tests::Backend) {
    let llm = MockServer::start().await;
    let pieces = [
        "Walk me through ",
        "the hardest production bug ",
        "you have fixed.",
    ];
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_partial_json(json!({"stream": true})))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(chunks(&pieces) + "data: [DONE]\n\n"),
        )
        .mount(&llm)
        .await;
    let Some(app) = app_with(backend, &llm).await else {
        return;
    };
    let (_, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    let url = format!("/api/v1/interviews/{id}/session");
    let started = streamed(&app, token, &url, json!({"consent": true})).await;
    let session = final_session(&started);
    // The first question that comes from the LLM arrives as several token events (on the
    // start or on an answer; a repeated LLM question falls back to the built-in one).
    let mut relayed = false;
    let mut current = session;
    let mut stream = started;
    for n in 0..4 {
        let (text, count) = spelled(&stream);
        if current
            .current_question
            .as_ref()
            .is_some_and(|q| q.text == LLM_QUESTION)
        {
            assert_eq!(text, LLM_QUESTION);
            assert!(
                count >= pieces.len(),
                "one event per streamed piece at least: {stream:?}"
            );
            relayed = true;
            break;
        }
        let turn = current.current_question.clone().unwrap().turn_id;
        stream = streamed(
            &app,
            token,
            &format!("/api/v1/interviews/{id}/answers"),
            json!({"turn_id": turn, "text": answer_text(n), "source": "typed"}),
        )
        .await;
        current = final_session(&stream);
    }
    assert!(
        relayed,
        "an LLM question was streamed over HTTP; last: {:?}; LLM calls: {}",
        current.current_question,
        llm.received_requests().await.unwrap().len()
    );
}

async fn falls_back(backend: interview_flow_tests::Backend) {
    let llm = MockServer::start().await;
    // One good piece, then a broken chunk: the question is dropped mid-way.
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_partial_json(json!({"stream": true})))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(chunks(&["So tell me, "]) + "data: {this is not json\n\n"),
        )
        .up_to_n_times(1)
        .mount(&llm)
        .await;
    // Then an LLM that never starts answering within the first-token timeout.
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(chunks(&[LLM_QUESTION]))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&llm)
        .await;
    let Some(app) = app_with(backend, &llm).await else {
        return;
    };
    let (_, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    let mut saw_reset = false;
    let mut saw_timeout = false;
    let mut current: Option<SessionDto> = None;
    for n in 0..4 {
        let started = Instant::now();
        let answered = match &current {
            // The start is streamed too.
            None => {
                let url = format!("/api/v1/interviews/{id}/session");
                streamed(&app, token, &url, json!({"consent": true})).await
            }
            Some(session) => {
                let turn = session.current_question.clone().unwrap().turn_id;
                streamed(
                    &app,
                    token,
                    &format!("/api/v1/interviews/{id}/answers"),
                    json!({"turn_id": turn, "text": answer_text(n), "source": "typed"}),
                )
                .await
            }
        };
        let took = started.elapsed();
        let session = final_session(&answered);
        let Some(question) = session.current_question.clone() else {
            break;
        };
        current = Some(session);
        assert_ne!(question.text, LLM_QUESTION);
        assert!(!question.text.starts_with("So tell me"), "{question:?}");
        let (text, _) = spelled(&answered);
        assert_eq!(
            text, question.text,
            "after a reset, the tokens spell the fallback question"
        );
        // Whatever the LLM had sent is withdrawn before the fallback question is spelled.
        let reset = answered.iter().any(|(name, _)| name == "reset");
        saw_reset |= n == 0 && reset;
        // Later, the silent LLM is given up after the first-token timeout (1 s), not after
        // its 5 s delay.
        if n > 0 {
            assert!(reset, "{answered:?}");
            assert!(
                took >= Duration::from_millis(900) && took < Duration::from_secs(4),
                "fell back after the first-token timeout ({took:?})"
            );
            saw_timeout = true;
        }
    }
    assert!(saw_reset, "a question dropped mid-way is reset");
    assert!(
        saw_timeout,
        "a silent LLM is given up after the first-token timeout"
    );

    // A request that fails while streaming answers with an `error` event.
    let failed = streamed(
        &app,
        token,
        &format!("/api/v1/interviews/{id}/answers"),
        json!({"turn_id": uuid::Uuid::new_v4().to_string(), "text": "late", "source": "typed"}),
    )
    .await;
    let (name, data) = failed.last().unwrap();
    assert_eq!(name, "error", "{failed:?}");
    assert!(data["error"]["code"].is_string(), "{data}");
}

interview_flow_tests::on_both_backends!(tokens_are_relayed => relays_tokens);

interview_flow_tests::on_both_backends!(reset_timeout_and_error => falls_back);

//! The OpenAI-compatible provider against wiremock, a hand-rolled chunked SSE server, and
//! (when running) the real local LLM (`/work/shared/tools/local-llm start`).

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use interview_flow_api::ai::openai::{
    OpenAiProvider, clean_question, evaluate, http_client, question_messages, synthesize_speech,
    transcribe,
};
use interview_flow_api::ai::{
    CandidateContext, EndReason, EvaluationInput, EvaluationTurn, JobContext, ProviderError,
    QuestionContext, QuestionProvider, QuestionRequest, TranscriptTurn,
};
use interview_flow_api::settings::{AiProviderKind, AiSettings};
use interview_flow_shared::{Recommendation, TurnKind};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn settings(base: &str) -> AiSettings {
    AiSettings {
        provider: AiProviderKind::OpenAi,
        base_url: Some(base.parse().unwrap()),
        api_key: None,
        model: "test-model".into(),
        first_token_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(5),
        tts_base_url: Some(base.parse().unwrap()),
        tts_model: "tts-1".into(),
        tts_voice: "alloy".into(),
        stt_base_url: Some(base.parse().unwrap()),
        stt_model: "whisper-1".into(),
    }
}

fn context(request: QuestionRequest) -> QuestionContext {
    QuestionContext {
        job: JobContext {
            title: "Backend Engineer".into(),
            description: "Build and run our Rust services and PostgreSQL databases.".into(),
            required_skills: vec!["Rust".into(), "PostgreSQL".into(), "on-call".into()],
            company_name: "Acme".into(),
            language: "en".into(),
        },
        candidate: CandidateContext {
            full_name: "Ada Lovelace".into(),
            resume_text: Some("Five years building payment systems in Rust.".into()),
        },
        history: vec![
            TranscriptTurn {
                kind: TurnKind::Greeting,
                main_number: 0,
                question: "Hi Ada, welcome! Could you introduce yourself?".into(),
                answer: Some("I'm Ada, I build payment systems in Rust.".into()),
            },
            TranscriptTurn {
                kind: TurnKind::Main,
                main_number: 1,
                question: "How do you keep a Rust service fast under load?".into(),
                answer: Some(
                    "We profile with flamegraphs, and I cut p99 latency by 40% by batching \
                     database writes."
                        .into(),
                ),
            },
        ],
        request,
        seed: 7,
    }
}

fn sse_body(pieces: &[&str]) -> String {
    let mut body = String::from(": ping\n\n");
    body.push_str(
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n",
    );
    for piece in pieces {
        body.push_str(&format!(
            "data: {}\n\n",
            json!({"id": "c1", "choices": [{"index": 0, "delta": {"content": piece}}]})
        ));
    }
    body.push_str("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    body.push_str("data: [DONE]\n\n");
    body
}

async fn mount_chat(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn generate(
    settings: &AiSettings,
    request: QuestionRequest,
) -> (Result<String, ProviderError>, Vec<String>) {
    let provider = OpenAiProvider::new(settings).unwrap();
    let context = context(request);
    let mut pieces = Vec::new();
    let mut sink = |piece: &str| pieces.push(piece.to_string());
    let result = provider.generate(&context, &mut sink).await;
    (result, pieces)
}

#[tokio::test]
async fn streamed_chunks_are_reassembled() {
    let server = MockServer::start().await;
    let pieces = [
        "What",
        "'s the",
        " hardest",
        " bug you've",
        " fixed in",
        " production?",
    ];
    mount_chat(
        &server,
        ResponseTemplate::new(200).set_body_raw(sse_body(&pieces), "text/event-stream"),
    )
    .await;
    let (result, shown) = generate(
        &settings(&server.uri()),
        QuestionRequest::Main { number: 2, of: 5 },
    )
    .await;
    let question = result.unwrap();
    assert_eq!(
        question,
        "What's the hardest bug you've fixed in production?"
    );
    assert!(shown.len() >= 3, "pieces relayed: {shown:?}");
    assert_eq!(shown.concat(), question);

    let requests = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["stream"], json!(true));
    assert_eq!(body["model"], json!("test-model"));
    assert_eq!(body["max_tokens"], json!(120));
    assert!(requests[0].headers.get("authorization").is_none());
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages[0]["role"], "system");
    assert!(
        messages[1]["content"]
            .as_str()
            .unwrap()
            .contains("Candidate: We profile with flamegraphs")
    );
}

#[tokio::test]
async fn markdown_and_prefix_are_cleaned_while_streaming() {
    let server = MockServer::start().await;
    let pieces = [
        "**Ques",
        "tion:** Tell",
        " me about the **40%**",
        " latency win:",
        " how did you batch the writes?",
        "\n\nAnd what would you do differently?",
    ];
    mount_chat(
        &server,
        ResponseTemplate::new(200).set_body_raw(sse_body(&pieces), "text/event-stream"),
    )
    .await;
    let (result, shown) = generate(
        &settings(&server.uri()),
        QuestionRequest::FollowUp {
            main_number: 1,
            index: 1,
        },
    )
    .await;
    let question = result.unwrap();
    assert_eq!(
        question,
        "Tell me about the 40% latency win: how did you batch the writes?"
    );
    let shown = shown.concat();
    assert_eq!(shown, question);
    assert!(!shown.contains('*') && !shown.contains("Question"));
}

#[tokio::test]
async fn plain_json_answer_is_accepted() {
    let server = MockServer::start().await;
    mount_chat(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "choices": [{"index": 0, "message": {"role": "assistant",
                "content": "Interviewer: \"How do you approach code reviews on your team?\""}}]
        })),
    )
    .await;
    let (result, shown) = generate(&settings(&server.uri()), QuestionRequest::Closing).await;
    assert_eq!(
        result.unwrap(),
        "How do you approach code reviews on your team?"
    );
    assert_eq!(
        shown.concat(),
        "How do you approach code reviews on your team?"
    );
}

#[tokio::test]
async fn base_url_with_v1_and_trailing_slash() {
    let server = MockServer::start().await;
    mount_chat(
        &server,
        ResponseTemplate::new(200).set_body_raw(
            sse_body(&["Why did you choose Rust for payments?"]),
            "text/event-stream",
        ),
    )
    .await;
    for base in [
        format!("{}/", server.uri()),
        format!("{}/v1/", server.uri()),
    ] {
        let (result, _) = generate(
            &settings(&base),
            QuestionRequest::Greeting { question_count: 5 },
        )
        .await;
        assert_eq!(result.unwrap(), "Why did you choose Rust for payments?");
    }
}

#[tokio::test]
async fn no_first_token_in_time_is_a_timeout() {
    let server = MockServer::start().await;
    mount_chat(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(sse_body(&["Too late?"]), "text/event-stream")
            .set_delay(Duration::from_secs(4)),
    )
    .await;
    let started = Instant::now();
    let (result, shown) = generate(
        &settings(&server.uri()),
        QuestionRequest::Greeting { question_count: 5 },
    )
    .await;
    let elapsed = started.elapsed();
    assert_eq!(result, Err(ProviderError::Timeout(Duration::from_secs(1))));
    assert!(shown.is_empty());
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test]
async fn http_errors_and_bad_bodies() {
    let server = MockServer::start().await;
    mount_chat(
        &server,
        ResponseTemplate::new(500).set_body_json(json!({"error": {"message": "model overloaded"}})),
    )
    .await;
    let (result, _) = generate(
        &settings(&server.uri()),
        QuestionRequest::Greeting { question_count: 5 },
    )
    .await;
    match result {
        Err(ProviderError::Status { status, detail }) => {
            assert_eq!(status, 500);
            assert_eq!(detail, "model overloaded");
        }
        other => panic!("expected Status, got {other:?}"),
    }

    let server = MockServer::start().await;
    mount_chat(
        &server,
        ResponseTemplate::new(200).set_body_raw("hello not sse", "text/plain"),
    )
    .await;
    let (result, _) = generate(
        &settings(&server.uri()),
        QuestionRequest::Greeting { question_count: 5 },
    )
    .await;
    assert!(
        matches!(result, Err(ProviderError::Malformed(_))),
        "{result:?}"
    );

    let server = MockServer::start().await;
    mount_chat(
        &server,
        ResponseTemplate::new(200).set_body_raw(sse_body(&["", ""]), "text/event-stream"),
    )
    .await;
    let (result, _) = generate(
        &settings(&server.uri()),
        QuestionRequest::Greeting { question_count: 5 },
    )
    .await;
    assert!(
        matches!(result, Err(ProviderError::Unusable(_))),
        "{result:?}"
    );

    let server = MockServer::start().await;
    mount_chat(
        &server,
        ResponseTemplate::new(200).set_body_json(
            json!({"choices": [{"message": {"role": "assistant", "content": "**"}}]}),
        ),
    )
    .await;
    let (result, _) = generate(
        &settings(&server.uri()),
        QuestionRequest::Greeting { question_count: 5 },
    )
    .await;
    assert!(
        matches!(result, Err(ProviderError::Unusable(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn unreachable_server_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let (result, _) = generate(
        &settings(&format!("http://127.0.0.1:{port}")),
        QuestionRequest::Greeting { question_count: 5 },
    )
    .await;
    assert!(
        matches!(result, Err(ProviderError::Transport(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn authorization_header_is_sent_and_never_leaks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", "Bearer sk-test-123456"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            sse_body(&["What brought you to Acme?"]),
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string("bad key sk-test-123456"))
        .mount(&server)
        .await;
    let mut with_key = settings(&server.uri());
    with_key.api_key = Some("sk-test-123456".into());
    let (result, _) = generate(&with_key, QuestionRequest::Greeting { question_count: 5 }).await;
    assert_eq!(result.unwrap(), "What brought you to Acme?");

    with_key.api_key = Some("sk-wrong-123456".into());
    let server2 = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string("bad key sk-wrong-123456"))
        .mount(&server2)
        .await;
    with_key.base_url = Some(server2.uri().parse().unwrap());
    let (result, _) = generate(&with_key, QuestionRequest::Greeting { question_count: 5 }).await;
    match result {
        Err(ProviderError::Status {
            status: 401,
            detail,
        }) => {
            assert!(!detail.contains("sk-wrong"), "{detail}");
        }
        other => panic!("expected 401, got {other:?}"),
    }
}

/// A raw HTTP server that streams the SSE body in tiny pieces, splitting mid-line and
/// mid-UTF-8, with pauses: the provider must relay text before the stream ends.
#[tokio::test]
async fn real_chunked_stream_split_mid_utf8() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let body = sse_body(&[
        "¿Qué",
        " te motivó",
        " a trabajar",
        " con Rust",
        " en pagos?",
    ]);
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0u8; 65536];
        let mut read = 0;
        // Read headers + body (Content-Length) before answering.
        loop {
            let n = socket.read(&mut request[read..]).await.unwrap();
            read += n;
            let text = String::from_utf8_lossy(&request[..read]).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if read >= end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                return;
            }
        }
        socket
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n",
            )
            .await
            .unwrap();
        for piece in body.as_bytes().chunks(7) {
            let chunk = [format!("{:x}\r\n", piece.len()).as_bytes(), piece, b"\r\n"].concat();
            socket.write_all(&chunk).await.unwrap();
            socket.flush().await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        socket.write_all(b"0\r\n\r\n").await.unwrap();
    });
    let (result, shown) = generate(
        &settings(&format!("http://{addr}")),
        QuestionRequest::Main { number: 1, of: 3 },
    )
    .await;
    let question = result.unwrap();
    assert_eq!(question, "¿Qué te motivó a trabajar con Rust en pagos?");
    assert!(shown.len() >= 3, "{shown:?}");
    assert_eq!(shown.concat(), question);
}

#[test]
fn prompt_and_cleaning_are_public() {
    let messages = question_messages(&context(QuestionRequest::FollowUp {
        main_number: 1,
        index: 1,
    }));
    let user = messages[1]["content"].as_str().unwrap();
    assert!(user.contains("follow-up"));
    assert!(user.contains("Interviewer: How do you keep a Rust service fast under load?"));
    assert_eq!(
        clean_question("Question: What's your team's approach to \"on-call\"?").as_deref(),
        Some("What's your team's approach to \"on-call\"?")
    );
}

// ---------------------------------------------------------------- evaluation

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
    let settings = settings(&server.uri());
    let client = http_client(&settings).unwrap();
    let evaluation = evaluate(&settings, &client, &evaluation_input())
        .await
        .unwrap();
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
    let settings = settings(&server.uri());
    let client = http_client(&settings).unwrap();
    let evaluation = evaluate(&settings, &client, &evaluation_input())
        .await
        .unwrap();
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
    let settings = settings(&server.uri());
    let client = http_client(&settings).unwrap();
    let result = evaluate(&settings, &client, &evaluation_input()).await;
    assert!(result.is_err(), "{result:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn evaluate_rejects_invented_evidence() {
    let server = MockServer::start().await;
    let invented = valid_verdict().replace("flushes every 5 ms", "Kubernetes operator expertise");
    mount_chat(&server, completion(&invented)).await;
    let settings = settings(&server.uri());
    let client = http_client(&settings).unwrap();
    assert!(
        evaluate(&settings, &client, &evaluation_input())
            .await
            .is_err()
    );
}

// ---------------------------------------------------------------- speech

#[tokio::test]
async fn tts_returns_audio_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/audio/speech"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"ID3fake-mp3".to_vec(), "audio/mpeg"),
        )
        .mount(&server)
        .await;
    let settings = settings(&server.uri());
    let client = http_client(&settings).unwrap();
    let audio = synthesize_speech(&settings, &client, "Hello Ada, welcome!")
        .await
        .unwrap();
    assert_eq!(&audio[..], b"ID3fake-mp3");
    let requests = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(
        body,
        json!({"model": "tts-1", "voice": "alloy", "input": "Hello Ada, welcome!", "response_format": "mp3"})
    );
}

#[tokio::test]
async fn stt_returns_text_and_maps_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/audio/transcriptions"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"text": " I build payment systems. "})),
        )
        .mount(&server)
        .await;
    let settings = settings(&server.uri());
    let client = http_client(&settings).unwrap();
    let text = transcribe(
        &settings,
        &client,
        b"RIFFfake".to_vec(),
        "answer.webm",
        "audio/webm",
    )
    .await
    .unwrap();
    assert_eq!(text, "I build payment systems.");
    let requests = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&requests[0].body);
    assert!(body.contains("filename=\"answer.webm\""));
    assert!(body.contains("Content-Type: audio/webm") || body.contains("content-type: audio/webm"));
    assert!(body.contains("whisper-1"));

    let failing = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&failing)
        .await;
    let settings = self::settings(&failing.uri());
    let result = transcribe(&settings, &client, b"x".to_vec(), "a.webm", "audio/webm").await;
    assert!(
        matches!(result, Err(ProviderError::Status { status: 500, .. })),
        "{result:?}"
    );
}

// ---------------------------------------------------------------- the real local LLM

/// The local LLM's base URL: `LOCAL_LLM_URL`, or `local-llm status` when it is running.
fn local_llm_url() -> Option<String> {
    if let Ok(url) = std::env::var("LOCAL_LLM_URL")
        && !url.trim().is_empty()
    {
        return Some(url.trim().to_string());
    }
    let output = std::process::Command::new("/work/shared/tools/local-llm")
        .arg("status")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim()
        .strip_prefix("running:")
        .map(|url| url.trim().to_string())
}

#[tokio::test]
async fn real_local_llm_streams_a_question() {
    let Some(url) = local_llm_url() else {
        // Visible as a skip in the test command's summary; under CI, a failure.
        let reason = "the local LLM is not running (start it with ../shared/tools/local-llm start)";
        let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"));
        assert!(
            !ci,
            "{reason}; CI is set, so this is a failure rather than a skip"
        );
        eprintln!("SKIPPED real_local_llm_streams_a_question: {reason}");
        if let Ok(path) = std::env::var("TEST_SKIP_LOG") {
            use std::io::Write;
            if let Ok(mut log) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
            {
                let _ = writeln!(log, "real_local_llm_streams_a_question\t{reason}");
            }
        }
        return;
    };
    let mut settings = settings(&url);
    settings.model = "smollm2".into();
    settings.first_token_timeout = Duration::from_secs(60);
    settings.request_timeout = Duration::from_secs(120);
    let provider = OpenAiProvider::new(&settings).unwrap();
    let context = context(QuestionRequest::Main { number: 2, of: 5 });
    // A 135M model at temperature 0.7 occasionally rambles into nothing usable: allow a few
    // attempts, but every attempt must stream text through the real SSE path.
    for attempt in 1..=3 {
        let started = Instant::now();
        let mut first_token = None;
        let mut pieces = Vec::new();
        let mut sink = |piece: &str| {
            first_token.get_or_insert_with(|| started.elapsed());
            pieces.push(piece.to_string());
        };
        let result = provider.generate(&context, &mut sink).await;
        println!(
            "local LLM at {url} (attempt {attempt}): time to first token {:?}, total {:?}, \
             {} streamed piece(s)",
            first_token,
            started.elapsed(),
            pieces.len()
        );
        match result {
            Ok(question) => {
                println!("question: {question}");
                assert!(!question.trim().is_empty());
                assert!(!pieces.is_empty());
                return;
            }
            Err(ProviderError::Unusable(reason)) if attempt < 3 => {
                println!("model output unusable ({reason}); trying again");
            }
            Err(other) => panic!("local LLM generation failed: {other}"),
        }
    }
}

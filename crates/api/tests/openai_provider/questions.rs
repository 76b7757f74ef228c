//! Streamed interview questions: reassembly, cleaning, timeouts, errors, the key.

use super::*;

#[tokio::test]
async fn streamed_chunks_are_reassembled() {
    let pieces = [
        "What",
        "'s the",
        " hardest",
        " bug you've",
        " fixed in",
        " production?",
    ];
    let (server, result, shown) =
        stream_question(&pieces, QuestionRequest::Main { number: 2, of: 5 }).await;
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
    let pieces = [
        "**Ques",
        "tion:** Tell",
        " me about the **40%**",
        " latency win:",
        " how did you batch the writes?",
        "\n\nAnd what would you do differently?",
    ];
    let request = QuestionRequest::FollowUp {
        main_number: 1,
        index: 1,
    };
    let (_server, result, shown) = stream_question(&pieces, request).await;
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
    let overloaded =
        ResponseTemplate::new(500).set_body_json(json!({"error": {"message": "model overloaded"}}));
    match greeting_from(overloaded).await {
        Err(ProviderError::Status { status, detail }) => {
            assert_eq!(status, 500);
            assert_eq!(detail, "model overloaded");
        }
        other => panic!("expected Status, got {other:?}"),
    }

    let not_sse = ResponseTemplate::new(200).set_body_raw("hello not sse", "text/plain");
    let result = greeting_from(not_sse).await;
    assert!(
        matches!(result, Err(ProviderError::Malformed(_))),
        "{result:?}"
    );

    let empty_stream =
        ResponseTemplate::new(200).set_body_raw(sse_body(&["", ""]), "text/event-stream");
    let result = greeting_from(empty_stream).await;
    assert!(
        matches!(result, Err(ProviderError::Unusable(_))),
        "{result:?}"
    );

    let only_markup = ResponseTemplate::new(200)
        .set_body_json(json!({"choices": [{"message": {"role": "assistant", "content": "**"}}]}));
    let result = greeting_from(only_markup).await;
    assert!(
        matches!(result, Err(ProviderError::Unusable(_))),
        "{result:?}"
    );
}

/// The greeting generated from a server that answers `response`.
async fn greeting_from(response: ResponseTemplate) -> Result<String, ProviderError> {
    let server = MockServer::start().await;
    mount_chat(&server, response).await;
    let request = QuestionRequest::Greeting { question_count: 5 };
    generate(&settings(&server.uri()), request).await.0
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

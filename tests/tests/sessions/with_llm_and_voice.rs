use super::*;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An OpenAI-compatible server that streams questions and speaks/transcribes.
async fn fake_openai() -> MockServer {
    let server = MockServer::start().await;
    let sse = "data: {\"choices\":[{\"delta\":{\"content\":\"Tell me about a \"}}]}\n\n\
data: {\"choices\":[{\"delta\":{\"content\":\"system you're proud of.\"}}]}\n\ndata: [DONE]\n\n";
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_partial_json(json!({"stream": true})))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(sse),
        )
        .mount(&server)
        .await;
    // The evaluator's answer is unusable: the built-in evaluator must take over.
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"choices": [{"message": {"content": "not json"}}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/audio/speech"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "audio/mpeg")
                .set_body_bytes(b"ID3-fake-mp3".to_vec()),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/audio/transcriptions"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"text": "I built it in Rust."})),
        )
        .mount(&server)
        .await;
    server
}

async fn run(backend: interview_flow_tests::Backend) {
    let llm = fake_openai().await;
    let options = TestOptions {
        extra: vec![
            ("AI_BASE_URL", llm.uri()),
            ("AI_TTS_BASE_URL", llm.uri()),
            ("AI_STT_BASE_URL", llm.uri()),
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
    assert_eq!(session.voice.tts, VoiceMode::Server);
    assert_eq!(session.voice.stt, VoiceMode::Server);
    let current = session.current_question.clone().unwrap();
    // Server speech: cached per turn, for the candidate only.
    let audio_url = current
        .audio_url
        .clone()
        .expect("an audio URL when the server speaks");
    for _ in 0..2 {
        let audio = app.get(&audio_url, Some(token)).await;
        assert_eq!(audio.status(), StatusCode::OK);
        assert_eq!(audio.headers()["content-type"], "audio/mpeg");
        assert_eq!(audio.bytes().await.unwrap().as_ref(), b"ID3-fake-mp3");
    }
    let speech_calls = llm
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/v1/audio/speech")
        .count();
    assert_eq!(speech_calls, 1, "the audio is cached");
    expect_error(
        app.get(&audio_url, Some(recruiter.token())).await,
        StatusCode::FORBIDDEN,
        "not_your_interview",
    )
    .await;
    // Server transcription of a recorded answer.
    let form = reqwest::multipart::Form::new().part(
        "audio",
        reqwest::multipart::Part::bytes(b"OggS\0\0fake-ogg".to_vec()).file_name("answer.ogg"),
    );
    let transcript: interview_flow_shared::TranscriptionDto = json(
        app.request(
            Method::POST,
            &format!("/api/v1/interviews/{id}/transcriptions"),
        )
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(transcript.text, "I built it in Rust.");
    let not_audio = reqwest::multipart::Form::new().part(
        "audio",
        reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("a.txt"),
    );
    let refused = app
        .request(
            Method::POST,
            &format!("/api/v1/interviews/{id}/transcriptions"),
        )
        .bearer_auth(token)
        .multipart(not_audio)
        .send()
        .await
        .unwrap();
    assert_eq!(
        expect_error(
            refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed"
        )
        .await
        .field(),
        Some("audio")
    );

    // The whole interview with the LLM provider: its questions, deduplicated by the engine.
    let (asked, finished) = app.play_through(token, id, session, answer_text).await;
    assert_eq!(finished.status, InterviewStatus::Completed);
    assert!(
        asked
            .iter()
            .any(|(_, q)| q == "Tell me about a system you're proud of."),
        "{asked:#?}"
    );
    let unique: HashSet<&String> = asked.iter().map(|(_, q)| q).collect();
    assert_eq!(
        unique.len(),
        asked.len(),
        "an LLM that repeats itself is replaced for that turn: {asked:#?}"
    );
    let report = wait_for_report(&app, recruiter.token(), id).await;
    assert_eq!(
        report.evaluator.as_deref(),
        Some("builtin"),
        "an unusable LLM evaluation falls back to the built-in one"
    );
}

interview_flow_tests::on_both_backends!(run);

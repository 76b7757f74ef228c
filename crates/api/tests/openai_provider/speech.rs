use super::*;

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

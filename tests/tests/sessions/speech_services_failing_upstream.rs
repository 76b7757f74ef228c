use super::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn run(backend: interview_flow_tests::Backend) {
    let broken = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("upstream exploded"))
        .mount(&broken)
        .await;
    let options = TestOptions {
        extra: vec![
            ("AI_TTS_BASE_URL", broken.uri()),
            ("AI_STT_BASE_URL", broken.uri()),
        ],
        ..Default::default()
    };
    let Some(app) = TestApp::spawn(backend, options).await else {
        return;
    };
    let (_, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    let session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    let audio_url = session.current_question.unwrap().audio_url.unwrap();
    for _ in 0..2 {
        let error = expect_error(
            app.get(&audio_url, Some(token)).await,
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
        )
        .await;
        assert!(
            !error.error.message.contains("exploded"),
            "upstream details stay in the logs"
        );
    }
    let form = reqwest::multipart::Form::new().part(
        "audio",
        reqwest::multipart::Part::bytes(b"OggS\0\0fake-ogg".to_vec()).file_name("answer.ogg"),
    );
    let stt = app
        .request(
            Method::POST,
            &format!("/api/v1/interviews/{id}/transcriptions"),
        )
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    expect_error(stt, StatusCode::SERVICE_UNAVAILABLE, "service_unavailable").await;
    let calls = broken.received_requests().await.unwrap();
    assert_eq!(
        calls
            .iter()
            .filter(|r| r.url.path() == "/v1/audio/speech")
            .count(),
        2,
        "a failure is not cached"
    );
}

interview_flow_tests::on_both_backends!(run);

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

mod evaluation;
mod local_llm;
mod questions;
mod speech;

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

/// A server that streams `pieces`, and the question generated from it for `request`.
async fn stream_question(
    pieces: &[&str],
    request: QuestionRequest,
) -> (MockServer, Result<String, ProviderError>, Vec<String>) {
    let server = MockServer::start().await;
    let body = sse_body(pieces);
    mount_chat(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"),
    )
    .await;
    let (result, shown) = generate(&settings(&server.uri()), request).await;
    (server, result, shown)
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

//! The live interview over HTTP: the server-side state machine, idempotent answers, the
//! server's clock, access rules, integrity events, streaming, provider fallback, and the
//! evaluation report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use interview_flow_shared::{
    ApplicationDto, EvaluationStatus, InterviewDto, InterviewStatus, JobDto, ReportDto, Role,
    SessionDto, TurnKind, VoiceMode,
};
use interview_flow_tests::{
    Session, TestApp, TestOptions, backend_test, eventually, expect_error, json,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const RESUME: &str = "Alex Doe\nSenior Backend Engineer at Globex (2019-2024)\nBuilt payment APIs in Rust on PostgreSQL, \
moved services to Kubernetes.\nSkills: Rust, PostgreSQL, Kubernetes, Docker";

/// A recruiter, a job needing PostgreSQL, a candidate who applied with a résumé, and an
/// interview open now. Returns (recruiter, candidate, interview).
async fn interview_open_now(
    app: &TestApp,
    question_count: u32,
) -> (Session, Session, InterviewDto) {
    let recruiter = app.register("rec@acme.test", Role::Recruiter).await;
    let job: JobDto = json(
        app.post_json(
            "/api/v1/jobs",
            &json!({
                "title": "Backend Engineer",
                "description": "Design and operate Rust APIs backed by PostgreSQL for our logistics platform.",
                "required_skills": ["Rust", "PostgreSQL", "API design"],
                "question_count": question_count,
                "time_limit_minutes": 20
            }),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let candidate = app.register("alex@example.com", Role::Candidate).await;
    let form = reqwest::multipart::Form::new().part(
        "resume",
        reqwest::multipart::Part::bytes(RESUME.as_bytes().to_vec()).file_name("alex.txt"),
    );
    let application: ApplicationDto = json(
        app.request(
            Method::POST,
            &format!("/api/v1/jobs/{}/applications", job.id),
        )
        .bearer_auth(candidate.token())
        .multipart(form)
        .send()
        .await
        .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let interview: InterviewDto = json(
        app.post_json(
            "/api/v1/interviews",
            &json!({"job_id": job.id, "application_id": application.id, "scheduled_at": (Utc::now() + TimeDelta::minutes(5)).to_rfc3339()}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (recruiter, candidate, interview)
}

async fn start(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.start_session(token, id).await
}

async fn answer(
    app: &TestApp,
    token: &str,
    id: &str,
    turn_id: &str,
    text: &str,
) -> reqwest::Response {
    app.answer(token, id, turn_id, text).await
}

/// A substantive answer that varies per question.
fn answer_text(n: usize) -> String {
    format!(
        "In my role at Globex I led a project ({n}) where we rebuilt the payment API in Rust on PostgreSQL. \
I measured p99 latency, cut it by 40% with better indexes, and as a result incidents dropped; I also mentored two engineers."
    )
}

async fn wait_for_report(app: &TestApp, token: &str, id: &str) -> ReportDto {
    eventually(
        "the evaluation finishes",
        Duration::from_secs(20),
        || async {
            let report: ReportDto = json(
                app.get(&format!("/api/v1/interviews/{id}/report"), Some(token))
                    .await,
                StatusCode::OK,
            )
            .await;
            (report.evaluation_status == EvaluationStatus::Ready).then_some(report)
        },
    )
    .await
}

async fn whole_interview(app: TestApp) {
    let (recruiter, candidate, interview) = interview_open_now(&app, 3).await;
    let id = &interview.id;
    let token = candidate.token();
    // Consent is required to start.
    let refused = app
        .post_json(
            &format!("/api/v1/interviews/{id}/session"),
            &json!({}),
            Some(token),
        )
        .await;
    assert_eq!(
        expect_error(
            refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed"
        )
        .await
        .field(),
        Some("consent")
    );
    let session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    assert_eq!(session.status, InterviewStatus::InProgress);
    assert_eq!(session.question_count, 3);
    assert_eq!(session.voice.tts, VoiceMode::Browser);
    assert_eq!(session.voice.stt, VoiceMode::Browser);
    assert!(session.remaining_seconds <= 20 * 60 && session.remaining_seconds >= 20 * 60 - 5);
    let greeting = session.current_question.clone().unwrap();
    assert_eq!(greeting.kind, TurnKind::Greeting);
    assert!(
        greeting.text.contains("Test") && greeting.text.contains("3 questions"),
        "the greeting names the candidate: {}",
        greeting.text
    );

    let (asked, finished) = app.play_through(token, id, session, answer_text).await;
    assert_eq!(finished.status, InterviewStatus::Completed);
    assert!(finished.current_question.is_none());
    let mains = asked.iter().filter(|(k, _)| *k == TurnKind::Main).count();
    assert_eq!(mains, 3, "{asked:#?}");
    assert_eq!(asked.last().unwrap().0, TurnKind::Closing);
    let unique: HashSet<&String> = asked.iter().map(|(_, q)| q).collect();
    assert_eq!(unique.len(), asked.len(), "no question repeats: {asked:#?}");
    assert!(
        asked
            .iter()
            .any(|(k, q)| *k == TurnKind::Main && (q.contains("PostgreSQL") || q.contains("Rust"))),
        "a question is grounded in a technology both the job and the résumé name: {asked:#?}"
    );
    // Completed interviews cannot be restarted.
    expect_error(
        start(&app, token, id).await,
        StatusCode::CONFLICT,
        "interview_completed",
    )
    .await;

    let report = wait_for_report(&app, recruiter.token(), id).await;
    assert_eq!(report.status, InterviewStatus::Completed);
    assert_eq!(report.evaluator.as_deref(), Some("builtin"));
    assert!(
        report
            .summary
            .as_deref()
            .unwrap()
            .starts_with("Heuristic evaluation")
    );
    // Typed in no time: the cap computed in code holds whatever the evaluator thinks, and
    // the recommendation follows the capped score.
    assert!(report.overall_score.unwrap() <= 35, "{report:?}");
    assert!(
        report.caps.iter().any(|c| c.contains("capped at 35")),
        "{:?}",
        report.caps
    );
    assert_eq!(
        report.recommendation,
        Some(interview_flow_shared::Recommendation::No)
    );
    let names: Vec<&str> = report.dimensions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        ["role_fit", "depth", "problem_solving", "communication"]
    );
    let scored: Vec<_> = report
        .questions
        .iter()
        .filter(|q| q.score.is_some())
        .collect();
    assert!(scored.len() >= 3);
    for question in &scored {
        let evidence = question.evidence.as_deref().unwrap().trim_end_matches('…');
        assert!(
            question.answer.as_deref().unwrap().contains(evidence),
            "evidence is quoted from the answer"
        );
        assert!((1..=5).contains(&question.score.unwrap()));
    }
    // Only the organisation sees the report.
    expect_error(
        app.get(&format!("/api/v1/interviews/{id}/report"), Some(token))
            .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
    let download = app
        .get(
            &format!("/api/v1/interviews/{id}/report?download=true"),
            Some(recruiter.token()),
        )
        .await;
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    // The recruiter's view shows it completed.
    let current: InterviewDto = json(
        app.get(&format!("/api/v1/interviews/{id}"), Some(recruiter.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(current.status, InterviewStatus::Completed);
    assert!(current.started_at.is_some() && current.completed_at.is_some());
}
backend_test!(
    a_whole_interview_over_the_api,
    whole_interview,
    TestOptions {
        extra: vec![("EMAIL_POLL_INTERVAL_MS", "100".into())],
        ..Default::default()
    }
);

async fn resume_and_idempotent_answers(app: TestApp) {
    let (_, candidate, interview) = interview_open_now(&app, 4).await;
    let (id, token) = (&interview.id, candidate.token());
    let first: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    let greeting = first.current_question.clone().unwrap();
    let after_greeting: SessionDto = json(
        answer(&app, token, id, &greeting.turn_id, &answer_text(1)).await,
        StatusCode::OK,
    )
    .await;
    let current = after_greeting.current_question.clone().unwrap();
    // A retried POST of the same turn stores nothing twice and returns the same next question.
    let retried: SessionDto = json(
        answer(&app, token, id, &greeting.turn_id, &answer_text(1)).await,
        StatusCode::OK,
    )
    .await;
    // A different text for an answered turn is a conflict, not a silent success.
    expect_error(
        answer(
            &app,
            token,
            id,
            &greeting.turn_id,
            "a different text on retry",
        )
        .await,
        StatusCode::CONFLICT,
        "turn_already_answered",
    )
    .await;
    assert_eq!(
        retried.current_question.as_ref().unwrap().turn_id,
        current.turn_id
    );
    assert_eq!(retried.answered.len(), 1);
    assert_eq!(
        retried.answered[0].answer,
        answer_text(1),
        "the first answer is kept"
    );
    // A reload, a second tab or another device resumes exactly here.
    for resumed in [
        json::<SessionDto>(
            app.get(&format!("/api/v1/interviews/{id}/session"), Some(token))
                .await,
            StatusCode::OK,
        )
        .await,
        json::<SessionDto>(start(&app, token, id).await, StatusCode::OK).await,
    ] {
        assert_eq!(
            resumed.current_question.as_ref().unwrap().turn_id,
            current.turn_id
        );
        assert_eq!(
            resumed.current_question.as_ref().unwrap().text,
            current.text
        );
        assert_eq!(resumed.question_number, after_greeting.question_number);
        assert!(resumed.remaining_seconds <= after_greeting.remaining_seconds);
    }
    // Empty answers and unknown turns are refused without changing anything.
    assert_eq!(
        expect_error(
            answer(&app, token, id, &current.turn_id, "   ").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed"
        )
        .await
        .field(),
        Some("text")
    );
    expect_error(
        answer(&app, token, id, "no-such-turn", "hello").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Control characters (NUL cannot even be stored by PostgreSQL) are refused by name.
    assert_eq!(
        expect_error(
            answer(&app, token, id, &current.turn_id, "my answer\u{0}").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed"
        )
        .await
        .field(),
        Some("text")
    );
    // A client cannot buy time: fields it invents are ignored.
    let lying: SessionDto = json(
        app.post_json(
            &format!("/api/v1/interviews/{id}/answers"),
            &json!({"turn_id": current.turn_id, "text": answer_text(2), "source": "speech", "remaining_seconds": 99999, "started_at": "2099-01-01T00:00:00Z"}),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(lying.remaining_seconds <= after_greeting.remaining_seconds);
}
backend_test!(
    resume_after_reload_and_double_submitted_turns,
    resume_and_idempotent_answers
);

/// Moves an in-progress interview's clock: as if it started `minutes_ago`.
async fn shift_clock(app: &TestApp, id: &str, deadline_offset: TimeDelta) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interviews;
    let (pool, id) = (app.pool.clone(), id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let deadline = (Utc::now() + deadline_offset).naive_utc();
        diesel::update(interviews::table.find(id))
            .set(interviews::deadline_at.eq(deadline))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
}

async fn time_runs_out(app: TestApp) {
    let (recruiter, candidate, interview) = interview_open_now(&app, 5).await;
    let (id, token) = (&interview.id, candidate.token());
    let session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    let greeting = session.current_question.unwrap();
    let session: SessionDto = json(
        answer(&app, token, id, &greeting.turn_id, &answer_text(1)).await,
        StatusCode::OK,
    )
    .await;
    let first_main = session.current_question.unwrap();
    let session: SessionDto = json(
        answer(&app, token, id, &first_main.turn_id, &answer_text(2)).await,
        StatusCode::OK,
    )
    .await;
    let pending = session.current_question.unwrap();
    // The server's deadline passes (beyond the grace period) mid-interview.
    shift_clock(&app, id, TimeDelta::seconds(-30)).await;
    let late = answer(
        &app,
        token,
        id,
        &pending.turn_id,
        "an answer after the time ran out",
    )
    .await;
    let late: SessionDto = json(late, StatusCode::OK).await;
    assert_eq!(
        late.status,
        InterviewStatus::Completed,
        "time up completes it gracefully"
    );
    assert_eq!(late.remaining_seconds, 0);
    assert!(
        late.answered
            .iter()
            .all(|t| t.answer != "an answer after the time ran out"),
        "a late answer is not stored"
    );
    let report = wait_for_report(&app, recruiter.token(), id).await;
    assert_eq!(report.status, InterviewStatus::Completed);
    assert!(
        report.overall_score.unwrap() <= 50,
        "fewer than half the questions answered caps the score: {report:?}"
    );
    assert!(!report.caps.is_empty());
}
backend_test!(
    expiry_mid_interview_completes_with_what_was_answered,
    time_runs_out,
    TestOptions {
        extra: vec![("EMAIL_POLL_INTERVAL_MS", "100".into())],
        ..Default::default()
    }
);

async fn abandoned_interview_is_capped(app: TestApp) {
    let (recruiter, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    json::<SessionDto>(start(&app, token, id).await, StatusCode::OK).await;
    shift_clock(&app, id, TimeDelta::seconds(-60)).await;
    // Nobody asks: the background worker finishes it.
    let report = wait_for_report(&app, recruiter.token(), id).await;
    assert_eq!(report.status, InterviewStatus::Abandoned);
    assert!(report.overall_score.unwrap() <= 20, "{report:?}");
    assert!(
        report.caps.iter().any(|c| c.contains("20")),
        "{:?}",
        report.caps
    );
}
backend_test!(
    abandoned_interviews_are_capped,
    abandoned_interview_is_capped,
    TestOptions {
        extra: vec![("EMAIL_POLL_INTERVAL_MS", "100".into())],
        ..Default::default()
    }
);

async fn only_the_candidate_drives_it(app: TestApp) {
    let (recruiter, candidate, interview) = interview_open_now(&app, 3).await;
    let id = &interview.id;
    let stranger = app.register("stranger@example.com", Role::Candidate).await;
    for token in [stranger.token(), recruiter.token()] {
        expect_error(
            start(&app, token, id).await,
            StatusCode::FORBIDDEN,
            "not_your_interview",
        )
        .await;
        expect_error(
            app.get(&format!("/api/v1/interviews/{id}/session"), Some(token))
                .await,
            StatusCode::FORBIDDEN,
            "not_your_interview",
        )
        .await;
        expect_error(
            app.post_json(
                &format!("/api/v1/interviews/{id}/events"),
                &json!({"kind": "tab_hidden"}),
                Some(token),
            )
            .await,
            StatusCode::FORBIDDEN,
            "not_your_interview",
        )
        .await;
    }
    expect_error(
        start(&app, candidate.token(), &uuid::Uuid::new_v4().to_string()).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Integrity events: only while the interview runs, recorded, rate-limited, shown in the
    // report for a human to review.
    expect_error(
        app.post_json(
            &format!("/api/v1/interviews/{id}/events"),
            &json!({"kind": "tab_hidden"}),
            Some(candidate.token()),
        )
        .await,
        StatusCode::CONFLICT,
        "interview_not_active",
    )
    .await;
    let session: SessionDto = json(start(&app, candidate.token(), id).await, StatusCode::OK).await;
    for kind in ["tab_hidden", "window_blur", "paste"] {
        let response = app
            .post_json(
                &format!("/api/v1/interviews/{id}/events"),
                &json!({"kind": kind, "at": Utc::now().to_rfc3339(), "detail": "42 characters"}),
                Some(candidate.token()),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{kind}");
    }
    let bad = app
        .post_json(
            &format!("/api/v1/interviews/{id}/events"),
            &json!({"kind": "mind_reading"}),
            Some(candidate.token()),
        )
        .await;
    assert_eq!(
        expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .await
            .field(),
        Some("kind")
    );
    let mut limited = false;
    for _ in 0..40 {
        let response = app
            .post_json(
                &format!("/api/v1/interviews/{id}/events"),
                &json!({"kind": "window_blur"}),
                Some(candidate.token()),
            )
            .await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = true;
            break;
        }
    }
    assert!(limited, "events are rate-limited per interview");
    let report: ReportDto = json(
        app.get(
            &format!("/api/v1/interviews/{id}/report"),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        report
            .integrity_events
            .iter()
            .any(|e| e.kind == "paste" && e.detail.as_deref() == Some("42 characters"))
    );
    assert_eq!(report.evaluation_status, EvaluationStatus::NotStarted);

    // No server speech services configured: clear errors the SPA can act on.
    let turn = session.current_question.unwrap().turn_id;
    expect_error(
        app.get(
            &format!("/api/v1/interviews/{id}/turns/{turn}/audio"),
            Some(candidate.token()),
        )
        .await,
        StatusCode::NOT_IMPLEMENTED,
        "tts_not_configured",
    )
    .await;
    let form = reqwest::multipart::Form::new().part(
        "audio",
        reqwest::multipart::Part::bytes(b"OggS....".to_vec()).file_name("a.ogg"),
    );
    let stt = app
        .request(
            Method::POST,
            &format!("/api/v1/interviews/{id}/transcriptions"),
        )
        .bearer_auth(candidate.token())
        .multipart(form)
        .send()
        .await
        .unwrap();
    expect_error(stt, StatusCode::NOT_IMPLEMENTED, "stt_not_configured").await;
}
backend_test!(
    another_user_gets_403_and_events_are_recorded,
    only_the_candidate_drives_it
);

async fn streamed_answers(app: TestApp) {
    let (_, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    let session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    let turn = session.current_question.unwrap().turn_id;
    let response = app
        .request(Method::POST, &format!("/api/v1/interviews/{id}/answers"))
        .bearer_auth(token)
        .header("Accept", "text/event-stream")
        .json(&json!({"turn_id": turn, "text": answer_text(1), "source": "speech"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let body = response.text().await.unwrap();
    let mut tokens = String::new();
    let mut final_session: Option<SessionDto> = None;
    for block in body.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let event = block
            .lines()
            .find_map(|l| l.strip_prefix("event: "))
            .unwrap();
        let data = block
            .lines()
            .find_map(|l| l.strip_prefix("data: "))
            .unwrap();
        match event {
            "token" => tokens.push_str(
                serde_json::from_str::<Value>(data).unwrap()["text"]
                    .as_str()
                    .unwrap(),
            ),
            "session" => final_session = Some(serde_json::from_str(data).unwrap()),
            other => panic!("unexpected event {other}: {data}"),
        }
    }
    let final_session = final_session.expect("a final session event");
    assert_eq!(
        final_session.current_question.unwrap().text,
        tokens,
        "the streamed text is the question"
    );
    assert_eq!(
        final_session.answered[0].source,
        interview_flow_shared::AnswerSource::Speech
    );
}
backend_test!(answers_can_stream_the_next_question, streamed_answers);

async fn llm_failure_falls_back_to_builtin(app: TestApp) {
    // AI_BASE_URL points at a server that always fails (see the options below).
    let (_, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    let session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    let (asked, finished) = app.play_through(token, id, session, answer_text).await;
    assert_eq!(
        finished.status,
        InterviewStatus::Completed,
        "the interview goes on without the LLM"
    );
    let unique: HashSet<&String> = asked.iter().map(|(_, q)| q).collect();
    assert_eq!(
        unique.len(),
        asked.len(),
        "never a canned-question loop: {asked:#?}"
    );
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interview_turns;
    let (pool, id) = (app.pool.clone(), id.clone());
    let recorded: Vec<(Option<String>, Option<String>)> = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        interview_turns::table
            .filter(interview_turns::interview_id.eq(id))
            .select((interview_turns::provider, interview_turns::fallback_reason))
            .load(&mut *conn)
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        recorded
            .iter()
            .all(|(provider, _)| provider.as_deref() == Some("builtin"))
    );
    assert!(
        recorded
            .iter()
            .any(|(_, reason)| reason.as_deref() == Some("http_500")),
        "{recorded:?}"
    );
}

mod llm_failure {
    use super::*;

    async fn run(backend: interview_flow_tests::Backend) {
        let llm = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .respond_with(wiremock::ResponseTemplate::new(500).set_body_string("model overloaded"))
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
        llm_failure_falls_back_to_builtin(app).await;
    }

    interview_flow_tests::on_both_backends!(run);
}

mod with_llm_and_voice {
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
}

/// Posts one answer from a task of its own, released together with the others by `barrier`.
fn answer_when_released(
    app: &TestApp,
    barrier: &Arc<tokio::sync::Barrier>,
    token: &str,
    id: &str,
    turn_id: &str,
    text: String,
) -> tokio::task::JoinHandle<(StatusCode, Value)> {
    let (http, url, token, barrier) = (
        app.http.clone(),
        app.url(&format!("/api/v1/interviews/{id}/answers")),
        token.to_string(),
        Arc::clone(barrier),
    );
    let body = json!({"turn_id": turn_id, "text": text, "source": "typed"});
    tokio::spawn(async move {
        barrier.wait().await;
        let response = http
            .post(url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json::<Value>().await.unwrap())
    })
}

/// The interview's turns as stored: (seq, answer).
async fn stored_turns(app: &TestApp, id: &str) -> Vec<(i32, Option<String>)> {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interview_turns;
    let (pool, id) = (app.pool.clone(), id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        interview_turns::table
            .filter(interview_turns::interview_id.eq(id))
            .order(interview_turns::seq.asc())
            .select((interview_turns::seq, interview_turns::answer_text))
            .load(&mut *conn)
            .unwrap()
    })
    .await
    .unwrap()
}

/// Two different answers to the current turn at the same moment, round after round: exactly
/// one is stored and moves the interview on, the other is 409 — never a 500, never a skipped
/// question. The same text twice at once is two successes with one stored answer.
async fn concurrent_answers(app: TestApp) {
    let (_, candidate, interview) = interview_open_now(&app, 12).await;
    let (id, token) = (&interview.id, candidate.token());
    let mut session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    let mut stored_answers = Vec::new();
    for round in 0..10 {
        assert_eq!(session.status, InterviewStatus::InProgress, "round {round}");
        let turn = session.current_question.clone().unwrap().turn_id;
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let texts = [answer_text(100 + 2 * round), answer_text(101 + 2 * round)];
        let tasks: Vec<_> = texts
            .iter()
            .map(|text| answer_when_released(&app, &barrier, token, id, &turn, text.clone()))
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.unwrap());
        }
        let statuses: Vec<StatusCode> = outcomes.iter().map(|(s, _)| *s).collect();
        let winner = outcomes
            .iter()
            .position(|(status, _)| *status == StatusCode::OK)
            .unwrap_or_else(|| panic!("round {round}: one answer succeeds: {outcomes:?}"));
        let (loser_status, loser_body) = &outcomes[1 - winner];
        assert_eq!(
            *loser_status,
            StatusCode::CONFLICT,
            "round {round}: {statuses:?} {loser_body}"
        );
        assert_eq!(loser_body["error"]["code"], "turn_already_answered");
        session = serde_json::from_value(outcomes[winner].1.clone()).unwrap();
        let answered = session.answered.last().unwrap();
        assert_eq!(answered.turn_id, turn);
        assert_eq!(
            answered.answer, texts[winner],
            "the successful answer is kept"
        );
        stored_answers.push(texts[winner].clone());
    }
    // The same text twice at once: both succeed, one answer is stored, one next turn.
    let turn = session.current_question.clone().unwrap().turn_id;
    let barrier = Arc::new(tokio::sync::Barrier::new(2));
    let text = answer_text(999);
    let first = answer_when_released(&app, &barrier, token, id, &turn, text.clone());
    let second = answer_when_released(&app, &barrier, token, id, &turn, text.clone());
    let (first, second) = (first.await.unwrap(), second.await.unwrap());
    assert_eq!((first.0, second.0), (StatusCode::OK, StatusCode::OK));
    assert_eq!(
        first.1["current_question"]["turn_id"], second.1["current_question"]["turn_id"],
        "both see the same next turn"
    );
    stored_answers.push(text);
    session = serde_json::from_value(first.1).unwrap();

    // The transcript has every question once, answered once, in order, without gaps.
    let turns = stored_turns(&app, id).await;
    let seqs: Vec<i32> = turns.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(
        seqs,
        (0..i32::try_from(turns.len()).unwrap()).collect::<Vec<_>>()
    );
    let (last, answered) = turns.split_last().unwrap();
    assert!(
        last.1.is_none(),
        "only the newest turn waits for its answer"
    );
    assert_eq!(
        answered
            .iter()
            .map(|(_, a)| a.clone().unwrap())
            .collect::<Vec<_>>(),
        stored_answers
    );
    let questions: HashSet<&String> = session.answered.iter().map(|t| &t.question).collect();
    assert_eq!(questions.len(), session.answered.len(), "no question twice");

    // Only the current turn can be answered: an older turn left without an answer (arranged
    // in the database, the API cannot produce one) is refused with the current turn named.
    let older = session.answered[1].turn_id.clone();
    {
        use diesel::prelude::*;
        use interview_flow_api::db::schema::interview_turns;
        let (pool, older) = (app.pool.clone(), older.clone());
        tokio::task::spawn_blocking(move || {
            diesel::update(interview_turns::table.find(older))
                .set(interview_turns::answer_text.eq(None::<String>))
                .execute(&mut *pool.get().unwrap())
                .unwrap();
        })
        .await
        .unwrap();
    }
    let refused = expect_error(
        answer(&app, token, id, &older, &answer_text(7)).await,
        StatusCode::CONFLICT,
        "not_current_turn",
    )
    .await;
    assert_eq!(
        refused.error.details.unwrap()["current_turn_id"],
        json!(session.current_question.unwrap().turn_id)
    );
}
backend_test!(answer_race_one_answer_per_turn, concurrent_answers);

/// Inserts `count` integrity events from `minutes_ago` (outside the rate-limit window) and
/// counts them, as if the interview had produced them earlier.
async fn seed_events(app: &TestApp, id: &str, count: i32) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::{interview_events, interviews};
    let (pool, id) = (app.pool.clone(), id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        // As the server stores times: microseconds (cursors carry no finer).
        let start = interview_flow_api::db::now() - TimeDelta::minutes(30);
        for n in 0..count {
            diesel::insert_into(interview_events::table)
                .values((
                    interview_events::id.eq(uuid::Uuid::new_v4().to_string()),
                    interview_events::interview_id.eq(&id),
                    interview_events::kind.eq("window_blur"),
                    interview_events::detail.eq(format!("seeded {n}")),
                    // Pairs share a timestamp, so the cursor's id tie-break is exercised.
                    interview_events::created_at
                        .eq(start + TimeDelta::milliseconds(i64::from(n / 2))),
                ))
                .execute(&mut *conn)
                .unwrap();
        }
        diesel::update(interviews::table.find(&id))
            .set(interviews::integrity_events_total.eq(count))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
}

async fn stored_event_count(app: &TestApp, id: &str) -> i64 {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interview_events;
    let (pool, id) = (app.pool.clone(), id.to_string());
    tokio::task::spawn_blocking(move || {
        interview_events::table
            .filter(interview_events::interview_id.eq(id))
            .count()
            .get_result(&mut *pool.get().unwrap())
            .unwrap()
    })
    .await
    .unwrap()
}

/// At most 500 integrity events are stored per interview; later ones are counted (still
/// 204), the report carries the first page and the total, and the rest are paged.
async fn integrity_events_are_capped(app: TestApp) {
    let (recruiter, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    let post_event = |kind: &'static str, at: Option<String>| {
        let body = json!({"kind": kind, "at": at, "detail": "live"});
        let request = app
            .request(Method::POST, &format!("/api/v1/interviews/{id}/events"))
            .bearer_auth(token)
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    expect_error(
        post_event("tab_hidden", None).await,
        StatusCode::CONFLICT,
        "interview_not_active",
    )
    .await;
    json::<SessionDto>(start(&app, token, id).await, StatusCode::OK).await;
    // The browser's time must be a real, current time.
    for at in ["9999-12-31T00:00:00Z", "yesterday"] {
        assert_eq!(
            expect_error(
                post_event("paste", Some(at.into())).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed"
            )
            .await
            .field(),
            Some("at")
        );
    }
    seed_events(&app, id, 499).await;
    for kind in ["paste", "tab_hidden", "window_blur"] {
        assert_eq!(
            post_event(kind, Some(Utc::now().to_rfc3339()))
                .await
                .status(),
            StatusCode::NO_CONTENT,
            "{kind}: beyond the cap still 204, so clients do not retry"
        );
    }
    assert_eq!(
        stored_event_count(&app, id).await,
        500,
        "the 501st and later are not stored"
    );

    let report: ReportDto = json(
        app.get(
            &format!("/api/v1/interviews/{id}/report"),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report.integrity_events_total, 502);
    assert_eq!(report.integrity_events.len(), 100);
    assert!(
        matches!(
            report.integrity_events[0].detail.as_deref(),
            Some("seeded 0" | "seeded 1")
        ),
        "oldest first"
    );
    assert!(report.integrity_events_next_cursor.is_some());

    // The pages walk every stored event once, oldest first.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = format!("/api/v1/interviews/{id}/integrity-events?limit=77");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page: interview_flow_shared::Page<interview_flow_shared::IntegrityFlagDto> = json(
            app.get(&path, Some(recruiter.token())).await,
            StatusCode::OK,
        )
        .await;
        assert!(page.items.len() <= 77);
        seen.extend(page.items.into_iter().map(|e| e.detail.unwrap()));
        pages += 1;
        assert!(pages <= 10, "the pages end");
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 500);
    let seeded: Vec<i64> = seen[..499]
        .iter()
        .map(|d| d.strip_prefix("seeded ").unwrap().parse().unwrap())
        .collect();
    assert_eq!(
        seeded.iter().copied().collect::<HashSet<_>>().len(),
        499,
        "each once"
    );
    assert!(
        seeded.windows(2).all(|w| w[0] / 2 <= w[1] / 2),
        "oldest first: {seeded:?}"
    );
    assert_eq!(seen[499], "live", "the live event comes last");
    // Only the interview's organisation sees them.
    let other = app.register("other@rival.test", Role::Recruiter).await;
    expect_error(
        app.get(
            &format!("/api/v1/interviews/{id}/integrity-events"),
            Some(other.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
backend_test!(integrity_events_cap_and_pages, integrity_events_are_capped);

/// Schedules another interview for the same candidate's application, `minutes` from now.
async fn schedule_for(
    app: &TestApp,
    recruiter: &Session,
    interview: &InterviewDto,
    minutes: i64,
) -> InterviewDto {
    json(
        app.post_json(
            "/api/v1/interviews",
            &json!({"job_id": interview.job.id, "application_id": interview.application_id,
                    "scheduled_at": (Utc::now() + TimeDelta::minutes(minutes)).to_rfc3339()}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

// Starting is allowed only inside the window of a scheduled (or running) interview.
async fn start_rules(app: TestApp) {
    let (recruiter, candidate, open) = interview_open_now(&app, 3).await;
    let token = candidate.token();

    let later = schedule_for(&app, &recruiter, &open, 120).await;
    let error = expect_error(
        start(&app, token, &later.id).await,
        StatusCode::CONFLICT,
        "window_not_open",
    )
    .await;
    assert!(error.error.message.contains("opens at"), "{error:?}");

    let cancelled = schedule_for(&app, &recruiter, &open, 5).await;
    let response = app
        .request(
            Method::POST,
            &format!("/api/v1/interviews/{}/cancel", cancelled.id),
        )
        .bearer_auth(recruiter.token())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    expect_error(
        start(&app, token, &cancelled.id).await,
        StatusCode::CONFLICT,
        "interview_cancelled",
    )
    .await;

    let expired = schedule_for(&app, &recruiter, &open, 5).await;
    {
        use diesel::prelude::*;
        use interview_flow_api::db::schema::interviews;
        let (pool, id) = (app.pool.clone(), expired.id.clone());
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().unwrap();
            diesel::update(interviews::table.find(id))
                .set(interviews::expires_at.eq((Utc::now() - TimeDelta::seconds(1)).naive_utc()))
                .execute(&mut *conn)
                .unwrap();
        })
        .await
        .unwrap();
    }
    expect_error(
        start(&app, token, &expired.id).await,
        StatusCode::CONFLICT,
        "window_closed",
    )
    .await;

    // The open one starts, and starting again resumes the same session.
    let first: SessionDto = json(start(&app, token, &open.id).await, StatusCode::OK).await;
    let again: SessionDto = json(start(&app, token, &open.id).await, StatusCode::OK).await;
    assert_eq!(
        first.current_question.map(|q| q.turn_id),
        again.current_question.map(|q| q.turn_id)
    );
}
backend_test!(session_start_respects_the_window_and_state, start_rules);

// Only the interview's candidate answers; nothing is answered after the end; POST /end.
async fn answer_and_end_rules(app: TestApp) {
    let (recruiter, candidate, interview) = interview_open_now(&app, 3).await;
    let id = &interview.id;
    let token = candidate.token();
    expect_error(
        app.post_json(
            &format!("/api/v1/interviews/{id}/end"),
            &json!({}),
            Some(token),
        )
        .await,
        StatusCode::CONFLICT,
        "interview_not_started",
    )
    .await;
    let session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    let turn = session.current_question.clone().unwrap().turn_id;
    let stranger = app.register("stranger@example.com", Role::Candidate).await;
    for other in [stranger.token(), recruiter.token()] {
        expect_error(
            answer(&app, other, id, &turn, &answer_text(1)).await,
            StatusCode::FORBIDDEN,
            "not_your_interview",
        )
        .await;
        expect_error(
            app.post_json(
                &format!("/api/v1/interviews/{id}/end"),
                &json!({}),
                Some(other),
            )
            .await,
            StatusCode::FORBIDDEN,
            "not_your_interview",
        )
        .await;
    }
    // Nothing of theirs was stored.
    let unchanged: SessionDto = json(
        app.get(&format!("/api/v1/interviews/{id}/session"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        unchanged.current_question.map(|q| q.turn_id),
        Some(turn.clone())
    );

    // Ending early, with the answer being typed: it is kept; the interview is over, unfinished.
    let ended: SessionDto = json(
        app.post_json(
            &format!("/api/v1/interviews/{id}/end"),
            &json!({"final_answer": {"turn_id": turn, "text": "My last words on the subject.", "source": "typed"}}),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ended.status, InterviewStatus::Abandoned);
    let turns = stored_turns(&app, id).await;
    assert!(
        turns
            .iter()
            .any(|(_, text)| text.as_deref() == Some("My last words on the subject.")),
        "{turns:?}"
    );
    // After the end: no answer, no restart; ending again is harmless.
    let late = answer(&app, token, id, &turn, &answer_text(2)).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert_eq!(
        stored_turns(&app, id).await,
        turns,
        "nothing changes after the end"
    );
    expect_error(
        start(&app, token, id).await,
        StatusCode::CONFLICT,
        "interview_completed",
    )
    .await;
    let again: SessionDto = json(
        app.post_json(
            &format!("/api/v1/interviews/{id}/end"),
            &json!({}),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again.status, InterviewStatus::Abandoned);
}
backend_test!(
    answers_and_end_only_by_the_candidate_while_running,
    answer_and_end_rules
);

// Server speech services that fail upstream answer 503 (the SPA falls back to the browser's
// speech and typing), never 500, and nothing broken is cached.
mod speech_services_failing_upstream {
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
}

// Streaming over HTTP with an LLM: tokens relayed as several events (on POST /session and on
// answers), `reset` when the LLM fails mid-question, the first-token timeout falling back to
// the built-in interviewer, and `error` events.
mod llm_streaming_over_http {
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
}

// A report written by the LLM evaluator is stored and served as the LLM wrote it (within the
// caps computed in code).
mod llm_evaluator_report {
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
            ResponseTemplate::new(200).set_body_json(
                json!({"choices": [{"message": {"content": evaluation.to_string()}}]}),
            )
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
}

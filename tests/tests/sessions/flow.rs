//! Whole interviews: start to report, resuming, idempotent answers, streamed answers.

use super::*;

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

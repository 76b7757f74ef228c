//! Who may drive an interview, and what may be answered or ended when.

use super::*;

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
        StatusCode::NOT_FOUND,
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
    expect_error(stt, StatusCode::NOT_FOUND, "stt_not_configured").await;
}
backend_test!(
    another_user_gets_403_and_events_are_recorded,
    only_the_candidate_drives_it
);

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

//! The server's clock: the deadline, abandoned interviews, and the start window.

use super::*;

/// Moves an in-progress interview's clock: as if it started `minutes_ago`.
async fn shift_clock(app: &TestApp, id: &str, deadline_offset: TimeDelta) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interview_sessions;
    let (pool, id) = (app.pool.clone(), id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let deadline = (Utc::now() + deadline_offset).naive_utc();
        diesel::update(interview_sessions::table.find(id))
            .set(interview_sessions::deadline_at.eq(deadline))
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
    // The server's time passes the deadline (beyond the grace period) mid-interview: the
    // clock the services and workers read moves, no row is touched.
    app.clock
        .advance(TimeDelta::minutes(20) + TimeDelta::seconds(30));
    let late = answer(
        &app,
        token,
        id,
        &pending.turn_id,
        "an answer after the time ran out",
    )
    .await;
    // The late answer finishes the interview itself (200), or finds that the server's periodic
    // job got there first (409 interview_completed): either way it ends completed.
    let late: SessionDto = if late.status() == StatusCode::CONFLICT {
        let body: serde_json::Value = late.json().await.unwrap();
        assert_eq!(body["error"]["code"], "interview_completed", "{body}");
        json(
            app.get(&format!("/api/v1/interviews/{id}/session"), Some(token))
                .await,
            StatusCode::OK,
        )
        .await
    } else {
        json(late, StatusCode::OK).await
    };
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

/// An interview keeps the terms it was scheduled on: editing the job afterwards (fewer
/// questions, more time) changes only interviews scheduled later, not the one sent or running.
async fn job_edits_leave_scheduled_interviews_as_they_were(app: TestApp) {
    let (recruiter, candidate, interview) = interview_open_now(&app, 5).await;
    let (id, token) = (&interview.id, candidate.token());
    let job: JobDto = json(
        app.request(Method::PATCH, &format!("/api/v1/jobs/{}", interview.job.id))
            .bearer_auth(recruiter.token())
            .json(&json!({"question_count": 3, "time_limit_minutes": 45}))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!((job.question_count, job.time_limit_minutes), (3, 45));

    let ready = ready_terms(&app, token, id).await;
    assert_eq!(ready, (5, 20), "the interview already sent keeps its terms");
    let session: SessionDto = json(start(&app, token, id).await, StatusCode::OK).await;
    assert_eq!(session.question_count, 5);
    assert_eq!(session.time_limit_seconds, 20 * 60);
    // Asked again mid-interview, after another edit: still the terms it started with.
    app.request(Method::PATCH, &format!("/api/v1/jobs/{}", interview.job.id))
        .bearer_auth(recruiter.token())
        .json(&json!({"question_count": 4}))
        .send()
        .await
        .unwrap();
    let session: SessionDto = json(
        app.get(&format!("/api/v1/interviews/{id}/session"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(session.question_count, 5);

    // An interview scheduled after the edits takes the job's terms as they are now.
    let later: InterviewDto = json(
        app.post_json(
            "/api/v1/interviews",
            &json!({"job_id": interview.job.id, "application_id": interview.application_id,
                "scheduled_at": (Utc::now() + TimeDelta::minutes(5)).to_rfc3339()}),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(ready_terms(&app, token, &later.id).await, (4, 45));
}
backend_test!(
    job_edits_leave_scheduled_interviews,
    job_edits_leave_scheduled_interviews_as_they_were
);

/// (question count, time limit in minutes) as the candidate's ready page shows them.
async fn ready_terms(app: &TestApp, token: &str, id: &str) -> (u32, u32) {
    let ready: interview_flow_shared::InterviewReadyDto = json(
        app.get(&format!("/api/v1/interviews/{id}/ready"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    (ready.question_count, ready.time_limit_minutes)
}

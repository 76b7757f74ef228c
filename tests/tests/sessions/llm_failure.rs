use super::*;

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

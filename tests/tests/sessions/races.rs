//! Concurrent answers to the same turn.

use super::*;

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

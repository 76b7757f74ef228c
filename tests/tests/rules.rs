//! Rules a mutation check found untested: each test here fails with one of the mutants that
//! `cargo mutants` left alive in services/sessions.rs, services/interviews.rs or auth/ (an
//! operator flipped, a bound moved by one, a match arm deleted) and passes on the real code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use interview_flow_shared::{InterviewDto, InterviewStatus, JobDto, Role, SessionDto, TurnKind};
use interview_flow_tests::{Session, TestApp, backend_test, expect_error, json, sql_timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn recruiter_with_job(app: &TestApp) -> (Session, JobDto) {
    app.recruiter_with_job(
        "rec@acme.test",
        json!({
            "title": "Backend Engineer",
            "description": "Design and operate Rust APIs backed by PostgreSQL for our logistics platform.",
            "required_skills": ["Rust", "PostgreSQL"],
            "question_count": 3,
            "time_limit_minutes": 20
        }),
    )
    .await
}

/// A candidate with a proven address and an interview for them that is open now.
/// Returns (candidate, interview).
async fn interview_open_now(app: &TestApp) -> (Session, InterviewDto) {
    let (recruiter, job) = recruiter_with_job(app).await;
    let candidate = app
        .register_verified("alex@example.com", Role::Candidate)
        .await;
    let interview: InterviewDto = json(
        app.post_json(
            "/api/v1/interviews",
            &json!({
                "job_id": job.id,
                "candidate": {"full_name": "Alex Doe", "email": "alex@example.com"},
                "scheduled_at": (Utc::now() + TimeDelta::minutes(5)).to_rfc3339(),
            }),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(interview.candidate.id, candidate.auth.user.id);
    (candidate, interview)
}

async fn start(app: &TestApp, token: &str, id: &str) -> SessionDto {
    json(app.start_session(token, id).await, StatusCode::OK).await
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

async fn get_session(app: &TestApp, token: &str, id: &str) -> SessionDto {
    json(
        app.get(&format!("/api/v1/interviews/{id}/session"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await
}

/// Moves the server's deadline of an interview in progress to `offset` from now.
async fn move_deadline(app: &TestApp, id: &str, offset: TimeDelta) {
    app.execute_sql(format!(
        "UPDATE interview_sessions SET deadline_at = '{}' WHERE interview_id = '{id}'",
        sql_timestamp(Utc::now() + offset)
    ))
    .await;
}

const ANSWER: &str =
    "At Globex I rebuilt the payment API in Rust on PostgreSQL and cut p99 latency by 40%.";

// sessions.rs finish_if_overdue: an answer that arrives just after the deadline, within the
// 10-second grace for network latency, still counts (kills `deadline + GRACE` -> `- GRACE`).
async fn answers_within_the_grace_period_count(app: TestApp) {
    let (candidate, interview) = interview_open_now(&app).await;
    let (id, token) = (&interview.id, candidate.token());
    let session = start(&app, token, id).await;
    let greeting = session.current_question.unwrap();
    move_deadline(&app, id, TimeDelta::seconds(-3)).await;
    let session: SessionDto = json(
        answer(&app, token, id, &greeting.turn_id, ANSWER).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(session.status, InterviewStatus::InProgress);
    assert_eq!(session.answered.len(), 1);
    assert_eq!(session.answered[0].answer, ANSWER);
}
backend_test!(
    an_answer_within_the_grace_period_counts,
    answers_within_the_grace_period_count
);

// sessions.rs finish_if_overdue: time running out after only the greeting was answered
// abandons the interview; "completed" needs an answered main or follow-up question (kills
// `matches!(kind, Main | FollowUp) && answered` -> `||`).
async fn time_up_after_only_the_greeting(app: TestApp) {
    let (candidate, interview) = interview_open_now(&app).await;
    let (id, token) = (&interview.id, candidate.token());
    let session = start(&app, token, id).await;
    let greeting = session.current_question.unwrap();
    assert_eq!(greeting.kind, TurnKind::Greeting);
    let session: SessionDto = json(
        answer(&app, token, id, &greeting.turn_id, ANSWER).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        session.current_question.as_ref().map(|q| q.kind),
        Some(TurnKind::Main)
    );
    move_deadline(&app, id, TimeDelta::seconds(-30)).await;
    let session = get_session(&app, token, id).await;
    assert_eq!(session.status, InterviewStatus::Abandoned);
}
backend_test!(
    time_up_after_only_the_greeting_is_abandoned,
    time_up_after_only_the_greeting
);

// sessions.rs answer: after the candidate ended the interview, answering the question still
// open is refused as finished (409 interview_completed), not as "not started" (kills the
// deleted `Completed | Abandoned` match arm).
async fn answer_after_end(app: TestApp) {
    let (candidate, interview) = interview_open_now(&app).await;
    let (id, token) = (&interview.id, candidate.token());
    let session = start(&app, token, id).await;
    let greeting = session.current_question.unwrap();
    let ended: SessionDto = json(
        app.post_json(
            &format!("/api/v1/interviews/{id}/end"),
            &json!({}),
            Some(token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ended.status, InterviewStatus::Abandoned);
    expect_error(
        answer(&app, token, id, &greeting.turn_id, ANSWER).await,
        StatusCode::CONFLICT,
        "interview_completed",
    )
    .await;
}
backend_test!(
    an_answer_after_the_end_is_refused_as_completed,
    answer_after_end
);

// sessions.rs answer: at most 10,000 characters, and exactly 10,000 are fine (kills
// `> MAX_ANSWER_CHARS` -> `==` and -> `>=`).
async fn answer_length_limit(app: TestApp) {
    let (candidate, interview) = interview_open_now(&app).await;
    let (id, token) = (&interview.id, candidate.token());
    let session = start(&app, token, id).await;
    let greeting = session.current_question.unwrap();
    let too_long = "a".repeat(10_001);
    let error = expect_error(
        answer(&app, token, id, &greeting.turn_id, &too_long).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error.field(), Some("text"));
    let longest = "a".repeat(10_000);
    let session: SessionDto = json(
        answer(&app, token, id, &greeting.turn_id, &longest).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(session.answered[0].answer.chars().count(), 10_000);
}
backend_test!(
    an_answer_of_exactly_the_maximum_length_is_kept,
    answer_length_limit
);

/// `base + offset` as RFC 3339 in whole seconds, written with a +02:00 offset.
fn at(base: DateTime<Utc>, offset: TimeDelta) -> String {
    let zone = FixedOffset::east_opt(2 * 3600).unwrap();
    (base + offset)
        .with_timezone(&zone)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

// interviews.rs Window::parse: the bounds of the link's window, each right at the limit and
// one past it (kills `opens_before_minutes > MAX` and `expires_at > scheduled + 60 days`, each
// -> `==` and -> `>=`).
async fn window_bounds(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app).await;
    let token = recruiter.token();
    let base = Utc::now() + TimeDelta::days(2);
    let body = |extra: Value| {
        let mut body = json!({
            "job_id": job.id,
            "candidate": {"full_name": "Sam Lee", "email": "sam@example.com"},
            "scheduled_at": at(base, TimeDelta::zero()),
        });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let refused = [
        (
            json!({"expires_at": at(base, TimeDelta::zero())}),
            "expires_at",
        ),
        (
            json!({"expires_at": at(base, TimeDelta::days(60) + TimeDelta::seconds(1))}),
            "expires_at",
        ),
        (
            json!({"opens_before_minutes": 24 * 60 + 1}),
            "opens_before_minutes",
        ),
    ];
    for (extra, field) in refused {
        let request = body(extra);
        let error = expect_error(
            app.post_json("/api/v1/interviews", &request, Some(token))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error.field(), Some(field), "{request}");
    }
    let accepted = [
        json!({"expires_at": at(base, TimeDelta::seconds(1))}),
        json!({"expires_at": at(base, TimeDelta::days(60))}),
        json!({"opens_before_minutes": 24 * 60}),
    ];
    for extra in accepted {
        let request = body(extra);
        let interview: InterviewDto = json(
            app.post_json("/api/v1/interviews", &request, Some(token))
                .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(interview.status, InterviewStatus::Scheduled, "{request}");
    }
}
backend_test!(schedule_window_bounds_are_exact, window_bounds);

// auth/jwt.rs issue: an access token lives 15 minutes (exp is iat + 900), as expires_in
// says (kills `now + ACCESS_TOKEN_TTL_SECS` -> `*`, a token that never expires).
async fn access_token_lifetime(app: TestApp) {
    use base64::Engine;
    let session = app.register("lee@example.com", Role::Candidate).await;
    assert_eq!(session.auth.expires_in, 900);
    let payload = session.token().split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900,
        "{claims}"
    );
}
backend_test!(
    access_tokens_expire_after_fifteen_minutes,
    access_token_lifetime
);

// interviews.rs reschedule: the new time keeps the offset the recruiter wrote it in (stored
// in minutes), and the window moves with it: same lead time, same validity after the
// interview (kills `local_minus_utc() / 60` -> `%` and -> `*`).
async fn reschedule_keeps_the_offset(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app).await;
    let token = recruiter.token();
    let base = Utc::now() + TimeDelta::days(2);
    let interview: InterviewDto = json(
        app.post_json(
            "/api/v1/interviews",
            &json!({
                "job_id": job.id,
                "candidate": {"full_name": "Sam Lee", "email": "sam@example.com"},
                "scheduled_at": at(base, TimeDelta::zero()),
            }),
            Some(token),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let india = FixedOffset::east_opt(5 * 3600 + 30 * 60).unwrap();
    let moved_to = (base + TimeDelta::days(1))
        .with_timezone(&india)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let moved: InterviewDto = json(
        app.request(
            reqwest::Method::PATCH,
            &format!("/api/v1/interviews/{}", interview.id),
        )
        .bearer_auth(token)
        .json(&json!({"scheduled_at": moved_to}))
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    let scheduled = DateTime::parse_from_rfc3339(&moved.scheduled_at).unwrap();
    assert_eq!(scheduled.to_rfc3339(), moved_to, "{moved:?}");
    assert_eq!(scheduled.offset().local_minus_utc(), 5 * 3600 + 30 * 60);
    let opens = DateTime::parse_from_rfc3339(&moved.opens_at).unwrap();
    let expires = DateTime::parse_from_rfc3339(&moved.expires_at).unwrap();
    assert_eq!(scheduled - opens, TimeDelta::minutes(15));
    assert_eq!(expires - scheduled, TimeDelta::days(7));
}
backend_test!(
    a_rescheduled_interview_keeps_the_recruiters_offset,
    reschedule_keeps_the_offset
);

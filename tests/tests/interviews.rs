//! Scheduling interviews over HTTP: validation, capability links and their windows, access
//! rules, idempotent creation, and the emails they send through a real SMTP server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, FixedOffset, TimeDelta, Utc};
use interview_flow_shared::{
    AuthResponse, CandidateDashboardDto, EmailStatus, InterviewDto, InterviewReadyDto,
    InterviewStatus, JobDto, Page, RecruiterDashboardDto, Role, WindowState,
};
use interview_flow_tests::smtp::{ReceivedMail, SmtpSink};
use interview_flow_tests::{
    Session, TestApp, TestOptions, backend_test, backend_test_with_smtp, eventually, expect_error,
    json,
};
use mailparse::MailHeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const MAIL_WAIT: Duration = Duration::from_secs(20);

/// An RFC 3339 time `minutes` from now, written with a +02:00 offset like a recruiter in
/// Central Europe would send it.
fn in_minutes(minutes: i64) -> String {
    let offset = FixedOffset::east_opt(2 * 3600).unwrap();
    (Utc::now() + TimeDelta::minutes(minutes))
        .with_timezone(&offset)
        .to_rfc3339()
}

async fn recruiter_with_job(app: &TestApp, email: &str) -> (Session, JobDto) {
    app.recruiter_with_job(email, platform_job()).await
}

fn platform_job() -> serde_json::Value {
    json!({
        "title": "Platform Engineer",
        "description": "Run our Rust services on Kubernetes and keep PostgreSQL healthy.",
        "required_skills": ["Rust", "Kubernetes"],
        "question_count": 5,
        "time_limit_minutes": 20
    })
}

async fn schedule(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/interviews", body, Some(token)).await
}

fn standalone(job: &JobDto, name: &str, email: &str, minutes_ahead: i64) -> Value {
    json!({
        "job_id": job.id,
        "candidate": {"full_name": name, "email": email},
        "scheduled_at": in_minutes(minutes_ahead),
    })
}

async fn scheduled(app: &TestApp, token: &str, body: &Value) -> InterviewDto {
    json(schedule(app, token, body).await, StatusCode::CREATED).await
}

fn header(mail: &ReceivedMail, name: &str) -> String {
    mail.parsed()
        .headers
        .get_first_value(name)
        .unwrap_or_default()
}

async fn link_sign_in(app: &TestApp, token: &str) -> AuthResponse {
    json(
        app.post_json("/api/v1/auth/link", &json!({"token": token}), None)
            .await,
        StatusCode::OK,
    )
    .await
}

async fn get_interview(app: &TestApp, token: &str, id: &str) -> InterviewDto {
    json(
        app.get(&format!("/api/v1/interviews/{id}"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await
}

async fn scheduling_validates_and_links(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app, "rec@acme.test").await;
    let token = recruiter.token();
    let scheduled_at = in_minutes(60 * 24);
    let interview = scheduled(
        &app,
        token,
        &json!({"job_id": job.id, "candidate": {"full_name": "Sam Lee", "email": " Sam.Lee@Example.com "}, "scheduled_at": scheduled_at}),
    )
    .await;
    let id = uuid::Uuid::parse_str(&interview.id).expect("a UUID");
    assert_eq!(id.get_version_num(), 4, "random UUID v4");
    assert_eq!(
        interview.link,
        format!("{}/interview/ready/{}", app.address, interview.id)
    );
    assert_eq!(interview.status, InterviewStatus::Scheduled);
    assert_eq!(interview.email_status, EmailStatus::Queued);
    assert_eq!(interview.candidate.email, "sam.lee@example.com");
    assert_eq!(interview.job.company_name, "Company of rec@acme.test");
    let at = DateTime::parse_from_rfc3339(&interview.scheduled_at).unwrap();
    assert_eq!(
        at.timestamp(),
        DateTime::parse_from_rfc3339(&scheduled_at)
            .unwrap()
            .timestamp()
    );
    assert_eq!(
        at.offset().local_minus_utc(),
        2 * 3600,
        "the recruiter's offset is kept"
    );
    let opens = DateTime::parse_from_rfc3339(&interview.opens_at).unwrap();
    let expires = DateTime::parse_from_rfc3339(&interview.expires_at).unwrap();
    assert_eq!(
        at - opens,
        TimeDelta::minutes(15),
        "opens 15 minutes early by default"
    );
    assert_eq!(expires - at, TimeDelta::days(7), "valid 7 days by default");
    assert_eq!(
        get_interview(&app, token, &interview.id).await.id,
        interview.id
    );

    let cases = [
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": in_minutes(-5)}),
            "scheduled_at",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": "2030-01-01T10:00:00"}),
            "scheduled_at",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": in_minutes(120), "expires_at": in_minutes(60)}),
            "expires_at",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": in_minutes(120), "time_zone": "Mars/Olympus"}),
            "time_zone",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "not-an-email"}, "scheduled_at": in_minutes(120)}),
            "candidate.email",
        ),
        (
            json!({"job_id": job.id, "scheduled_at": in_minutes(120)}),
            "candidate",
        ),
        (
            json!({"job_id": job.id, "application_id": "a", "candidate": {"full_name": "X", "email": "x@example.com"}, "scheduled_at": in_minutes(120)}),
            "candidate",
        ),
        (
            json!({"job_id": job.id, "candidate": {"full_name": "X", "email": "rec@acme.test"}, "scheduled_at": in_minutes(120)}),
            "candidate.email",
        ),
    ];
    for (body, field) in cases {
        let error = expect_error(
            schedule(&app, token, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error.field(), Some(field), "{body}");
    }
    // Unknown and foreign jobs are 404s; candidates cannot schedule.
    expect_error(
        schedule(
            &app,
            token,
            &standalone(
                &JobDto {
                    id: "nope".into(),
                    ..job.clone()
                },
                "X",
                "x@example.com",
                60,
            ),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let (_, foreign_job) = recruiter_with_job(&app, "other@globex.test").await;
    expect_error(
        schedule(
            &app,
            token,
            &standalone(&foreign_job, "X", "x@example.com", 60),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let candidate = app.register("cand@example.com", Role::Candidate).await;
    expect_error(
        schedule(
            &app,
            candidate.token(),
            &standalone(&job, "X", "x@example.com", 60),
        )
        .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
    // Another organisation cannot see the interview.
    let other = app
        .login("other@globex.test", interview_flow_tests::GOOD_PASSWORD)
        .await;
    let other = Session::from_response(other).await;
    expect_error(
        app.get(
            &format!("/api/v1/interviews/{}", interview.id),
            Some(other.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Nothing was half-written by the refused requests.
    let page: Page<InterviewDto> = json(
        app.get("/api/v1/interviews", Some(token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.items.len(), 1);
}
backend_test!(
    scheduling_validates_and_links_work,
    scheduling_validates_and_links
);

async fn idempotent_create(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app, "idem@acme.test").await;
    let body = standalone(&job, "Ida Em", "ida@example.com", 90);
    let send = |body: Value, key: &'static str| {
        app.request(Method::POST, "/api/v1/interviews")
            .bearer_auth(recruiter.token())
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = send(body.clone(), "key-123").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: InterviewDto = first.json().await.unwrap();
    let retry = send(body.clone(), "key-123").await.unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(
        retry
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.to_str().unwrap()),
        Some("true")
    );
    let retry: InterviewDto = retry.json().await.unwrap();
    assert_eq!(
        retry.id, first.id,
        "a retried create returns the first interview"
    );
    let mut changed = body.clone();
    changed["candidate"]["full_name"] = json!("Someone Else");
    let error = expect_error(
        send(changed, "key-123").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error.field(), Some("Idempotency-Key"));
    // A different key is a different request.
    let second: InterviewDto =
        json(send(body, "key-456").await.unwrap(), StatusCode::CREATED).await;
    assert_ne!(second.id, first.id);
    let page: Page<InterviewDto> = json(
        app.get("/api/v1/interviews", Some(recruiter.token())).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.items.len(), 2);
}
backend_test!(
    idempotent_create_returns_the_first_result,
    idempotent_create
);

async fn window_states_and_access(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app, "win@acme.test").await;
    let token = recruiter.token();
    // Not open yet: an hour ahead, opening 15 minutes before.
    let later = scheduled(
        &app,
        token,
        &standalone(&job, "New Person", "new.person@example.com", 60),
    )
    .await;
    let mails = smtp.wait_for(1, MAIL_WAIT).await;
    let signed_in = link_sign_in(&app, &mails[0].link_token().unwrap()).await;
    assert_eq!(signed_in.interview_id.as_deref(), Some(later.id.as_str()));
    assert_eq!(signed_in.user.email, "new.person@example.com");
    assert!(
        !signed_in.user.has_password,
        "an invited candidate has no password yet"
    );
    let candidate_token = signed_in.access_token.clone();
    let ready: InterviewReadyDto = json(
        app.get(
            &format!("/api/v1/interviews/{}/ready", later.id),
            Some(&candidate_token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ready.window.state, WindowState::NotOpenYet);
    assert!(
        (44 * 60..=45 * 60).contains(&ready.window.seconds_until_open),
        "{}",
        ready.window.seconds_until_open
    );
    assert_eq!(ready.job.title, "Platform Engineer");
    assert_eq!(ready.company.name, "Company of win@acme.test");
    assert_eq!((ready.question_count, ready.time_limit_minutes), (5, 20));
    assert_eq!(ready.status, InterviewStatus::Scheduled);

    // Only that candidate: another signed-in user gets 403, an unknown id 404, nobody 401.
    let stranger = app.register("stranger@example.com", Role::Candidate).await;
    let error = expect_error(
        app.get(
            &format!("/api/v1/interviews/{}/ready", later.id),
            Some(stranger.token()),
        )
        .await,
        StatusCode::FORBIDDEN,
        "not_your_interview",
    )
    .await;
    assert!(error.error.message.contains("another candidate"));
    expect_error(
        app.get(
            &format!("/api/v1/interviews/{}/ready", later.id),
            Some(token),
        )
        .await,
        StatusCode::FORBIDDEN,
        "not_your_interview",
    )
    .await;
    expect_error(
        app.get(
            &format!("/api/v1/interviews/{}/ready", uuid::Uuid::new_v4()),
            Some(stranger.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The emailed link's session opens that interview only.
    expect_error(
        app.get(
            &format!("/api/v1/interviews/{}/ready", uuid::Uuid::new_v4()),
            Some(&candidate_token),
        )
        .await,
        StatusCode::FORBIDDEN,
        "link_session",
    )
    .await;
    expect_error(
        app.get(&format!("/api/v1/interviews/{}/ready", later.id), None)
            .await,
        StatusCode::UNAUTHORIZED,
        "not_signed_in",
    )
    .await;

    // Open now; then cancelled: a state, and the emailed token stops working.
    let soon = scheduled(
        &app,
        token,
        &standalone(&job, "New Person", "NEW.PERSON@example.com", 5),
    )
    .await;
    assert_eq!(
        soon.candidate.id, later.candidate.id,
        "matched to the same account in any letter case"
    );
    let mails = smtp.wait_for(2, MAIL_WAIT).await;
    let soon_token = mails[1].link_token().unwrap();
    let soon_session = link_sign_in(&app, &soon_token).await.access_token;
    let ready: InterviewReadyDto = json(
        app.get(
            &format!("/api/v1/interviews/{}/ready", soon.id),
            Some(&soon_session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ready.window.state, WindowState::Open);
    let cancelled: InterviewDto = json(
        app.request(
            Method::POST,
            &format!("/api/v1/interviews/{}/cancel", soon.id),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled.status, InterviewStatus::Cancelled);
    let ready: InterviewReadyDto = json(
        app.get(
            &format!("/api/v1/interviews/{}/ready", soon.id),
            Some(&soon_session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ready.status, InterviewStatus::Cancelled);
    expect_error(
        app.post_json("/api/v1/auth/link", &json!({"token": soon_token}), None)
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    expect_error(
        app.request(
            Method::POST,
            &format!("/api/v1/interviews/{}/cancel", soon.id),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap(),
        StatusCode::CONFLICT,
        "interview_not_scheduled",
    )
    .await;
    expect_error(
        app.request(
            Method::POST,
            &format!("/api/v1/interviews/{}/resend", soon.id),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap(),
        StatusCode::CONFLICT,
        "interview_not_scheduled",
    )
    .await;

    // Expired: its window closes (moved in the database rather than waited for).
    let brief = scheduled(
        &app,
        token,
        &standalone(&job, "New Person", "new.person@example.com", 5),
    )
    .await;
    let mails = smtp.wait_for(4, MAIL_WAIT).await;
    let brief_mail = mails
        .iter()
        .find(|m| m.body("text/plain").contains(&brief.id))
        .expect("the invitation of the third interview");
    let brief_session = link_sign_in(&app, &brief_mail.link_token().unwrap())
        .await
        .access_token;
    close_window(&app, &brief.id).await;
    let ready: InterviewReadyDto = json(
        app.get(
            &format!("/api/v1/interviews/{}/ready", brief.id),
            Some(&brief_session),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ready.window.state, WindowState::Expired);
    assert_eq!(ready.status, InterviewStatus::Expired);

    // The candidate's dashboard lists every interview with its full link; it needs a full
    // session, which the candidate gets by setting a password through an emailed link.
    expect_error(
        app.get("/api/v1/dashboard/candidate", Some(&candidate_token))
            .await,
        StatusCode::FORBIDDEN,
        "link_session",
    )
    .await;
    let reset = app
        .post_json(
            "/api/v1/auth/password-reset",
            &json!({"email": "new.person@example.com"}),
            None,
        )
        .await;
    assert_eq!(reset.status(), StatusCode::ACCEPTED);
    let reset_token = smtp
        .wait_for_mail(
            "new.person@example.com",
            "Set your Interview Flow password",
            MAIL_WAIT,
        )
        .await
        .link_token()
        .unwrap();
    let full: AuthResponse = json(
        app.post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": reset_token, "new_password": "a brand new passphrase"}),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let dashboard: CandidateDashboardDto = json(
        app.get("/api/v1/dashboard/candidate", Some(&full.access_token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(dashboard.interviews.len(), 3);
    for item in &dashboard.interviews {
        assert_eq!(
            item.link,
            format!("{}/interview/ready/{}", app.address, item.id)
        );
    }
}
backend_test_with_smtp!(window_states_and_access_rules, window_states_and_access);

async fn existing_account_sees_interview(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app, "dash@acme.test").await;
    let pat = app
        .register_verified("Pat@Example.com", Role::Candidate)
        .await;
    let interview = scheduled(
        &app,
        recruiter.token(),
        &standalone(&job, "Pat", "PAT@example.COM", 10),
    )
    .await;
    assert_eq!(interview.candidate.id, pat.auth.user.id);
    let dashboard: CandidateDashboardDto = json(
        app.get("/api/v1/dashboard/candidate", Some(pat.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(dashboard.interviews.len(), 1);
    let card = &dashboard.interviews[0];
    assert_eq!(card.link, interview.link);
    assert_eq!(
        (card.job_title.as_str(), card.company_name.as_str()),
        ("Platform Engineer", "Company of dash@acme.test")
    );
    assert_eq!(card.window, WindowState::Open);
    let recruiter_view: RecruiterDashboardDto = json(
        app.get("/api/v1/dashboard/recruiter", Some(recruiter.token()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(recruiter_view.upcoming.len(), 1);
    assert_eq!(recruiter_view.upcoming[0].id, interview.id);
    assert_eq!(recruiter_view.jobs.len(), 1);
    assert_eq!(recruiter_view.jobs[0].interviews_count, 1);
    expect_error(
        app.get("/api/v1/dashboard/recruiter", Some(pat.token()))
            .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;
}
backend_test!(
    existing_candidate_account_sees_the_interview,
    existing_account_sees_interview
);

async fn emails_are_branded_with_calendar_invites(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app, "mail@acme.test").await;
    let token = recruiter.token();
    let patch = app
        .request(Method::PATCH, "/api/v1/organization")
        .bearer_auth(token)
        .json(&json!({"name": "Acme Robotics", "brand_color": "#0f766e"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patch.status(), StatusCode::OK);
    // 4 March next year, 15:30 in Berlin (winter time, +01:00): within the 2-year bound.
    let year = Utc::now().year() + 1;
    let day = chrono::NaiveDate::from_ymd_opt(year, 3, 4).unwrap();
    let moved_to = format!("{year}-03-05T09:00:00+01:00");
    let body = json!({
        "job_id": job.id,
        "candidate": {"full_name": "Jo Smith", "email": "jo@example.com"},
        "scheduled_at": format!("{year}-03-04T15:30:00+01:00"),
        "time_zone": "Europe/Berlin"
    });
    let started = Instant::now();
    let interview = scheduled(&app, token, &body).await;
    // The SMTP server answers only after SLOW_SMTP: an API that sent the email in the
    // request would take at least that long.
    assert!(
        started.elapsed() < SLOW_SMTP / 3,
        "scheduling does not wait for SMTP ({:?})",
        started.elapsed()
    );
    let mail = smtp.wait_for(1, MAIL_WAIT).await.remove(0);
    assert_eq!(mail.to, vec!["jo@example.com".to_string()]);
    assert_eq!(mail.from, "hiring@acme.test");
    let subject = header(&mail, "Subject");
    assert!(
        subject.contains("Platform Engineer") && subject.contains("Acme Robotics"),
        "{subject}"
    );
    assert_eq!(header(&mail, "Reply-To"), "mail@acme.test");
    let parsed = mail.parsed();
    assert_eq!(parsed.ctype.mimetype, "multipart/mixed");
    let text = mail.body("text/plain");
    let html = mail.body("text/html");
    let ics = mail.body("text/calendar");
    // The link, as text and as a button, with the sign-in token for a candidate without a password.
    let link = format!("{}/interview/ready/{}#token=", app.address, interview.id);
    assert!(
        text.lines().any(|line| line.trim().starts_with(&link)),
        "text part has the link on its own line:\n{text}"
    );
    assert!(
        html.matches(&link).count() >= 2,
        "button and text link in the HTML"
    );
    assert!(html.contains("#0f766e"), "brand colour");
    assert!(
        html.contains("Acme Robotics")
            && html.contains("Platform Engineer")
            && html.contains("Jo Smith")
    );
    for needle in [
        &day.format("%A %-d %B %Y").to_string(),
        "15:30",
        "Europe/Berlin",
    ] {
        assert!(text.contains(needle), "{needle} in:\n{text}");
    }
    assert!(text.contains("5 questions"), "{text}");
    // The calendar invite.
    let unfolded = ics.replace("\r\n ", "").replace("\n ", "");
    for needle in [
        "METHOD:REQUEST".to_string(),
        format!("UID:{}@interviewflow", interview.id),
        "SEQUENCE:0".to_string(),
        format!("DTSTART:{year}0304T143000Z"),
        format!("DTEND:{year}0304T145000Z"),
        "STATUS:CONFIRMED".to_string(),
        "mailto:jo@example.com".to_string(),
        "ORGANIZER;CN=Acme Robotics:mailto:hiring@acme.test".to_string(),
    ] {
        assert!(unfolded.contains(&needle), "{needle} in:\n{unfolded}");
    }
    // The token signs the candidate in for that interview.
    let signed_in = link_sign_in(&app, &mail.link_token().unwrap()).await;
    assert_eq!(
        signed_in.interview_id.as_deref(),
        Some(interview.id.as_str())
    );
    // Delivery is recorded.
    eventually(
        "email_status becomes sent",
        Duration::from_secs(5),
        || async {
            let current = get_interview(&app, token, &interview.id).await;
            (current.email_status == EmailStatus::Sent).then_some(())
        },
    )
    .await;

    // Reschedule: a new invite with the next SEQUENCE; cancel: METHOD:CANCEL.
    let moved: InterviewDto = json(
        app.request(
            Method::PATCH,
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
    assert_eq!(
        DateTime::parse_from_rfc3339(&moved.scheduled_at).unwrap(),
        DateTime::parse_from_rfc3339(&moved_to).unwrap()
    );
    let mails = smtp.wait_for(2, MAIL_WAIT).await;
    let rescheduled = &mails[1];
    assert!(
        header(rescheduled, "Subject").starts_with("New time"),
        "{}",
        header(rescheduled, "Subject")
    );
    let ics = rescheduled.body("text/calendar").replace("\r\n ", "");
    assert!(
        ics.contains("SEQUENCE:1") && ics.contains(&format!("DTSTART:{year}0305T080000Z")),
        "{ics}"
    );
    assert!(ics.contains(&format!("UID:{}@interviewflow", interview.id)));
    let resent: InterviewDto = json(
        app.request(
            Method::POST,
            &format!("/api/v1/interviews/{}/resend", interview.id),
        )
        .bearer_auth(token)
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(resent.id, interview.id);
    smtp.wait_for(3, MAIL_WAIT).await;
    app.request(
        Method::POST,
        &format!("/api/v1/interviews/{}/cancel", interview.id),
    )
    .bearer_auth(token)
    .send()
    .await
    .unwrap();
    let mails = smtp.wait_for(4, MAIL_WAIT).await;
    let cancel = &mails[3];
    assert!(
        header(cancel, "Subject").starts_with("Cancelled"),
        "{}",
        header(cancel, "Subject")
    );
    let ics = cancel.body("text/calendar").replace("\r\n ", "");
    assert!(
        ics.contains("METHOD:CANCEL")
            && ics.contains("STATUS:CANCELLED")
            && ics.contains("SEQUENCE:2"),
        "{ics}"
    );
    assert!(
        !cancel.body("text/plain").contains("#token="),
        "a cancellation carries no sign-in link"
    );
}
/// The SMTP server takes this long to accept each message.
const SLOW_SMTP: Duration = Duration::from_secs(3);
backend_test_with_smtp!(
    emails_are_branded_with_calendar_invites_over_smtp,
    emails_are_branded_with_calendar_invites,
    SLOW_SMTP
);

async fn smtp_outage_loses_nothing(app: TestApp, mut smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app, "outage@acme.test").await;
    smtp.stop();
    let started = Instant::now();
    let interview = scheduled(
        &app,
        recruiter.token(),
        &standalone(&job, "Out Age", "outage@example.com", 120),
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "scheduling answers at once while SMTP is down"
    );
    // The failure is recorded while it keeps retrying.
    let failed = eventually(
        "the failed attempt is recorded",
        Duration::from_secs(10),
        || async {
            let current = get_interview(&app, recruiter.token(), &interview.id).await;
            current.email_error.is_some().then_some(current)
        },
    )
    .await;
    assert_eq!(failed.email_status, EmailStatus::Queued, "still retrying");
    // (The recruiter's verification email may have gone out before the outage.)
    assert!(
        smtp.messages().is_empty(),
        "no invitation accepted while down"
    );
    smtp.restart();
    let mails = smtp.wait_for(1, Duration::from_secs(30)).await;
    assert!(mails[0].body("text/plain").contains(&interview.id));
    let current = eventually(
        "the status becomes sent",
        Duration::from_secs(5),
        || async {
            let current = get_interview(&app, recruiter.token(), &interview.id).await;
            (current.email_status == EmailStatus::Sent).then_some(current)
        },
    )
    .await;
    assert_eq!(current.email_error, None);
    app.settled("email").await;
    assert_eq!(smtp.messages().len(), 1, "delivered once");
}
backend_test_with_smtp!(
    smtp_outage_then_recovery_delivers,
    smtp_outage_loses_nothing
);

async fn two_workers_deliver_once(app: TestApp, smtp: SmtpSink) {
    let sibling = app.spawn_sibling(TestOptions::with_smtp(&smtp.url())).await;
    let (recruiter, job) = recruiter_with_job(&app, "twin@acme.test").await;
    const COUNT: usize = 10;
    let mut ids = Vec::new();
    for i in 0..COUNT {
        let node = if i % 2 == 0 { &app } else { &sibling };
        let interview = scheduled(
            node,
            recruiter.token(),
            &standalone(&job, "Twin", &format!("twin{i}@example.com"), 120),
        )
        .await;
        ids.push(interview.id);
    }
    smtp.wait_for(COUNT, MAIL_WAIT).await;
    app.settled("email").await;
    sibling.settled("email").await;
    let mails = smtp.messages();
    assert_eq!(
        mails.len(),
        COUNT,
        "each message exactly once across both workers"
    );
    let mut message_ids: Vec<String> = mails.iter().map(|m| header(m, "Message-ID")).collect();
    message_ids.sort();
    message_ids.dedup();
    assert_eq!(message_ids.len(), COUNT);
    let mut recipients: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), COUNT);
}
backend_test_with_smtp!(
    two_workers_on_one_database_deliver_each_message_once,
    two_workers_deliver_once
);

async fn file_outbox_without_smtp(app: TestApp) {
    let (recruiter, job) = recruiter_with_job(&app, "file@acme.test").await;
    let interview = scheduled(
        &app,
        recruiter.token(),
        &standalone(&job, "File Box", "file@example.com", 60),
    )
    .await;
    // The recruiter's verification email lands there too; take the invitation.
    let mail = eventually(
        "an .eml lands in DATA_DIR/outbox",
        Duration::from_secs(15),
        || async {
            app.outbox_mails()
                .into_iter()
                .find(|m| m.is_about_an_interview())
        },
    )
    .await;
    assert!(
        mail.body("text/plain")
            .contains(&format!("/interview/ready/{}#token=", interview.id))
    );
    assert!(mail.body("text/calendar").contains("METHOD:REQUEST"));
}
backend_test!(
    file_outbox_when_no_smtp_is_configured,
    file_outbox_without_smtp,
    TestOptions {
        extra: vec![("EMAIL_POLL_INTERVAL_MS", "100".into())],
        ..Default::default()
    }
);

/// Closes an interview's window (and its links') a second ago, as if it had run out.
async fn close_window(app: &TestApp, id: &str) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::{interview_access_tokens, interviews};
    let pool = app.pool.clone();
    let id = id.to_string();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let past = (Utc::now() - TimeDelta::seconds(1)).naive_utc();
        diesel::update(interviews::table.find(&id))
            .set(interviews::expires_at.eq(past))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(
            interview_access_tokens::table.filter(interview_access_tokens::interview_id.eq(&id)),
        )
        .set(interview_access_tokens::expires_at.eq(past))
        .execute(&mut *conn)
        .unwrap();
    })
    .await
    .unwrap();
}

/// Moves an interview's creation back in time, as if it had been scheduled days ago.
async fn backdate(app: &TestApp, id: &str) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interviews;
    let pool = app.pool.clone();
    let id = id.to_string();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let past = (Utc::now() - TimeDelta::days(3)).naive_utc();
        diesel::update(interviews::table.find(id))
            .set((
                interviews::created_at.eq(past),
                interviews::updated_at.eq(past),
            ))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
}

async fn reminders_are_sent_once(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app, "remind@acme.test").await;
    let in_half_hour = scheduled(
        &app,
        recruiter.token(),
        &standalone(&job, "Rem One", "one@example.com", 30),
    )
    .await;
    let in_five_hours = scheduled(
        &app,
        recruiter.token(),
        &standalone(&job, "Rem Two", "two@example.com", 300),
    )
    .await;
    smtp.wait_for(2, MAIL_WAIT).await;
    // Freshly scheduled interviews get no reminder: the invitation is recent enough.
    app.settled("email").await;
    assert_eq!(smtp.messages().len(), 2);
    backdate(&app, &in_half_hour.id).await;
    backdate(&app, &in_five_hours.id).await;
    smtp.wait_for(4, MAIL_WAIT).await;
    app.settled("email").await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 4, "each reminder once");
    let subjects: Vec<(String, Vec<String>)> = mails[2..]
        .iter()
        .map(|m| (header(m, "Subject"), m.to.clone()))
        .collect();
    assert!(
        subjects
            .iter()
            .any(|(s, to)| s.starts_with("In one hour")
                && to == &vec!["one@example.com".to_string()]),
        "{subjects:?}"
    );
    assert!(
        subjects
            .iter()
            .any(|(s, to)| s.starts_with("Tomorrow") && to == &vec!["two@example.com".to_string()]),
        "{subjects:?}"
    );
}
backend_test_with_smtp!(reminders_go_out_once, reminders_are_sent_once);

/// Sets an interview's time directly, keeping it otherwise as it was.
async fn move_to(app: &TestApp, id: &str, scheduled_at: DateTime<Utc>) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interviews;
    let pool = app.pool.clone();
    let id = id.to_string();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        diesel::update(interviews::table.find(id))
            .set((
                interviews::scheduled_at.eq(scheduled_at.naive_utc()),
                interviews::opens_at.eq((scheduled_at - TimeDelta::minutes(15)).naive_utc()),
            ))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
}

/// The subjects of every interview email so far, in order.
fn subjects(smtp: &SmtpSink) -> Vec<String> {
    smtp.messages()
        .iter()
        .map(|m| header(m, "Subject"))
        .collect()
}

// The 1-hour reminder follows the 24-hour one; a reschedule re-arms both.
async fn reminders_follow_each_other_and_rearm(app: TestApp, smtp: SmtpSink) {
    let (recruiter, job) = recruiter_with_job(&app, "rearm@acme.test").await;
    let interview = scheduled(
        &app,
        recruiter.token(),
        &standalone(&job, "Re Arm", "rearm@example.com", 20 * 60),
    )
    .await;
    smtp.wait_for(1, MAIL_WAIT).await;
    backdate(&app, &interview.id).await;
    smtp.wait_for(2, MAIL_WAIT).await;
    assert!(
        subjects(&smtp)[1].starts_with("Tomorrow"),
        "{:?}",
        subjects(&smtp)
    );

    // The day goes by: within the hour, the 1-hour reminder still goes out.
    move_to(&app, &interview.id, Utc::now() + TimeDelta::minutes(30)).await;
    smtp.wait_for(3, MAIL_WAIT).await;
    assert!(
        subjects(&smtp)[2].starts_with("In one hour"),
        "{:?}",
        subjects(&smtp)
    );

    // Moved to tomorrow: a new-time email, and the 24-hour reminder again in due course.
    let moved = app
        .request(
            Method::PATCH,
            &format!("/api/v1/interviews/{}", interview.id),
        )
        .bearer_auth(recruiter.token())
        .json(&json!({"scheduled_at": in_minutes(20 * 60)}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), StatusCode::OK);
    smtp.wait_for(4, MAIL_WAIT).await;
    assert!(
        subjects(&smtp)[3].starts_with("New time"),
        "{:?}",
        subjects(&smtp)
    );
    backdate(&app, &interview.id).await;
    smtp.wait_for(5, MAIL_WAIT).await;
    assert!(
        subjects(&smtp)[4].starts_with("Tomorrow"),
        "{:?}",
        subjects(&smtp)
    );
}
backend_test_with_smtp!(
    reminders_rearm_after_reschedule,
    reminders_follow_each_other_and_rearm
);

//! The window of an interview and who may see it.

use super::*;

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

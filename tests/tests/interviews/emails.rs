//! Interview emails: branding, calendar invites, SMTP outages, several workers, the file outbox.

use super::*;

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
        "time_zone": "Europe/Berlin",
        "note": "Bring your portfolio & questions <3"
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
    assert!(text.contains("5 main questions with follow-ups"), "{text}");
    // The recruiter's note ("Included in the invitation email", says the form), in both parts.
    assert!(
        text.contains("Bring your portfolio & questions <3"),
        "{text}"
    );
    assert!(
        html.contains("Bring your portfolio &amp; questions &lt;3"),
        "escaped note in the HTML"
    );
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

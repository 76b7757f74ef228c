//! Reminders: sent once, in order, re-armed by a reschedule.

use super::*;

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

use super::*;

// 6. The pipeline.

async fn application_pipeline(app: TestApp) {
    let recruiter = app.register("rita@acme.example", Role::Recruiter).await;
    let other = app.register("otto@other.example", Role::Recruiter).await;
    let job = create_job(&app, &recruiter, job_body("Rust Engineer", json!({}))).await;
    let jane = app.register("jane@example.com", Role::Candidate).await;
    let sam = app.register("sam@example.com", Role::Candidate).await;
    let janes = apply_ok(&app, &job.id, &jane).await;
    let sams = apply_ok(&app, &job.id, &sam).await;
    let janes_path = format!("/api/v1/applications/{}", janes.id);

    expect_error(
        patch(
            &app,
            &janes_path,
            json!({"status": "screening"}),
            other.token(),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        patch(
            &app,
            &janes_path,
            json!({"status": "screening"}),
            jane.token(),
        )
        .await,
        StatusCode::FORBIDDEN,
        "wrong_role",
    )
    .await;

    for (status, expected) in [
        ("screening", ApplicationStatus::Screening),
        ("interview", ApplicationStatus::Interview),
        ("offer", ApplicationStatus::Offer),
    ] {
        let moved: ApplicationDto = json(
            patch(
                &app,
                &janes_path,
                json!({"status": status}),
                recruiter.token(),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(moved.status, expected);
        assert_eq!(moved.id, janes.id);
    }
    let message = expect_field(
        patch(
            &app,
            &janes_path,
            json!({"status": "applied"}),
            recruiter.token(),
        )
        .await,
        "status",
    )
    .await;
    assert!(message.contains("offer"), "{message}");

    let sams_path = format!("/api/v1/applications/{}", sams.id);
    let screened: ApplicationDto = json(
        patch(
            &app,
            &sams_path,
            json!({"status": "screening"}),
            recruiter.token(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(screened.status, ApplicationStatus::Screening);
    let rejected: ApplicationDto = json(
        patch(
            &app,
            &sams_path,
            json!({"status": "rejected"}),
            recruiter.token(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rejected.status, ApplicationStatus::Rejected);
    // Rejected is final.
    expect_field(
        patch(
            &app,
            &sams_path,
            json!({"status": "screening"}),
            recruiter.token(),
        )
        .await,
        "status",
    )
    .await;

    // The stored statuses are what the recruiter's list shows.
    let listed = app.applications_for_job(recruiter.token(), &job.id).await;
    let status_of = |id: &str| {
        listed
            .items
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.status)
            .unwrap()
    };
    assert_eq!(status_of(&janes.id), ApplicationStatus::Offer);
    assert_eq!(status_of(&sams.id), ApplicationStatus::Rejected);
}
backend_test!(pipeline, application_pipeline);

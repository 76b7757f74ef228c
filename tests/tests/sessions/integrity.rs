//! Integrity events: the per-interview cap, the report and paging.

use super::*;

/// Inserts `count` integrity events from `minutes_ago` (outside the rate-limit window) and
/// counts them, as if the interview had produced them earlier.
async fn seed_events(app: &TestApp, id: &str, count: i32) {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::{interview_events, interview_sessions};
    let (pool, id) = (app.pool.clone(), id.to_string());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        // As the server stores times: microseconds (cursors carry no finer).
        let start = interview_flow_api::db::now() - TimeDelta::minutes(30);
        for n in 0..count {
            diesel::insert_into(interview_events::table)
                .values((
                    interview_events::id.eq(uuid::Uuid::new_v4().to_string()),
                    interview_events::interview_id.eq(&id),
                    interview_events::kind.eq("window_blur"),
                    interview_events::detail.eq(format!("seeded {n}")),
                    // Pairs share a timestamp, so the cursor's id tie-break is exercised.
                    interview_events::created_at
                        .eq(start + TimeDelta::milliseconds(i64::from(n / 2))),
                ))
                .execute(&mut *conn)
                .unwrap();
        }
        diesel::update(interview_sessions::table.find(&id))
            .set(interview_sessions::integrity_events_total.eq(count))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
}

async fn stored_event_count(app: &TestApp, id: &str) -> i64 {
    use diesel::prelude::*;
    use interview_flow_api::db::schema::interview_events;
    let (pool, id) = (app.pool.clone(), id.to_string());
    tokio::task::spawn_blocking(move || {
        interview_events::table
            .filter(interview_events::interview_id.eq(id))
            .count()
            .get_result(&mut *pool.get().unwrap())
            .unwrap()
    })
    .await
    .unwrap()
}

/// At most 500 integrity events are stored per interview; later ones are counted (still
/// 204), the report carries the first page and the total, and the rest are paged.
async fn integrity_events_are_capped(app: TestApp) {
    let (recruiter, candidate, interview) = interview_open_now(&app, 3).await;
    let (id, token) = (&interview.id, candidate.token());
    let post_event = |kind: &'static str, at: Option<String>| {
        let body = json!({"kind": kind, "at": at, "detail": "live"});
        let request = app
            .request(Method::POST, &format!("/api/v1/interviews/{id}/events"))
            .bearer_auth(token)
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    expect_error(
        post_event("tab_hidden", None).await,
        StatusCode::CONFLICT,
        "interview_not_active",
    )
    .await;
    json::<SessionDto>(start(&app, token, id).await, StatusCode::OK).await;
    // The browser's time must be a real, current time.
    for at in ["9999-12-31T00:00:00Z", "yesterday"] {
        assert_eq!(
            expect_error(
                post_event("paste", Some(at.into())).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed"
            )
            .await
            .field(),
            Some("at")
        );
    }
    seed_events(&app, id, 499).await;
    for kind in ["paste", "tab_hidden", "window_blur"] {
        assert_eq!(
            post_event(kind, Some(Utc::now().to_rfc3339()))
                .await
                .status(),
            StatusCode::NO_CONTENT,
            "{kind}: beyond the cap still 204, so clients do not retry"
        );
    }
    assert_eq!(
        stored_event_count(&app, id).await,
        500,
        "the 501st and later are not stored"
    );

    let report: ReportDto = json(
        app.get(
            &format!("/api/v1/interviews/{id}/report"),
            Some(recruiter.token()),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report.integrity_events_total, 502);
    assert_eq!(report.integrity_events.len(), 100);
    assert!(
        matches!(
            report.integrity_events[0].detail.as_deref(),
            Some("seeded 0" | "seeded 1")
        ),
        "oldest first"
    );
    assert!(report.integrity_events_next_cursor.is_some());

    // The pages walk every stored event once, oldest first.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = format!("/api/v1/interviews/{id}/integrity-events?limit=77");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page: interview_flow_shared::Page<interview_flow_shared::IntegrityFlagDto> = json(
            app.get(&path, Some(recruiter.token())).await,
            StatusCode::OK,
        )
        .await;
        assert!(page.items.len() <= 77);
        seen.extend(page.items.into_iter().map(|e| e.detail.unwrap()));
        pages += 1;
        assert!(pages <= 10, "the pages end");
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 500);
    let seeded: Vec<i64> = seen[..499]
        .iter()
        .map(|d| d.strip_prefix("seeded ").unwrap().parse().unwrap())
        .collect();
    assert_eq!(
        seeded.iter().copied().collect::<HashSet<_>>().len(),
        499,
        "each once"
    );
    assert!(
        seeded.windows(2).all(|w| w[0] / 2 <= w[1] / 2),
        "oldest first: {seeded:?}"
    );
    assert_eq!(seen[499], "live", "the live event comes last");
    // Only the interview's organisation sees them.
    let other = app.register("other@rival.test", Role::Recruiter).await;
    expect_error(
        app.get(
            &format!("/api/v1/interviews/{id}/integrity-events"),
            Some(other.token()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
backend_test!(integrity_events_cap_and_pages, integrity_events_are_capped);

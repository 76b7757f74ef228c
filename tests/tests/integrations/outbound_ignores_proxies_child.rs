use super::*;

fn options() -> TestOptions {
    TestOptions {
        extra: vec![
            ("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true".into()),
            ("EMAIL_POLL_INTERVAL_MS", "100".into()),
        ],
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    if std::env::var_os(PROXY_CHILD).is_none() {
        return;
    }
    let app = TestApp::spawn(interview_flow_tests::Backend::Sqlite, options())
        .await
        .expect("SQLite test app");
    outbound_ignores_proxies(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    if std::env::var_os(PROXY_CHILD).is_none() {
        return;
    }
    let Some(app) = TestApp::spawn(interview_flow_tests::Backend::Postgres, options()).await else {
        return;
    };
    outbound_ignores_proxies(app).await;
}

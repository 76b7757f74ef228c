//! Migration versions on both backends, and concurrent starts on PostgreSQL.

use super::*;

fn migration_versions(backend: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(backend);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_dir())
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            for file in ["up.sql", "down.sql"] {
                assert!(
                    entry.path().join(file).is_file(),
                    "{backend}/{name}/{file} exists"
                );
            }
            name
        })
        .collect()
}

#[test]
fn sqlite_and_postgres_migrations_have_identical_versions() {
    let sqlite = migration_versions("sqlite");
    let postgres = migration_versions("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres must list the same versions"
    );
}

/// Several nodes starting at once on an empty PostgreSQL database: the advisory lock lets one
/// apply the migrations; the others wait and find nothing left to do, and nobody fails.
#[test]
fn migrations_started_concurrently_on_postgres_apply_once() {
    let Some(admin_url) = interview_flow_tests::postgres_admin_url() else {
        return;
    };
    let database = interview_flow_tests::PostgresDatabase::create(&admin_url);
    let url = interview_flow_api::settings::DatabaseUrl::parse(&database.url).unwrap();
    let nodes = 3;
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(nodes));
    let handles: Vec<_> = (0..nodes)
        .map(|_| {
            let (url, barrier) = (url.clone(), barrier.clone());
            std::thread::spawn(move || {
                let pool = interview_flow_api::db::build_pool(&url, 2).unwrap();
                barrier.wait();
                interview_flow_api::db::migrate(&pool)
            })
        })
        .collect();
    let applied: Vec<Vec<String>> = handles
        .into_iter()
        .map(|h| h.join().unwrap().expect("every node starts"))
        .collect();
    let expected = migration_versions("postgres").len();
    assert_eq!(
        applied.iter().filter(|a| !a.is_empty()).count(),
        1,
        "one node migrates: {applied:?}"
    );
    assert_eq!(
        applied.iter().map(Vec::len).sum::<usize>(),
        expected,
        "{applied:?}"
    );
}

//! Cross-cutting behaviour: JSON 404s, the SPA fallback, security headers, request ids,
//! health probes, the OpenAPI document, and the migrations (same versions, same schema on
//! both backends, safe to start concurrently).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use diesel::{Connection, PgConnection, RunQueryDsl};
use interview_flow_tests::{FAKE_INDEX_HTML, TestApp, backend_test, expect_error};
use reqwest::{Method, StatusCode};

async fn unknown_api_routes_are_json_404s(app: TestApp) {
    expect_error(
        app.get("/api/v1/no-such-thing", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        app.get("/api/nope", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // A known path with another method is not an HTML page either.
    expect_error(
        app.request(Method::DELETE, "/api/v1/auth/login")
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
backend_test!(unknown_api_route_json_404, unknown_api_routes_are_json_404s);

async fn spa_is_served_with_security_headers(app: TestApp) {
    for path in [
        "/",
        "/dashboard/jobseeker",
        "/interview/ready/5f0c7a8e-0000-4000-8000-000000000000",
    ] {
        let response = app.get(path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.contains("'unsafe-eval'"), "{csp}");
        // The inline bootstrap script is allowed by its hash, nothing else inline.
        assert!(csp.contains("'sha256-"), "{csp}");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers.contains_key("x-request-id"));
        assert_eq!(response.text().await.unwrap(), FAKE_INDEX_HTML, "{path}");
    }
    let asset = app.get("/app.js", None).await;
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(asset.text().await.unwrap().contains("export default"));
    // API answers carry the same headers and a request id.
    let api = app.get("/api/v1/me", None).await;
    assert_eq!(api.headers()["referrer-policy"], "no-referrer");
    let request_id = api.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(request_id).is_ok(), "{request_id}");
}
backend_test!(
    spa_fallback_and_security_headers,
    spa_is_served_with_security_headers
);

async fn health_and_readiness(app: TestApp) {
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status(), StatusCode::OK);
    let body: serde_json::Value = ready.json().await.unwrap();
    let expected = match app.backend {
        interview_flow_tests::Backend::Sqlite => "sqlite",
        interview_flow_tests::Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
}
backend_test!(healthz_and_readyz, health_and_readiness);

async fn openapi_documents_every_route(app: TestApp) {
    let response = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: serde_json::Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let routes = registered_routes();
    assert!(routes.len() > 50, "{routes:?}");
    let missing: Vec<String> = routes
        .iter()
        .filter(|(method, path)| !doc["paths"][path][method].is_object())
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes missing from the OpenAPI document: {missing:?}"
    );
    // And nothing documented that the server does not answer (a path prefixed twice, say).
    let documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    let extra: Vec<_> = documented
        .iter()
        .filter(|route| !routes.contains(route))
        .collect();
    assert!(extra.is_empty(), "documented but not registered: {extra:?}");
    assert_eq!(documented.len(), routes.len());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let page = app.get("/api/docs", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("/api/v1/auth/register") && html.contains("Interview Flow API"));
}
backend_test!(openapi_and_docs_page, openapi_documents_every_route);

/// Every handler's route, read from the `#[get("…")]`-style attributes under
/// crates/api/src/routes with the scope its folder is mounted under: the OpenAPI document
/// can't silently miss one.
fn registered_routes() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/api/src/routes");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut routes = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .to_string();
        // The document and its page describe the API; they are not part of it.
        if relative == "docs.rs" {
            continue;
        }
        let scope = if relative == "health.rs" {
            ""
        } else if relative.starts_with("greenhouse/") {
            "/integrations/greenhouse"
        } else {
            "/api/v1"
        };
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            for method in ["get", "post", "patch", "put", "delete"] {
                if let Some(rest) = line.trim().strip_prefix(&format!("#[{method}(\"")) {
                    let path = rest.split('"').next().unwrap();
                    routes.push((method.to_string(), format!("{scope}{path}")));
                }
            }
        }
    }
    routes.sort();
    routes
}

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

/// One backend's schema after every migration, reduced to what both must agree on: each
/// table's columns (type class, nullability), primary key, unique and plain indexes (by
/// columns), and foreign keys. Names of indexes and constraints may differ; what they cover
/// may not.
#[derive(Debug, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, Table>,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// column -> (type class, nullable)
    columns: BTreeMap<String, (&'static str, bool)>,
    primary_key: Vec<String>,
    /// (unique, columns in order, partial?)
    indexes: BTreeSet<(bool, Vec<String>, bool)>,
    /// (columns, referenced table, referenced columns, on delete)
    foreign_keys: BTreeSet<(Vec<String>, String, Vec<String>, String)>,
}

/// Type names both backends use for the same kind of value.
fn type_class(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("timestamp") || t == "datetime" {
        "timestamp"
    } else if t.contains("int") || t == "serial" || t == "bigserial" {
        "integer"
    } else if t.contains("char") || t == "text" || t == "uuid" {
        "text"
    } else if t.starts_with("bool") {
        "boolean"
    } else if t == "blob" || t == "bytea" {
        "binary"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "float"
    } else if t.contains("json") {
        "json"
    } else {
        panic!("a column type the parity check does not know: {declared}")
    }
}

fn sqlite_schema(path: &Path) -> Schema {
    use diesel::sqlite::SqliteConnection;
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Column {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        r#type: String,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        notnull: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pk: i32,
    }
    #[derive(diesel::QueryableByName)]
    struct IndexEntry {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        unique: i32,
        #[diesel(sql_type = diesel::sql_types::Text)]
        origin: String,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        partial: i32,
    }
    #[derive(diesel::QueryableByName)]
    struct IndexColumn {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        seqno: i32,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        name: Option<String>,
    }
    #[derive(diesel::QueryableByName)]
    struct ForeignKey {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        id: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        seq: i32,
        #[diesel(sql_type = diesel::sql_types::Text)]
        table: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        from: String,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        to: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Text)]
        on_delete: String,
    }
    let mut conn = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
    let names: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name != '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .unwrap();
    let mut tables = BTreeMap::new();
    for Name { name: table_name } in names {
        let mut table = Table::default();
        let mut columns: Vec<Column> =
            diesel::sql_query(format!("PRAGMA table_info('{table_name}')"))
                .load(&mut conn)
                .unwrap();
        columns.sort_by_key(|c| c.pk);
        for column in &columns {
            // SQLite lets a primary key column be NULL unless declared NOT NULL; PostgreSQL
            // never does, so a key column counts as not nullable on both.
            let nullable = column.notnull == 0 && column.pk == 0;
            table
                .columns
                .insert(column.name.clone(), (type_class(&column.r#type), nullable));
        }
        table.primary_key = columns
            .iter()
            .filter(|c| c.pk > 0)
            .map(|c| c.name.clone())
            .collect();
        let indexes: Vec<IndexEntry> =
            diesel::sql_query(format!("PRAGMA index_list('{table_name}')"))
                .load(&mut conn)
                .unwrap();
        for index in indexes.into_iter().filter(|i| i.origin != "pk") {
            let mut columns: Vec<IndexColumn> =
                diesel::sql_query(format!("PRAGMA index_info('{}')", index.name))
                    .load(&mut conn)
                    .unwrap();
            columns.sort_by_key(|c| c.seqno);
            table.indexes.insert((
                index.unique != 0,
                columns
                    .into_iter()
                    .map(|c| c.name.unwrap_or_else(|| "<expression>".into()))
                    .collect(),
                index.partial != 0,
            ));
        }
        let mut keys: Vec<ForeignKey> =
            diesel::sql_query(format!("PRAGMA foreign_key_list('{table_name}')"))
                .load(&mut conn)
                .unwrap();
        keys.sort_by_key(|k| (k.id, k.seq));
        let mut grouped: BTreeMap<i32, (Vec<String>, String, Vec<String>, String)> =
            BTreeMap::new();
        for key in keys {
            let entry = grouped.entry(key.id).or_insert_with(|| {
                (
                    Vec::new(),
                    key.table.clone(),
                    Vec::new(),
                    key.on_delete.to_ascii_uppercase(),
                )
            });
            entry.0.push(key.from);
            entry
                .2
                .push(key.to.unwrap_or_else(|| "<primary key>".into()));
        }
        table.foreign_keys = grouped.into_values().collect();
        tables.insert(table_name, table);
    }
    Schema { tables }
}

fn postgres_schema(url: &str) -> Schema {
    #[derive(diesel::QueryableByName)]
    struct Column {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        column_name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        data_type: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        nullable: bool,
    }
    #[derive(diesel::QueryableByName)]
    struct Index {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        is_primary: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        is_unique: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        is_partial: bool,
        #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
        columns: Vec<String>,
    }
    #[derive(diesel::QueryableByName)]
    struct ForeignKey {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
        #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
        columns: Vec<String>,
        #[diesel(sql_type = diesel::sql_types::Text)]
        referenced: String,
        #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
        referenced_columns: Vec<String>,
        #[diesel(sql_type = diesel::sql_types::Text)]
        on_delete: String,
    }
    let mut conn = PgConnection::establish(url).unwrap();
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, \
                (is_nullable = 'YES') AS nullable \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name != '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .unwrap();
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for column in columns {
        tables.entry(column.table_name).or_default().columns.insert(
            column.column_name,
            (type_class(&column.data_type), column.nullable),
        );
    }
    // Index columns in index order; an expression shows as "<expression>" as on SQLite.
    let indexes: Vec<Index> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, ix.indisprimary AS is_primary, \
                ix.indisunique AS is_unique, (ix.indpred IS NOT NULL) AS is_partial, \
                ARRAY(SELECT COALESCE(a.attname::text, '<expression>') \
                      FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) \
                      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
                      ORDER BY k.n) AS columns \
         FROM pg_index ix \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         WHERE ns.nspname = 'public' AND t.relname != '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .unwrap();
    for index in indexes {
        let table = tables.entry(index.table_name).or_default();
        if index.is_primary {
            table.primary_key = index.columns;
        } else {
            table
                .indexes
                .insert((index.is_unique, index.columns, index.is_partial));
        }
    }
    let keys: Vec<ForeignKey> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, \
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) \
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum \
                      ORDER BY k.n) AS columns, \
                r.relname::text AS referenced, \
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n) \
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum \
                      ORDER BY k.n) AS referenced_columns, \
                CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
                     WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END \
                  AS on_delete \
         FROM pg_constraint c \
         JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_class r ON r.oid = c.confrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         WHERE c.contype = 'f' AND ns.nspname = 'public'",
    )
    .load(&mut conn)
    .unwrap();
    for key in keys {
        tables
            .entry(key.table_name)
            .or_default()
            .foreign_keys
            .insert((
                key.columns,
                key.referenced,
                key.referenced_columns,
                key.on_delete,
            ));
    }
    Schema { tables }
}

/// The two migration folders are written by hand for two dialects; what they build must be
/// the same schema. Migrates an empty database of each and compares tables, columns (type
/// class and nullability), keys, indexes and foreign keys.
#[test]
fn sqlite_and_postgres_migrations_build_the_same_schema() {
    let Some(admin_url) = interview_flow_tests::postgres_admin_url() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite_path = dir.path().join("parity.db");
    let sqlite_url = interview_flow_api::settings::DatabaseUrl::parse(&format!(
        "sqlite://{}",
        sqlite_path.display()
    ))
    .unwrap();
    interview_flow_api::db::migrate(&interview_flow_api::db::build_pool(&sqlite_url, 1).unwrap())
        .unwrap();
    let database = interview_flow_tests::PostgresDatabase::create(&admin_url);
    let postgres_url = interview_flow_api::settings::DatabaseUrl::parse(&database.url).unwrap();
    interview_flow_api::db::migrate(&interview_flow_api::db::build_pool(&postgres_url, 1).unwrap())
        .unwrap();

    let sqlite = sqlite_schema(&sqlite_path);
    let postgres = postgres_schema(&database.url);
    assert!(sqlite.tables.len() > 10, "{:?}", sqlite.tables.keys());
    // The comparison sees what it is meant to compare (a sample, on the SQLite side).
    let interviews = &sqlite.tables["interviews"];
    assert_eq!(interviews.columns["status"], ("text", false));
    assert_eq!(interviews.columns["cancelled_at"], ("timestamp", true));
    assert_eq!(interviews.primary_key, vec!["id".to_string()]);
    assert!(
        interviews
            .foreign_keys
            .iter()
            .any(
                |(columns, table, _, _)| columns == &vec!["job_id".to_string()] && table == "jobs"
            ),
        "{:?}",
        interviews.foreign_keys
    );
    let index_count: usize = sqlite.tables.values().map(|t| t.indexes.len()).sum();
    assert!(index_count > 10, "{index_count} indexes");
    let names = |s: &Schema| s.tables.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&sqlite), names(&postgres), "the same tables");
    let mut differences = Vec::new();
    for (name, on_sqlite) in &sqlite.tables {
        let on_postgres = &postgres.tables[name];
        if on_sqlite != on_postgres {
            differences.push(format!(
                "{name}:\n  sqlite:   {on_sqlite:?}\n  postgres: {on_postgres:?}"
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "the migrations build different schemas:\n{}",
        differences.join("\n")
    );
}

/// Every status and kind enum stored in a TEXT column goes in and comes back as itself on
/// this backend, and a text it does not know fails the query instead of becoming a default.
async fn stored_enums_round_trip(app: TestApp) {
    use diesel::IntoSql;
    use diesel::sql_types::Text;
    use interview_flow_api::domain::CallbackStatus;
    use interview_flow_api::domain::jobs::{JobKind, JobState};
    use interview_flow_shared::{
        ApplicationStatus, EmailStatus, EvaluationStatus, InterviewStatus, JobStatus, Role,
        TurnKind, WebhookDeliveryStatus,
    };
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let conn = &mut *conn;
        macro_rules! round_trip {
            ($ty:ty: $($variant:expr),+ $(,)?) => {{
                for value in [$($variant),+] {
                    let back: $ty = diesel::select(value.into_sql::<Text>())
                        .get_result(conn)
                        .unwrap_or_else(|e| panic!("{value:?} round-trips: {e}"));
                    assert_eq!(back, value);
                    // Stored as the same text the wire uses.
                    let text: String = diesel::select(value.into_sql::<Text>())
                        .get_result(conn)
                        .unwrap();
                    assert_eq!(text, value.as_str());
                }
                let unknown = diesel::select("bogus".into_sql::<Text>()).get_result::<$ty>(conn);
                assert!(unknown.is_err(), "an unknown {} fails loudly", stringify!($ty));
            }};
        }
        use ApplicationStatus as A;
        round_trip!(A: A::Applied, A::Screening, A::Interview, A::Offer, A::Rejected);
        round_trip!(EmailStatus: EmailStatus::Queued, EmailStatus::Sent, EmailStatus::Failed);
        use EvaluationStatus as E;
        round_trip!(E: E::NotStarted, E::Pending, E::Running, E::Ready, E::Failed);
        use InterviewStatus as I;
        round_trip!(
            I: I::Scheduled,
            I::InProgress,
            I::Completed,
            I::Expired,
            I::Cancelled,
            I::Abandoned,
        );
        round_trip!(JobStatus: JobStatus::Open, JobStatus::Closed);
        round_trip!(Role: Role::Recruiter, Role::Candidate);
        round_trip!(
            TurnKind: TurnKind::Greeting,
            TurnKind::Main,
            TurnKind::FollowUp,
            TurnKind::Closing,
        );
        use WebhookDeliveryStatus as W;
        round_trip!(W: W::Queued, W::Delivered, W::Failed);
        use CallbackStatus as C;
        round_trip!(C: C::None, C::Pending, C::Sent, C::Failed);
        round_trip!(JobState: JobState::Queued, JobState::Dead);
        for kind in JobKind::ALL {
            round_trip!(JobKind: kind);
        }
    })
    .await
    .unwrap();
}
backend_test!(
    stored_enums_round_trip_on_both_backends,
    stored_enums_round_trip
);

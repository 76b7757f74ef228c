//! Both migration folders build the same schema.

use super::*;

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

//! A plan written as a migration file is run by sqlx's own `Migrator` on a
//! database at the old schema, and leaves one `verify` calls clean: on
//! SQLite, and on PostgreSQL (ignored by default; fails when the server is
//! unreachable).

#![allow(missing_docs)]

use model_registry::db::Pool;
use model_registry::db::migrate::PlanOptions;
use model_registry::ddl::Dialect;
use model_registry::{Model, Registry};

model_registry::models!();
model_registry::metadata!(pub NOTES = "notes");

#[derive(Model)]
#[model(table = "authors", metadata = crate::NOTES)]
pub struct Author {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 80)]
    pub name: String,
    // New since the old schema.
    pub bio: Option<String>,
}

#[derive(Model)]
#[model(table = "notes", metadata = crate::NOTES, index(author_id, created))]
pub struct Note {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = Author, on_delete = "cascade")]
    pub author_id: i64,
    pub body: String,
    #[model(default = "0")]
    pub created: i64,
}

fn registry() -> &'static Registry {
    model_registry::registry()
}

/// The old schema: today's, without `notes` and `authors.bio`.
fn old_schema(dialect: Dialect) -> Vec<String> {
    let ddl = registry().ddl(&NOTES, dialect).unwrap();
    let authors = &ddl.tables()[0];
    assert_eq!(authors.table().name(), "authors");
    let bio = dialect.quote("bio");
    let create = authors.create_table();
    let at = create.find(&bio).expect("the bio column");
    let end = at + create[at..].find(',').unwrap() + 1;
    vec![
        format!("{}{}", &create[..at], &create[end..].trim_start()),
        format!(
            "INSERT INTO {} ({}, {}) VALUES (1, 'Ada')",
            dialect.quote("authors"),
            dialect.quote("id"),
            dialect.quote("name")
        ),
    ]
}

async fn migrate_with_sqlx(pool: &Pool, migrator_run: impl AsyncFnOnce(&std::path::Path)) {
    let dialect = match pool {
        Pool::Sqlite(_) => Dialect::Sqlite,
        Pool::Postgres(_) => Dialect::Postgres,
        _ => unreachable!(),
    };
    let plan = registry()
        .plan(&NOTES, pool, &PlanOptions::new())
        .await
        .unwrap();
    assert!(plan.held_back().is_empty(), "{plan}");
    assert_eq!(plan.steps().len(), 2, "{plan}");
    let dir = std::env::temp_dir().join(format!(
        "mr_migrations_{}_{}",
        dialect.name().replace('/', "_"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let migration = plan.migration(20_261_201_000_000, "add notes and bios");
    assert_eq!(
        migration.file_name(),
        "20261201000000_add_notes_and_bios.sql"
    );
    assert!(migration.sql().contains("-- Nothing was held back."));
    migration.write_to(&dir).unwrap();
    if std::env::var_os("MR_SHOW").is_some() {
        println!("{plan}\n{}", migration.sql());
    }
    migrator_run(&dir).await;
    let verification = registry().verify(&NOTES, pool).await.unwrap();
    assert!(verification.is_clean(), "{verification}");
    registry().check_migrated(&NOTES, pool).await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The old schema made on `raw`, then the plan written as a file and run
/// by sqlx's `Migrator` on it. The pool types differ, hence a macro.
macro_rules! old_schema_then_sqlx {
    ($raw:expr, $dialect:expr) => {{
        let raw = $raw;
        for statement in old_schema($dialect) {
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                .execute(raw)
                .await
                .unwrap();
        }
        let pool = Pool::from(raw.clone());
        migrate_with_sqlx(&pool, async |dir| {
            let migrator = sqlx::migrate::Migrator::new(dir).await.unwrap();
            migrator.run(raw).await.unwrap();
        })
        .await;
    }};
}

#[tokio::test]
async fn sqlite_runs_the_file_with_sqlx() {
    let options = sqlx::sqlite::SqliteConnectOptions::new().in_memory(true);
    let raw = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await
        .unwrap();
    old_schema_then_sqlx!(&raw, Dialect::Sqlite);
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn postgres_runs_the_file_with_sqlx() {
    let server = std::env::var("MR_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let admin = sqlx::PgPool::connect(&format!("{server}/test"))
        .await
        .unwrap_or_else(|error| panic!("cannot connect to PostgreSQL at {server}: {error}"));
    let name = format!("mr_migration_files_{}", std::process::id());
    let drop = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
    sqlx::raw_sql(sqlx::AssertSqlSafe(drop.clone()))
        .execute(&admin)
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
        .execute(&admin)
        .await
        .unwrap();
    let raw = sqlx::PgPool::connect(&format!("{server}/{name}"))
        .await
        .unwrap();
    old_schema_then_sqlx!(&raw, Dialect::Postgres);
    raw.close().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
        .execute(&admin)
        .await
        .unwrap();
}

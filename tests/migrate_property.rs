//! Property: for random pairs of schemas (before, after) over a small
//! alphabet of tables, columns, types, nullability and indexes, on SQLite:
//! `create_all(before)` and a row in each table, then `migrate(after)`
//! with destructive steps allowed, leaves a database `verify(after)` calls
//! clean, the next plan is empty, and every table that both have keeps its
//! row.

#![allow(missing_docs)]

use model_registry::__private as p;
use model_registry::db::migrate::PlanOptions;
use model_registry::db::{ApplyOptions, Pool};
use model_registry::{
    ColumnDef, IndexDef, Metadata, NamingConvention, Registry, SqlType, TableDef,
};
use proptest::prelude::*;

static PROP: Metadata = p::metadata(
    "prop",
    None,
    NamingConvention::DEFAULT,
    "tests::PROP",
    p::location!(),
);

const TABLES: [&str; 3] = ["alpha", "beta", "gamma"];
const COLUMNS: [&str; 4] = ["c0", "c1", "c2", "c3"];
const TYPES: [SqlType; 5] = [
    SqlType::BigInt,
    SqlType::Integer,
    SqlType::Text,
    SqlType::Varchar(20),
    SqlType::Double,
];

/// One column: which type, whether nullable.
#[derive(Debug, Clone, Copy)]
struct Column {
    sql_type: usize,
    nullable: bool,
}

/// One table: its columns (by position in `COLUMNS`), and whether `c0`
/// (when there) is indexed.
#[derive(Debug, Clone)]
struct Table {
    columns: [Option<Column>; 4],
    indexed: bool,
}

fn column() -> impl Strategy<Value = Option<Column>> {
    prop::option::of(
        (0..TYPES.len(), any::<bool>())
            .prop_map(|(sql_type, nullable)| Column { sql_type, nullable }),
    )
}

fn table() -> impl Strategy<Value = Option<Table>> {
    prop::option::of(
        ([column(), column(), column(), column()], any::<bool>())
            .prop_map(|(columns, indexed)| Table { columns, indexed }),
    )
}

fn schema() -> impl Strategy<Value = [Option<Table>; 3]> {
    [table(), table(), table()]
}

const INDEXED: &[IndexDef] = &[p::index(None, &["c0"], false)];

/// The registry of `schema`, its definitions leaked (a test builds a few).
fn registry(schema: &[Option<Table>; 3]) -> Registry {
    let mut tables: Vec<&'static TableDef> = Vec::new();
    for (name, table) in TABLES.iter().zip(schema) {
        let Some(table) = table else { continue };
        let mut columns = vec![p::column(
            "id",
            "id",
            "i64",
            SqlType::BigInt,
            false,
            true,
            None,
            None,
        )];
        for (column, spec) in COLUMNS.iter().zip(&table.columns) {
            if let Some(spec) = spec {
                let sql_type = TYPES[spec.sql_type];
                // NOT NULL columns get a default, so rows already there
                // can take them.
                let default = match (spec.nullable, sql_type.is_text()) {
                    (true, _) => None,
                    (false, true) => Some("'none'"),
                    (false, false) => Some("0"),
                };
                columns.push(p::column(
                    column,
                    column,
                    "T",
                    sql_type,
                    spec.nullable,
                    false,
                    default,
                    None,
                ));
            }
        }
        let indexes: &'static [IndexDef] = if table.indexed && table.columns[0].is_some() {
            INDEXED
        } else {
            &[]
        };
        let columns: &'static [ColumnDef] = Box::leak(columns.into_boxed_slice());
        tables.push(Box::leak(Box::new(p::table(
            &PROP,
            None,
            name,
            columns,
            indexes,
            &[],
            &[],
            "tests::Table",
            p::location!(),
        ))));
    }
    Registry::from_definitions(&tables, &[&PROP]).unwrap()
}

async fn memory() -> (Pool, sqlx::SqlitePool) {
    let raw = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect("sqlite::memory:")
        .await
        .unwrap();
    (Pool::from(raw.clone()), raw)
}

async fn count(raw: &sqlx::SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        r#"SELECT count(*) FROM "{table}""#
    )))
    .fetch_one(raw)
    .await
    .unwrap()
}

async fn migrate_then_verify(before: [Option<Table>; 3], after: [Option<Table>; 3]) {
    let (old, new) = (registry(&before), registry(&after));
    let (pool, raw) = memory().await;
    old.create_all("prop", &pool).await.unwrap();
    for (name, table) in TABLES.iter().zip(&before) {
        let Some(table) = table else { continue };
        let mut columns = vec!["\"id\"".to_owned()];
        let mut values = vec!["1".to_owned()];
        for (column, spec) in COLUMNS.iter().zip(&table.columns) {
            if spec.is_some() {
                columns.push(format!("\"{column}\""));
                values.push("'1'".to_owned());
            }
        }
        let insert = format!(
            r#"INSERT INTO "{name}" ({}) VALUES ({})"#,
            columns.join(", "),
            values.join(", ")
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(insert))
            .execute(&raw)
            .await
            .unwrap();
    }
    let everything = PlanOptions::new().allow_destructive(true);
    let plan = new.plan("prop", &pool, &everything).await.unwrap();
    let applied = new
        .migrate("prop", &pool, &everything, &ApplyOptions::default())
        .await
        .unwrap_or_else(|error| panic!("{plan}\n{error}"));
    let verification = new.verify("prop", &pool).await.unwrap();
    assert!(verification.is_clean(), "{applied}\n{verification}");
    let again = new.plan("prop", &pool, &everything).await.unwrap();
    assert!(again.is_empty() && again.held_back().is_empty(), "{again}");
    for (name, (was, is)) in TABLES.iter().zip(before.iter().zip(&after)) {
        if was.is_some() && is.is_some() {
            assert_eq!(count(&raw, name).await, 1, "{name} lost its row\n{applied}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_schema_migrates_to_any_other(before in schema(), after in schema()) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(migrate_then_verify(before, after));
    }
}

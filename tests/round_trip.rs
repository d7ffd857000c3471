//! Every Rust type family the library maps goes into its column and comes
//! back equal through sqlx, on SQLite, PostgreSQL and MariaDB: one model
//! per family, `create_all`, an INSERT of a representative value and of
//! NULL, a SELECT into the struct with `query_as`, then `verify` clean.
//! Where a database has no faithful column for a type (`rust_decimal` on
//! SQLite, an enum that is not an `Option` on MariaDB), `create_all`
//! refuses it, saying what to use. The PostgreSQL and MariaDB tests are
//! ignored by default and fail when the server is unreachable.

#![allow(missing_docs)]

use std::future::Future;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use model_registry::db::{DbError, Pool};
use model_registry::ddl::DdlError;
use model_registry::ddl::Dialect;
use model_registry::{Model, Registry};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use uuid::Uuid;

model_registry::models!();
// What every database holds.
model_registry::metadata!(pub FAMILIES = "families");
// Refused on SQLite: no decimal type there that sqlx binds.
model_registry::metadata!(pub DECIMALS = "decimals");
// Refused on MariaDB: sqlx decodes a derived enum there only from a
// nullable ENUM column.
model_registry::metadata!(pub ENUMS = "enums");
// Enums as `Option`: every database.
model_registry::metadata!(pub OPTIONAL_ENUMS = "optional_enums");
// Two enums that PostgreSQL would store as one type `mood`.
model_registry::metadata!(pub CLASH = "clash");

/// Another enum called `mood` by sqlx, with other values.
#[derive(model_registry::ColumnType, sqlx::Type, Debug, PartialEq, Clone, Copy)]
#[sqlx(type_name = "mood", rename_all = "lowercase")]
pub enum OtherMood {
    Glad,
}

#[derive(Model)]
#[model(table = "moods", metadata = crate::CLASH)]
pub struct Moods {
    #[model(primary_key)]
    pub id: i64,
    pub mood: Mood,
    pub also: Option<Mood>,
}

#[derive(Model)]
#[model(table = "other_moods", metadata = crate::CLASH)]
pub struct OtherMoods {
    #[model(primary_key)]
    pub id: i64,
    pub mood: OtherMood,
    pub also: Option<OtherMood>,
}

// Names its database: binding it to another is refused.
model_registry::metadata!(pub POSTGRES_ONLY = "postgres_only", dialect = Postgres);

#[derive(Model)]
#[model(table = "counters", metadata = crate::POSTGRES_ONLY)]
pub struct Counter {
    #[model(primary_key)]
    pub id: i64,
    pub hits: i32,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "integers", metadata = crate::FAMILIES)]
pub struct Integers {
    #[model(primary_key)]
    pub id: i64,
    pub small: i16,
    pub int: i32,
    pub big: Option<i64>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "floats", metadata = crate::FAMILIES)]
pub struct Floats {
    #[model(primary_key)]
    pub id: i64,
    pub single: f32,
    pub double: Option<f64>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "flags", metadata = crate::FAMILIES)]
pub struct Flags {
    #[model(primary_key)]
    pub id: i64,
    pub flag: bool,
    pub maybe: Option<bool>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "texts", metadata = crate::FAMILIES)]
#[sqlx(rename_all = "camelCase")]
pub struct Texts {
    #[model(primary_key)]
    pub id: i64,
    pub full_text: String,
    #[model(max_length = 40)]
    #[sqlx(rename = "Short Text")]
    pub short_text: Option<String>,
    #[sqlx(skip)]
    pub not_stored: u32,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "bytes", metadata = crate::FAMILIES)]
pub struct Bytes {
    #[model(primary_key)]
    pub id: i64,
    pub bytes: Vec<u8>,
    pub maybe: Option<Vec<u8>>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "chrono_times", metadata = crate::FAMILIES)]
pub struct ChronoTimes {
    #[model(primary_key)]
    pub id: i64,
    pub day: NaiveDate,
    pub time: NaiveTime,
    pub local: NaiveDateTime,
    pub at: DateTime<Utc>,
    pub maybe: Option<DateTime<Utc>>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "time_times", metadata = crate::FAMILIES)]
pub struct TimeTimes {
    #[model(primary_key)]
    pub id: i64,
    pub day: time::Date,
    pub time: time::Time,
    pub local: time::PrimitiveDateTime,
    pub at: time::OffsetDateTime,
    pub maybe: Option<time::OffsetDateTime>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "uuids", metadata = crate::FAMILIES)]
pub struct Uuids {
    #[model(primary_key)]
    pub id: i64,
    pub uuid: Uuid,
    pub maybe: Option<Uuid>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Payload {
    pub name: String,
    pub tags: Vec<String>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "documents", metadata = crate::FAMILIES)]
pub struct Documents {
    #[model(primary_key)]
    pub id: i64,
    pub value: serde_json::Value,
    pub typed: Json<Payload>,
    #[sqlx(json)]
    pub inline: Payload,
    pub maybe: Option<serde_json::Value>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "decimals", metadata = crate::DECIMALS)]
pub struct Decimals {
    #[model(primary_key)]
    pub id: i64,
    pub amount: Decimal,
    pub maybe: Option<Decimal>,
}

/// Text in a `text` column, its values checked.
#[derive(model_registry::ColumnType, sqlx::Type, Debug, PartialEq, Clone, Copy)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
#[model(check)]
pub enum Status {
    Pending,
    SentOut,
    #[sqlx(rename = "failed")]
    Bounced,
}

/// A native PostgreSQL enum (`CREATE TYPE mood AS ENUM ...`).
#[derive(model_registry::ColumnType, sqlx::Type, Debug, PartialEq, Clone, Copy)]
#[sqlx(type_name = "mood", rename_all = "lowercase")]
pub enum Mood {
    Happy,
    Sad,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "enums", metadata = crate::ENUMS)]
pub struct Enums {
    #[model(primary_key)]
    pub id: i64,
    pub status: Status,
    pub mood: Mood,
    pub maybe: Option<Mood>,
}

#[derive(Model, sqlx::FromRow, Debug, PartialEq, Clone)]
#[model(table = "optional_enums", metadata = crate::OPTIONAL_ENUMS)]
pub struct OptionalEnums {
    #[model(primary_key)]
    pub id: i64,
    pub status: Option<Status>,
    pub mood: Option<Mood>,
}

fn registry() -> &'static Registry {
    model_registry::registry()
}

fn payload() -> Payload {
    Payload {
        name: "ünïcode \"quoted\"".to_owned(),
        tags: vec!["a".to_owned(), "b".to_owned()],
    }
}

fn chrono_row(id: i64, maybe: bool) -> ChronoTimes {
    let day = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
    let time = NaiveTime::from_hms_micro_opt(23, 59, 58, 123_456).unwrap();
    let at = DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap();
    ChronoTimes {
        id,
        day,
        time,
        local: day.and_time(time),
        at,
        maybe: maybe.then_some(at),
    }
}

fn time_row(id: i64, maybe: bool) -> TimeTimes {
    let day = time::Date::from_calendar_date(1999, time::Month::December, 31).unwrap();
    let time = time::Time::from_hms_micro(12, 0, 1, 500_000).unwrap();
    let at = time::OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
    TimeTimes {
        id,
        day,
        time,
        local: time::PrimitiveDateTime::new(day, time),
        at,
        maybe: maybe.then_some(at),
    }
}

/// Inserts `rows` into `M`'s table and reads them back with `query_as`,
/// for one sqlx pool type: the placeholders differ per database.
macro_rules! round_trip {
    ($pool:expr, $dialect:expr, $model:ty, $rows:expr, |$row:ident| $($bind:expr),+) => {{
        let pool = $pool;
        let rows: Vec<$model> = $rows;
        let table = <$model as Model>::TABLE;
        let dialect: Dialect = $dialect;
        let placeholders: Vec<String> = (1..=table.columns().len())
            .map(|n| if dialect == Dialect::Postgres { format!("${n}") } else { "?".to_owned() })
            .collect();
        let insert = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            table.quoted_name(dialect),
            table.quoted_columns(dialect),
            placeholders.join(", ")
        );
        for row in &rows {
            let $row = row.clone();
            sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                $(.bind($bind))+
                .execute(pool)
                .await
                .unwrap_or_else(|error| panic!("INSERT into {}: {error}", table.name()));
        }
        let select = format!(
            "{} ORDER BY {}",
            table.select_all(dialect),
            dialect.quote("id")
        );
        let found: Vec<$model> = sqlx::query_as(sqlx::AssertSqlSafe(select))
            .fetch_all(pool)
            .await
            .unwrap_or_else(|error| panic!("SELECT from {}: {error}", table.name()));
        assert_eq!(found, rows, "{} on {dialect}", table.name());
    }};
}

/// Every family of `FAMILIES` through one pool.
macro_rules! families {
    ($pool:expr, $dialect:expr) => {{
        let pool = $pool;
        let dialect = $dialect;
        round_trip!(pool, dialect, Integers, vec![
            Integers { id: 1, small: i16::MIN, int: i32::MAX, big: Some(i64::MIN) },
            Integers { id: 2, small: 0, int: -1, big: None },
        ], |r| r.id, r.small, r.int, r.big);
        round_trip!(pool, dialect, Floats, vec![
            Floats { id: 1, single: 1.5, double: Some(-0.1) },
            Floats { id: 2, single: f32::MAX, double: None },
        ], |r| r.id, r.single, r.double);
        round_trip!(pool, dialect, Flags, vec![
            Flags { id: 1, flag: true, maybe: Some(false) },
            Flags { id: 2, flag: false, maybe: None },
        ], |r| r.id, r.flag, r.maybe);
        round_trip!(pool, dialect, Texts, vec![
            Texts { id: 1, full_text: "naïve 'quoted' text".repeat(100), short_text: Some("ünïcode".to_owned()), not_stored: 0 },
            Texts { id: 2, full_text: String::new(), short_text: None, not_stored: 0 },
        ], |r| r.id, r.full_text, r.short_text);
        round_trip!(pool, dialect, Bytes, vec![
            Bytes { id: 1, bytes: (0..=255).collect(), maybe: Some(vec![0]) },
            Bytes { id: 2, bytes: Vec::new(), maybe: None },
        ], |r| r.id, r.bytes, r.maybe);
        round_trip!(pool, dialect, ChronoTimes, vec![chrono_row(1, true), chrono_row(2, false)], |r| r.id, r.day, r.time, r.local, r.at, r.maybe);
        round_trip!(pool, dialect, TimeTimes, vec![time_row(1, true), time_row(2, false)], |r| r.id, r.day, r.time, r.local, r.at, r.maybe);
        round_trip!(pool, dialect, Uuids, vec![
            Uuids { id: 1, uuid: Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210), maybe: Some(Uuid::nil()) },
            Uuids { id: 2, uuid: Uuid::max(), maybe: None },
        ], |r| r.id, r.uuid, r.maybe);
        round_trip!(pool, dialect, Documents, vec![
            Documents {
                id: 1,
                value: serde_json::json!({"n": 1, "list": [true, null], "s": "é"}),
                typed: Json(payload()),
                inline: payload(),
                maybe: Some(serde_json::json!([1, 2])),
            },
            Documents { id: 2, value: serde_json::json!({}), typed: Json(payload()), inline: payload(), maybe: None },
        ], |r| r.id, r.value, r.typed, Json(r.inline), r.maybe);
    }};
}

fn optional_enum_rows() -> Vec<OptionalEnums> {
    vec![
        OptionalEnums {
            id: 1,
            status: Some(Status::Bounced),
            mood: Some(Mood::Sad),
        },
        OptionalEnums {
            id: 2,
            status: None,
            mood: None,
        },
    ]
}

fn enum_rows() -> Vec<Enums> {
    vec![
        Enums {
            id: 1,
            status: Status::SentOut,
            mood: Mood::Happy,
            maybe: Some(Mood::Sad),
        },
        Enums {
            id: 2,
            status: Status::Pending,
            mood: Mood::Sad,
            maybe: None,
        },
    ]
}

/// `create_all` then `verify` of `metadata` on `pool`: clean.
async fn create_and_verify(pool: &Pool, metadata: &str) {
    registry()
        .create_all(metadata, pool)
        .await
        .unwrap_or_else(|error| panic!("create_all {metadata}: {error}"));
    let verification = registry().verify(metadata, pool).await.unwrap();
    assert!(verification.is_clean(), "{verification}");
}

/// `create_all` of `metadata` on `pool` is refused for each of `columns`
/// and nothing else, with a reason that says what to use instead.
async fn refused(pool: &Pool, metadata: &str, columns: &[&str], advice: &str) {
    let error = registry().create_all(metadata, pool).await.unwrap_err();
    let DbError::Ddl(ddl) = &error else {
        panic!("expected a DDL error, got {error:?}");
    };
    let errors = match ddl {
        DdlError::Several(errors) => errors.iter().collect(),
        single => vec![single],
    };
    let refused: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            DdlError::UnsupportedType { column, reason, .. } => {
                assert!(reason.contains(advice), "{reason}");
                column.name()
            }
            other => panic!("expected UnsupportedType, got {other:?}"),
        })
        .collect();
    assert_eq!(refused, columns);
    let text = error.to_string();
    assert!(text.contains(advice), "{text}");
    // verify refuses the same models the same way.
    let verify = registry().verify(metadata, pool).await.unwrap_err();
    assert_eq!(verify.to_string(), text);
}

// The enum types, as the derive writes them.
#[test]
fn enum_types_follow_sqlx_attributes() {
    use model_registry::{ColumnType, SqlType};
    let SqlType::Enum(status) = Status::SQL_TYPE else {
        panic!("Status is not an enum type")
    };
    assert_eq!(status.values(), ["pending", "sent_out", "failed"]);
    assert_eq!(status.type_name(), "text");
    assert!(!status.is_native() && status.has_check());
    let SqlType::Enum(mood) = Mood::SQL_TYPE else {
        panic!("Mood is not an enum type")
    };
    assert_eq!(mood.values(), ["happy", "sad"]);
    assert!(mood.is_native() && !mood.has_check());
    // sqlx reads exactly these columns (`camelCase`, `rename`, `skip`):
    // `query_as` in the round trips below reads them back by these names.
    let columns: Vec<&str> = Texts::TABLE
        .columns()
        .iter()
        .map(model_registry::ColumnDef::name)
        .collect();
    assert_eq!(columns, ["id", "fullText", "Short Text"]);
    // A constant per column, named after the field.
    assert_eq!(
        [
            Texts::COLUMN_ID,
            Texts::COLUMN_FULL_TEXT,
            Texts::COLUMN_SHORT_TEXT
        ],
        ["id", "fullText", "Short Text"]
    );
    // The DDL of each dialect.
    let pg = registry()
        .create_statements(&ENUMS, Dialect::Postgres)
        .unwrap();
    assert_eq!(pg[0], "CREATE TYPE mood AS ENUM ('happy', 'sad')");
    assert!(pg[1].contains(r#""status" text NOT NULL"#), "{}", pg[1]);
    assert!(pg[1].contains(r#""mood" mood NOT NULL"#), "{}", pg[1]);
    assert!(
        pg[1].contains(
            r#"CONSTRAINT "ck_enums_status" CHECK ("status" IN ('pending', 'sent_out', 'failed'))"#
        ),
        "{}",
        pg[1]
    );
    let drops = registry()
        .drop_statements(&ENUMS, Dialect::Postgres)
        .unwrap();
    assert_eq!(drops.last().unwrap(), "DROP TYPE mood");
    let mysql = registry()
        .create_statements(&OPTIONAL_ENUMS, Dialect::MySql)
        .unwrap();
    assert!(
        mysql[0].contains("`mood` enum('happy','sad')"),
        "{}",
        mysql[0]
    );
    assert!(
        mysql[0].contains("CHECK (`status` IN ('pending', 'sent_out', 'failed'))"),
        "{}",
        mysql[0]
    );
    let sqlite = registry()
        .create_statements(&ENUMS, Dialect::Sqlite)
        .unwrap();
    assert!(
        sqlite[0].contains(r#""mood" TEXT NOT NULL"#),
        "{}",
        sqlite[0]
    );
}

/// A pool on a fresh database file, and the sqlx pool inside it.
async fn sqlite_pool(name: &str) -> (Pool, sqlx::SqlitePool, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "mr_round_trip_{name}_{}.sqlite",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let raw = sqlx::SqlitePool::connect_with(options).await.unwrap();
    (Pool::from(raw.clone()), raw, path)
}

// `bind`, at startup, refuses what a database cannot hold, before any query.
#[tokio::test]
async fn binding_refuses_what_the_database_cannot_hold() {
    use model_registry::db::BindProblem;
    let (pool, raw, path) = sqlite_pool("bind").await;
    let error = registry()
        .bind([
            (&DECIMALS, pool.clone()),
            (&POSTGRES_ONLY, pool.clone()),
            (&FAMILIES, pool.clone()),
        ])
        .unwrap_err();
    let problems = error.problems();
    assert!(
        problems.iter().any(|problem| matches!(
            problem,
            BindProblem::Unsupported { metadata, .. } if metadata.name() == "decimals"
        )),
        "{error}"
    );
    assert!(
        problems.iter().any(|problem| matches!(
            problem,
            BindProblem::WrongDatabase { metadata, declared: Dialect::Postgres, bound: Dialect::Sqlite, .. }
                if metadata.name() == "postgres_only"
        )),
        "{error}"
    );
    let text = error.to_string();
    assert!(
        text.contains(
            "metadata `postgres_only` lives in PostgreSQL, but is bound to a SQLite pool"
        ),
        "{text}"
    );
    assert!(text.contains("store integer cents (`i64`)"), "{text}");
    assert!(
        text.contains(
            "error: metadata `decimals` cannot be bound to this database: the problems above would fail its queries"
        ),
        "{text}"
    );
    assert!(!text.contains("keep the DDL from being written"), "{text}");
    // `families` holds on SQLite: not among the problems.
    assert!(
        !problems
            .iter()
            .any(|problem| problem.to_string().contains("`families`")
                && !problem.to_string().contains("bound to no database")),
        "{text}"
    );
    raw.close().await;
    let _ = std::fs::remove_file(path);
}

// One type name, two sets of values: the DDL refuses it once, naming both
// enums' columns, before PostgreSQL would.
#[test]
fn two_enums_of_one_postgres_type_are_refused() {
    let error = registry().ddl(&CLASH, Dialect::Postgres).unwrap_err();
    let DdlError::EnumTypeClash { type_name, columns } = &error else {
        panic!("expected EnumTypeClash, got {error:?}");
    };
    assert_eq!(*type_name, "mood");
    assert_eq!(
        [columns[0].1.rust_type(), columns[1].1.rust_type()],
        ["Mood", "OtherMood"]
    );
    let text = error.to_string();
    assert!(
        text.starts_with("error: two enums are PostgreSQL type `mood`, with different values"),
        "{text}"
    );
    assert!(
        text.contains("give one of them its own `#[sqlx(type_name"),
        "{text}"
    );
    // SQLite has no types of its own: nothing clashes there.
    registry().ddl(&CLASH, Dialect::Sqlite).unwrap();
}

#[tokio::test]
async fn sqlite() {
    let mut files = Vec::new();
    let (pool, raw, path) = sqlite_pool("families").await;
    files.push(path);
    create_and_verify(&pool, "families").await;
    families!(&raw, Dialect::Sqlite);

    let (pool, raw, path) = sqlite_pool("enums").await;
    files.push(path);
    create_and_verify(&pool, "enums").await;
    round_trip!(
        &raw,
        Dialect::Sqlite,
        Enums,
        enum_rows(),
        |r| r.id,
        r.status,
        r.mood,
        r.maybe
    );
    // The check refuses a value the enum does not have.
    let refused_value =
        sqlx::query(r#"INSERT INTO "enums" ("id", "status", "mood") VALUES (9, 'lost', 'happy')"#)
            .execute(&raw)
            .await;
    assert!(refused_value.is_err(), "the values check let 'lost' in");

    let (pool, raw, path) = sqlite_pool("optional_enums").await;
    files.push(path);
    create_and_verify(&pool, "optional_enums").await;
    round_trip!(
        &raw,
        Dialect::Sqlite,
        OptionalEnums,
        optional_enum_rows(),
        |r| r.id,
        r.status,
        r.mood
    );

    let (pool, _, path) = sqlite_pool("decimals").await;
    files.push(path);
    refused(&pool, "decimals", &["amount", "maybe"], "i64").await;
    for file in files {
        let _ = std::fs::remove_file(file);
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn postgres() {
    // One database per metadata: each verifies clean, without the
    // others' tables.
    with_databases(postgres_connect, 4, |pools| async move {
        let sqlx_pool = |index: usize| match &pools[index] {
            Pool::Postgres(raw) => raw.clone(),
            _ => unreachable!(),
        };
        create_and_verify(&pools[0], "families").await;
        families!(&sqlx_pool(0), Dialect::Postgres);
        let (pool, raw) = (&pools[1], &sqlx_pool(1));
        create_and_verify(pool, "decimals").await;
        round_trip!(raw, Dialect::Postgres, Decimals, vec![
            Decimals { id: 1, amount: Decimal::new(-123_456_789, 4), maybe: Some(Decimal::new(1, 28)) },
            Decimals { id: 2, amount: Decimal::ZERO, maybe: None },
        ], |r| r.id, r.amount, r.maybe);
        let (pool, raw) = (&pools[2], &sqlx_pool(2));
        create_and_verify(pool, "enums").await;
        round_trip!(raw, Dialect::Postgres, Enums, enum_rows(), |r| r.id, r.status, r.mood, r.maybe);
        // A value added to the type by hand is reported, with both lists.
        sqlx::raw_sql("ALTER TYPE mood ADD VALUE 'meh'").execute(raw).await.unwrap();
        let verification = registry().verify("enums", pool).await.unwrap();
        let text = verification.to_string();
        assert!(
            text.contains("enum type `mood` is ENUM mood ('happy', 'sad', 'meh') in the database, and ENUM mood ('happy', 'sad') in the models"),
            "{text}"
        );
        // drop_all drops the type after its tables; create_all makes it again.
        registry().drop_all("enums", pool).await.unwrap();
        let types: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_type WHERE typname = 'mood'")
            .fetch_one(raw)
            .await
            .unwrap();
        assert_eq!(types, 0);
        let verification = registry().verify("enums", pool).await.unwrap();
        assert!(verification.to_string().contains("enum type `mood` does not exist in the database"), "{verification}");
        create_and_verify(pool, "enums").await;

        let (pool, raw) = (&pools[3], &sqlx_pool(3));
        create_and_verify(pool, "optional_enums").await;
        round_trip!(raw, Dialect::Postgres, OptionalEnums, optional_enum_rows(), |r| r.id, r.status, r.mood);
    })
    .await;
}

#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn mariadb() {
    with_databases(mysql_connect, 4, |pools| async move {
        let sqlx_pool = |index: usize| match &pools[index] {
            Pool::MySql(raw) => raw.clone(),
            _ => unreachable!(),
        };
        create_and_verify(&pools[0], "families").await;
        families!(&sqlx_pool(0), Dialect::MySql);
        let (pool, raw) = (&pools[1], &sqlx_pool(1));
        create_and_verify(pool, "decimals").await;
        round_trip!(
            raw,
            Dialect::MySql,
            Decimals,
            vec![
                Decimals {
                    id: 1,
                    amount: Decimal::new(-123_456_789, 4),
                    maybe: Some(Decimal::new(1, 28))
                },
                Decimals {
                    id: 2,
                    amount: Decimal::ZERO,
                    maybe: None
                },
            ],
            |r| r.id,
            r.amount,
            r.maybe
        );
        let (pool, raw) = (&pools[2], &sqlx_pool(2));
        create_and_verify(pool, "optional_enums").await;
        round_trip!(
            raw,
            Dialect::MySql,
            OptionalEnums,
            optional_enum_rows(),
            |r| r.id,
            r.status,
            r.mood
        );
        refused(&pools[3], "enums", &["status", "mood"], "Option<_>").await;
    })
    .await;
}

/// Runs `body` on `count` fresh databases of a server (`mr_round_trip_<n>_<pid>`),
/// made and dropped through its `test` database, even if `body` panicked.
async fn with_databases<C, CF, F, Fut>(connect: C, count: usize, body: F)
where
    C: Fn(String) -> CF,
    CF: Future<Output = Pool>,
    F: FnOnce(Vec<Pool>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let admin = connect("test".to_owned()).await;
    let (quote, force) = match admin {
        Pool::Postgres(_) => ('"', " WITH (FORCE)"),
        _ => ('`', ""),
    };
    let names: Vec<String> = (0..count)
        .map(|n| format!("mr_round_trip_{n}_{}", std::process::id()))
        .collect();
    let drop = |name: &str| format!("DROP DATABASE IF EXISTS {quote}{name}{quote}{force}");
    let mut pools = Vec::new();
    for name in &names {
        exec(&admin, &drop(name)).await;
        exec(&admin, &format!("CREATE DATABASE {quote}{name}{quote}")).await;
        pools.push(connect(name.clone()).await);
    }
    let result = tokio::spawn(body(pools.clone())).await;
    for pool in &pools {
        match pool {
            Pool::Postgres(pool) => pool.close().await,
            Pool::MySql(pool) => pool.close().await,
            _ => {}
        }
    }
    for name in &names {
        exec(&admin, &drop(name)).await;
    }
    if let Err(error) = result {
        std::panic::resume_unwind(error.into_panic());
    }
}

/// Runs `text` on `pool`.
async fn exec(pool: &Pool, text: &str) {
    let sql = sqlx::AssertSqlSafe(text.to_owned());
    let result = match pool {
        Pool::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        Pool::MySql(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        _ => unreachable!("SQLite has no server to make databases on"),
    };
    if let Err(error) = result {
        panic!("{text}: {error}");
    }
}

async fn postgres_connect(database: String) -> Pool {
    let server = std::env::var("MR_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let url = format!("{server}/{database}");
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap_or_else(|error| panic!("cannot connect to PostgreSQL at {url}: {error}"));
    Pool::from(pool)
}

async fn mysql_connect(database: String) -> Pool {
    let server =
        std::env::var("MR_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned());
    let url = format!("{server}/{database}");
    let pool = sqlx::mysql::MySqlPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap_or_else(|error| panic!("cannot connect to MariaDB at {url}: {error}"));
    Pool::from(pool)
}

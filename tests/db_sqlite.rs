//! `create_all`, `drop_all`, `verify` and binding against SQLite, in files
//! and in memory. Each test has its own databases.

#[path = "common/shop.rs"]
mod shop;

#[path = "common/scenarios.rs"]
mod scenarios;

use std::path::PathBuf;

use model_registry::db::{BindProblem, Pool};
use model_registry::ddl::Dialect;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// A fresh database file, removed when dropped.
struct File(PathBuf);

impl File {
    fn new(test: &str) -> Self {
        let path = std::env::temp_dir().join(format!("mr_{test}_{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        Self(path)
    }

    async fn pool(&self) -> Pool {
        let options = SqliteConnectOptions::new()
            .filename(&self.0)
            .create_if_missing(true);
        Pool::from(
            SqlitePoolOptions::new()
                .connect_with(options)
                .await
                .unwrap(),
        )
    }
}

impl Drop for File {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// An in-memory database lives as long as its only connection.
async fn memory() -> Pool {
    Pool::from(
        SqlitePoolOptions::new()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect("sqlite::memory:")
            .await
            .unwrap(),
    )
}

#[tokio::test]
async fn create_verify_drop_in_files() {
    let (shop, audit) = (File::new("cvd_shop"), File::new("cvd_audit"));
    scenarios::create_verify_drop(&shop.pool().await, &audit.pool().await, 1).await;
}

#[tokio::test]
async fn create_verify_drop_in_memory() {
    scenarios::create_verify_drop(&memory().await, &memory().await, 1).await;
}

/// SQLite cannot change a column's type: the `order` table is made again
/// by hand, without `select` and with a text `total`.
fn damage() -> scenarios::Damage {
    let ddl = shop::registry().ddl("shop", Dialect::Sqlite).unwrap();
    let order = &ddl.tables()[1];
    assert_eq!(order.table().name(), "order");
    let create = order
        .create_table()
        .replace(r#""select" TEXT, "#, "")
        .replace(r#""total" INTEGER"#, r#""total" TEXT"#);
    let mut statements = vec![
        r#"DROP TABLE "order line""#.to_owned(),
        r#"DROP TABLE "order""#.to_owned(),
        create,
    ];
    statements.extend(order.create_indexes().iter().cloned());
    scenarios::Damage { statements }
}

#[tokio::test]
async fn every_difference_is_reported_in_files() {
    let (shop, audit) = (File::new("diff_shop"), File::new("diff_audit"));
    scenarios::differences(&shop.pool().await, &audit.pool().await, damage()).await;
}

#[tokio::test]
async fn every_difference_is_reported_in_memory() {
    scenarios::differences(&memory().await, &memory().await, damage()).await;
}

#[tokio::test]
async fn a_failure_mid_create_leaves_nothing() {
    let broken = File::new("broken");
    scenarios::failure_mid_create(&broken.pool().await).await;
}

#[tokio::test]
async fn binding_refuses_a_metadata_bound_twice_or_left_unbound() {
    let registry = shop::registry();
    let (a, b) = (memory().await, memory().await);
    let error = registry
        .bind([
            (&shop::SHOP, a.clone()),
            (&shop::SHOP, b.clone()),
            (&shop::AUDIT, b.clone()),
        ])
        .unwrap_err();
    let problems: Vec<String> = error
        .problems()
        .iter()
        .map(|problem| match problem {
            BindProblem::BoundTwice {
                metadata, times, ..
            } => format!("twice {} {times}", metadata.name()),
            BindProblem::Unbound {
                metadata, tables, ..
            } => format!("unbound {} {tables}", metadata.name()),
            other => format!("{other}"),
        })
        .collect();
    assert_eq!(
        problems,
        ["unbound archive 1", "unbound broken 3", "twice shop 2"]
    );
    let text = error.to_string();
    assert!(text.starts_with("error: metadata `archive` has 1 table but is bound to no database\n  --> tests::ARCHIVE ("), "{text}");
    assert!(
        text.contains("error: metadata `shop` is bound 2 times"),
        "{text}"
    );
    assert!(
        text.ends_with("error: the binding has 3 problems"),
        "{text}"
    );

    let (archive, broken) = (memory().await, memory().await);
    let binding = registry
        .bind([
            (&shop::SHOP, a),
            (&shop::AUDIT, b),
            (&shop::ARCHIVE, archive),
            (&shop::BROKEN, broken.clone()),
        ])
        .unwrap();
    assert!(binding.pool(&shop::BROKEN).is_some());
    // `broken` cannot be created; every other metadata is created all the
    // same, those after it in name order too.
    assert!(binding.create_all().await.is_err());
    let verifications = binding.verify().await.unwrap();
    let clean: Vec<(&str, bool)> = verifications
        .iter()
        .map(|verification| (verification.metadata(), verification.is_clean()))
        .collect();
    assert_eq!(
        clean,
        [
            ("archive", true),
            ("audit", true),
            ("broken", false),
            ("shop", true)
        ]
    );
}

#[tokio::test]
async fn a_database_that_cannot_be_reached_is_named_with_its_metadata() {
    let pool = SqlitePoolOptions::new()
        .connect("sqlite::memory:")
        .await
        .unwrap();
    pool.close().await;
    let error = shop::registry()
        .verify("shop", &Pool::from(pool))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            model_registry::db::DbError::Sqlx {
                metadata: "shop",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "error: metadata `shop`: its SQLite database failed: attempted to acquire a connection on a closed pool
  = note: nothing was changed
  = help: check that the server is up and that the pool's URL and permissions are right, then run it again"
    );
}

#[tokio::test]
async fn a_binding_reports_every_database_that_fails_not_the_first() {
    let registry = shop::registry();
    let closed = || async {
        let pool = SqlitePoolOptions::new()
            .connect("sqlite::memory:")
            .await
            .unwrap();
        pool.close().await;
        Pool::from(pool)
    };
    let binding = registry
        .bind([
            (&shop::SHOP, closed().await),
            (&shop::AUDIT, closed().await),
            (&shop::ARCHIVE, closed().await),
            (&shop::BROKEN, closed().await),
        ])
        .unwrap();
    let error = binding.verify().await.unwrap_err();
    let model_registry::db::DbError::Several(errors) = &error else {
        panic!("{error:?}");
    };
    let metadata: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            model_registry::db::DbError::Sqlx { metadata, .. } => *metadata,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(metadata, ["archive", "audit", "broken", "shop"]);
    assert!(
        error
            .to_string()
            .ends_with("error: 4 databases failed; each is listed above, and the others were done"),
        "{error}"
    );
}

#[tokio::test]
async fn replicas_start_together() {
    let file = File::new("replicas");
    let mut replicas = Vec::new();
    for _ in 0..8 {
        replicas.push(file.pool().await);
    }
    scenarios::replicas_start_together(&replicas, 5).await;
}

#[tokio::test]
async fn a_held_lock_times_out() {
    let file = File::new("held");
    let pool = file.pool().await;
    let Pool::Sqlite(other) = file.pool().await else {
        unreachable!()
    };
    // Another process in the middle of a write.
    let mut holder = other.acquire().await.unwrap();
    sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut *holder)
        .await
        .unwrap();
    scenarios::lock_held_elsewhere(&pool, std::time::Duration::from_millis(300)).await;
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut *holder)
        .await
        .unwrap();
}

// SQLite compares identifiers ignoring ASCII case.
#[tokio::test]
async fn identifier_case_is_sqlite_own() {
    let file = File::new("case");
    scenarios::case_follows_the_database(
        &file.pool().await,
        r#"ALTER TABLE "Users" RENAME TO "users_tmp"; ALTER TABLE "users_tmp" RENAME TO "users""#,
        r#"ALTER TABLE "Users" RENAME COLUMN "Slug" TO "slug_tmp"; ALTER TABLE "Users" RENAME COLUMN "slug_tmp" TO "slug""#,
        true,
        true,
    )
    .await;
}

// A create_all of 300 tables abandoned at several points (its future
// dropped, as when a service is stopped): the transaction leaves all or
// nothing (a future dropped after the commit has committed), and a rerun
// completes.
#[tokio::test]
async fn a_create_all_stopped_mid_way_leaves_nothing() {
    let file = File::new("stopped");
    let pool = file.pool().await;
    let registry = shop::many_registry(300);
    let mut left_nothing = 0;
    for after in [1, 5, 20, 50] {
        let run = registry.create_all("many", &pool);
        let stopped = tokio::time::timeout(std::time::Duration::from_millis(after), run)
            .await
            .is_err();
        let verification = registry.verify("many", &pool).await.unwrap();
        let missing = verification.kinds().len();
        if stopped {
            assert!(
                missing == 300 || missing == 0,
                "{after} ms: {missing} of 300 are missing"
            );
            left_nothing += usize::from(missing == 300);
        }
        registry.create_all("many", &pool).await.unwrap();
        assert!(registry.verify("many", &pool).await.unwrap().is_clean());
        registry.drop_all("many", &pool).await.unwrap();
    }
    assert!(left_nothing > 0, "no run was stopped before its commit");
}

// Every way the database drifts from the models, made by hand: verify
// reports exactly it, and nothing else.
#[tokio::test]
#[allow(clippy::too_many_lines)] // one drift per item
async fn every_drift_is_reported_exactly() {
    use model_registry::db::DifferenceKind as K;
    use scenarios::{Drift, sqlite_rebuild as rebuild};
    let file = File::new("drifts");
    let drifts = vec![
        Drift::new(
            "a foreign key's ON UPDATE changed",
            rebuild("order", "ON UPDATE NO ACTION", "ON UPDATE CASCADE"),
            &[K::ForeignKeyMismatch],
            &[
                "ON UPDATE CASCADE in the database, but the model declares (customer_id) -> customer (id) ON DELETE CASCADE ON UPDATE NO ACTION",
            ],
        ),
        Drift::new(
            "a default changed",
            rebuild("order", "DEFAULT (0)", "DEFAULT (5)"),
            &[K::DefaultMismatch],
            &[
                "column `order.total` has default `5` in the database, but the model says default `0`",
            ],
        ),
        Drift::new(
            "a default dropped",
            rebuild("order", " DEFAULT (0)", ""),
            &[K::DefaultMismatch],
            &["has no default in the database, but the model says default `0`"],
        ),
        Drift::new(
            "the primary key dropped",
            rebuild(
                "order line",
                r#", CONSTRAINT "pk_order line" PRIMARY KEY ("order_id", "line")"#,
                "",
            ),
            &[K::PrimaryKeyMismatch],
            &[
                "table `order line` has no primary key in the database, but the model's key is (order_id, line)",
            ],
        ),
        Drift::new(
            "the primary key on other columns",
            rebuild(
                "order line",
                r#"PRIMARY KEY ("order_id", "line")"#,
                r#"PRIMARY KEY ("line", "order_id")"#,
            ),
            &[K::PrimaryKeyMismatch],
            &["has its primary key on (line, order_id)"],
        ),
        Drift::new(
            "a check dropped",
            rebuild(
                "order",
                r#", CONSTRAINT "ck_order_total_positive" CHECK (total >= 0)"#,
                "",
            ),
            &[K::MissingCheck],
            &["check constraint `ck_order_total_positive` (total >= 0) on `order` does not exist"],
        ),
        Drift::new(
            "a check nobody declares",
            rebuild(
                "order",
                " )",
                r#", CONSTRAINT "ck_extra" CHECK (total < 1000) )"#,
            ),
            &[K::ExtraCheck],
            &["warning: check constraint `ck_extra` (total < 1000) on `order`"],
        ),
        Drift::new(
            "a foreign key nobody declares",
            rebuild(
                "order",
                " )",
                r#", FOREIGN KEY ("total") REFERENCES "customer" ("id") )"#,
            ),
            &[K::ExtraForeignKey],
            &["warning: foreign key (total) -> customer (id)"],
        ),
        Drift::new(
            "a foreign key pointing at another table",
            rebuild(
                "order line",
                r#"REFERENCES "order" ("id")"#,
                r#"REFERENCES "customer" ("id")"#,
            ),
            &[K::ForeignKeyMismatch],
            &[
                "is (order_id) -> customer (id) ON DELETE CASCADE ON UPDATE NO ACTION in the database, but the model declares (order_id) -> order (id)",
            ],
        ),
        Drift::new(
            "an index nobody declares",
            r#"CREATE INDEX "ix_extra" ON "order" ("select")"#,
            &[K::ExtraIndex],
            &[
                "warning: index `ix_extra` on `order` (select) is in the database but no model declares it",
            ],
        ),
        Drift::new(
            "a unique index that became a plain one",
            r#"DROP INDEX "ix_customer_email"; CREATE INDEX "ix_customer_email" ON "customer" ("email")"#,
            &[K::IndexMismatch],
            &[
                "`ix_customer_email` on `customer` is an index on (email) in the database, but the model declares a unique index on (email)",
            ],
        ),
        Drift::new(
            "a composite index in another column order",
            r#"DROP INDEX "ix_order_customer_id_total"; CREATE INDEX "ix_order_customer_id_total" ON "order" ("total", "customer_id")"#,
            &[K::IndexMismatch],
            &[
                "is an index on (total, customer_id) in the database, but the model declares an index on (customer_id, total)",
            ],
        ),
        Drift::new(
            "an index under another name",
            r#"DROP INDEX "ix_order_customer_id_total"; CREATE INDEX "ix_other" ON "order" ("customer_id", "total")"#,
            &[K::NameMismatch],
            &["index `ix_other` on `order` is named `ix_order_customer_id_total` by the model"],
        ),
        Drift::new(
            "the key no longer the rowid",
            rebuild(
                "customer",
                r#""id" INTEGER NOT NULL"#,
                r#""id" BIGINT NOT NULL"#,
            ),
            &[K::TypeMismatch, K::IdentityMismatch],
            &[
                "column `customer.id` is `BIGINT` in the database, but the model's type is `INTEGER`",
                "does not number new rows itself",
            ],
        ),
    ];
    scenarios::drifts(&file.pool().await, drifts).await;
}

#[tokio::test]
async fn every_type_round_trips() {
    let file = File::new("types");
    scenarios::every_type_round_trips(&file.pool().await).await;
}

// A verification as JSON: stable kind names, the objects, expected and
// found, the model and where it is defined; and the registry's JSON holds
// every resolved key, index, constraint and the identity.
#[tokio::test]
async fn verification_and_registry_as_json() {
    let file = File::new("json");
    let pool = file.pool().await;
    let registry = shop::registry();
    registry.create_all("shop", &pool).await.unwrap();
    scenarios::exec(&pool, r#"CREATE INDEX "ix_extra" ON "order" ("total")"#).await;
    scenarios::exec(&pool, r#"ALTER TABLE "order" DROP COLUMN "select""#).await;
    let verification = registry.verify("shop", &pool).await.unwrap();
    let json = serde_json::to_value(&verification).unwrap();
    assert_eq!(json["metadata"], "shop");
    assert_eq!(json["server"], "SQLite");
    assert_eq!(json["clean"], false);
    let differences = json["differences"].as_array().unwrap();
    let missing = &differences[0];
    assert_eq!(missing["kind"], "missing_column", "{json:#}");
    assert_eq!(missing["severity"], "error");
    assert_eq!(missing["table"], "order");
    assert_eq!(missing["model"], "shop::Order");
    assert_eq!(missing["objects"], serde_json::json!(["select"]));
    assert!(missing["location"]["line"].as_u64().is_some());
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .starts_with("error: column `order.select` does not exist in the database")
    );

    let json = serde_json::to_value(registry).unwrap();
    let shop = json["metadata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|metadata| metadata["name"] == "shop")
        .unwrap();
    let order = shop["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|table| table["name"] == "order")
        .unwrap();
    assert_eq!(order["identity"], "id");
    assert_eq!(order["primary_key"]["name"], "pk_order");
    assert_eq!(order["indexes"][0]["name"], "ix_order_customer_id_total");
    assert_eq!(order["foreign_keys"][0]["on_delete"], "CASCADE");
    assert_eq!(order["foreign_keys"][0]["referred_table"], "customer");
    assert_eq!(order["checks"][0]["name"], "ck_order_total_positive");
    assert_eq!(order["columns"][3]["default"], "0");
}

// SQLite holds every integer sqlx binds but `u64` (its integers are signed
// 64-bit): that one is refused before any query; the rest round-trip.
#[tokio::test]
async fn integers_round_trip_and_u64_is_refused() {
    use sqlx::Row as _;
    let file = File::new("ints");
    let pool = file.pool().await;
    let refused = shop::integer_registry(true, true, true);
    let text = refused
        .create_all("integers", &pool)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        text.contains(
            "column `integers.u64` (`Option<u64>`, BIGINT UNSIGNED) cannot be stored on SQLite"
        ) && text.contains("use `i64`"),
        "{text}"
    );
    let registry = shop::integer_registry(true, true, false);
    registry.create_all("integers", &pool).await.unwrap();
    let Pool::Sqlite(sqlite) = &pool else {
        unreachable!()
    };
    sqlx::query("INSERT INTO integers (id, i8, i16, i32, i64, u8, u16, u32) VALUES (?, ?, ?, ?, ?, ?, ?, ?), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
        .bind(1_i64)
        .bind(i8::MIN)
        .bind(i16::MAX)
        .bind(i32::MIN)
        .bind(i64::MAX)
        .bind(u8::MAX)
        .bind(u16::MAX)
        .bind(u32::MAX)
        .execute(sqlite)
        .await
        .unwrap();
    let rows = sqlx::query("SELECT * FROM integers ORDER BY id")
        .fetch_all(sqlite)
        .await
        .unwrap();
    assert_eq!(
        rows[0].try_get::<Option<i8>, _>("i8").unwrap(),
        Some(i8::MIN)
    );
    assert_eq!(
        rows[0].try_get::<Option<i16>, _>("i16").unwrap(),
        Some(i16::MAX)
    );
    assert_eq!(
        rows[0].try_get::<Option<i32>, _>("i32").unwrap(),
        Some(i32::MIN)
    );
    assert_eq!(
        rows[0].try_get::<Option<i64>, _>("i64").unwrap(),
        Some(i64::MAX)
    );
    assert_eq!(
        rows[0].try_get::<Option<u8>, _>("u8").unwrap(),
        Some(u8::MAX)
    );
    assert_eq!(
        rows[0].try_get::<Option<u16>, _>("u16").unwrap(),
        Some(u16::MAX)
    );
    assert_eq!(
        rows[0].try_get::<Option<u32>, _>("u32").unwrap(),
        Some(u32::MAX)
    );
    assert_eq!(rows[1].try_get::<Option<u32>, _>("u32").unwrap(), None);
    let verification = registry.verify("integers", &pool).await.unwrap();
    assert!(verification.is_clean(), "{verification}");
}

#[tokio::test]
async fn destructive_steps_wait_for_permission() {
    let file = File::new("destructive");
    let pool = file.pool().await;
    let rebuild = scenarios::sqlite_rebuild("order", r#""total" INTEGER"#, r#""total" BIGINT"#);
    scenarios::destructive_steps_wait_for_permission(
        &pool,
        &format!(
            r#"{rebuild}
               DROP TABLE "order line";
               ALTER TABLE "order" DROP COLUMN "select";
               ALTER TABLE "order" ADD COLUMN "legacy" text DEFAULT 'kept';
               CREATE TABLE "leftover" ("id" integer);
               CREATE TABLE "_sqlx_migrations" ("version" bigint)"#
        ),
    )
    .await;
}

#[tokio::test]
async fn declared_renames_keep_the_rows() {
    let file = File::new("renames");
    scenarios::declared_renames_keep_the_rows(&file.pool().await).await;
}

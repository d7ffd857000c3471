//! `create_all`, `drop_all` and `verify` against PostgreSQL. Each test makes
//! its own databases (`mr_<test>_<n>_<pid>`) and drops them at the end, so
//! tests run in parallel. Ignored by default; they fail, never pass, when
//! the server is unreachable. `MR_POSTGRES_URL` overrides the server.

#[path = "common/shop.rs"]
mod shop;

#[path = "common/scenarios.rs"]
mod scenarios;

use model_registry::db::{DifferenceKind, Pool};
use sqlx::postgres::PgPoolOptions;

fn server() -> String {
    std::env::var("MR_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

async fn connect(database: String) -> Pool {
    let url = format!("{}/{database}", server());
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap_or_else(|error| {
            panic!(
                "cannot connect to PostgreSQL at {url}: {error}; start it, or set MR_POSTGRES_URL to a server that has a `test` database (where these tests make their own)"
            )
        });
    Pool::from(pool)
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn create_verify_drop() {
    scenarios::with_databases(connect, "cvd", 2, |pools| async move {
        scenarios::create_verify_drop(&pools[0], &pools[1], 5).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn every_difference_is_reported() {
    scenarios::with_databases(connect, "diff", 2, |pools| async move {
        let damage = scenarios::Damage {
            statements: vec![
                r#"DROP TABLE "order line""#.to_owned(),
                r#"ALTER TABLE "order" DROP COLUMN "select""#.to_owned(),
                r#"ALTER TABLE "order" ALTER COLUMN "total" TYPE bigint"#.to_owned(),
            ],
        };
        scenarios::differences(&pools[0], &pools[1], damage).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn a_failure_mid_create_leaves_nothing() {
    scenarios::with_databases(connect, "broken", 1, |pools| async move {
        scenarios::failure_mid_create(&pools[0]).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn a_schema_qualified_metadata_round_trips() {
    scenarios::with_databases(connect, "schema", 1, |pools| async move {
        scenarios::exec(&pools[0], "CREATE SCHEMA archive").await;
        let registry = shop::registry();
        let created = registry.create_all("archive", &pools[0]).await.unwrap();
        assert_eq!(
            created.to_string(),
            "metadata `archive` (PostgreSQL): created 1 table: `archive.archived_order`"
        );
        let verification = registry.verify("archive", &pools[0]).await.unwrap();
        assert!(verification.is_clean(), "{verification}");
    })
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn removed_keys_indexes_and_constraints_are_reported() {
    scenarios::with_databases(connect, "keys", 1, |pools| async move {
        let damage = scenarios::Damage {
            statements: vec![
                r#"DROP INDEX "ix_order_customer_id_total""#.to_owned(),
                r#"ALTER TABLE "customer" DROP CONSTRAINT "uq_customer_user name""#.to_owned(),
                r#"ALTER TABLE "order" DROP CONSTRAINT "fk_order_customer_id_customer""#.to_owned(),
                r#"ALTER TABLE "order" ALTER COLUMN "total" DROP NOT NULL"#.to_owned(),
                r#"ALTER TABLE "order" ADD COLUMN "notes" text"#.to_owned(),
            ],
        };
        scenarios::keys_removed(
            &pools[0],
            damage,
            &[
                DifferenceKind::MissingIndex,
                DifferenceKind::MissingUnique,
                DifferenceKind::MissingForeignKey,
                DifferenceKind::NullabilityMismatch,
                DifferenceKind::ExtraColumn,
            ],
        )
        .await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn replicas_start_together() {
    scenarios::with_databases(connect, "replicas", 1, |pools| async move {
        let name = format!("mr_replicas_0_{}", std::process::id());
        let mut replicas = vec![pools[0].clone()];
        for _ in 1..8 {
            replicas.push(connect(name.clone()).await);
        }
        scenarios::replicas_start_together(&replicas, 5).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn a_held_lock_times_out() {
    scenarios::with_databases(connect, "held", 1, |pools| async move {
        let Pool::Postgres(pool) = &pools[0] else {
            unreachable!()
        };
        // Another process in the middle of a schema change.
        let mut holder = pool.begin().await.unwrap();
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(model_registry::db::ApplyOptions::postgres_lock_key("shop"))
            .execute(&mut *holder)
            .await
            .unwrap();
        scenarios::lock_held_elsewhere(&pools[0], std::time::Duration::from_millis(300)).await;
        holder.rollback().await.unwrap();
    })
    .await;
}

// The pool's timeout hides why it got no connection; the error says it.
#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn an_unreachable_server_is_named_with_its_cause() {
    // Port 1 on the loopback: nothing listens there.
    let pool = PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(500))
        .connect_lazy("postgres://postgres@127.0.0.1:1/test")
        .unwrap();
    let error = shop::registry()
        .create_all(&shop::SHOP, &pool)
        .await
        .unwrap_err();
    assert!(
        matches!(error, model_registry::db::DbError::Unreachable { .. }),
        "{error}"
    );
    assert!(error.is_transient());
    let text = error.to_string();
    assert!(
        text.starts_with("error: metadata `shop`: cannot connect to its PostgreSQL database: "),
        "{text}"
    );
    assert!(text.to_lowercase().contains("refused"), "{text}");
    assert!(
        !text.contains("while waiting for an open connection"),
        "{text}"
    );
}

// PostgreSQL compares quoted identifiers byte for byte: a live `users` is
// not the model's `Users`, nor `slug` its `Slug`.
#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn identifier_case_is_postgres_own() {
    scenarios::with_databases(connect, "case", 1, |pools| async move {
        scenarios::case_follows_the_database(
            &pools[0],
            // The key's name goes too: PostgreSQL's index names share the
            // table namespace, so `pk_Users` would keep a new `Users` out.
            r#"ALTER TABLE "Users" RENAME TO "users"; ALTER TABLE "users" RENAME CONSTRAINT "pk_Users" TO "pk_users""#,
            r#"ALTER TABLE "Users" RENAME COLUMN "Slug" TO "slug""#,
            false,
            false,
        )
        .await;
    })
    .await;
}

// The backend running create_all is terminated at several points: the
// transaction leaves nothing, and a rerun completes.
#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn a_connection_killed_mid_create_leaves_nothing() {
    scenarios::with_databases(connect, "killed", 1, |pools| async move {
        let database = format!("mr_killed_0_{}", std::process::id());
        let Pool::Postgres(admin) = connect("test".to_owned()).await else {
            unreachable!()
        };
        scenarios::killed_mid_create(&pools[0], true, &[5, 20, 50, 100, 200], || {
            let (admin, database) = (admin.clone(), database.clone());
            async move {
                let killed: i64 = sqlx::query_scalar(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                     WHERE datname = $1 AND state <> 'idle' AND pid <> pg_backend_pid()",
                )
                .bind(database)
                .fetch_one(&admin)
                .await
                .unwrap();
                killed > 0
            }
        })
        .await;
    })
    .await;
}

// Every way the database drifts from the models, made by hand: verify
// reports exactly it, and nothing else.
#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
#[allow(clippy::too_many_lines)] // one drift per item
async fn every_drift_is_reported_exactly() {
    use model_registry::db::DifferenceKind as K;
    use scenarios::Drift;
    let drifts = vec![
        Drift::new(
            "a foreign key's ON UPDATE changed",
            r#"ALTER TABLE "order" DROP CONSTRAINT "fk_order_customer_id_customer";
               ALTER TABLE "order" ADD CONSTRAINT "fk_order_customer_id_customer" FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE"#,
            &[K::ForeignKeyMismatch],
            &[
                "is (customer_id) -> public.customer (id) ON DELETE CASCADE ON UPDATE CASCADE in the database, but the model declares (customer_id) -> customer (id) ON DELETE CASCADE ON UPDATE NO ACTION",
            ],
        ),
        Drift::new(
            "a foreign key's ON DELETE dropped",
            r#"ALTER TABLE "order line" DROP CONSTRAINT "fk_order line_order_id_order";
               ALTER TABLE "order line" ADD CONSTRAINT "fk_order line_order_id_order" FOREIGN KEY ("order_id") REFERENCES "order" ("id")"#,
            &[K::ForeignKeyMismatch],
            &[
                "ON DELETE NO ACTION ON UPDATE NO ACTION in the database, but the model declares (order_id) -> order (id) ON DELETE CASCADE",
            ],
        ),
        Drift::new(
            "a default changed",
            r#"ALTER TABLE "order" ALTER COLUMN "total" SET DEFAULT 5"#,
            &[K::DefaultMismatch],
            &[
                "column `order.total` has default `5` in the database, but the model says default `0`",
            ],
        ),
        Drift::new(
            "a default dropped",
            r#"ALTER TABLE "order" ALTER COLUMN "total" DROP DEFAULT"#,
            &[K::DefaultMismatch],
            &["has no default in the database, but the model says default `0`"],
        ),
        Drift::new(
            "the primary key dropped",
            r#"ALTER TABLE "order line" DROP CONSTRAINT "pk_order line""#,
            &[K::PrimaryKeyMismatch],
            &[
                "table `order line` has no primary key in the database, but the model's key is (order_id, line)",
            ],
        ),
        Drift::new(
            "the primary key on other columns",
            r#"ALTER TABLE "order line" DROP CONSTRAINT "pk_order line";
               ALTER TABLE "order line" ADD CONSTRAINT "pk_order line" PRIMARY KEY ("order_id")"#,
            &[K::PrimaryKeyMismatch],
            &["has its primary key on (order_id)"],
        ),
        Drift::new(
            "the primary key renamed",
            r#"ALTER TABLE "order line" RENAME CONSTRAINT "pk_order line" TO "order_line_pkey""#,
            &[K::NameMismatch],
            &[
                "primary key `order_line_pkey` on `order line` is named `pk_order line` by the model",
            ],
        ),
        Drift::new(
            "a check dropped",
            r#"ALTER TABLE "order" DROP CONSTRAINT "ck_order_total_positive""#,
            &[K::MissingCheck],
            &["check constraint `ck_order_total_positive` (total >= 0) on `order` does not exist"],
        ),
        Drift::new(
            "a check nobody declares",
            r#"ALTER TABLE "order" ADD CONSTRAINT "ck_extra" CHECK (total < 1000)"#,
            &[K::ExtraCheck],
            &["warning: check constraint `ck_extra` (total < 1000) on `order`"],
        ),
        Drift::new(
            "a foreign key nobody declares",
            r#"ALTER TABLE "order" ADD CONSTRAINT "fk_extra" FOREIGN KEY ("customer_id") REFERENCES "customer" ("id")"#,
            &[K::ExtraForeignKey],
            &["warning: foreign key `fk_extra` (customer_id) -> public.customer (id)"],
        ),
        Drift::new(
            "a foreign key pointing at another table",
            r#"ALTER TABLE "order line" DROP CONSTRAINT "fk_order line_order_id_order";
               ALTER TABLE "order line" ADD CONSTRAINT "fk_order line_order_id_order" FOREIGN KEY ("order_id") REFERENCES "customer" ("id") ON DELETE CASCADE"#,
            &[K::ForeignKeyMismatch],
            &[
                "is (order_id) -> public.customer (id) ON DELETE CASCADE ON UPDATE NO ACTION in the database",
            ],
        ),
        Drift::new(
            "a foreign key under another name",
            r#"ALTER TABLE "order" RENAME CONSTRAINT "fk_order_customer_id_customer" TO "order_customer_fkey""#,
            &[K::NameMismatch],
            &[
                "foreign key `order_customer_fkey` on `order` is named `fk_order_customer_id_customer` by the model",
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
            "a unique constraint nobody declares",
            r#"ALTER TABLE "order" ADD CONSTRAINT "uq_extra" UNIQUE ("select")"#,
            &[K::ExtraIndex],
            &["warning: unique index `uq_extra` on `order` (select)"],
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
            "a unique constraint that became a plain index",
            r#"ALTER TABLE "customer" DROP CONSTRAINT "uq_customer_user name"; CREATE INDEX "uq_customer_user name" ON "customer" ("user name")"#,
            &[K::IndexMismatch],
            &[
                "is an index on (user name) in the database, but the model declares a unique index on (user name)",
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
            r#"ALTER INDEX "ix_order_customer_id_total" RENAME TO "ix_other""#,
            &[K::NameMismatch],
            &["index `ix_other` on `order` is named `ix_order_customer_id_total` by the model"],
        ),
        Drift::new(
            "the key's identity dropped",
            r#"ALTER TABLE "customer" ALTER COLUMN "id" DROP IDENTITY"#,
            &[K::IdentityMismatch],
            &[
                "column `customer.id` does not number new rows itself in the database, but the model's key auto-increments",
            ],
        ),
        Drift::new(
            "a key that numbers rows the model does not",
            r#"ALTER TABLE "order line" ALTER COLUMN "line" ADD GENERATED BY DEFAULT AS IDENTITY"#,
            &[K::IdentityMismatch],
            &["column `order line.line` numbers new rows itself in the database"],
        ),
    ];
    scenarios::with_databases(connect, "drifts", 1, |pools| async move {
        scenarios::drifts(&pools[0], drifts).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs a server (CI runs --include-ignored)"]
async fn every_type_round_trips() {
    scenarios::with_databases(connect, "types", 1, |pools| async move {
        scenarios::every_type_round_trips(&pools[0]).await;
    })
    .await;
}

// PostgreSQL has no 1-byte and no unsigned integer that sqlx can bind: a
// model with one is refused before any query, with what to use; the signed
// widths round-trip at their extremes and as NULL.
#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn integers_sqlx_cannot_bind_are_refused_and_the_rest_round_trip() {
    use sqlx::Row as _;
    scenarios::with_databases(connect, "ints", 1, |pools| async move {
        let refused = shop::integer_registry(true, true, true);
        let error = refused.create_all("integers", &pools[0]).await.unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("error: column `integers.i8` (`Option<i8>`, TINYINT) cannot be stored on PostgreSQL")
                && text.contains("use `i16`")
                && text.contains("column `integers.u64`")
                && text.contains("PostgreSQL has no unsigned integers"),
            "{text}"
        );
        let registry = shop::integer_registry(false, false, false);
        registry.create_all("integers", &pools[0]).await.unwrap();
        let Pool::Postgres(pool) = &pools[0] else { unreachable!() };
        sqlx::query("INSERT INTO integers (id, i16, i32, i64) VALUES ($1, $2, $3, $4), ($5, NULL, NULL, NULL)")
            .bind(1_i64)
            .bind(i16::MIN)
            .bind(i32::MAX)
            .bind(i64::MIN)
            .bind(2_i64)
            .execute(pool)
            .await
            .unwrap();
        let rows = sqlx::query("SELECT * FROM integers ORDER BY id").fetch_all(pool).await.unwrap();
        assert_eq!(rows[0].try_get::<Option<i16>, _>("i16").unwrap(), Some(i16::MIN));
        assert_eq!(rows[0].try_get::<Option<i32>, _>("i32").unwrap(), Some(i32::MAX));
        assert_eq!(rows[0].try_get::<Option<i64>, _>("i64").unwrap(), Some(i64::MIN));
        assert_eq!(rows[1].try_get::<Option<i64>, _>("i64").unwrap(), None);
        assert!(registry.verify("integers", &pools[0]).await.unwrap().is_clean());
    })
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn destructive_steps_wait_for_permission() {
    scenarios::with_databases(connect, "destructive", 1, |pools| async move {
        scenarios::destructive_steps_wait_for_permission(
            &pools[0],
            r#"DROP TABLE "order line";
               ALTER TABLE "order" DROP COLUMN "select";
               ALTER TABLE "order" ADD COLUMN "legacy" text DEFAULT 'kept';
               ALTER TABLE "order" ALTER COLUMN "total" TYPE bigint;
               ALTER TABLE "customer" ALTER COLUMN "user name" TYPE varchar(40);
               CREATE TABLE "leftover" ("id" integer);
               CREATE TABLE "_sqlx_migrations" ("version" bigint)"#,
        )
        .await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
async fn declared_renames_keep_the_rows() {
    scenarios::with_databases(connect, "renames", 1, |pools| async move {
        scenarios::declared_renames_keep_the_rows(&pools[0]).await;
    })
    .await;
}

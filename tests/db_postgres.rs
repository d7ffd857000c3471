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
        scenarios::create_verify_drop(&pools[0], &pools[1], 4).await;
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

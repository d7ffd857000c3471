//! `create_all`, `drop_all` and `verify` against MariaDB. Each test makes
//! its own databases (`mr_<test>_<n>_<pid>`) and drops them at the end, so
//! tests run in parallel. Ignored by default; they fail, never pass, when
//! the server is unreachable. `MR_MYSQL_URL` overrides the server.

#[path = "common/shop.rs"]
mod shop;

#[path = "common/scenarios.rs"]
mod scenarios;

use model_registry::db::{DifferenceKind, Pool};
use sqlx::mysql::MySqlPoolOptions;

fn server() -> String {
    std::env::var("MR_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned())
}

async fn connect(database: String) -> Pool {
    let url = format!("{}/{database}", server());
    let pool = MySqlPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap_or_else(|error| {
            panic!("cannot connect to MariaDB at {url}: {error}; start it, or set MR_MYSQL_URL to a server that has a `test` database (where these tests make their own)")
        });
    Pool::from(pool)
}

#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn create_verify_drop() {
    scenarios::with_databases(connect, "cvd", 2, |pools| async move {
        scenarios::create_verify_drop(&pools[0], &pools[1], 4).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn every_difference_is_reported() {
    scenarios::with_databases(connect, "diff", 2, |pools| async move {
        let damage = scenarios::Damage {
            statements: vec![
                "DROP TABLE `order line`".to_owned(),
                "ALTER TABLE `order` DROP COLUMN `select`".to_owned(),
                "ALTER TABLE `order` MODIFY `total` bigint NOT NULL DEFAULT 0".to_owned(),
            ],
        };
        scenarios::differences(&pools[0], &pools[1], damage).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn a_failure_mid_create_lists_what_was_created() {
    scenarios::with_databases(connect, "broken", 1, |pools| async move {
        scenarios::failure_mid_create(&pools[0]).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn removed_keys_indexes_and_constraints_are_reported() {
    scenarios::with_databases(connect, "keys", 1, |pools| async move {
        let damage = scenarios::Damage {
            statements: vec![
                // The key first: MariaDB keeps an index its foreign key uses.
                "ALTER TABLE `order` DROP FOREIGN KEY `fk_order_customer_id_customer`".to_owned(),
                "ALTER TABLE `order` DROP INDEX `ix_order_customer_id_total`".to_owned(),
                "ALTER TABLE `customer` DROP INDEX `uq_customer_user name`".to_owned(),
                "ALTER TABLE `order` MODIFY `total` int NULL DEFAULT 0".to_owned(),
                "ALTER TABLE `order` ADD COLUMN `notes` text".to_owned(),
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
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
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
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn a_held_lock_times_out() {
    scenarios::with_databases(connect, "held", 1, |pools| async move {
        let Pool::MySql(pool) = &pools[0] else {
            unreachable!()
        };
        let name = format!("mr_held_0_{}", std::process::id());
        let mut holder = pool.acquire().await.unwrap();
        let got: Option<i64> = sqlx::query_scalar("SELECT GET_LOCK(?, 0)")
            .bind(model_registry::db::ApplyOptions::mysql_lock_name(
                &name, "shop",
            ))
            .fetch_one(&mut *holder)
            .await
            .unwrap();
        assert_eq!(got, Some(1));
        scenarios::lock_held_elsewhere(&pools[0], std::time::Duration::from_millis(1500)).await;
        sqlx::query("SELECT RELEASE_LOCK(?)")
            .bind(model_registry::db::ApplyOptions::mysql_lock_name(
                &name, "shop",
            ))
            .execute(&mut *holder)
            .await
            .unwrap();
    })
    .await;
}

// With `lower_case_table_names = 0` (this server, and most Linux ones)
// MariaDB compares table names byte for byte; column names ignore case.
#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn identifier_case_is_mariadb_own() {
    scenarios::with_databases(connect, "case", 1, |pools| async move {
        scenarios::case_follows_the_database(
            &pools[0],
            "RENAME TABLE `Users` TO `users`",
            "ALTER TABLE `Users` CHANGE COLUMN `Slug` `slug` longtext NOT NULL",
            false,
            true,
        )
        .await;
    })
    .await;
}

// The connection running create_all is killed at several points: MariaDB
// commits each CREATE TABLE at once, so the error must list exactly the
// tables that exist; a rerun completes.
#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn a_connection_killed_mid_create_reports_what_exists() {
    scenarios::with_databases(connect, "killed", 1, |pools| async move {
        let database = format!("mr_killed_0_{}", std::process::id());
        let Pool::MySql(admin) = connect("test".to_owned()).await else {
            unreachable!()
        };
        scenarios::killed_mid_create(&pools[0], false, &[5, 20, 50, 100, 200, 400], || {
            let (admin, database) = (admin.clone(), database.clone());
            async move {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT CAST(ID AS SIGNED) FROM information_schema.PROCESSLIST \
                     WHERE DB = ? AND ID <> CONNECTION_ID() AND COMMAND <> 'Sleep'",
                )
                .bind(database)
                .fetch_all(&admin)
                .await
                .unwrap();
                for id in &ids {
                    // The connection may have ended on its own meanwhile.
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("KILL CONNECTION {id}")))
                        .execute(&admin)
                        .await;
                }
                !ids.is_empty()
            }
        })
        .await;
    })
    .await;
}

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

// Every way the database drifts from the models, made by hand: verify
// reports exactly it, and nothing else.
#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
#[allow(clippy::too_many_lines)] // one drift per item
async fn every_drift_is_reported_exactly() {
    use model_registry::db::DifferenceKind as K;
    use scenarios::Drift;
    let drifts = vec![
        Drift::new(
            "a foreign key's ON UPDATE changed",
            "ALTER TABLE `order` DROP FOREIGN KEY `fk_order_customer_id_customer`;
             ALTER TABLE `order` ADD CONSTRAINT `fk_order_customer_id_customer` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`) ON DELETE CASCADE ON UPDATE CASCADE",
            &[K::ForeignKeyMismatch],
            &["ON DELETE CASCADE ON UPDATE CASCADE in the database, but the model declares (customer_id) -> customer (id) ON DELETE CASCADE ON UPDATE NO ACTION"],
        ),
        Drift::new(
            "a foreign key's ON DELETE dropped",
            "ALTER TABLE `order line` DROP FOREIGN KEY `fk_order line_order_id_order`;
             ALTER TABLE `order line` ADD CONSTRAINT `fk_order line_order_id_order` FOREIGN KEY (`order_id`) REFERENCES `order` (`id`)",
            &[K::ForeignKeyMismatch],
            &["ON DELETE RESTRICT ON UPDATE RESTRICT in the database, but the model declares (order_id) -> order (id) ON DELETE CASCADE"],
        ),
        Drift::new(
            "a default changed",
            "ALTER TABLE `order` ALTER COLUMN `total` SET DEFAULT 5",
            &[K::DefaultMismatch],
            &["column `order.total` has default `5` in the database, but the model says default `0`"],
        ),
        Drift::new(
            "a default dropped",
            "ALTER TABLE `order` ALTER COLUMN `total` DROP DEFAULT",
            &[K::DefaultMismatch],
            &["has no default in the database, but the model says default `0`"],
        ),
        Drift::new(
            "the primary key dropped",
            // The key's index also serves the foreign key on `order_id`.
            "CREATE INDEX `ix_keep` ON `order line` (`order_id`); ALTER TABLE `order line` DROP PRIMARY KEY",
            &[K::PrimaryKeyMismatch, K::ExtraIndex],
            &["table `order line` has no primary key in the database, but the model's key is (order_id, line)"],
        ),
        Drift::new(
            "the primary key on other columns",
            "ALTER TABLE `order line` DROP PRIMARY KEY, ADD PRIMARY KEY (`order_id`)",
            &[K::PrimaryKeyMismatch],
            &["has its primary key on (order_id)"],
        ),
        Drift::new(
            "a check dropped",
            "ALTER TABLE `order` DROP CONSTRAINT `ck_order_total_positive`",
            &[K::MissingCheck],
            &["check constraint `ck_order_total_positive` (total >= 0) on `order` does not exist"],
        ),
        Drift::new(
            "a check nobody declares",
            "ALTER TABLE `order` ADD CONSTRAINT `ck_extra` CHECK (total < 1000)",
            &[K::ExtraCheck],
            &["warning: check constraint `ck_extra` (`total` < 1000) on `order`"],
        ),
        Drift::new(
            "a foreign key nobody declares",
            "ALTER TABLE `order` ADD CONSTRAINT `fk_extra` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`)",
            &[K::ExtraForeignKey],
            &["warning: foreign key `fk_extra` (customer_id) -> "],
        ),
        Drift::new(
            "a foreign key pointing at another table",
            "ALTER TABLE `order line` DROP FOREIGN KEY `fk_order line_order_id_order`;
             ALTER TABLE `order line` ADD CONSTRAINT `fk_order line_order_id_order` FOREIGN KEY (`order_id`) REFERENCES `customer` (`id`) ON DELETE CASCADE",
            &[K::ForeignKeyMismatch],
            &["customer (id) ON DELETE CASCADE ON UPDATE RESTRICT in the database, but the model declares (order_id) -> order (id)"],
        ),
        Drift::new(
            "a foreign key under another name",
            "ALTER TABLE `order` DROP FOREIGN KEY `fk_order_customer_id_customer`;
             ALTER TABLE `order` ADD CONSTRAINT `order_ibfk_1` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION",
            &[K::NameMismatch],
            &["foreign key `order_ibfk_1` on `order` is named `fk_order_customer_id_customer` by the model"],
        ),
        Drift::new(
            "an index nobody declares",
            "CREATE INDEX `ix_extra` ON `order` (`total`)",
            &[K::ExtraIndex],
            &["warning: index `ix_extra` on `order` (total) is in the database but no model declares it"],
        ),
        Drift::new(
            "a unique index that became a plain one",
            "ALTER TABLE `customer` DROP INDEX `ix_customer_email`, ADD INDEX `ix_customer_email` (`email`)",
            &[K::IndexMismatch],
            &["`ix_customer_email` on `customer` is an index on (email) in the database, but the model declares a unique index on (email)"],
        ),
        Drift::new(
            "a composite index in another column order",
            "ALTER TABLE `order` DROP INDEX `ix_order_customer_id_total`, ADD INDEX `ix_order_customer_id_total` (`total`, `customer_id`), ADD INDEX `ix_fk` (`customer_id`)",
            &[K::IndexMismatch, K::ExtraIndex],
            &["is an index on (total, customer_id) in the database, but the model declares an index on (customer_id, total)"],
        ),
        Drift::new(
            "an index under another name",
            "ALTER TABLE `order` RENAME INDEX `ix_order_customer_id_total` TO `ix_other`",
            &[K::NameMismatch],
            &["index `ix_other` on `order` is named `ix_order_customer_id_total` by the model"],
        ),
        Drift::new(
            "the key's AUTO_INCREMENT dropped",
            "SET foreign_key_checks = 0; ALTER TABLE `customer` MODIFY `id` bigint NOT NULL; SET foreign_key_checks = 1",
            &[K::IdentityMismatch],
            &["column `customer.id` does not number new rows itself in the database, but the model's key auto-increments"],
        ),
    ];
    scenarios::with_databases(connect, "drifts", 1, |pools| async move {
        scenarios::drifts(&pools[0], drifts).await;
    })
    .await;
}

// MariaDB stores JSON as `longtext` with a `json_valid` check: without the
// check the column takes any text, and verify says so.
#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn json_that_lost_its_check_is_reported() {
    scenarios::with_databases(connect, "json", 1, |pools| async move {
        let registry = shop::json_registry();
        registry.create_all("documents", &pools[0]).await.unwrap();
        let clean = registry.verify("documents", &pools[0]).await.unwrap();
        assert!(clean.is_clean(), "{clean}");
        scenarios::exec(&pools[0], "ALTER TABLE `document` MODIFY `body` longtext NOT NULL").await;
        let verification = registry.verify("documents", &pools[0]).await.unwrap();
        assert_eq!(verification.kinds(), [DifferenceKind::TypeMismatch], "{verification}");
        assert!(
            verification.to_string().contains(
                "column `document.body` is `longtext without its `json_valid` check` in the database, but the model's type is `json`"
            ),
            "{verification}"
        );
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

// Every integer width round-trips through sqlx at its extremes and as NULL:
// the column is the type sqlx binds and decodes (`TINYINT UNSIGNED` for a
// `u8`, …), so neither the INSERT nor the SELECT fails.
#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn every_integer_width_round_trips() {
    use sqlx::Row as _;
    scenarios::with_databases(connect, "ints", 1, |pools| async move {
        let registry = shop::integer_registry(true, true, true);
        registry.create_all("integers", &pools[0]).await.unwrap();
        let Pool::MySql(pool) = &pools[0] else { unreachable!() };
        for (id, min) in [(1_i64, true), (2, false)] {
            sqlx::query("INSERT INTO integers (id, i8, i16, i32, i64, u8, u16, u32, u64) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(id)
                .bind(if min { i8::MIN } else { i8::MAX })
                .bind(if min { i16::MIN } else { i16::MAX })
                .bind(if min { i32::MIN } else { i32::MAX })
                .bind(if min { i64::MIN } else { i64::MAX })
                .bind(if min { u8::MIN } else { u8::MAX })
                .bind(if min { u16::MIN } else { u16::MAX })
                .bind(if min { u32::MIN } else { u32::MAX })
                .bind(if min { u64::MIN } else { u64::MAX })
                .execute(pool)
                .await
                .unwrap();
        }
        sqlx::query("INSERT INTO integers (id) VALUES (3)").execute(pool).await.unwrap();
        let rows = sqlx::query("SELECT * FROM integers ORDER BY id").fetch_all(pool).await.unwrap();
        assert_eq!(rows[0].try_get::<Option<i8>, _>("i8").unwrap(), Some(i8::MIN));
        assert_eq!(rows[1].try_get::<Option<i8>, _>("i8").unwrap(), Some(i8::MAX));
        assert_eq!(rows[1].try_get::<Option<i16>, _>("i16").unwrap(), Some(i16::MAX));
        assert_eq!(rows[0].try_get::<Option<i32>, _>("i32").unwrap(), Some(i32::MIN));
        assert_eq!(rows[1].try_get::<Option<i64>, _>("i64").unwrap(), Some(i64::MAX));
        assert_eq!(rows[1].try_get::<Option<u8>, _>("u8").unwrap(), Some(u8::MAX));
        assert_eq!(rows[1].try_get::<Option<u16>, _>("u16").unwrap(), Some(u16::MAX));
        assert_eq!(rows[1].try_get::<Option<u32>, _>("u32").unwrap(), Some(u32::MAX));
        assert_eq!(rows[1].try_get::<Option<u64>, _>("u64").unwrap(), Some(u64::MAX));
        assert_eq!(rows[2].try_get::<Option<u64>, _>("u64").unwrap(), None);
        assert_eq!(rows[2].try_get::<Option<i8>, _>("i8").unwrap(), None);
        let verification = registry.verify("integers", &pools[0]).await.unwrap();
        assert!(verification.is_clean(), "{verification}");
    })
    .await;
}

#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn destructive_steps_wait_for_permission() {
    scenarios::with_databases(connect, "destructive", 1, |pools| async move {
        scenarios::destructive_steps_wait_for_permission(
            &pools[0],
            "DROP TABLE `order line`;
             ALTER TABLE `order` DROP COLUMN `select`;
             ALTER TABLE `order` ADD COLUMN `legacy` text DEFAULT 'kept';
             ALTER TABLE `order` MODIFY COLUMN `total` bigint NOT NULL DEFAULT 0;
             ALTER TABLE `customer` MODIFY COLUMN `user name` varchar(40) NOT NULL;
             CREATE TABLE `leftover` (`id` int);
             CREATE TABLE `_sqlx_migrations` (`version` bigint)",
        )
        .await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn declared_renames_keep_the_rows() {
    scenarios::with_databases(connect, "renames", 1, |pools| async move {
        scenarios::declared_renames_keep_the_rows(&pools[0]).await;
    })
    .await;
}

// MariaDB commits each DDL statement: a migration that fails half-way
// says exactly which statements ran, and the next plan starts from there.
#[tokio::test]
#[ignore = "needs MariaDB at 127.0.0.1:3306 (CI runs --include-ignored)"]
async fn a_failed_migration_says_what_ran() {
    use model_registry::db::DbError;
    use model_registry::db::migrate::{PlanOptions, StepKind};
    scenarios::with_databases(connect, "partly", 1, |pools| async move {
        let pool = &pools[0];
        let registry = shop::registry();
        registry.create_all("shop", pool).await.unwrap();
        scenarios::exec(
            pool,
            "ALTER TABLE `order` DROP COLUMN `select`;
             ALTER TABLE `customer` DROP INDEX `uq_customer_user name`;
             INSERT INTO `customer` (`id`, `user name`) VALUES (1, 'twin'), (2, 'twin');",
        )
        .await;
        let error = registry
            .migrate(
                "shop",
                pool,
                &PlanOptions::new(),
                &model_registry::db::ApplyOptions::default(),
            )
            .await
            .unwrap_err();
        let DbError::PartiallyMigrated { statement, ran, .. } = &error else {
            panic!("expected PartiallyMigrated, got {error}");
        };
        assert_eq!(
            ran,
            &["ALTER TABLE `order` ADD COLUMN `select` longtext"],
            "{error}"
        );
        assert!(statement.contains("UNIQUE"), "{error}");
        let text = error.to_string();
        assert!(
            text.contains("1 statement of the migration ran before the failure"),
            "{text}"
        );
        let next = registry
            .plan("shop", pool, &PlanOptions::new())
            .await
            .unwrap();
        let kinds: Vec<StepKind> = next
            .steps()
            .iter()
            .map(model_registry::db::migrate::Step::kind)
            .collect();
        assert_eq!(kinds, [StepKind::AddIndex], "{next}");
    })
    .await;
}

//! The database scenarios every dialect runs, on pools the test file made
//! (one database per metadata, per test).

#![allow(dead_code, unreachable_pub)]

use std::future::Future;

use model_registry::db::{Database, DbError, DifferenceKind, Pool};
use model_registry::ddl::Dialect;

use crate::shop;

/// Runs `sql` on `pool`, by hand, as a person fixing a database would.
pub async fn exec(pool: &Pool, text: &str) {
    let sql = sqlx::AssertSqlSafe(text.to_owned());
    let result = match pool {
        #[cfg(feature = "sqlite")]
        Pool::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        #[cfg(feature = "postgres")]
        Pool::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        #[cfg(feature = "mysql")]
        Pool::MySql(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        _ => unreachable!(),
    };
    if let Err(error) = result {
        panic!("{text}: {error}");
    }
}

/// Closes `pool`, so that the server lets its database be dropped.
async fn close(pool: &Pool) {
    match pool {
        #[cfg(feature = "sqlite")]
        Pool::Sqlite(pool) => pool.close().await,
        #[cfg(feature = "postgres")]
        Pool::Postgres(pool) => pool.close().await,
        #[cfg(feature = "mysql")]
        Pool::MySql(pool) => pool.close().await,
        _ => unreachable!(),
    }
}

/// Runs `body` on `count` fresh PostgreSQL or MariaDB databases
/// (`mr_<test>_<n>_<pid>`), then drops them, even if `body` panicked.
/// `connect` opens a pool on a database of the server; the server's `test`
/// database creates and drops the others.
pub async fn with_databases<C, CF, F, Fut>(connect: C, test: &str, count: usize, body: F)
where
    C: Fn(String) -> CF,
    CF: Future<Output = Pool>,
    F: FnOnce(Vec<Pool>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let admin = connect("test".to_owned()).await;
    // One statement per call: a multi-statement string is one transaction
    // on PostgreSQL, where `CREATE DATABASE` refuses to run.
    let (quote, force) = match admin.dialect() {
        Dialect::Postgres => ('"', " WITH (FORCE)"),
        Dialect::MySql => ('`', ""),
        Dialect::Sqlite => panic!("SQLite has no server to make databases on"),
    };
    let drop = |name: &str| format!("DROP DATABASE IF EXISTS {quote}{name}{quote}{force}");
    let create = |name: &str| format!("CREATE DATABASE {quote}{name}{quote}");
    let names: Vec<String> = (0..count)
        .map(|n| format!("mr_{test}_{n}_{}", std::process::id()))
        .collect();
    let mut pools = Vec::new();
    for name in &names {
        exec(&admin, &drop(name)).await;
        exec(&admin, &create(name)).await;
        pools.push(connect(name.clone()).await);
    }
    let result = tokio::spawn(body(pools.clone())).await;
    for pool in &pools {
        close(pool).await;
    }
    for name in &names {
        exec(&admin, &drop(name)).await;
    }
    if let Err(error) = result {
        std::panic::resume_unwind(error.into_panic());
    }
}

fn names(tables: &[&model_registry::TableDef]) -> Vec<&'static str> {
    tables.iter().map(|table| table.name()).collect()
}

/// `create_all` then `verify` is clean; a second `create_all` does nothing; the
/// number of catalog queries does not depend on the number of tables;
/// `drop_all` drops in reverse order, once.
pub async fn create_verify_drop(shop_db: &Pool, audit_db: &Pool, queries: usize) {
    let registry = shop::registry();
    let created = registry.create_all("shop", shop_db).await.unwrap();
    assert_eq!(names(created.tables()), ["customer", "order", "order line"]);
    assert!(!created.is_noop());
    assert_eq!(
        created.to_string(),
        format!(
            "metadata `shop` ({}): created 3 tables: `customer`, `order`, `order line`",
            shop_db.dialect()
        )
    );

    let verification = registry.verify("shop", shop_db).await.unwrap();
    assert!(verification.is_clean(), "{verification}");
    assert_eq!(verification.catalog_queries(), queries);
    assert!(
        verification
            .to_string()
            .starts_with("ok: the database of metadata `shop`")
    );

    let again = registry.create_all("shop", shop_db).await.unwrap();
    assert!(again.is_noop(), "{again:?}");
    assert!(again.tables().is_empty());
    assert!(
        again
            .to_string()
            .ends_with("every table already exists, nothing to create")
    );

    // One table or three: the same number of catalog queries.
    registry.create_all("audit", audit_db).await.unwrap();
    let audit = registry.verify("audit", audit_db).await.unwrap();
    assert!(audit.is_clean(), "{audit}");
    assert_eq!(audit.catalog_queries(), queries);

    let dropped = registry.drop_all("shop", shop_db).await.unwrap();
    assert_eq!(names(dropped.tables()), ["order line", "order", "customer"]);
    let gone = registry.verify("shop", shop_db).await.unwrap();
    assert_eq!(gone.kinds(), [DifferenceKind::MissingTable; 3], "{gone}");
    assert!(registry.drop_all("shop", shop_db).await.unwrap().is_noop());
    // drop_all of shop left audit's tables alone (they are in their own
    // database, but a shared database would be the same).
    assert!(registry.verify("audit", audit_db).await.unwrap().is_clean());
}

/// What a person does to the shop database by hand before `verify`.
pub struct Damage {
    /// Drops `order line`, removes `order.select`, makes `order.total`
    /// another type.
    pub statements: Vec<String>,
}

/// Each hand-made difference is reported, all at once.
pub async fn differences(shop_db: &Pool, audit_db: &Pool, damage: Damage) {
    let registry = shop::registry();
    registry.create_all("shop", shop_db).await.unwrap();
    registry.create_all("audit", audit_db).await.unwrap();
    for statement in &damage.statements {
        exec(shop_db, statement).await;
    }
    exec(shop_db, "CREATE TABLE legacy_stuff (id integer)").await;
    // audit_event, created on the wrong database and dropped from its own.
    for statement in registry
        .create_statements("audit", shop_db.dialect())
        .unwrap()
    {
        exec(shop_db, &statement).await;
    }
    registry.drop_all("audit", audit_db).await.unwrap();

    let shop = registry.verify("shop", shop_db).await.unwrap();
    println!("{shop}");
    assert_eq!(
        shop.kinds(),
        [
            DifferenceKind::MissingColumn,
            DifferenceKind::TypeMismatch,
            DifferenceKind::MissingTable,
            DifferenceKind::TableOfOtherMetadata,
            DifferenceKind::UnknownTable,
        ],
        "{shop}"
    );
    assert!(shop.has_errors());
    assert_eq!(shop.errors().count(), 3);
    assert_eq!(shop.warnings().count(), 2);
    let text = shop.to_string();
    let block = format!(
        "warning: table `audit_event` in the database of metadata `shop` belongs to metadata `audit`\n  \
         --> audit::AuditEvent (model-registry 0.1.0, {}",
        "registry/../tests/common/shop.rs:"
    );
    assert!(text.contains(&block), "{text}");
    assert!(
        text.contains("  = help: it was created on the wrong database: create it where metadata `audit` is bound, move its rows, and drop it here\n"),
        "{text}"
    );
    assert!(
        text.contains("warning: table `legacy_stuff` in the database of metadata `shop` is not described by any model of this program\n  = note: a model crate that the binary never names is not linked"),
        "{text}"
    );
    assert!(
        text.contains(
            "error: column `order.select` does not exist in the database\n  --> shop::Order ("
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "error: table `order line` of metadata `shop` does not exist in the database"
        ),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(
            "error: the database of metadata `shop` ({}) differs from its models: 3 errors, 2 warnings",
            // The server's own name: MariaDB, not the dialect's MySQL/MariaDB.
            match shop_db.dialect() {
                Dialect::MySql => "MariaDB",
                other => other.name(),
            }
        )),
        "{text}"
    );

    let audit = registry.verify("audit", audit_db).await.unwrap();
    assert_eq!(audit.kinds(), [DifferenceKind::MissingTable], "{audit}");
}

/// The third table's check is not SQL: on PostgreSQL and SQLite nothing is
/// left; on MySQL the error lists the two tables created before it.
pub async fn failure_mid_create(broken_db: &Pool) {
    let registry = shop::registry();
    let error = registry.create_all("broken", broken_db).await.unwrap_err();
    let text = error.to_string();
    let after = registry.verify("broken", broken_db).await.unwrap();
    match (broken_db.dialect(), &error) {
        (Dialect::Sqlite | Dialect::Postgres, DbError::Statement { statement, .. }) => {
            assert!(statement.contains("broken_c"), "{statement}");
            assert!(text.contains("the transaction was rolled back"), "{text}");
            // The server's message, not the line of its C source it came from.
            assert!(!text.contains(" at line "), "{text}");
            assert!(text.contains("change the model or the database"), "{text}");
            assert_eq!(after.kinds(), [DifferenceKind::MissingTable; 3], "{after}");
        }
        (Dialect::MySql, DbError::PartiallyCreated { done, .. }) => {
            assert_eq!(names(done), ["broken_a", "broken_b"]);
            assert!(
                text.contains("these tables were created before the failure and stay so:\n  --> `broken_a`: broken::A ("),
                "{text}"
            );
            assert_eq!(after.kinds(), [DifferenceKind::MissingTable], "{after}");
        }
        (_, other) => panic!("unexpected error: {other}"),
    }
}

/// After `damage` removes keys, indexes and constraints (and adds a column)
/// by hand, `verify` reports exactly `expected`, in any order.
pub async fn keys_removed(shop_db: &Pool, damage: Damage, expected: &[DifferenceKind]) {
    let registry = shop::registry();
    registry.create_all("shop", shop_db).await.unwrap();
    for statement in &damage.statements {
        exec(shop_db, statement).await;
    }
    let shop = registry.verify("shop", shop_db).await.unwrap();
    println!("{shop}");
    let mut kinds = shop.kinds();
    kinds.sort_by_key(|kind| format!("{kind:?}"));
    let mut expected = expected.to_vec();
    expected.sort_by_key(|kind| format!("{kind:?}"));
    assert_eq!(kinds, expected, "{shop}");
}

/// Replicas that start at one instant: `pools` (one pool per replica, all
/// on one database) each run `create_all` of metadata `shop` once a barrier
/// releases them all, `rounds` times from an empty database. Every replica
/// succeeds, the tables are created exactly once, and `verify` is clean.
pub async fn replicas_start_together(pools: &[Pool], rounds: usize) {
    let registry = shop::registry();
    let tables = registry.tables_in(&shop::SHOP).len();
    for round in 0..rounds {
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(pools.len()));
        let mut replicas = tokio::task::JoinSet::new();
        for pool in pools {
            let (pool, barrier) = (pool.clone(), barrier.clone());
            replicas.spawn(async move {
                barrier.wait().await;
                registry.create_all(&shop::SHOP, &pool).await
            });
        }
        let mut created = 0;
        let mut failures = Vec::new();
        while let Some(joined) = replicas.join_next().await {
            match joined.expect("a replica panicked") {
                Ok(applied) => created += applied.tables().len(),
                Err(error) => failures.push(error.to_string()),
            }
        }
        assert!(
            failures.is_empty(),
            "round {round}: {} of {} replicas failed:\n{}",
            failures.len(),
            pools.len(),
            failures.join("\n\n")
        );
        assert_eq!(created, tables, "round {round}: each table is created once");
        let verification = registry.verify(&shop::SHOP, &pools[0]).await.unwrap();
        assert!(!verification.has_errors(), "round {round}: {verification}");
        registry.drop_all(&shop::SHOP, &pools[0]).await.unwrap();
    }
}

/// While something else holds the schema lock of metadata `shop`,
/// `create_all` waits `wait` and fails with `DbError::LockTimeout`, having
/// created nothing.
pub async fn lock_held_elsewhere(pool: &Pool, wait: std::time::Duration) {
    let registry = shop::registry();
    let options = model_registry::db::ApplyOptions::default().lock_timeout(wait);
    let started = std::time::Instant::now();
    let error = registry
        .create_all_with(&shop::SHOP, pool, &options)
        .await
        .expect_err("the lock is held elsewhere");
    assert!(matches!(error, DbError::LockTimeout { .. }), "{error}");
    assert!(error.is_transient());
    assert!(
        started.elapsed() >= wait,
        "it waited {:?}",
        started.elapsed()
    );
    let text = error.to_string();
    assert!(
        text.starts_with("error: metadata `shop`: another process held its schema lock"),
        "{text}"
    );
    let verification = registry.verify(&shop::SHOP, pool).await.unwrap();
    assert_eq!(
        verification
            .kinds()
            .iter()
            .filter(|kind| **kind == DifferenceKind::MissingTable)
            .count(),
        registry.tables_in(&shop::SHOP).len(),
        "nothing was created: {verification}"
    );
}

/// The live database is matched by its own identifier rules, not the
/// registry's (which fold ASCII case, so that a model set is valid on every
/// database). `rename_table` renames `Users` to `users` and `rename_column`
/// renames its `Slug` to `slug`, by hand; `tables_fold` and `columns_fold`
/// say whether the database still takes them for the model's names.
pub async fn case_follows_the_database(
    pool: &Pool,
    rename_table: &str,
    rename_column: &str,
    tables_fold: bool,
    columns_fold: bool,
) {
    let registry = shop::cased_registry();
    registry.create_all(&shop::CASED, pool).await.unwrap();
    exec(pool, rename_column).await;
    let verification = registry.verify(&shop::CASED, pool).await.unwrap();
    if columns_fold {
        assert!(verification.is_clean(), "{verification}");
    } else {
        assert_eq!(
            verification.kinds(),
            [DifferenceKind::MissingColumn, DifferenceKind::ExtraColumn],
            "{verification}"
        );
    }

    exec(pool, rename_table).await;
    let verification = registry.verify(&shop::CASED, pool).await.unwrap();
    let created = registry.create_all(&shop::CASED, pool).await.unwrap();
    if tables_fold {
        assert!(
            !verification.kinds().contains(&DifferenceKind::MissingTable),
            "{verification}"
        );
        assert!(created.is_noop(), "{created}");
    } else {
        // `Users` does not exist: the first SELECT would fail. Verify says
        // so, and create_all creates it beside `users`.
        assert_eq!(
            verification.kinds(),
            [DifferenceKind::MissingTable, DifferenceKind::UnknownTable],
            "{verification}"
        );
        assert_eq!(names(created.tables()), ["Users"], "{created}");
        let again = registry.verify(&shop::CASED, pool).await.unwrap();
        assert_eq!(again.kinds(), [DifferenceKind::UnknownTable], "{again}");
    }
}

/// The connection of a `create_all` of 300 tables is killed (by `kill`, at
/// `points` milliseconds after it starts, one run each): the error is
/// transient; on PostgreSQL and SQLite (`transactional`) no table is left,
/// on MySQL the error lists exactly the tables that exist. A run to the end
/// then completes, and `verify` is clean.
pub async fn killed_mid_create<K, KF>(pool: &Pool, transactional: bool, points: &[u64], kill: K)
where
    K: Fn() -> KF,
    KF: Future<Output = bool>,
{
    let registry = shop::many_registry(300);
    let total = registry.tables_in("many").len();
    for &after in points {
        let task = {
            let pool = pool.clone();
            tokio::spawn(async move { registry.create_all("many", &pool).await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(after)).await;
        let killed = kill().await;
        let result = task.await.expect("create_all panicked");
        let verification = registry.verify("many", pool).await.unwrap();
        let missing = verification
            .kinds()
            .iter()
            .filter(|kind| **kind == DifferenceKind::MissingTable)
            .count();
        println!(
            "killed at {after} ms: {}, {} of {total} tables exist",
            match &result {
                Ok(_) => "create_all had finished".to_owned(),
                Err(error) => format!("{:?}", error.to_string().lines().next()),
            },
            total - missing
        );
        match result {
            // Done before the kill: nothing to check here.
            Ok(created) => assert!(
                !killed || created.tables().len() == total,
                "{after} ms: {created}"
            ),
            Err(error) => {
                assert!(error.is_transient(), "{after} ms: {error}");
                let reported = match &error {
                    DbError::PartiallyCreated { done, .. } => done.len(),
                    _ => 0,
                };
                if transactional {
                    assert_eq!(missing, total, "{after} ms: a table was left: {error}");
                } else {
                    assert_eq!(
                        reported,
                        total - missing,
                        "{after} ms: the error lists {reported} tables, {} exist:\n{error}",
                        total - missing
                    );
                }
            }
        }
        registry.create_all("many", pool).await.unwrap();
        let verification = registry.verify("many", pool).await.unwrap();
        assert!(verification.is_clean(), "{after} ms: {verification}");
        registry.drop_all("many", pool).await.unwrap();
    }
}

/// One way a database drifts from metadata `shop` by hand, and exactly what
/// `verify` must say about it.
pub struct Drift {
    /// What the test calls it.
    pub name: &'static str,
    /// The SQL that makes it, run after a fresh `create_all`.
    pub sql: String,
    /// Every difference `verify` reports, in order: nothing else.
    pub kinds: Vec<DifferenceKind>,
    /// Text the report must contain (expected and found, names).
    pub says: Vec<&'static str>,
}

impl Drift {
    pub fn new(
        name: &'static str,
        sql: impl Into<String>,
        kinds: &[DifferenceKind],
        says: &[&'static str],
    ) -> Self {
        Self {
            name,
            sql: sql.into(),
            kinds: kinds.to_vec(),
            says: says.to_vec(),
        }
    }
}

/// One row in each table of `shop`, written the way `dialect` quotes.
fn shop_rows(dialect: Dialect) -> String {
    let q = |name: &str| dialect.quote(name);
    format!(
        "INSERT INTO {customer} ({id}, {user_name}, {email}) VALUES (1, 'ada', 'ada@example.com');
         INSERT INTO {order} ({id}, {customer_id}, {select}, {total}) VALUES (1, 1, 'first', 5);
         INSERT INTO {line} ({order_id}, {line_no}, {quantity}) VALUES (1, 1, 3);",
        customer = q("customer"),
        order = q("order"),
        line = q("order line"),
        id = q("id"),
        user_name = q("user name"),
        email = q("email"),
        customer_id = q("customer_id"),
        select = q("select"),
        total = q("total"),
        order_id = q("order_id"),
        line_no = q("line"),
        quantity = q("quantity"),
    )
}

/// The rows of [`shop_rows`], as one line per table, read back.
async fn read_shop_rows(pool: &Pool) -> Vec<String> {
    read_lines(
        pool,
        &[
            (&["id", "user name", "email"], "customer"),
            (&["id", "customer_id", "select", "total"], "order"),
            (&["order_id", "line", "quantity"], "order line"),
        ],
    )
    .await
}

/// Each row of each (columns, table), its columns as text joined by spaces.
async fn read_lines(pool: &Pool, tables: &[(&[&str], &str)]) -> Vec<String> {
    let dialect = pool.dialect();
    // Each column as text, joined by spaces (`||` is OR to MySQL).
    let line = |columns: &[&str], table: &str| {
        let columns: Vec<String> = columns
            .iter()
            .map(|column| format!("CAST({} AS CHAR(80))", dialect.quote(column)))
            .collect();
        let joined = if dialect == Dialect::MySql {
            format!("CONCAT_WS(' ', {})", columns.join(", "))
        } else {
            columns.join(" || ' ' || ")
        };
        format!("SELECT {joined} FROM {}", dialect.quote(table))
    };
    let queries = tables.iter().map(|(columns, table)| line(columns, table));
    let mut rows = Vec::new();
    for query in queries {
        let sql = sqlx::AssertSqlSafe(query.clone());
        let found: Result<Vec<String>, _> = match pool {
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            #[cfg(feature = "postgres")]
            Pool::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            #[cfg(feature = "mysql")]
            Pool::MySql(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            _ => unreachable!(),
        };
        rows.extend(found.unwrap_or_else(|error| panic!("{query}: {error}")));
    }
    rows
}

/// For each drift: `create_all` of `shop` on an empty database, a row in
/// each table, the drift's SQL, then `verify` reports exactly the drift's
/// differences, saying what it must. Then the migration: `migrate`
/// (destructive steps allowed) leaves a database `verify` calls clean, the
/// next plan is empty, and the rows are still there, unchanged. Every
/// failing drift is listed, not only the first.
pub async fn drifts(pool: &Pool, drifts: Vec<Drift>) {
    use model_registry::db::migrate::PlanOptions;
    let registry = shop::registry();
    let dialect = pool.dialect();
    let mut failures = Vec::new();
    for drift in drifts {
        registry.drop_all("shop", pool).await.unwrap();
        registry.create_all("shop", pool).await.unwrap();
        let clean = registry.verify("shop", pool).await.unwrap();
        assert!(clean.is_clean(), "before {}: {clean}", drift.name);
        exec(pool, &shop_rows(dialect)).await;
        let rows = read_shop_rows(pool).await;
        assert_eq!(rows.len(), 3, "{rows:?}");
        exec(pool, &drift.sql).await;
        let verification = registry.verify("shop", pool).await.unwrap();
        let text = verification.to_string();
        if verification.kinds() != drift.kinds {
            failures.push(format!(
                "{}: expected {:?}, found {:?}\n{text}",
                drift.name,
                drift.kinds,
                verification.kinds()
            ));
            continue;
        }
        for says in &drift.says {
            if !text.contains(says) {
                failures.push(format!(
                    "{}: the report does not say {says:?}\n{text}",
                    drift.name
                ));
            }
        }
        let everything = PlanOptions::new().allow_destructive(true);
        let plan = registry.plan("shop", pool, &everything).await.unwrap();
        if plan.is_empty() {
            failures.push(format!("{}: the plan is empty\n{plan}", drift.name));
            continue;
        }
        let applied = match registry
            .migrate(
                "shop",
                pool,
                &everything,
                &model_registry::db::ApplyOptions::default(),
            )
            .await
        {
            Ok(applied) => applied,
            Err(error) => {
                failures.push(format!("{}: migrate failed\n{plan}\n{error}", drift.name));
                continue;
            }
        };
        let after = registry.verify("shop", pool).await.unwrap();
        if !after.is_clean() {
            failures.push(format!(
                "{}: not clean after the migration\n{applied}\n{:?}\n{after}",
                drift.name,
                applied.statements()
            ));
            continue;
        }
        let again = registry.plan("shop", pool, &everything).await.unwrap();
        if !again.is_empty() || !again.held_back().is_empty() {
            failures.push(format!(
                "{}: the next plan is not empty\n{again}",
                drift.name
            ));
        }
        if let Err(error) = registry.check_migrated("shop", pool).await {
            failures.push(format!("{}: check_migrated: {error}", drift.name));
        }
        let kept = read_shop_rows(pool).await;
        if kept != rows {
            failures.push(format!(
                "{}: the rows changed: {rows:?} became {kept:?}",
                drift.name
            ));
        }
    }
    registry.drop_all("shop", pool).await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// SQLite cannot alter a constraint: the statements that rebuild `table`
/// of metadata `shop` with `from` replaced by `to` in its `CREATE TABLE`,
/// keeping its rows and indexes (SQLite's documented procedure).
pub fn sqlite_rebuild(table: &str, from: &str, to: &str) -> String {
    let ddl = shop::registry().ddl("shop", Dialect::Sqlite).unwrap();
    let table_ddl = ddl
        .tables()
        .iter()
        .find(|t| t.table().name() == table)
        .unwrap_or_else(|| panic!("no table {table}"));
    let create = table_ddl.create_table();
    assert!(create.contains(from), "{from:?} is not in {create}");
    let quoted = format!("\"{table}\"");
    let staged = format!("\"{table}__new\"");
    let create = create.replacen(&quoted, &staged, 1).replace(from, to);
    let mut sql = format!(
        "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON; BEGIN; {create}; \
         INSERT INTO {staged} SELECT * FROM {quoted}; DROP TABLE {quoted}; \
         ALTER TABLE {staged} RENAME TO {quoted}; "
    );
    for index in table_ddl.create_indexes() {
        sql.push_str(index);
        sql.push_str("; ");
    }
    sql.push_str("COMMIT; PRAGMA legacy_alter_table = OFF; PRAGMA foreign_keys = ON;");
    sql
}

/// A column of every SQL type, with defaults of several kinds, a composite
/// index, a unique constraint and a check: `create_all` then `verify` is
/// clean, and a second `create_all` does nothing.
pub async fn every_type_round_trips(pool: &Pool) {
    // SQLite has no decimal type sqlx can bind.
    let registry = shop::every_type_registry(pool.dialect() != Dialect::Sqlite);
    let registry = &registry;
    registry.create_all("types", pool).await.unwrap();
    let verification = registry.verify("types", pool).await.unwrap();
    assert!(verification.is_clean(), "{verification}");
    assert!(registry.create_all("types", pool).await.unwrap().is_noop());
    registry.drop_all("types", pool).await.unwrap();
}

/// What `damage` does to a fresh `shop` (with a row in each table): drops
/// `order line` and `order.select`, adds a column `order.legacy` and the
/// tables `leftover` and `_sqlx_migrations`, and makes `order.total`
/// BIGINT where the model says INTEGER (and, where types are enforced,
/// `customer.user name` VARCHAR(40) where the model says 80: a widening,
/// which needs no permission). Without permission the plan
/// creates and adds what is missing and holds back every step that can
/// lose data, with its reason; sqlx's bookkeeping table is never touched.
/// With permission, the migration leaves a database `verify` calls clean
/// (sqlx's table is not the models' business), and the rows that were
/// kept read back the same.
pub async fn destructive_steps_wait_for_permission(pool: &Pool, damage: &str) {
    use model_registry::db::migrate::{PlanOptions, StepKind};
    let registry = shop::registry();
    let dialect = pool.dialect();
    registry.drop_all("shop", pool).await.unwrap();
    registry.create_all("shop", pool).await.unwrap();
    exec(pool, &shop_rows(dialect)).await;
    exec(pool, damage).await;

    let careful = registry
        .plan("shop", pool, &PlanOptions::new())
        .await
        .unwrap();
    let text = careful.to_string();
    let kinds: Vec<StepKind> = careful
        .steps()
        .iter()
        .map(model_registry::db::migrate::Step::kind)
        .collect();
    assert!(kinds.contains(&StepKind::CreateTable), "{text}");
    assert!(kinds.contains(&StepKind::AddColumn), "{text}");
    assert!(
        careful
            .steps()
            .iter()
            .all(|step| step.loses_data().is_none()),
        "{text}"
    );
    let held: Vec<&str> = careful
        .held_back()
        .iter()
        .map(|held| held.step().description())
        .collect();
    let needs_rebuild = dialect == Dialect::Sqlite;
    assert!(held.contains(&"drop table `leftover`"), "{text}");
    if !needs_rebuild {
        assert!(
            careful.steps().iter().any(|step| step
                .description()
                .starts_with("alter column `customer.user name`")),
            "the widening waits for nothing\n{text}"
        );
        assert!(held.contains(&"drop column `order.legacy`"), "{text}");
        assert!(
            held.iter()
                .any(|held| held.starts_with("alter column `order.total`")),
            "{text}"
        );
    }
    assert!(text.contains("allow destructive changes"), "{text}");
    assert!(!text.contains("_sqlx_migrations"), "{text}");

    // What could run ran; what was held back is still there.
    let options = model_registry::db::ApplyOptions::default();
    registry
        .migrate("shop", pool, &PlanOptions::new(), &options)
        .await
        .unwrap();
    let partly = registry.verify("shop", pool).await.unwrap();
    assert!(
        partly
            .kinds()
            .contains(&model_registry::db::DifferenceKind::UnknownTable),
        "{partly}"
    );

    let everything = PlanOptions::new().allow_destructive(true);
    let applied = registry
        .migrate("shop", pool, &everything, &options)
        .await
        .unwrap();
    // sqlx's bookkeeping is neither reported nor dropped.
    let after = registry.verify("shop", pool).await.unwrap();
    assert!(after.is_clean(), "{applied}\n{after}");
    let rows = read_lines(
        pool,
        &[
            (&["id", "user name", "email"], "customer"),
            (&["id", "customer_id", "total"], "order"),
        ],
    )
    .await;
    let rows: Vec<&str> = rows.iter().map(|row| row.trim()).collect();
    assert_eq!(rows, ["1 ada ada@example.com", "1 1 5"]);
    registry.drop_all("shop", pool).await.unwrap();
    // Still there: dropping it fails if it is not.
    exec(
        pool,
        &format!("DROP TABLE {}", dialect.quote("_sqlx_migrations")),
    )
    .await;
}

/// Metadata `library` before and after renames the models declare: table
/// `author` becomes `writer` (`renamed_from = "author"`), its `name`
/// becomes `full_name`, and `note.body` becomes `text`; `note.author_id`
/// references the table under either name.
fn library(after: bool) -> model_registry::Registry {
    use model_registry::__private as p;
    use model_registry::{
        ColumnDef, ForeignKeyTarget, Metadata, NamingConvention, SqlType, TableDef,
    };
    static LIBRARY: Metadata = p::metadata(
        "library",
        None,
        NamingConvention::DEFAULT,
        "tests::LIBRARY",
        p::location!(),
    );
    let leak_columns =
        |columns: Vec<ColumnDef>| -> &'static [ColumnDef] { Box::leak(columns.into_boxed_slice()) };
    let (author_name, name_column) = if after {
        ("writer", "full_name")
    } else {
        ("author", "name")
    };
    let mut name = p::column(
        name_column,
        "name",
        "String",
        SqlType::Varchar(80),
        false,
        false,
        None,
        None,
    );
    let mut body = p::column(
        if after { "text" } else { "body" },
        "body",
        "String",
        SqlType::Text,
        false,
        false,
        None,
        None,
    );
    if after {
        name = p::column_renamed_from(name, "name");
        body = p::column_renamed_from(body, "body");
    }
    let authors = leak_columns(vec![
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        name,
    ]);
    let mut author = p::table(
        &LIBRARY,
        None,
        author_name,
        authors,
        &[],
        &[],
        &[],
        "tests::Author",
        p::location!(),
    );
    if after {
        author = p::table_renamed_from(author, "author");
    }
    let author: &'static TableDef = Box::leak(Box::new(author));
    let target = ForeignKeyTarget::Column {
        schema: None,
        table: author_name,
        column: "id",
    };
    let notes = leak_columns(vec![
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "author_id",
            "author_id",
            "i64",
            SqlType::BigInt,
            false,
            false,
            None,
            Some(Box::leak(Box::new(p::foreign_key(
                target,
                Some(model_registry::ReferentialAction::Cascade),
                None,
                false,
            )))),
        ),
        body,
    ]);
    let note: &'static TableDef = Box::leak(Box::new(p::table(
        &LIBRARY,
        None,
        "note",
        notes,
        &[],
        &[],
        &[],
        "tests::Note",
        p::location!(),
    )));
    model_registry::Registry::from_definitions(&[author, note], &[&LIBRARY])
        .unwrap_or_else(|report| panic!("{report}"))
}

/// Declared renames of a table and two columns: the plan renames (no drop,
/// no add, nothing held back, nothing destructive), the database verifies
/// clean against the new models, the next plan is empty, and the rows are
/// there under the new names.
pub async fn declared_renames_keep_the_rows(pool: &Pool) {
    use model_registry::db::migrate::{PlanOptions, StepKind};
    let dialect = pool.dialect();
    let (before, after) = (library(false), library(true));
    after.drop_all("library", pool).await.unwrap();
    before.drop_all("library", pool).await.unwrap();
    before.create_all("library", pool).await.unwrap();
    let q = |name: &str| dialect.quote(name);
    exec(
        pool,
        &format!(
            "INSERT INTO {} ({}, {}) VALUES (1, 'Ada'); INSERT INTO {} ({}, {}, {}) VALUES (1, 1, 'notes');",
            q("author"),
            q("id"),
            q("name"),
            q("note"),
            q("id"),
            q("author_id"),
            q("body")
        ),
    )
    .await;
    let plan = after
        .plan("library", pool, &PlanOptions::new())
        .await
        .unwrap();
    let kinds: Vec<StepKind> = plan
        .steps()
        .iter()
        .map(model_registry::db::migrate::Step::kind)
        .collect();
    assert_eq!(
        kinds[..3],
        [
            StepKind::RenameTable,
            StepKind::RenameColumn,
            StepKind::RenameColumn
        ],
        "{plan}"
    );
    assert!(plan.held_back().is_empty(), "{plan}");
    assert!(
        !kinds.iter().any(|kind| matches!(
            kind,
            StepKind::DropTable
                | StepKind::DropColumn
                | StepKind::CreateTable
                | StepKind::AddColumn
        )),
        "{plan}"
    );
    let applied = after
        .migrate(
            "library",
            pool,
            &PlanOptions::new(),
            &model_registry::db::ApplyOptions::default(),
        )
        .await
        .unwrap();
    let verification = after.verify("library", pool).await.unwrap();
    assert!(verification.is_clean(), "{applied}\n{verification}");
    let again = after
        .plan("library", pool, &PlanOptions::new())
        .await
        .unwrap();
    assert!(again.is_empty() && again.held_back().is_empty(), "{again}");
    let rows = read_lines(
        pool,
        &[
            (&["id", "full_name"], "writer"),
            (&["id", "author_id", "text"], "note"),
        ],
    )
    .await;
    let rows: Vec<&str> = rows.iter().map(|row| row.trim()).collect();
    assert_eq!(rows, ["1 Ada", "1 1 notes"]);
    after.drop_all("library", pool).await.unwrap();
}

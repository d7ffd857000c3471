//! `create_all` and `verify` of every linked model against a fresh, empty
//! database: one sample per process, so each one pays what a program pays
//! the first time (building the DDL, preparing the catalog queries on a new
//! connection), as `check()` does in [`first_check`](crate::first_check).
//!
//! The generated `bench-db-<N>` binaries call [`main`] with
//! `sqlite <directory>`, `postgres <server URL>` or `mysql <server URL>`
//! (a URL without a database, e.g. `postgres://postgres@127.0.0.1:5432`).
//! It makes a new database (a new file in the directory, or
//! `CREATE DATABASE mr_bench_<pid>` through the server's `test` database),
//! then times, in order: connecting a pool, `create_all` into the empty
//! database, a second `create_all` (which must be a no-op) and `verify`
//! (which must be clean), and drops the database again, even when a step
//! failed. It prints one line of JSON.

use core::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use log::{LevelFilter, Log};
use model_registry::Registry;
use model_registry::db::Pool;
use sqlx::AssertSqlSafe;

/// The database the server URL names when the benchmark's own does not
/// exist yet (the one the repository's tests use too).
const ADMIN_DATABASE: &str = "test";

/// One process's measurement, printed by [`main`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// `sqlite`, `postgres` or `mysql`.
    pub backend: &'static str,
    /// Tables in the metadata created.
    pub tables: usize,
    /// Nanoseconds of the first `check()`, before anything else.
    pub check_ns: u128,
    /// Nanoseconds to connect the pool to the fresh database.
    pub connect_ns: u128,
    /// Nanoseconds of `create_all` into the empty database.
    pub create_ns: u128,
    /// Statements that `create_all` ran (catalog reads aside).
    pub create_statements: usize,
    /// Nanoseconds of the second `create_all`, a no-op.
    pub second_create_ns: u128,
    /// Statements sqlx ran for the second `create_all` (catalog reads and
    /// transaction control), counted from its log.
    pub second_create_queries: usize,
    /// Nanoseconds of `verify`.
    pub verify_ns: u128,
    /// What `verify` reports as its catalog queries.
    pub catalog_queries: usize,
    /// Statements sqlx ran for `verify`, counted from its log.
    pub verify_queries: usize,
    /// Tables given a column no model has, by hand, after `verify`.
    pub drifted: usize,
    /// Nanoseconds of `verify` of the drifted database (the catalog read
    /// and the comparison).
    pub drifted_verify_ns: u128,
    /// Nanoseconds of `plan` of the drifted database (the same read and
    /// comparison, then the steps).
    pub plan_ns: u128,
    /// Steps the plan has (one dropped column per drifted table).
    pub plan_steps: usize,
}

/// One line of JSON, the form `scripts/bench.py` reads.
impl fmt::Display for Sample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{\"backend\": \"{}\", \"tables\": {}, \"check_ns\": {}, \"connect_ns\": {}, \
             \"create_ns\": {}, \"create_statements\": {}, \"second_create_ns\": {}, \
             \"second_create_queries\": {}, \"verify_ns\": {}, \"catalog_queries\": {}, \
             \"verify_queries\": {}, \"drifted\": {}, \"drifted_verify_ns\": {}, \"plan_ns\": {}, \
             \"plan_steps\": {}}}",
            self.backend,
            self.tables,
            self.check_ns,
            self.connect_ns,
            self.create_ns,
            self.create_statements,
            self.second_create_ns,
            self.second_create_queries,
            self.verify_ns,
            self.catalog_queries,
            self.verify_queries,
            self.drifted,
            self.drifted_verify_ns,
            self.plan_ns,
            self.plan_steps,
        )
    }
}

/// Counts sqlx's per-statement log records (target `sqlx::query`) while
/// the log level lets them through: only around the steps whose queries
/// are counted, since building each record costs a little.
struct QueryCounter(AtomicUsize);

impl Log for QueryCounter {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "sqlx::query"
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn flush(&self) {}
}

static QUERIES: QueryCounter = QueryCounter(AtomicUsize::new(0));

/// Runs `step`, returning its result, its nanoseconds and the statements
/// sqlx logged meanwhile.
async fn counted<T>(step: impl Future<Output = T>) -> (T, u128, usize) {
    QUERIES.0.store(0, Ordering::Relaxed);
    log::set_max_level(LevelFilter::Trace);
    let start = Instant::now();
    let result = step.await;
    let elapsed = start.elapsed().as_nanos();
    log::set_max_level(LevelFilter::Off);
    (result, elapsed, QUERIES.0.load(Ordering::Relaxed))
}

/// A fresh database, made by [`Fresh::create`] and removed by
/// [`Fresh::remove`].
enum Fresh {
    Sqlite(PathBuf),
    Postgres { server: String, name: String },
    MySql { server: String, name: String },
}

impl Fresh {
    async fn create(backend: &str, location: &str) -> Result<Self, String> {
        let name = format!("mr_bench_{}", std::process::id());
        let fresh = match backend {
            "sqlite" => Self::Sqlite(PathBuf::from(location).join(format!("{name}.sqlite"))),
            "postgres" => Self::Postgres {
                server: location.trim_end_matches('/').to_owned(),
                name,
            },
            "mysql" => Self::MySql {
                server: location.trim_end_matches('/').to_owned(),
                name,
            },
            _ => return Err(format!("unknown backend `{backend}`")),
        };
        // Whatever a killed run with the same process id left behind.
        fresh.remove().await?;
        let create = match &fresh {
            Self::Sqlite(_) => return Ok(fresh),
            Self::Postgres { name, .. } => format!("CREATE DATABASE \"{name}\""),
            Self::MySql { name, .. } => format!("CREATE DATABASE `{name}`"),
        };
        fresh.admin(&create).await?;
        Ok(fresh)
    }

    fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres { .. } => "postgres",
            Self::MySql { .. } => "mysql",
        }
    }

    /// Runs one statement on the server's admin database.
    async fn admin(&self, sql: &str) -> Result<(), String> {
        let (Self::Postgres { server, .. } | Self::MySql { server, .. }) = self else {
            return Ok(());
        };
        let url = format!("{server}/{ADMIN_DATABASE}");
        let pool = match self {
            Self::Postgres { .. } => sqlx::PgPool::connect(&url).await.map(Pool::from),
            _ => sqlx::MySqlPool::connect(&url).await.map(Pool::from),
        }
        .map_err(|error| format!("{url}: {error}"))?;
        let result = match &pool {
            Pool::Postgres(pool) => sqlx::raw_sql(AssertSqlSafe(sql))
                .execute(pool)
                .await
                .map(drop),
            Pool::MySql(pool) => sqlx::raw_sql(AssertSqlSafe(sql))
                .execute(pool)
                .await
                .map(drop),
            _ => Ok(()),
        };
        close(pool).await;
        result.map_err(|error| format!("{url}: {sql}: {error}"))
    }

    /// A pool of one connection, opened here: a pool that may open more
    /// opens a second one when a step starts before the previous step's
    /// connection is back (sqlx returns it from a spawned task), and that
    /// connect would be timed as part of the step.
    async fn connect(&self) -> Result<Pool, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(path) => Pool::from(
                sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(
                        sqlx::sqlite::SqliteConnectOptions::new()
                            .filename(path)
                            .create_if_missing(true),
                    )
                    .await?,
            ),
            Self::Postgres { server, name } => Pool::from(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(1)
                    .connect(&format!("{server}/{name}"))
                    .await?,
            ),
            Self::MySql { server, name } => Pool::from(
                sqlx::mysql::MySqlPoolOptions::new()
                    .max_connections(1)
                    .connect(&format!("{server}/{name}"))
                    .await?,
            ),
        })
    }

    async fn remove(&self) -> Result<(), String> {
        match self {
            Self::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    match std::fs::remove_file(&file) {
                        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                            return Err(format!("{}: {error}", path.display()));
                        }
                        _ => {}
                    }
                }
                Ok(())
            }
            Self::Postgres { name, .. } => {
                self.admin(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await
            }
            Self::MySql { name, .. } => {
                self.admin(&format!("DROP DATABASE IF EXISTS `{name}`"))
                    .await
            }
        }
    }
}

async fn close(pool: Pool) {
    match pool {
        Pool::Sqlite(pool) => pool.close().await,
        Pool::Postgres(pool) => pool.close().await,
        Pool::MySql(pool) => pool.close().await,
        _ => {}
    }
}

fn fresh_dialect(fresh: &Fresh) -> model_registry::ddl::Dialect {
    use model_registry::ddl::Dialect;
    match fresh.backend() {
        "postgres" => Dialect::Postgres,
        "mysql" => Dialect::MySql,
        _ => Dialect::Sqlite,
    }
}

/// Runs one statement by hand.
async fn execute(pool: &Pool, sql: String) -> Result<(), String> {
    let result = match pool {
        Pool::Sqlite(pool) => sqlx::raw_sql(AssertSqlSafe(sql.clone()))
            .execute(pool)
            .await
            .map(drop),
        Pool::Postgres(pool) => sqlx::raw_sql(AssertSqlSafe(sql.clone()))
            .execute(pool)
            .await
            .map(drop),
        Pool::MySql(pool) => sqlx::raw_sql(AssertSqlSafe(sql.clone()))
            .execute(pool)
            .await
            .map(drop),
        _ => return Err("no driver".to_owned()),
    };
    result.map_err(|error| format!("{sql}: {error}"))
}

/// The one metadata that has tables.
fn only_metadata(registry: &Registry) -> Result<&'static str, String> {
    let names: Vec<&'static str> = registry
        .metadata_names()
        .filter(|name| !registry.tables_in(name).is_empty())
        .collect();
    match names[..] {
        [name] => Ok(name),
        _ => Err(format!(
            "expected one metadata with tables, found {names:?}"
        )),
    }
}

async fn measure(registry: &Registry, check_ns: u128, fresh: &Fresh) -> Result<Sample, String> {
    let metadata = only_metadata(registry)?;
    let tables = registry.tables_in(metadata).len();
    let start = Instant::now();
    let pool = fresh
        .connect()
        .await
        .map_err(|error| format!("connect: {error}"))?;
    let connect_ns = start.elapsed().as_nanos();

    let start = Instant::now();
    let created = registry.create_all(metadata, &pool).await;
    let create_ns = start.elapsed().as_nanos();
    let created = created.map_err(|error| format!("create_all: {error}"))?;
    if created.tables().len() != tables {
        return Err(format!(
            "create_all created {} tables of {tables}",
            created.tables().len()
        ));
    }

    let (again, second_create_ns, second_create_queries) =
        counted(registry.create_all(metadata, &pool)).await;
    let again = again.map_err(|error| format!("second create_all: {error}"))?;
    if !again.is_noop() {
        return Err(format!("the second create_all was not a no-op: {again}"));
    }

    let (verification, verify_ns, verify_queries) = counted(registry.verify(metadata, &pool)).await;
    let verification = verification.map_err(|error| format!("verify: {error}"))?;
    if !verification.is_clean() {
        return Err(format!(
            "verify after create_all is not clean:\n{verification}"
        ));
    }

    // Drift: a column no model has on up to 100 tables, then the plan
    // that drops them (and verify, for the cost of the read alone).
    let drifted: Vec<&model_registry::TableDef> = registry
        .tables_in(metadata)
        .iter()
        .copied()
        .take(100)
        .collect();
    for table in &drifted {
        let dialect = fresh_dialect(fresh);
        let sql = format!(
            "ALTER TABLE {} ADD COLUMN {} integer",
            table.quoted_name(dialect),
            dialect.quote("bench_extra")
        );
        execute(&pool, sql).await?;
    }
    let start = Instant::now();
    let drifted_verification = registry.verify(metadata, &pool).await;
    let drifted_verify_ns = start.elapsed().as_nanos();
    drifted_verification.map_err(|error| format!("verify after the drift: {error}"))?;
    let options = model_registry::db::migrate::PlanOptions::new().allow_destructive(true);
    let start = Instant::now();
    let plan = registry.plan(metadata, &pool, &options).await;
    let plan_ns = start.elapsed().as_nanos();
    let plan = plan.map_err(|error| format!("plan: {error}"))?;
    // SQLite rebuilds each table: one step either way.
    if plan.steps().len() != drifted.len() {
        return Err(format!(
            "the plan has {} steps for {} drifted tables:\n{plan}",
            plan.steps().len(),
            drifted.len()
        ));
    }

    close(pool).await;
    Ok(Sample {
        backend: fresh.backend(),
        tables,
        check_ns,
        connect_ns,
        create_ns,
        create_statements: created.statements().len(),
        second_create_ns,
        second_create_queries,
        verify_ns,
        catalog_queries: verification.catalog_queries(),
        verify_queries,
        drifted: drifted.len(),
        drifted_verify_ns,
        plan_ns,
        plan_steps: plan.steps().len(),
    })
}

async fn run(backend: &str, location: &str) -> Result<Sample, String> {
    let start = Instant::now();
    let registry = model_registry::check().map_err(ToString::to_string)?;
    let check_ns = start.elapsed().as_nanos();

    let fresh = Fresh::create(backend, location).await?;
    let measured = measure(registry, check_ns, &fresh).await;
    let removed = fresh.remove().await;
    let sample = measured?;
    removed?;
    Ok(sample)
}

/// The `main` of a generated `bench-db-<N>` binary: `<backend> <location>`
/// as in the [module documentation](self). Prints the [`Sample`] as one
/// line of JSON and returns the exit code.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [backend, location] = &args[..] else {
        eprintln!(
            "usage: bench-db-<N> sqlite <directory> | postgres <server URL> | mysql <server URL>"
        );
        return 2;
    };
    log::set_logger(&QUERIES).expect("the only logger");
    log::set_max_level(LevelFilter::Off);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tokio: {error}");
            return 1;
        }
    };
    match runtime.block_on(run(backend, location)) {
        Ok(sample) => {
            println!("{sample}");
            0
        }
        Err(error) => {
            eprintln!("{backend}: {error}");
            1
        }
    }
}

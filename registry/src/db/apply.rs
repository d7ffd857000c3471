//! `create_all`, `drop_all` and `verify`: read the catalog, plan, run.

use core::fmt;

use sqlx::AssertSqlSafe;

use crate::db::error::{DbError, Failure};
use crate::db::migrate::{Plan, PlanOptions};
use crate::db::options::ApplyOptions;
use crate::db::pool::{Database, PoolRef};
use crate::db::verify::{Verification, compare};
use crate::def::{Metadata, MetadataName, TableDef};
use crate::diagnostic::count;
use crate::registry::Registry;
use crate::schema::ResolvedTable;
use crate::sql::catalog::{Catalog, LiveTable};
use crate::sql::ddl::{Ddl, DdlError, Dialect, TableDdl};
use crate::sql::dialect;

/// What `create_all` (or `drop_all`) did: the tables, in the order it
/// touched them, and the statements it ran.
#[derive(Debug, Clone)]
pub struct Applied {
    metadata: &'static str,
    dialect: Dialect,
    dropping: bool,
    tables: Vec<&'static TableDef>,
    statements: Vec<String>,
    /// What `migrate` planned and ran.
    pub(crate) plan: Option<Plan>,
}

/// What `create_all` did.
pub type Created = Applied;
/// What `drop_all` did.
pub type Dropped = Applied;

impl Applied {
    /// The metadata.
    pub fn metadata(&self) -> &'static str {
        self.metadata
    }

    /// The database's dialect.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The tables created (or dropped), in order.
    pub fn tables(&self) -> &[&'static TableDef] {
        &self.tables
    }

    /// Every statement run, in order.
    pub fn statements(&self) -> &[String] {
        &self.statements
    }

    /// Whether nothing was left to do: every table already existed (or, for
    /// `drop_all`, none did).
    pub fn is_noop(&self) -> bool {
        self.statements.is_empty()
    }
}

/// ``metadata `shop` (SQLite): created 3 tables: `customer`, `order`, `order line` ``
impl fmt::Display for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "metadata `{}` ({}): ", self.metadata, self.dialect)?;
        if self.tables.is_empty() {
            return f.write_str(if self.dropping {
                "no table exists, nothing to drop"
            } else {
                "every table already exists, nothing to create"
            });
        }
        let names: Vec<String> = self
            .tables
            .iter()
            .map(|table| format!("`{}`", table.qualified_name()))
            .collect();
        write!(
            f,
            "{} {}: {}",
            if self.dropping { "dropped" } else { "created" },
            count(self.tables.len(), "table"),
            names.join(", ")
        )
    }
}

/// The missing tables and the statements that create them: their
/// `CREATE TABLE`s, then their indexes, then their `use_alter` keys.
fn plan_create(ddl: &Ddl<'_>, catalog: &Catalog) -> (Vec<&'static TableDef>, Vec<String>) {
    let missing: Vec<&TableDdl<'_>> = ddl
        .tables()
        .iter()
        .filter(|table| live(ddl, catalog, table).is_none())
        .collect();
    // PostgreSQL's enum types first, those the database lacks.
    let types = ddl
        .enum_types()
        .iter()
        .filter(|enum_type| catalog.enum_type(enum_type.type_name()).is_none())
        .map(|enum_type| crate::sql::ddl::create_type(enum_type));
    (
        missing.iter().map(|table| table.table()).collect(),
        types
            .chain(crate::sql::ddl::create_statements(&missing))
            .collect(),
    )
}

/// The `use_alter` keys that exist, then the tables that exist, in reverse
/// creation order.
fn plan_drop(ddl: &Ddl<'_>, catalog: &Catalog) -> (Vec<&'static TableDef>, Vec<String>) {
    let existing: Vec<&TableDdl<'_>> = ddl
        .tables()
        .iter()
        .filter(|table| live(ddl, catalog, table).is_some())
        .collect();
    let statements = crate::sql::ddl::drop_statements(&existing, |table, key| {
        live(ddl, catalog, table).is_some_and(|live| {
            live.foreign_keys.iter().any(|found| {
                found
                    .name
                    .as_deref()
                    .is_some_and(|name| catalog.column_case.eq(name, key))
            })
        })
    });
    // Then the enum types, which only the dropped tables used.
    let types = ddl
        .enum_types()
        .iter()
        .filter(|enum_type| catalog.enum_type(enum_type.type_name()).is_some())
        .map(|enum_type| crate::sql::ddl::drop_type(enum_type));
    (
        existing.iter().rev().map(|table| table.table()).collect(),
        statements.into_iter().chain(types).collect(),
    )
}

/// The live table `table` is created as, if the database has it.
fn live<'c>(ddl: &Ddl<'_>, catalog: &'c Catalog, table: &TableDdl<'_>) -> Option<&'c LiveTable> {
    let def = table.table();
    catalog.table(ddl.dialect().schema_of(def), def.name)
}

/// Every schema a table of the registry names: MySQL reads those besides
/// the connection's database.
#[cfg(feature = "mysql")]
fn named_schemas(registry: &Registry) -> Vec<&'static str> {
    let mut schemas: Vec<&'static str> = registry
        .tables()
        .iter()
        .filter_map(|table| table.schema())
        .collect();
    schemas.sort_unstable();
    schemas.dedup();
    schemas
}

#[derive(Clone, Copy)]
pub(crate) enum Mode {
    Create,
    Drop,
    Migrate(PlanOptions),
}

impl Mode {
    fn is_drop(self) -> bool {
        matches!(self, Self::Drop)
    }
}

/// Reads the catalog, plans, and runs the plan: in one transaction where
/// DDL is transactional, statement by statement on MySQL.
pub(crate) async fn apply(
    registry: &Registry,
    metadata: &'static str,
    pool: PoolRef<'_>,
    dialect: Dialect,
    mode: Mode,
    options: &ApplyOptions,
) -> Result<Applied, DbError> {
    apply_steps(registry, metadata, pool, dialect, mode, options)
        .await
        .map_err(|failure| failure.for_metadata(metadata, dialect))
}

/// A connection from `pool`. When the pool times out, its error says only
/// that; a direct connection with the pool's options then says why
/// ("connection refused", a wrong password), and that is the error.
async fn connection<DB: sqlx::Database>(
    pool: &sqlx::Pool<DB>,
) -> Result<sqlx::pool::PoolConnection<DB>, Failure> {
    match pool.acquire().await {
        Ok(conn) => Ok(conn),
        Err(sqlx::Error::PoolTimedOut) => {
            use sqlx::ConnectOptions as _;
            match pool.connect_options().connect().await {
                Err(cause) => Err(Failure::Unreachable(cause)),
                // The server answers now: the pool was only busy.
                Ok(direct) => {
                    drop(direct);
                    Err(Failure::Sqlx(sqlx::Error::PoolTimedOut))
                }
            }
        }
        Err(error) => Err(error.into()),
    }
}

/// Whether a driver error is SQLite's "database is locked" (`SQLITE_BUSY`
/// and its extended codes): another connection holds the write lock.
#[cfg(feature = "sqlite")]
fn is_sqlite_busy(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(error)
        if error.code().and_then(|code| code.parse::<i64>().ok()).is_some_and(|code| code & 0xff == 5))
}

#[allow(clippy::too_many_lines)] // one arm per driver
async fn apply_steps(
    registry: &Registry,
    metadata: &'static str,
    pool: PoolRef<'_>,
    dialect: Dialect,
    mode: Mode,
    options: &ApplyOptions,
) -> Result<Applied, Failure> {
    let ddl = registry.ddl(metadata, dialect)?;
    // What `migrate` planned, kept for its answer.
    // A mutex, not a cell: the future stays `Send`.
    let planned: std::sync::Mutex<Option<Plan>> = std::sync::Mutex::new(None);
    let plan = |catalog: &Catalog| match mode {
        Mode::Create => plan_create(&ddl, catalog),
        Mode::Drop => plan_drop(&ddl, catalog),
        Mode::Migrate(options) => {
            let plan = crate::db::migrate::plan(registry, metadata, &ddl, catalog, options);
            let tables = plan.steps.iter().filter_map(|step| step.table).collect();
            let statements = plan.statements().into_iter().map(str::to_owned).collect();
            *planned
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(plan);
            (tables, statements)
        }
    };
    let lock_timeout = || DbError::LockTimeout {
        metadata,
        dialect,
        waited: options.lock_timeout,
    };
    // Runs the plan in the transaction `$tx`; the catalog is read inside
    // it, under the lock, so a replica that waited sees what the one before
    // it created. The types differ per driver, so a macro rather than a
    // generic function. Unused when `mysql` is the only driver enabled.
    #[allow(unused_macros)]
    macro_rules! run_in {
        ($tx:ident, $read_catalog:path $(, $before_commit:block)?) => {{
            let (tables, statements) = plan(&$read_catalog(&mut $tx).await?);
            for statement in &statements {
                sqlx::raw_sql(AssertSqlSafe(statement.as_str()))
                    .execute(&mut *$tx)
                    .await
                    .map_err(|source| DbError::Statement {
                        metadata,
                        statement: statement.clone(),
                        source,
                    })?;
            }
            $($before_commit)?
            $tx.commit().await?;
            (tables, statements)
        }};
    }
    #[cfg(feature = "sqlite")]
    let migrating = matches!(mode, Mode::Migrate(_));
    let (tables, statements) = match pool {
        #[cfg(feature = "sqlite")]
        PoolRef::Sqlite(pool) => {
            use sqlx::Connection as _;
            let mut conn = connection(pool).await?;
            // A table rebuild drops a table others reference: foreign keys
            // are checked once, before the commit, instead.
            let foreign_keys = migrating && dialect::sqlite::foreign_keys(&mut conn).await?;
            if foreign_keys {
                dialect::sqlite::set_foreign_keys(&mut conn, false).await?;
            }
            let previous = if options.lock {
                let previous = dialect::sqlite::busy_timeout(&mut conn).await?;
                let millis = i64::try_from(options.lock_timeout.as_millis()).unwrap_or(i64::MAX);
                dialect::sqlite::set_busy_timeout(&mut conn, millis).await?;
                Some(previous)
            } else {
                None
            };
            let result: Result<_, Failure> = async {
                // `BEGIN IMMEDIATE` takes the database's write lock before
                // the catalog is read.
                let begun = if options.lock {
                    conn.begin_with("BEGIN IMMEDIATE").await
                } else {
                    conn.begin().await
                };
                let mut tx = match begun {
                    Ok(tx) => tx,
                    Err(error) if is_sqlite_busy(&error) => return Err(lock_timeout().into()),
                    Err(error) => return Err(error.into()),
                };
                Ok(run_in!(tx, dialect::sqlite::read_catalog, {
                    // Before the commit: a rebuild must leave every row's
                    // references whole.
                    let broken = if foreign_keys {
                        dialect::sqlite::foreign_key_check(&mut tx).await?
                    } else {
                        Vec::new()
                    };
                    if !broken.is_empty() {
                        return Err(DbError::Statement {
                            metadata,
                            statement: "PRAGMA foreign_key_check".to_owned(),
                            source: sqlx::Error::InvalidArgument(format!(
                                "rows reference rows that do not exist: {}",
                                broken.join(", ")
                            )),
                        }
                        .into());
                    }
                }))
            }
            .await;
            if let Some(previous) = previous {
                // The pool's connection keeps the setting it had.
                let _ = dialect::sqlite::set_busy_timeout(&mut conn, previous).await;
            }
            if foreign_keys {
                let _ = dialect::sqlite::set_foreign_keys(&mut conn, true).await;
            }
            result?
        }
        #[cfg(feature = "postgres")]
        PoolRef::Postgres(pool) => {
            let mut conn = connection(pool).await?;
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            if options.lock
                && !dialect::postgres::lock(&mut tx, metadata, options.lock_timeout).await?
            {
                return Err(lock_timeout().into());
            }
            run_in!(tx, dialect::postgres::read_catalog)
        }
        #[cfg(feature = "mysql")]
        PoolRef::MySql(pool) => {
            let mut conn = connection(pool).await?;
            let lock = if options.lock {
                match dialect::mysql::lock(&mut conn, metadata, options.lock_timeout).await? {
                    Some(name) => Some(name),
                    None => return Err(lock_timeout().into()),
                }
            } else {
                None
            };
            let schemas = named_schemas(registry);
            match apply_mysql(&mut conn, &schemas, &plan).await {
                Ok(done) => {
                    if let Some(name) = &lock {
                        // A lock left on a pooled connection would block
                        // every later create_all.
                        dialect::mysql::unlock(&mut conn, name).await?;
                    }
                    done
                }
                Err(MySqlFailure::Sqlx(error)) => return Err(error.into()),
                Err(MySqlFailure::Statement {
                    statement,
                    source,
                    ran,
                    ..
                }) if matches!(mode, Mode::Migrate(_)) => {
                    if let Some(name) = &lock {
                        let _ = dialect::mysql::unlock(&mut conn, name).await;
                    }
                    return Err(DbError::PartiallyMigrated {
                        metadata,
                        statement,
                        source,
                        ran,
                    }
                    .into());
                }
                Err(MySqlFailure::Statement {
                    statement,
                    source,
                    planned,
                    ..
                }) => {
                    // What exists now, read again: a statement reported as
                    // failed may still have run (a connection lost after
                    // the server executed it). On this connection if it
                    // still works, else on a new one (the server released
                    // the lock with the old one).
                    let after = match dialect::mysql::read_catalog(&mut conn, &schemas).await {
                        Ok(after) => {
                            if let Some(name) = &lock {
                                let _ = dialect::mysql::unlock(&mut conn, name).await;
                            }
                            Some(after)
                        }
                        Err(_) => {
                            drop(conn);
                            match pool.acquire().await {
                                Ok(mut fresh) => dialect::mysql::read_catalog(&mut fresh, &schemas)
                                    .await
                                    .ok(),
                                Err(_) => None,
                            }
                        }
                    };
                    let done = after.map_or_else(Vec::new, |after| {
                        let (left, _) = plan(&after);
                        planned
                            .into_iter()
                            .filter(|table| !left.iter().any(|other| core::ptr::eq(*other, *table)))
                            .collect()
                    });
                    return Err(DbError::PartiallyCreated {
                        metadata,
                        statement,
                        source,
                        dropping: mode.is_drop(),
                        done,
                    }
                    .into());
                }
            }
        }
    };
    Ok(Applied {
        metadata,
        dialect,
        dropping: mode.is_drop(),
        tables,
        statements,
        plan: planned
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    })
}

/// Why [`apply_mysql`] stopped.
#[cfg(feature = "mysql")]
enum MySqlFailure {
    /// Reading the catalog failed: nothing was run.
    Sqlx(sqlx::Error),
    /// A statement failed after some may have run.
    Statement {
        statement: String,
        source: sqlx::Error,
        /// Every table the plan would have touched.
        planned: Vec<&'static TableDef>,
        /// The statements that ran before it, in order.
        ran: Vec<String>,
    },
}

/// MySQL and MariaDB commit each DDL statement at once: run them one by
/// one; the caller works out what a failure left behind.
#[cfg(feature = "mysql")]
async fn apply_mysql(
    conn: &mut sqlx::MySqlConnection,
    schemas: &[&str],
    plan: &impl Fn(&Catalog) -> (Vec<&'static TableDef>, Vec<String>),
) -> Result<(Vec<&'static TableDef>, Vec<String>), MySqlFailure> {
    let catalog = dialect::mysql::read_catalog(&mut *conn, schemas)
        .await
        .map_err(MySqlFailure::Sqlx)?;
    let (tables, statements) = plan(&catalog);
    for (index, statement) in statements.iter().enumerate() {
        if let Err(source) = sqlx::raw_sql(AssertSqlSafe(statement.as_str()))
            .execute(&mut *conn)
            .await
        {
            return Err(MySqlFailure::Statement {
                statement: statement.clone(),
                source,
                planned: tables,
                ran: statements[..index].to_vec(),
            });
        }
    }
    Ok((tables, statements))
}

/// Reads the catalog (a fixed number of queries) and compares.
async fn verify(
    registry: &Registry,
    metadata: &'static str,
    pool: PoolRef<'_>,
    dialect: Dialect,
) -> Result<Verification, DbError> {
    verify_steps(registry, metadata, pool, dialect)
        .await
        .map_err(|failure| failure.for_metadata(metadata, dialect))
}

async fn verify_steps(
    registry: &Registry,
    metadata: &'static str,
    pool: PoolRef<'_>,
    dialect: Dialect,
) -> Result<Verification, Failure> {
    // Refuse what cannot be created, as create_all would; the DDL's tables
    // are in creation order, which the comparison reports in.
    let ddl = registry.ddl(metadata, dialect)?;
    let order: Vec<&ResolvedTable> = ddl.tables().iter().map(TableDdl::resolved).collect();
    let catalog = read_catalog(registry, pool).await?;
    Ok(compare(registry, metadata, &order, &catalog, dialect))
}

/// The plan `migrate` would run now, read without the lock.
pub(crate) async fn plan_only(
    registry: &Registry,
    metadata: &'static str,
    pool: PoolRef<'_>,
    dialect: Dialect,
    options: &PlanOptions,
) -> Result<Plan, DbError> {
    async {
        let ddl = registry.ddl(metadata, dialect)?;
        let catalog = read_catalog(registry, pool).await?;
        Ok(crate::db::migrate::plan(
            registry, metadata, &ddl, &catalog, *options,
        ))
    }
    .await
    .map_err(|failure: Failure| failure.for_metadata(metadata, dialect))
}

/// The catalog, on a connection of `pool`.
async fn read_catalog(registry: &Registry, pool: PoolRef<'_>) -> Result<Catalog, Failure> {
    // MySQL reads the schemas the registry names.
    let _ = registry;
    let catalog = match pool {
        #[cfg(feature = "sqlite")]
        PoolRef::Sqlite(pool) => {
            dialect::sqlite::read_catalog(&mut *connection(pool).await?).await?
        }
        #[cfg(feature = "postgres")]
        PoolRef::Postgres(pool) => {
            dialect::postgres::read_catalog(&mut *connection(pool).await?).await?
        }
        #[cfg(feature = "mysql")]
        PoolRef::MySql(pool) => {
            dialect::mysql::read_catalog(&mut *connection(pool).await?, &named_schemas(registry))
                .await?
        }
    };
    Ok(catalog)
}

impl Registry {
    pub(crate) fn declared_name<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
    ) -> Result<&'static str, DbError> {
        self.metadata_named(metadata)
            .map(|metadata| metadata.name)
            .ok_or_else(|| {
                DbError::Ddl(DdlError::UnknownMetadata {
                    metadata: metadata.metadata_name().to_owned(),
                })
            })
    }

    /// Creates the tables of the metadata called `metadata` that `db` does
    /// not have yet (checkfirst), with their indexes and `use_alter` keys,
    /// and returns what it did. A second call is a no-op
    /// ([`Applied::is_noop`]).
    ///
    /// One transaction on PostgreSQL and SQLite; see the
    /// [module documentation](crate::db#transactions) for MySQL. Under the
    /// metadata's schema lock, waiting at most a minute for it: see
    /// [`create_all_with`](Self::create_all_with).
    ///
    /// # Errors
    ///
    /// [`DbError`]: an unknown metadata or unwritable DDL, a connection or
    /// catalog failure, the lock not had in time, or a failed statement.
    pub async fn create_all<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        db: &impl Database,
    ) -> Result<Created, DbError> {
        self.create_all_with(metadata, db, &ApplyOptions::default())
            .await
    }

    /// [`create_all`](Self::create_all) with [`ApplyOptions`]: how long to
    /// wait for the schema lock, or no lock at all.
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all).
    pub async fn create_all_with<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        db: &impl Database,
        options: &ApplyOptions,
    ) -> Result<Created, DbError> {
        let metadata = self.declared_name(metadata)?;
        apply(
            self,
            metadata,
            db.pool(),
            db.dialect(),
            Mode::Create,
            options,
        )
        .await
    }

    /// Drops the tables of the metadata called `metadata` that exist in
    /// `db`, in reverse creation order (the `use_alter` keys first), and
    /// returns what it did. Tables of other metadata are left alone.
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all).
    pub async fn drop_all<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        db: &impl Database,
    ) -> Result<Dropped, DbError> {
        self.drop_all_with(metadata, db, &ApplyOptions::default())
            .await
    }

    /// [`drop_all`](Self::drop_all) with [`ApplyOptions`].
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all).
    pub async fn drop_all_with<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        db: &impl Database,
        options: &ApplyOptions,
    ) -> Result<Dropped, DbError> {
        let metadata = self.declared_name(metadata)?;
        apply(self, metadata, db.pool(), db.dialect(), Mode::Drop, options).await
    }

    /// Compares the metadata called `metadata` with what `db` holds and
    /// returns every difference at once. Never writes. Runs a fixed number
    /// of catalog queries, whatever the number of tables
    /// ([`Verification::catalog_queries`]).
    ///
    /// # Errors
    ///
    /// An unknown metadata or unwritable DDL, or a connection or catalog
    /// failure. Differences are not errors: they are in the
    /// [`Verification`].
    pub async fn verify<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        db: &impl Database,
    ) -> Result<Verification, DbError> {
        let metadata = self.declared_name(metadata)?;
        verify(self, metadata, db.pool(), db.dialect()).await
    }
}

impl Metadata {
    /// [`Registry::create_all`] for this metadata in the program's
    /// [`registry()`](crate::registry): `PLATFORM.create_all(&pool).await`.
    ///
    /// # Errors
    ///
    /// [`DbError::Registry`] if the registry has problems; otherwise as
    /// [`Registry::create_all`].
    pub async fn create_all(&self, db: &impl Database) -> Result<Created, DbError> {
        self.create_all_with(db, &ApplyOptions::default()).await
    }

    /// [`Registry::create_all_with`] for this metadata in the program's
    /// registry.
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all).
    pub async fn create_all_with(
        &self,
        db: &impl Database,
        options: &ApplyOptions,
    ) -> Result<Created, DbError> {
        let registry = crate::check().map_err(DbError::Registry)?;
        registry.create_all_with(self.name, db, options).await
    }

    /// [`Registry::drop_all`] for this metadata in the program's registry.
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all).
    pub async fn drop_all(&self, db: &impl Database) -> Result<Dropped, DbError> {
        let registry = crate::check().map_err(DbError::Registry)?;
        registry.drop_all(self.name, db).await
    }

    /// [`Registry::verify`] for this metadata in the program's registry.
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all).
    pub async fn verify(&self, db: &impl Database) -> Result<Verification, DbError> {
        let registry = crate::check().map_err(DbError::Registry)?;
        registry.verify(self.name, db).await
    }
}

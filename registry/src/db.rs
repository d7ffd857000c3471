//! Live databases through [sqlx](https://docs.rs/sqlx): create, drop and
//! verify one metadata — or every metadata, each bound to its own database.
//!
//! Needs one of the features `sqlite`, `postgres`, `mysql` (each pulls sqlx
//! with the tokio runtime and that driver only; TLS is left to your own sqlx
//! dependency's features).
//!
#![cfg_attr(feature = "sqlite", doc = "```rust,standalone_crate")]
#![cfg_attr(not(feature = "sqlite"), doc = "```rust,ignore")]
//! model_registry::models!();
//! model_registry::metadata!(pub PLATFORM = "platform");
//!
//! #[derive(model_registry::Model)]
//! #[model(table = "oauth_tokens", metadata = crate::PLATFORM)]
//! pub struct OAuthToken {
//!     #[model(primary_key)]
//!     pub id: i64,
//!     pub user_id: String,
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
//! // An in-memory SQLite database lives as long as its one connection.
//! let pool = sqlx::sqlite::SqlitePoolOptions::new()
//!     .max_connections(1)
//!     .idle_timeout(None)
//!     .max_lifetime(None)
//!     .connect("sqlite::memory:")
//!     .await?;
//!
//! let created = PLATFORM.create_all(&pool).await?;   // checkfirst, in one transaction
//! assert_eq!(created.tables().len(), 1);
//! assert!(PLATFORM.create_all(&pool).await?.is_noop()); // a second call creates nothing
//!
//! let verification = PLATFORM.verify(&pool).await?;  // reads, never writes
//! assert!(verification.is_clean(), "{verification}");
//! assert_eq!(verification.catalog_queries(), 1);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! # })
//! # }
//! ```
//!
//! [`Metadata::create_all`], [`Metadata::drop_all`] and
//! [`Metadata::verify`] use the program's [`registry()`](crate::registry)
//! (a registry with problems is [`DbError::Registry`], not a panic);
//! [`Registry::create_all`], [`Registry::drop_all`] and [`Registry::verify`]
//! take any registry and a metadata name. [`bind`] binds every metadata of
//! the program to its pool at once, refusing a metadata bound twice or left
//! unbound.
//!
//! # Transactions
//!
//! On PostgreSQL and SQLite, `create_all` and `drop_all` read the catalog
//! and run every statement in one transaction: a failure leaves the database
//! as it was ([`DbError::Statement`]). MySQL and MariaDB commit each
//! `CREATE TABLE` at once, whatever the transaction; there a failure is
//! [`DbError::PartiallyCreated`], which lists the tables created before it
//! (run `create_all` again once the model is fixed: it creates only what is
//! missing).
//!
//! # Pools
//!
//! The functions take `&impl Database`: `&sqlx::SqlitePool`, `&sqlx::PgPool`,
//! `&sqlx::MySqlPool`, or a [`Pool`] (any of them, as [`bind`] holds them).
//! A `sqlite::memory:` pool opens one database per connection: give it
//! `max_connections(1)` and no idle timeout or lifetime, as above.

use core::fmt;

use sqlx::AssertSqlSafe;

use crate::catalog::{self, Catalog, LiveTable};
use crate::ddl::{Ddl, DdlError, Dialect, TableDdl};
use crate::verify::compare;
use crate::{Metadata, Registry, Report, TableDef, TableSchema};

mod sealed {
    #![allow(unreachable_pub)]

    /// A borrowed pool of one of the enabled drivers.
    #[derive(Clone, Copy)]
    pub enum PoolRef<'a> {
        #[cfg(feature = "sqlite")]
        Sqlite(&'a sqlx::SqlitePool),
        #[cfg(feature = "postgres")]
        Postgres(&'a sqlx::PgPool),
        #[cfg(feature = "mysql")]
        MySql(&'a sqlx::MySqlPool),
    }

    pub trait Sealed {
        fn pool(&self) -> PoolRef<'_>;
    }
}

use sealed::PoolRef;

/// A database that `create_all`, `drop_all` and `verify` can work on:
/// `sqlx::SqlitePool`, `sqlx::PgPool`, `sqlx::MySqlPool` (with the features
/// `sqlite`, `postgres`, `mysql`) and [`Pool`]. Sealed.
pub trait Database: sealed::Sealed + Sync {
    /// The SQL dialect of the database.
    fn dialect(&self) -> Dialect;
}

/// A pool of any enabled driver, so that metadata bound to different kinds
/// of database can be held together (see [`bind`]). `From` each sqlx pool.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Pool {
    /// A SQLite pool.
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    /// A PostgreSQL pool.
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
    /// A MySQL or MariaDB pool.
    #[cfg(feature = "mysql")]
    MySql(sqlx::MySqlPool),
}

macro_rules! pools {
    ($($feature:literal $variant:ident $pool:ty => $dialect:ident,)*) => {
        $(
            #[cfg(feature = $feature)]
            impl sealed::Sealed for $pool {
                fn pool(&self) -> PoolRef<'_> {
                    PoolRef::$variant(self)
                }
            }

            #[cfg(feature = $feature)]
            impl Database for $pool {
                fn dialect(&self) -> Dialect {
                    Dialect::$dialect
                }
            }

            #[cfg(feature = $feature)]
            impl From<$pool> for Pool {
                fn from(pool: $pool) -> Self {
                    Self::$variant(pool)
                }
            }
        )*

        impl sealed::Sealed for Pool {
            fn pool(&self) -> PoolRef<'_> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Self::$variant(pool) => PoolRef::$variant(pool),
                    )*
                }
            }
        }

        impl Database for Pool {
            fn dialect(&self) -> Dialect {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        Self::$variant(_) => Dialect::$dialect,
                    )*
                }
            }
        }
    };
}

pools! {
    "sqlite" Sqlite sqlx::SqlitePool => Sqlite,
    "postgres" Postgres sqlx::PgPool => Postgres,
    "mysql" MySql sqlx::MySqlPool => MySql,
}

/// Why `create_all`, `drop_all`, `verify` or a binding's run failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum DbError {
    /// The program's registry has problems (from the [`Metadata`] methods,
    /// which use the global registry).
    Registry(&'static Report),
    /// The DDL cannot be written (unknown metadata, or something the
    /// dialect cannot hold).
    Ddl(DdlError),
    /// Connecting to the metadata's database, reading its catalog or
    /// committing failed; nothing was changed.
    #[non_exhaustive]
    Sqlx {
        /// The metadata.
        metadata: &'static str,
        /// The kind of database it is bound to.
        dialect: Dialect,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// A statement failed on PostgreSQL or SQLite; the transaction was
    /// rolled back, so nothing was changed.
    #[non_exhaustive]
    Statement {
        /// The metadata.
        metadata: &'static str,
        /// The statement that failed.
        statement: String,
        /// The database's error.
        source: sqlx::Error,
    },
    /// A statement failed on MySQL/MariaDB, where DDL is not transactional:
    /// the tables listed were created (or dropped, by `drop_all`) before the
    /// failure and stay so.
    #[non_exhaustive]
    PartiallyCreated {
        /// The metadata.
        metadata: &'static str,
        /// The statement that failed.
        statement: String,
        /// The database's error.
        source: sqlx::Error,
        /// `true` for `drop_all`: `done` lists dropped tables.
        dropping: bool,
        /// The tables created (or dropped) before the failure.
        done: Vec<&'static TableDef>,
    },
    /// More than one of the above, from a [`Binding`]'s
    /// run over several databases: every failure, in metadata name order.
    Several(Vec<DbError>),
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Registry(report) => write!(f, "{report}"),
            Self::Ddl(error) => write!(f, "{error}"),
            Self::Sqlx {
                metadata,
                dialect,
                source,
            } => {
                writeln!(
                    f,
                    "error: metadata `{metadata}`: its {dialect} database failed: {source}"
                )?;
                writeln!(f, "  = note: nothing was changed")?;
                write!(
                    f,
                    "  = help: check that the server is up and that the pool's URL and permissions are right, then run it again"
                )
            }
            Self::Statement {
                metadata,
                statement,
                source,
            } => {
                writeln!(f, "error: metadata `{metadata}`: {source}")?;
                writeln!(f, "  --> {statement}")?;
                writeln!(
                    f,
                    "  = note: the transaction was rolled back; the database is as it was"
                )?;
                write!(
                    f,
                    "  = help: change the model or the database so that the statement succeeds, then run it again"
                )
            }
            Self::PartiallyCreated {
                metadata,
                statement,
                source,
                dropping,
                done,
            } => {
                writeln!(f, "error: metadata `{metadata}`: {source}")?;
                writeln!(f, "  --> {statement}")?;
                let verb = if *dropping { "dropped" } else { "created" };
                if done.is_empty() {
                    write!(f, "  = note: no table was {verb} before the failure")
                } else {
                    writeln!(
                        f,
                        "  = note: MySQL/MariaDB commit DDL at once: {} {verb} before the failure and {} so:",
                        if done.len() == 1 {
                            "this table was"
                        } else {
                            "these tables were"
                        },
                        if done.len() == 1 { "stays" } else { "stay" },
                    )?;
                    for table in done {
                        writeln!(
                            f,
                            "  --> `{}`: {} ({})",
                            table.qualified_name(),
                            table.type_path,
                            table.location
                        )?;
                    }
                    write!(
                        f,
                        "  = help: fix the cause and run it again: it only touches what is left"
                    )
                }
            }
            Self::Several(errors) => {
                for error in errors {
                    writeln!(f, "{error}\n")?;
                }
                write!(
                    f,
                    "error: {} databases failed; each is listed above, and the others were done",
                    errors.len()
                )
            }
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Registry(report) => Some(*report),
            Self::Ddl(error) => Some(error),
            Self::Sqlx { source: error, .. }
            | Self::Statement { source: error, .. }
            | Self::PartiallyCreated { source: error, .. } => Some(error),
            Self::Several(_) => None,
        }
    }
}

/// What the steps of [`apply`] and [`verify`] fail with: a driver's error
/// is a [`DbError`] only once they name the metadata it happened for.
enum Failure {
    Db(DbError),
    Sqlx(sqlx::Error),
}

impl Failure {
    fn for_metadata(self, metadata: &'static str, dialect: Dialect) -> DbError {
        match self {
            Self::Db(error) => error,
            Self::Sqlx(source) => DbError::Sqlx {
                metadata,
                dialect,
                source,
            },
        }
    }
}

impl From<sqlx::Error> for Failure {
    fn from(error: sqlx::Error) -> Self {
        Self::Sqlx(error)
    }
}

impl<E: Into<DbError>> From<E> for Failure {
    fn from(error: E) -> Self {
        Self::Db(error.into())
    }
}

impl From<DdlError> for DbError {
    fn from(error: DdlError) -> Self {
        Self::Ddl(error)
    }
}

/// What `create_all` (or `drop_all`) did: the tables, in the order it
/// touched them, and the statements it ran.
#[derive(Debug, Clone)]
pub struct Applied {
    metadata: &'static str,
    dialect: Dialect,
    dropping: bool,
    tables: Vec<&'static TableDef>,
    statements: Vec<String>,
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
            "{} {} table{}: {}",
            if self.dropping { "dropped" } else { "created" },
            self.tables.len(),
            if self.tables.len() == 1 { "" } else { "s" },
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
    (
        missing.iter().map(|table| table.table()).collect(),
        crate::ddl::create_statements(&missing),
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
    let statements = crate::ddl::drop_statements(&existing, |table, key| {
        live(ddl, catalog, table).is_some_and(|live| {
            live.foreign_keys.iter().any(|found| {
                found
                    .name
                    .as_deref()
                    .is_some_and(|name| name.eq_ignore_ascii_case(key))
            })
        })
    });
    (
        existing.iter().rev().map(|table| table.table()).collect(),
        statements,
    )
}

/// The live table `table` is created as, if the database has it.
fn live<'c>(ddl: &Ddl<'_>, catalog: &'c Catalog, table: &TableDdl<'_>) -> Option<&'c LiveTable> {
    let def = table.table();
    catalog.table(ddl.dialect().table_schema(def), def.name)
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Create,
    Drop,
}

/// Reads the catalog, plans, and runs the plan: in one transaction where
/// DDL is transactional, statement by statement on MySQL.
async fn apply(
    registry: &Registry,
    metadata: &'static str,
    pool: PoolRef<'_>,
    dialect: Dialect,
    mode: Mode,
) -> Result<Applied, DbError> {
    apply_steps(registry, metadata, pool, dialect, mode)
        .await
        .map_err(|failure| failure.for_metadata(metadata, dialect))
}

async fn apply_steps(
    registry: &Registry,
    metadata: &'static str,
    pool: PoolRef<'_>,
    dialect: Dialect,
    mode: Mode,
) -> Result<Applied, Failure> {
    let ddl = registry.ddl(metadata, dialect)?;
    let plan = |catalog: &Catalog| match mode {
        Mode::Create => plan_create(&ddl, catalog),
        Mode::Drop => plan_drop(&ddl, catalog),
    };
    // The same steps for each driver with transactional DDL; the types
    // differ per driver, so a macro rather than a generic function. Unused
    // when `mysql` is the only driver enabled.
    #[allow(unused_macros)]
    macro_rules! in_one_transaction {
        ($pool:expr, $read_catalog:path) => {{
            let mut tx = $pool.begin().await?;
            let (tables, statements) = plan(&$read_catalog(&mut tx).await?);
            for statement in &statements {
                sqlx::raw_sql(AssertSqlSafe(statement.as_str()))
                    .execute(&mut *tx)
                    .await
                    .map_err(|source| DbError::Statement {
                        metadata,
                        statement: statement.clone(),
                        source,
                    })?;
            }
            tx.commit().await?;
            (tables, statements)
        }};
    }
    let (tables, statements) = match pool {
        #[cfg(feature = "sqlite")]
        PoolRef::Sqlite(pool) => in_one_transaction!(pool, catalog::sqlite),
        #[cfg(feature = "postgres")]
        PoolRef::Postgres(pool) => in_one_transaction!(pool, catalog::postgres),
        #[cfg(feature = "mysql")]
        PoolRef::MySql(pool) => {
            let mut conn = pool.acquire().await?;
            let catalog = catalog::mysql(&mut conn, &named_schemas(registry)).await?;
            let (tables, statements) = plan(&catalog);
            // The tables' own statements come first when creating, last
            // when dropping (after the use_alter keys).
            let first = match mode {
                Mode::Create => 0,
                Mode::Drop => statements.len() - tables.len(),
            };
            for (position, statement) in statements.iter().enumerate() {
                if let Err(source) = sqlx::raw_sql(AssertSqlSafe(statement.as_str()))
                    .execute(&mut *conn)
                    .await
                {
                    let done = position.saturating_sub(first).min(tables.len());
                    return Err(DbError::PartiallyCreated {
                        metadata,
                        statement: statement.clone(),
                        source,
                        dropping: mode == Mode::Drop,
                        done: tables[..done].to_vec(),
                    }
                    .into());
                }
            }
            (tables, statements)
        }
    };
    Ok(Applied {
        metadata,
        dialect,
        dropping: mode == Mode::Drop,
        tables,
        statements,
    })
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
    let order: Vec<&TableSchema> = ddl.tables().iter().map(TableDdl::schema).collect();
    let catalog = match pool {
        #[cfg(feature = "sqlite")]
        PoolRef::Sqlite(pool) => catalog::sqlite(&mut *pool.acquire().await?).await?,
        #[cfg(feature = "postgres")]
        PoolRef::Postgres(pool) => catalog::postgres(&mut *pool.acquire().await?).await?,
        #[cfg(feature = "mysql")]
        PoolRef::MySql(pool) => {
            catalog::mysql(&mut *pool.acquire().await?, &named_schemas(registry)).await?
        }
    };
    Ok(compare(registry, metadata, &order, &catalog, dialect))
}

impl Registry {
    fn metadata_name(&self, metadata: &str) -> Result<&'static str, DbError> {
        self.metadata_named(metadata)
            .map(|metadata| metadata.name)
            .ok_or_else(|| {
                DbError::Ddl(DdlError::UnknownMetadata {
                    metadata: metadata.to_owned(),
                })
            })
    }

    /// Creates the tables of the metadata called `metadata` that `db` does
    /// not have yet (checkfirst), with their indexes and `use_alter` keys,
    /// and returns what it did. A second call is a no-op
    /// ([`Applied::is_noop`]).
    ///
    /// One transaction on PostgreSQL and SQLite; see the
    /// [module documentation](crate::db#transactions) for MySQL.
    ///
    /// # Errors
    ///
    /// [`DbError`]: an unknown metadata or unwritable DDL, a connection or
    /// catalog failure, or a failed statement.
    pub async fn create_all(&self, metadata: &str, db: &impl Database) -> Result<Created, DbError> {
        let metadata = self.metadata_name(metadata)?;
        apply(self, metadata, db.pool(), db.dialect(), Mode::Create).await
    }

    /// Drops the tables of the metadata called `metadata` that exist in
    /// `db`, in reverse creation order (the `use_alter` keys first), and
    /// returns what it did. Tables of other metadata are left alone.
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all).
    pub async fn drop_all(&self, metadata: &str, db: &impl Database) -> Result<Dropped, DbError> {
        let metadata = self.metadata_name(metadata)?;
        apply(self, metadata, db.pool(), db.dialect(), Mode::Drop).await
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
    pub async fn verify(
        &self,
        metadata: &str,
        db: &impl Database,
    ) -> Result<Verification, DbError> {
        let metadata = self.metadata_name(metadata)?;
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
        let registry = crate::check().map_err(DbError::Registry)?;
        registry.create_all(self.name, db).await
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

pub use crate::binding::{BindError, BindProblem, Binding, bind};
pub use crate::verify::{Difference, DifferenceKind, Severity, Verification};

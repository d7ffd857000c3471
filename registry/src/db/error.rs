//! What the database operations fail with.

use core::fmt;

use crate::def::TableDef;
use crate::diagnostic::{Diagnostic, blocks, count, one_or_many};
use crate::report::Report;
use crate::sql::ddl::{DdlError, Dialect};

/// Why `create_all`, `drop_all`, `verify` or a binding's run failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum DbError {
    /// The program's registry has problems (from the [`Metadata`](crate::Metadata) methods,
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
    /// No connection to the metadata's database could be opened: the pool
    /// timed out, and connecting directly failed with `source`, the cause
    /// the pool's timeout hides ("connection refused", a wrong password,
    /// an unknown database). Nothing was changed.
    #[non_exhaustive]
    Unreachable {
        /// The metadata.
        metadata: &'static str,
        /// The kind of database it is bound to.
        dialect: Dialect,
        /// Why connecting failed.
        source: sqlx::Error,
    },
    /// Another process held the metadata's schema lock (see
    /// [`ApplyOptions`](crate::db::ApplyOptions)) for longer than the wait
    /// allowed; nothing was changed.
    #[non_exhaustive]
    LockTimeout {
        /// The metadata.
        metadata: &'static str,
        /// The kind of database.
        dialect: Dialect,
        /// How long it waited.
        waited: core::time::Duration,
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
    /// A migration on MySQL/MariaDB, whose DDL commits statement by
    /// statement, stopped at `statement`: the statements in `ran` are
    /// applied, the rest are not.
    PartiallyMigrated {
        /// The metadata.
        metadata: &'static str,
        /// The statement that failed.
        statement: String,
        /// The database's error.
        source: sqlx::Error,
        /// The statements that ran before it, in order.
        ran: Vec<String>,
    },
    /// More than one of the above, from a [`Binding`](crate::db::Binding)'s
    /// run over several databases: every failure, in metadata name order.
    Several(Vec<DbError>),
    /// [`Registry::check_migrated`](crate::Registry::check_migrated): the
    /// database needs migration steps; the plan says which.
    NotMigrated(Box<crate::db::migrate::NotMigrated>),
}

impl fmt::Display for DbError {
    // One arm per variant, each a whole message.
    #[allow(clippy::too_many_lines)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Registry(report) => write!(f, "{report}"),
            Self::Ddl(error) => write!(f, "{error}"),
            Self::NotMigrated(error) => write!(f, "{error}"),
            Self::Sqlx {
                metadata,
                dialect,
                source,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "metadata `{metadata}`: its {dialect} database failed: {}",
                        Cause(source)
                    ),
                )?;
                d.note("nothing was changed")?;
                if is_transient(source) {
                    d.help("the connection failed or the server was busy, not the models: run it again")
                } else {
                    d.help(
                        "check that the server is up and that the pool's URL and permissions are right, then run it again",
                    )
                }
            }
            Self::Unreachable {
                metadata,
                dialect,
                source,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "metadata `{metadata}`: cannot connect to its {dialect} database: {}",
                        Cause(source)
                    ),
                )?;
                d.note("the pool timed out waiting for a connection; connecting directly failed as above")?;
                d.help(
                    "check that the server is up and reachable, and the pool's URL, user, password and database name, then run it again",
                )
            }
            Self::LockTimeout {
                metadata,
                dialect,
                waited,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "metadata `{metadata}`: another process held its schema lock on the {dialect} database for more than {waited:?}"
                    ),
                )?;
                d.note("nothing was changed; the lock is held while a schema change (create_all, drop_all) runs")?;
                d.help(
                    "run it again once the other change is done, or wait longer with `ApplyOptions::lock_timeout`; \
                     a lock that is never released belongs to a process that is stuck: find it in `pg_locks` \
                     (PostgreSQL) or with `IS_USED_LOCK` (MySQL/MariaDB)",
                )
            }
            Self::Statement {
                metadata,
                statement,
                source,
            } => {
                let mut d =
                    Diagnostic::error(f, format_args!("metadata `{metadata}`: {}", Cause(source)))?;
                d.arrow(statement)?;
                d.note("the transaction was rolled back; the database is as it was")?;
                if is_transient(source) {
                    d.help("the database failed while running it (a lost connection, a deadlock or a serialization failure), not the statement: run it again")
                } else {
                    d.help(
                        "change the model or the database so that the statement succeeds, then run it again",
                    )
                }
            }
            Self::PartiallyMigrated {
                metadata,
                statement,
                source,
                ran,
            } => {
                let mut d =
                    Diagnostic::error(f, format_args!("metadata `{metadata}`: {}", Cause(source)))?;
                d.arrow(statement)?;
                if ran.is_empty() {
                    d.note("nothing of the migration ran before it")?;
                } else {
                    d.note(format_args!(
                        "MySQL/MariaDB commit DDL at once: {} of the migration ran before the failure and stays applied:",
                        count(ran.len(), "statement")
                    ))?;
                    for statement in ran {
                        d.arrow(statement)?;
                    }
                }
                d.help("fix the cause and plan again: the next plan starts from what is applied")
            }
            Self::PartiallyCreated {
                metadata,
                statement,
                source,
                dropping,
                done,
            } => {
                let mut d =
                    Diagnostic::error(f, format_args!("metadata `{metadata}`: {}", Cause(source)))?;
                d.arrow(statement)?;
                let verb = if *dropping { "dropped" } else { "created" };
                if done.is_empty() {
                    return d.note(format_args!("no table was {verb} before the failure"));
                }
                d.note(format_args!(
                    "MySQL/MariaDB commit DDL at once: {} {verb} before the failure and {} so:",
                    one_or_many(done.len(), "this table was", "these tables were"),
                    one_or_many(done.len(), "stays", "stay"),
                ))?;
                for table in done {
                    d.at(
                        format_args!("`{}`: {}", table.qualified_name(), table.type_path),
                        &table.location,
                    )?;
                }
                d.help("fix the cause and run it again: it only touches what is left")
            }
            Self::Several(errors) => {
                blocks(f, errors)?;
                Diagnostic::error(
                    f,
                    format_args!(
                        "{} databases failed; each is listed above, and the others were done",
                        errors.len()
                    ),
                )
                .map(drop)
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
            | Self::Unreachable { source: error, .. }
            | Self::Statement { source: error, .. }
            | Self::PartiallyCreated { source: error, .. }
            | Self::PartiallyMigrated { source: error, .. } => Some(error),
            Self::LockTimeout { .. } | Self::Several(_) => None,
            Self::NotMigrated(error) => Some(&**error),
        }
    }
}

/// What the steps of [`apply`] and [`verify`] fail with: a driver's error
/// is a [`DbError`] only once they name the metadata it happened for.
pub(crate) enum Failure {
    Db(DbError),
    Sqlx(sqlx::Error),
    /// No connection: the direct connection's error.
    Unreachable(sqlx::Error),
}

impl Failure {
    pub(crate) fn for_metadata(self, metadata: &'static str, dialect: Dialect) -> DbError {
        match self {
            Self::Db(error) => error,
            Self::Sqlx(source) => DbError::Sqlx {
                metadata,
                dialect,
                source,
            },
            Self::Unreachable(source) => DbError::Unreachable {
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

impl DbError {
    /// Whether running the same operation again may succeed: a lost or
    /// refused connection, a lock not had in time, a deadlock or a
    /// serialization failure — not a model the database refuses.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::LockTimeout { .. } => true,
            Self::Sqlx { source, .. }
            | Self::Unreachable { source, .. }
            | Self::Statement { source, .. }
            | Self::PartiallyCreated { source, .. }
            | Self::PartiallyMigrated { source, .. } => is_transient(source),
            Self::Several(errors) => errors.iter().all(Self::is_transient),
            Self::Registry(_) | Self::Ddl(_) | Self::NotMigrated(_) => false,
        }
    }
}

/// Whether a driver error is about the connection or concurrency rather
/// than the statement.
fn is_transient(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_) => true,
        sqlx::Error::Database(error) => error.code().is_some_and(|code| {
            matches!(
                code.as_ref(),
                // PostgreSQL: serialization failure, deadlock, lock not
                // available, admin shutdown / terminated backend, crash
                // shutdown, cannot connect now.
                "40001" | "40P01" | "55P03" | "57P01" | "57P02" | "57P03"
                // MySQL/MariaDB report SQLSTATEs too: 40001 is a deadlock,
                // 70100 a query killed (`KILL`); a lost connection is an
                // I/O error above.
                | "70100"
                // SQLite: busy (and its extended codes), locked.
                | "5" | "6" | "261" | "517" | "773" | "262"
            )
        }),
        _ => false,
    }
}

/// A driver error as a message: a database's own message and SQLSTATE, not
/// the line of the server's C source that PostgreSQL's error carries.
struct Cause<'e>(&'e sqlx::Error);

impl fmt::Display for Cause<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            sqlx::Error::Database(error) => {
                f.write_str(error.message())?;
                match error.code() {
                    Some(code) if code.chars().any(|c| !c.is_ascii_digit()) || code.len() == 5 => {
                        write!(f, " (SQLSTATE {code})")
                    }
                    // SQLite's result codes are numbers, not SQLSTATEs.
                    Some(code) => write!(f, " (code {code})"),
                    None => Ok(()),
                }
            }
            other => write!(f, "{other}"),
        }
    }
}

//! What the database operations fail with.

use core::fmt;

use crate::def::TableDef;
use crate::diagnostic::{Diagnostic, blocks, one_or_many};
use crate::report::Report;
use crate::sql::ddl::{DdlError, Dialect};

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
                let mut d = Diagnostic::error(
                    f,
                    format_args!("metadata `{metadata}`: its {dialect} database failed: {source}"),
                )?;
                d.note("nothing was changed")?;
                d.help(
                    "check that the server is up and that the pool's URL and permissions are right, then run it again",
                )
            }
            Self::Statement {
                metadata,
                statement,
                source,
            } => {
                let mut d = Diagnostic::error(f, format_args!("metadata `{metadata}`: {source}"))?;
                d.arrow(statement)?;
                d.note("the transaction was rolled back; the database is as it was")?;
                d.help(
                    "change the model or the database so that the statement succeeds, then run it again",
                )
            }
            Self::PartiallyCreated {
                metadata,
                statement,
                source,
                dropping,
                done,
            } => {
                let mut d = Diagnostic::error(f, format_args!("metadata `{metadata}`: {source}"))?;
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
            | Self::Statement { source: error, .. }
            | Self::PartiallyCreated { source: error, .. } => Some(error),
            Self::Several(_) => None,
        }
    }
}

/// What the steps of [`apply`] and [`verify`] fail with: a driver's error
/// is a [`DbError`] only once they name the metadata it happened for.
pub(crate) enum Failure {
    Db(DbError),
    Sqlx(sqlx::Error),
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

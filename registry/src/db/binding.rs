//! Binding each metadata to the pool of its own database, checked as a
//! whole: a metadata bound twice, or one with tables left unbound, is
//! refused with every problem listed.

use core::fmt;
use core::future::Future;

use crate::db::migrate::{Plan, PlanOptions};
use crate::db::{ApplyOptions, Created, Database as _, DbError, Dropped, Pool, Verification};
use crate::def::Dialect;
use crate::def::Metadata;
use crate::diagnostic::{Diagnostic, blocks, count};
use crate::registry::Registry;
use crate::report::Report;
use crate::sql::ddl::DdlError;

/// Every metadata of a registry that has tables, each bound to one pool.
///
/// Made by [`bind`] (the program's registry) or [`Registry::bind`].
///
#[cfg_attr(feature = "sqlite", doc = "```rust,standalone_crate")]
#[cfg_attr(not(feature = "sqlite"), doc = "```rust,ignore")]
/// model_registry::models!();
/// model_registry::metadata!(pub PLATFORM = "platform");
/// model_registry::metadata!(pub USER_DATA = "user_data");
///
/// #[derive(model_registry::Model)]
/// #[model(table = "oauth_tokens", metadata = crate::PLATFORM)]
/// pub struct OAuthToken { #[model(primary_key)] pub id: i64 }
///
/// #[derive(model_registry::Model)]
/// #[model(table = "notes", metadata = crate::USER_DATA)]
/// pub struct Note { #[model(primary_key)] pub id: i64 }
///
/// # async fn memory() -> sqlx::SqlitePool {
/// #     sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).idle_timeout(None)
/// #         .max_lifetime(None).connect("sqlite::memory:").await.unwrap()
/// # }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
/// use model_registry::db::{BindProblem, Pool, bind};
///
/// let (platform, user_data) = (memory().await, memory().await);
///
/// // Forgetting a metadata is refused, with every problem listed.
/// let error = bind([(&PLATFORM, Pool::from(platform.clone()))]).unwrap_err();
/// assert!(matches!(error.problems(), [BindProblem::Unbound { .. }]));
///
/// let binding = bind([(&PLATFORM, Pool::from(platform)), (&USER_DATA, user_data.into())])?;
/// for created in binding.create_all().await? {
///     println!("{created}");
/// }
/// for verification in binding.verify().await? {
///     assert!(verification.is_clean(), "{verification}");
/// }
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// # })
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Binding<'r> {
    registry: &'r Registry,
    /// Sorted by metadata name.
    bound: Vec<(&'static Metadata, Pool)>,
}

/// One problem with a binding.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum BindProblem {
    /// The metadata is bound more than once.
    #[non_exhaustive]
    BoundTwice {
        /// The metadata.
        metadata: &'static Metadata,
        /// How many times it is bound.
        times: usize,
    },
    /// The metadata has tables but no pool.
    #[non_exhaustive]
    Unbound {
        /// The metadata.
        metadata: &'static Metadata,
        /// How many tables it has.
        tables: usize,
    },
    /// The metadata is not declared in the registry.
    #[non_exhaustive]
    Undeclared {
        /// The metadata.
        metadata: &'static Metadata,
    },
    /// The metadata names its database (`metadata!(..., dialect = ...)`)
    /// and is bound to a pool of another.
    #[non_exhaustive]
    WrongDatabase {
        /// The metadata.
        metadata: &'static Metadata,
        /// The database it names.
        declared: Dialect,
        /// The database of the pool.
        bound: Dialect,
    },
    /// The database of the pool cannot hold the metadata's tables as sqlx
    /// reads and writes them (a column type it refuses, names that clash
    /// there): what `create_all` and `verify` would refuse, found before
    /// any query.
    #[non_exhaustive]
    Unsupported {
        /// The metadata.
        metadata: &'static Metadata,
        /// What the DDL cannot write.
        error: DdlError,
    },
}

/// Why a binding was refused.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum BindError {
    /// The program's registry has problems ([`bind`] only).
    Registry(&'static Report),
    /// Every problem of the binding, sorted by metadata name.
    Problems(Vec<BindProblem>),
}

impl BindError {
    /// The binding's problems (empty for [`BindError::Registry`]).
    pub fn problems(&self) -> &[BindProblem] {
        match self {
            Self::Registry(_) => &[],
            Self::Problems(problems) => problems,
        }
    }
}

impl fmt::Display for BindProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BoundTwice { metadata, times } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!("metadata `{}` is bound {times} times", metadata.name),
                )?;
                d.at_metadata(metadata)?;
                d.help("a metadata is one database: bind it to exactly one pool")
            }
            Self::Unbound { metadata, tables } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "metadata `{}` has {} but is bound to no database",
                        metadata.name,
                        count(*tables, "table")
                    ),
                )?;
                d.at_metadata(metadata)?;
                d.help(format_args!(
                    "add `(&{}, pool)` to the binding, or its tables are never created nor verified",
                    metadata.path.rsplit("::").next().unwrap_or(metadata.path)
                ))
            }
            Self::Undeclared { metadata } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "metadata `{}` is bound but not declared in the registry",
                        metadata.name
                    ),
                )?;
                d.at_metadata(metadata)?;
                d.help("check that the crate declaring it is linked into the program")
            }
            Self::WrongDatabase {
                metadata,
                declared,
                bound,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "metadata `{}` lives in {declared}, but is bound to a {bound} pool",
                        metadata.name
                    ),
                )?;
                d.at_metadata(metadata)?;
                d.help(format_args!(
                    "bind it to the pool of its {declared} database, or change `dialect = ...` where it is declared"
                ))
            }
            Self::Unsupported { metadata, error } => {
                match error {
                    DdlError::Several(errors) => blocks(f, errors)?,
                    error => write!(f, "{error}\n\n")?,
                }
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "metadata `{}` cannot be bound to this database: the problems above would fail its queries",
                        metadata.name
                    ),
                )?;
                d.at_metadata(metadata).map(drop)
            }
        }
    }
}

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Registry(report) => write!(f, "{report}"),
            Self::Problems(problems) => {
                blocks(f, problems)?;
                Diagnostic::error(
                    f,
                    format_args!("the binding has {}", count(problems.len(), "problem")),
                )
                .map(drop)
            }
        }
    }
}

impl std::error::Error for BindError {}

/// Binds each metadata of the program's [`registry()`](crate::registry) to
/// its pool: see [`Registry::bind`].
///
/// # Errors
///
/// [`BindError::Registry`] if the registry has problems; otherwise as
/// [`Registry::bind`].
pub fn bind<P: Into<Pool>>(
    bindings: impl IntoIterator<Item = (&'static Metadata, P)>,
) -> Result<Binding<'static>, BindError> {
    crate::check().map_err(BindError::Registry)?.bind(bindings)
}

impl Registry {
    /// Binds each metadata to the pool of its database. Pools of different
    /// kinds of database may be mixed (as [`Pool`]s).
    ///
    /// # Errors
    ///
    /// [`BindError::Problems`], listing every metadata bound more than once,
    /// every metadata with tables left unbound, every metadata the registry
    /// does not declare, every metadata bound to a pool of another database
    /// than the one it names, and every metadata whose tables the pool's
    /// database cannot hold (the DDL's refusals, before any query).
    pub fn bind<P: Into<Pool>>(
        &self,
        bindings: impl IntoIterator<Item = (&'static Metadata, P)>,
    ) -> Result<Binding<'_>, BindError> {
        let mut bound: Vec<(&'static Metadata, Pool)> = bindings
            .into_iter()
            .map(|(metadata, pool)| (metadata, pool.into()))
            .collect();
        bound.sort_by(|a, b| a.0.name.cmp(b.0.name));
        let mut problems = Vec::new();
        for group in bound.chunk_by(|a, b| a.0.name == b.0.name) {
            let metadata = group[0].0;
            if self.metadata_named(metadata.name).is_none() {
                problems.push(BindProblem::Undeclared { metadata });
            }
            if group.len() > 1 {
                problems.push(BindProblem::BoundTwice {
                    metadata,
                    times: group.len(),
                });
            }
        }
        for (metadata, pool) in &bound {
            let Some(metadata) = self.metadata_named(metadata.name) else {
                continue;
            };
            let dialect = pool.dialect();
            if let Some(declared) = metadata.dialect()
                && declared != dialect
            {
                problems.push(BindProblem::WrongDatabase {
                    metadata,
                    declared,
                    bound: dialect,
                });
            } else if let Some(error) = self.unsupported_types(metadata.name, dialect) {
                problems.push(BindProblem::Unsupported { metadata, error });
            }
        }
        for metadata in self.metadata() {
            let tables = self.tables_in(metadata.name).len();
            let is_bound = bound
                .binary_search_by(|(bound, _)| bound.name.cmp(metadata.name))
                .is_ok();
            if tables > 0 && !is_bound {
                problems.push(BindProblem::Unbound { metadata, tables });
            }
        }
        if !problems.is_empty() {
            problems.sort_by(|a, b| problem_name(a).cmp(problem_name(b)));
            return Err(BindError::Problems(problems));
        }
        Ok(Binding {
            registry: self,
            bound,
        })
    }
}

fn problem_name(problem: &BindProblem) -> &'static str {
    match problem {
        BindProblem::BoundTwice { metadata, .. }
        | BindProblem::Unbound { metadata, .. }
        | BindProblem::WrongDatabase { metadata, .. }
        | BindProblem::Unsupported { metadata, .. }
        | BindProblem::Undeclared { metadata } => metadata.name,
    }
}

impl Binding<'_> {
    /// The pool bound to `metadata`.
    pub fn pool(&self, metadata: &Metadata) -> Option<&Pool> {
        self.bound
            .iter()
            .find(|(bound, _)| bound.name == metadata.name)
            .map(|(_, pool)| pool)
    }

    /// Every (metadata, pool), sorted by metadata name.
    pub fn iter(&self) -> impl Iterator<Item = (&'static Metadata, &Pool)> {
        self.bound.iter().map(|(metadata, pool)| (*metadata, pool))
    }

    /// [`Registry::create_all`] for each metadata on its own pool, in name
    /// order.
    ///
    /// # Errors
    ///
    /// Every failure ([`DbError::Several`] when more than one): a database
    /// that fails does not stop the others, which are created (they are
    /// independent, so no transaction spans them). Run it again once fixed:
    /// it creates only what is missing.
    pub async fn create_all(&self) -> Result<Vec<Created>, DbError> {
        self.each(|metadata, pool| self.registry.create_all(metadata, pool))
            .await
    }

    /// [`Registry::drop_all`] for each metadata on its own pool.
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all).
    pub async fn drop_all(&self) -> Result<Vec<Dropped>, DbError> {
        self.each(|metadata, pool| self.registry.drop_all(metadata, pool))
            .await
    }

    /// [`Registry::verify`] for each metadata on its own pool.
    ///
    /// # Errors
    ///
    /// Every connection or catalog failure ([`DbError::Several`] when more
    /// than one); differences are in the verifications.
    pub async fn verify(&self) -> Result<Vec<Verification>, DbError> {
        self.each(|metadata, pool| self.registry.verify(metadata, pool))
            .await
    }

    /// [`Registry::plan`] for each metadata on its own pool.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify).
    pub async fn plan(&self, options: &PlanOptions) -> Result<Vec<Plan>, DbError> {
        self.each(|metadata, pool| self.registry.plan(metadata, pool, options))
            .await
    }

    /// [`Registry::migrate`] for each metadata on its own pool.
    ///
    /// # Errors
    ///
    /// As [`create_all`](Self::create_all): every database is migrated
    /// even when another one fails.
    pub async fn migrate(
        &self,
        options: &PlanOptions,
        apply: &ApplyOptions,
    ) -> Result<Vec<Plan>, DbError> {
        self.each(|metadata, pool| self.registry.migrate(metadata, pool, options, apply))
            .await
    }

    /// [`Registry::check_migrated`] for each metadata on its own pool.
    ///
    /// # Errors
    ///
    /// Every database that is not migrated ([`DbError::NotMigrated`], in
    /// [`DbError::Several`] when more than one), and every failure.
    pub async fn check_migrated(&self) -> Result<(), DbError> {
        self.each(|metadata, pool| self.registry.check_migrated(metadata, pool))
            .await
            .map(drop)
    }

    /// Runs `step` on every (metadata, pool), each one even after another
    /// failed, and returns every result or every failure.
    async fn each<'a, T, F, Fut>(&'a self, step: F) -> Result<Vec<T>, DbError>
    where
        F: Fn(&'static str, &'a Pool) -> Fut,
        Fut: Future<Output = Result<T, DbError>>,
    {
        let mut done = Vec::with_capacity(self.bound.len());
        let mut failed = Vec::new();
        for (metadata, pool) in &self.bound {
            match step(metadata.name, pool).await {
                Ok(result) => done.push(result),
                Err(error) => failed.push(error),
            }
        }
        match failed.len() {
            0 => Ok(done),
            1 => Err(failed.remove(0)),
            _ => Err(DbError::Several(failed)),
        }
    }
}

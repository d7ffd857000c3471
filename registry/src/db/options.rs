//! How schema changes run: the lock every replica takes, and its wait.

use core::time::Duration;

#[cfg(any(feature = "postgres", feature = "mysql"))]
use crate::sql::dialect;

/// How `create_all` and `drop_all` run.
///
/// Services start as several replicas at once, each calling `create_all`.
/// Every schema change therefore runs under a database-wide lock of its
/// metadata and reads the catalog under it, so the first replica creates
/// the tables and the others find them and create nothing:
///
/// | database | lock | key |
/// |---|---|---|
/// | PostgreSQL | `pg_advisory_xact_lock`, inside the transaction (released at commit or rollback) | the `bigint` from an FNV-1a hash of `model_registry schema <metadata>` |
/// | MySQL, MariaDB | `GET_LOCK`, released with `RELEASE_LOCK` (or when the connection closes) | `model_registry:<database>:<metadata>` (hashed when over 64 characters) |
/// | SQLite | `BEGIN IMMEDIATE`: the database's write lock, with the connection's busy timeout set to the wait | the database file |
///
/// A replica waits at most [`lock_timeout`](Self::lock_timeout) (a minute by
/// default) and then fails with [`DbError::LockTimeout`](crate::db::DbError::LockTimeout). PostgreSQL-compatible
/// databases without advisory locks (`CockroachDB`) need
/// [`without_lock`](Self::without_lock), as with sqlx's migrator.
///
/// ```
/// use std::time::Duration;
/// use model_registry::db::ApplyOptions;
///
/// let options = ApplyOptions::default().lock_timeout(Duration::from_secs(10));
/// assert_eq!(options.lock_timeout_duration(), Duration::from_secs(10));
/// assert!(!ApplyOptions::default().without_lock().locks());
/// ```
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    pub(crate) lock: bool,
    pub(crate) lock_timeout: Duration,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        Self {
            lock: true,
            lock_timeout: Duration::from_mins(1),
        }
    }
}

impl ApplyOptions {
    /// How long to wait for another process's schema change to finish.
    #[must_use]
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// No lock: for databases without advisory or named locks. Replicas
    /// that start together may then fail on each other's tables.
    #[must_use]
    pub fn without_lock(mut self) -> Self {
        self.lock = false;
        self
    }

    /// Whether the schema lock is taken.
    pub fn locks(&self) -> bool {
        self.lock
    }

    /// The longest wait for the lock.
    pub fn lock_timeout_duration(&self) -> Duration {
        self.lock_timeout
    }

    /// The PostgreSQL advisory lock key of a metadata, as `pg_locks` shows
    /// it (`(classid::bigint << 32) | objid`).
    #[cfg(feature = "postgres")]
    pub fn postgres_lock_key(metadata: &str) -> i64 {
        dialect::postgres::lock_key(metadata)
    }

    /// The MySQL/MariaDB lock name of a metadata in `database`, as
    /// `IS_USED_LOCK` takes it.
    #[cfg(feature = "mysql")]
    pub fn mysql_lock_name(database: &str, metadata: &str) -> String {
        dialect::mysql::lock_name(database, metadata)
    }
}

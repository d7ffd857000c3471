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
//! [`Metadata::create_all`](crate::Metadata::create_all), [`Metadata::drop_all`](crate::Metadata::drop_all) and
//! [`Metadata::verify`](crate::Metadata::verify) use the program's [`registry()`](crate::registry)
//! (a registry with problems is [`DbError::Registry`], not a panic);
//! [`Registry::create_all`](crate::Registry::create_all), [`Registry::drop_all`](crate::Registry::drop_all) and [`Registry::verify`](crate::Registry::verify)
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

mod apply;
mod binding;
mod error;
pub mod migrate;
mod options;
mod pool;
pub(crate) mod verify;

pub use self::apply::{Applied, Created, Dropped};
pub use self::binding::{BindError, BindProblem, Binding, bind};
pub use self::error::DbError;
pub use self::options::ApplyOptions;
pub use self::pool::{Database, Pool};
pub use self::verify::{Difference, DifferenceKind, Severity, Verification};

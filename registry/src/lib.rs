//! One registry of every database table a Rust program defines, grouped by
//! the database it lives in — with one promise: **every table is defined
//! exactly once per metadata**, checked as early as possible.
//!
//! ```rust,standalone_crate
//! // Once, at the root of every crate that defines models.
//! model_registry::models!();
//!
//! // A metadata is a named group of tables that lives in one database.
//! model_registry::metadata!(pub PLATFORM = "platform");
//!
//! #[derive(model_registry::Model)]
//! #[model(table = "oauth_token_monitoring_tasks", metadata = crate::PLATFORM)]
//! pub struct OAuthTokenMonitoringTask {
//!     #[model(primary_key)]
//!     pub id: i64,
//!     pub user_id: String,
//!     pub last_error: Option<String>,
//! }
//!
//! // Models without `metadata = ...` belong to `model_registry::DEFAULT`.
//! #[derive(model_registry::Model)]
//! #[model(table = "intent_feedback")]
//! pub struct IntentFeedback {
//!     #[model(primary_key)]
//!     pub id: i64,
//!     #[model(column = "feedback_text")]
//!     pub text: String,
//!     #[model(skip)]
//!     pub cached_score: f64,
//! }
//!
//! fn main() {
//!     // The first access checks everything linked into the binary and
//!     // panics with one report of every conflict. `check()` returns it instead.
//!     let registry = model_registry::registry();
//!     assert_eq!(registry.tables_in("platform").len(), 1);
//!     let feedback = registry.table("default", "intent_feedback").unwrap();
//!     assert_eq!(feedback.columns().len(), 2);
//!     println!("{registry}");
//! }
//! ```
//!
//! # Where duplicates are caught
//!
//! | layer | catches |
//! |---|---|
//! | `cargo check` | two models with the same (metadata, schema, table) in one crate — in any modules, under any struct names, with the metadata named through any path or alias, table names compared ignoring ASCII case; invalid names; every misuse of the attributes |
//! | first access to the registry | everything linked into the binary: the same table defined in several crates, or by two versions of one crate; one metadata name declared twice; a model whose metadata was never declared |
//!
//! Two models claiming one table in one crate fail the build, with rustc
//! pointing at both `table = "..."` literals:
//!
//! ```compile_fail,E0119
//! model_registry::models!();
//!
//! mod billing {
//!     #[derive(model_registry::Model)]
//!     #[model(table = "customers")]
//!     pub struct Customer { #[model(primary_key)] pub id: i64 }
//! }
//!
//! mod crm {
//!     #[derive(model_registry::Model)]
//!     #[model(table = "Customers")]
//!     pub struct Client { #[model(primary_key)] pub id: i64 }
//! }
//! # fn main() {}
//! ```
//!
//! Across crates the compiler cannot see both definitions, so the first call
//! to [`registry()`] or [`check()`] sorts every definition linked into the
//! binary and reports every conflict at once, each definition with its type
//! path, crate@version and `file:line:column`:
//!
//! ```text
//! error: table `predictive_models` is defined 3 times in metadata `default`
//!   --> analytics::PredictiveModel (analytics 0.3.1, src/lib.rs:191:5)
//!   --> app::models::PredictiveModel (app 0.1.0, src/models.rs:690:5)
//!   --> app::models::core::PredictiveModel (app 0.1.0, src/models/core.rs:903:5)
//!   = help: keep one definition and `pub use` it where it is needed; re-exports register nothing
//! ```
//!
//! Registration itself is link-time data (a [linkme](https://docs.rs/linkme) distributed slice):
//! nothing runs before `main`, and a program that never asks for the registry
//! pays nothing. On wasm32 and windows-gnu, where linkme cannot place a
//! slice, models register through [inventory](https://docs.rs/inventory)
//! constructors instead (one per model, before `main`); everything else is
//! the same. `--cfg model_registry_inventory` forces that path anywhere.
//!
//! # Make `cargo test` fail on a registry problem
//!
//! One line in any test target of the binary (or the binary itself) that
//! links every model crate:
//!
//! ```rust,standalone_crate
//! model_registry::registry_test!();
//! # fn main() {}
//! ```
//!
//! It writes `#[test] fn model_registry_is_consistent()`, which fails with
//! the full report. By hand it is `model_registry::check().unwrap();`:
//! `Report`'s `Debug` prints the same readable text as its `Display`.
//!
//! # A crate that is never named is never linked
//!
//! Rust links a dependency only if the code names it. A model crate listed in
//! `Cargo.toml` but never used contributes no tables, and nothing fails: its
//! tables are simply absent. Name it once — `use my_models as _;` in the
//! binary — and add `#![deny(unused_crate_dependencies)]` to the binary's
//! root so forgetting it is a build error. The same applies to integration
//! tests and doctests, which only see the crates they name.
//!
//! # Plugins loaded at run time
//!
//! A `cdylib` loaded with `dlopen` (`libloading`) links its own copy of
//! this crate, with its own distributed slices and its own registry: the
//! host's [`registry()`] never sees the plugin's models, the plugin's never
//! sees the host's, and a table both define is reported by neither. The
//! registry describes what one binary was linked with; a plugin system that
//! needs one registry must have each plugin hand its tables to the host
//! (for example a function returning `&'static [&'static TableDef]`) and
//! check them there with [`Registry::from_definitions`].
//!
//! # Features
//!
//! - `serde`: `Serialize` for [`Registry`] and [`Report`] — every metadata,
//!   table, column and source location, in a stable order, so a CI job can
//!   diff the schema a change introduces.
//! - `ddl`: [`ddl`] — the `CREATE`/`DROP` statements of a metadata for
//!   SQLite, PostgreSQL and MySQL/MariaDB (sea-query).
//! - `sqlite`, `postgres`, `mysql` (each implies `ddl`): [`db`] —
//!   `create_all`, `drop_all` and `verify` against a live database through
//!   sqlx, binding each metadata to its own pool, and
//!   [migrations](db::migrate) (`plan`, `migrate`, `check_migrated`).
//! - `cli` (with one of the above): [`cli`] — a `schema` command over the
//!   program's own models, in one `src/bin/schema.rs`.
//! - `chrono`, `time`, `uuid`, `json` (`serde_json`), `decimal`
//!   (`rust_decimal`): [`ColumnType`] for those crates' date, time, UUID,
//!   JSON and decimal types, so fields can use them directly; with a
//!   database feature, sqlx's support for the same crates, and
//!   `sqlx::types::Json<T>`.
//!
//! Enums: [`derive@ColumnType`]. A constant per column: each model has
//! `COLUMN_<FIELD>`, the column's name.
//!
//! # Attributes
//!
//! On the struct, `#[model(...)]` takes:
//!
//! - `table = "name"` (required): the table name.
//! - `metadata = path::TO::METADATA`: a constant declared with
//!   [`metadata!`]; [`DEFAULT`] when absent.
//! - `schema = "name"`: the schema; the metadata's default schema when absent.
//! - `crate = path::to::model_registry`: where the generated code finds this
//!   crate, for crates that re-export it.
//! - `index(field_a, field_b)`, `unique(field_a, field_b)`: a composite index
//!   or unique constraint over the columns of those fields (Rust field names,
//!   checked by the compiler), optionally `name = "..."`; any number of each.
//! - `check(name = "positive_amount", expr = "amount > 0")`: a check
//!   constraint; the expression is written verbatim into the DDL.
//!
//! On a field, `#[model(...)]` takes:
//!
//! - `primary_key`: the column is (part of) the primary key; several fields
//!   make a composite key. A single integer key (`i16`, `i32`, `i64`, or a
//!   type whose [`ColumnType`] is `SMALLINT`, `INTEGER` or `BIGINT`) that
//!   references no other table is numbered by the database, as SQLAlchemy
//!   does: `GENERATED BY DEFAULT AS IDENTITY` on PostgreSQL,
//!   `AUTO_INCREMENT` on MySQL/MariaDB, the rowid (`INTEGER PRIMARY KEY`)
//!   on SQLite. Insert without the column, or with a value of your own.
//! - `auto_increment = false` (with `primary_key`): the key is not numbered
//!   by the database; every row brings its own.
//! - `column = "name"`: the column name, when it is not the field name.
//! - `skip`: the field is not a column.
//! - `sql_type = "NUMERIC(20, 0)"`: the column's SQL type, written verbatim;
//!   otherwise the field type's [`ColumnType`] gives it, and a type without
//!   one is a compile error that says what to write.
//! - `max_length = 255`: a text column of at most that many characters
//!   (`VARCHAR(255)`).
//! - `default = "CURRENT_TIMESTAMP"`: a server default, an SQL expression.
//! - `unique`, `index`: a one-column unique constraint or index; both make a
//!   unique index.
//! - `references = OtherModel` (the compiler checks that it is a model; the
//!   key points at its primary key) or `references = "table.column"` (or
//!   `"schema.table.column"`, looked up in the same metadata at startup),
//!   with `on_delete = "..."` and `on_update = "..."` (`cascade`,
//!   `set null`, `set default`, `restrict`, `no action`) and `use_alter`
//!   (the key is added once every table exists: how a cycle is created).
//!
//! With sqlx on the same struct, a name is written once: sqlx's own
//! attributes decide the column when `#[model(...)]` is silent —
//! `#[sqlx(rename = "...")]`, `#[sqlx(skip)]` (no column), `#[sqlx(json)]`
//! (a JSON column, whatever the field's type), `#[sqlx(try_from = "T")]`
//! (the column holds a `T`), and `#[sqlx(rename_all = "...")]` on the struct,
//! with sqlx's own casing rules. A `#[model(column = ...)]` that contradicts
//! sqlx's name, and `#[sqlx(flatten)]` (columns the derive cannot see), are
//! compile errors.
//!
//! A model needs at least one primary-key column. Table, schema and
//! column names must be non-empty, at most 63 bytes (PostgreSQL's limit),
//! free of quote and control characters, and must not begin or end with
//! whitespace; column names must be unique in a table, ignoring case —
//! Unicode case included, as MariaDB compares them (`é` is `É`).
//! A field's column is nullable when its type is written `Option<...>`.
//!
//! # The schema, checked at startup
//!
//! The startup check also checks every table as the database will hold it
//! ([`Registry::resolved`], built on first use): each index and constraint
//! gets its name from the metadata's [`NamingConvention`] (SQLAlchemy's
//! templates, such as `ix_%(table_name)s_%(column_0_N_name)s`), and each
//! foreign key its target column. It reports, with the duplicates and all
//! at once:
//!
//! - a foreign key into another metadata — another database, where it cannot
//!   exist — naming both;
//! - a foreign key to a table or column the metadata does not have, or of
//!   another SQL type than the column it references;
//! - two tables, indexes or constraints with one name in a schema (compared
//!   ignoring ASCII case, on their first 63 bytes, generated names included; a
//!   generated name longer than 63 bytes is shortened with a hash, as
//!   SQLAlchemy does);
//! - foreign keys that form a cycle, spelled out, unless one is `use_alter`.
//!
//! [`Registry::creation_order`] gives the tables in foreign-key order, which
//! the `ddl` and `db` modules use.
//!
//! Table, schema, index and constraint names are compared ignoring ASCII
//! case only, at compile time and at startup alike: `Users` and `users` are
//! one table, but `É` and `é`, or
//! `STRASSE` and `straße`, are two (SQLite folds only ASCII too). The limit
//! is in bytes, so 32 `é` (64 bytes) are too long; the whitespace rule is
//! about ASCII whitespace, so a no-break space is part of the name.

#![doc(html_root_url = "https://docs.rs/model-registry/0.1.0")]

mod check;
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
pub mod db;
mod def;
mod diagnostic;
mod ident;
mod linked;
mod naming;
mod registry;
mod report;
mod schema;
#[cfg(feature = "serde")]
mod serde;

#[cfg(all(
    feature = "cli",
    any(feature = "sqlite", feature = "postgres", feature = "mysql")
))]
pub mod cli;
#[cfg(all(
    feature = "cli",
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql"))
))]
compile_error!(
    "model-registry's `cli` feature needs a database: enable `sqlite`, `postgres` or `mysql` too"
);
#[cfg(feature = "ddl")]
mod sql;

#[doc(hidden)]
pub mod __private;

pub use crate::def::{
    CheckDef, ColumnDef, ColumnType, Dialect, EnumType, ForeignKeyDef, ForeignKeyTarget, IndexDef,
    Location, Metadata, MetadataName, Model, ReferentialAction, SqlType, TableDef, UniqueDef,
};
pub use crate::ident::MAX_NAME_BYTES;
pub use crate::linked::DEFAULT;
pub use crate::naming::{ConstraintKind, NamingConvention};
pub use crate::registry::{Registry, check, registry};
pub use crate::report::{CycleEdge, MissingTarget, NameOwner, Problem, ProblemKind, Report};
pub use crate::schema::{
    ResolvedCheck, ResolvedForeignKey, ResolvedIndex, ResolvedPrimaryKey, ResolvedTable,
    ResolvedUnique,
};
#[cfg(feature = "ddl")]
pub use crate::sql::ddl;

/// Derives [`Model`](trait@Model) for a struct: records its table and columns
/// as `'static` data and registers it, at link time, in the registry.
///
/// See the [crate documentation](crate#attributes) for the attributes.
pub use model_registry_derive::Model;

/// Derives [`ColumnType`](trait@ColumnType) for a fieldless enum, reading
/// the attributes of `#[derive(sqlx::Type)]` so that the column is the one
/// sqlx encodes and decodes the enum as: see [`EnumType`] for what each
/// database gets.
///
/// ```
/// #[derive(model_registry::ColumnType)]
/// #[sqlx(type_name = "text", rename_all = "snake_case")] // as for sqlx::Type
/// #[model(check)] // optional: the values as a check constraint
/// pub enum Status {
///     Pending,
///     SentOut,
///     #[sqlx(rename = "failed")]
///     Bounced,
/// }
///
/// use model_registry::{ColumnType, SqlType};
/// let SqlType::Enum(status) = Status::SQL_TYPE else { unreachable!() };
/// assert_eq!(status.values(), ["pending", "sent_out", "failed"]);
/// assert!(!status.is_native()); // text; `type_name = "status"` would be a native enum
/// ```
///
/// An enum with `#[repr(i32)]` (or another integer) is stored as that
/// integer, as sqlx stores it.
pub use model_registry_derive::ColumnType;

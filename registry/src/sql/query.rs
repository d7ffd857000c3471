//! Names for hand-written queries: a model's table and columns quoted for a
//! dialect, so that no query formats identifiers from raw strings.
//!
//! Every identifier is quoted the way the DDL quotes it (`"..."` on
//! PostgreSQL and SQLite, `` `...` `` on MySQL/MariaDB, with the quote
//! character doubled inside), so a table called `order` or a column called
//! `user name` needs no care. sqlx 0.9 takes query text it did not write as
//! `sqlx::AssertSqlSafe(text)`: the text built here only holds names from
//! the models, never user input, which is what that assertion states.
//! Values always go through sqlx's `.bind(...)`. Each model also has a
//! `COLUMN_<FIELD>` constant per column, and [`Dialect::quote`] quotes one.
//!
//! This crate gives names, not a query builder: implementing sea-query's
//! `Iden` for models would make users learn a second query language (and
//! depend on sea-query) for what is a list of quoted names, while sqlx
//! users write their SQL themselves.
//!
//! ```rust,standalone_crate
//! model_registry::models!();
//!
//! #[derive(model_registry::Model)]
//! #[model(table = "order")]
//! pub struct Order {
//!     #[model(primary_key)]
//!     pub id: i64,
//!     #[model(column = "select")]
//!     pub choice: Option<String>,
//! }
//!
//! fn main() {
//!     use model_registry::Model;
//!     use model_registry::ddl::Dialect;
//!
//!     let table = Order::TABLE;
//!     assert_eq!(table.quoted_name(Dialect::Postgres), r#""order""#);
//!     assert_eq!(table.quoted_columns(Dialect::MySql), "`id`, `select`");
//!     assert_eq!(
//!         table.select_all(Dialect::Sqlite),
//!         r#"SELECT "id", "select" FROM "order""#
//!     );
//!     // sqlx::query_as::<_, Order>(sqlx::AssertSqlSafe(table.select_all(Dialect::Sqlite)))
//! }
//! ```

use crate::def::TableDef;
use crate::sql::ddl::Dialect;

impl TableDef {
    /// The table's name as a query on `dialect` writes it: quoted, and
    /// qualified with its schema where the dialect has schemas (SQLite's
    /// tables all live in `main`).
    pub fn quoted_name(&self, dialect: Dialect) -> String {
        match dialect.schema_of(self) {
            Some(schema) => format!("{}.{}", dialect.quote(schema), dialect.quote(self.name)),
            None => dialect.quote(self.name),
        }
    }

    /// Every column of the model, quoted, in field order, separated by
    /// `, `: the column list of a `SELECT` that `sqlx::FromRow` reads back.
    pub fn quoted_columns(&self, dialect: Dialect) -> String {
        let names: Vec<String> = self
            .columns
            .iter()
            .map(|column| dialect.quote(column.name))
            .collect();
        names.join(", ")
    }

    /// `SELECT <every column> FROM <the table>`, to extend with `WHERE`,
    /// `ORDER BY`, … and pass to `sqlx::query_as` through
    /// `sqlx::AssertSqlSafe`.
    pub fn select_all(&self, dialect: Dialect) -> String {
        format!(
            "SELECT {} FROM {}",
            self.quoted_columns(dialect),
            self.quoted_name(dialect)
        )
    }
}

//! What a model is: the `Model` trait and the `'static` descriptors the derive
//! writes for it.

use core::fmt;

use crate::{CheckDef, ForeignKeyDef, IndexDef, Metadata, SqlType, UniqueDef};

/// A Rust type that describes one database table.
///
/// Implemented by `#[derive(Model)]`; implementing it by hand registers
/// nothing. The descriptor is `'static` data written by the compiler, so
/// reading it costs nothing and needs no registry:
///
/// ```rust,standalone_crate
/// model_registry::models!();
///
/// #[derive(model_registry::Model)]
/// #[model(table = "users")]
/// struct User {
///     #[model(primary_key)]
///     id: i64,
///     email: String,
///     nickname: Option<String>,
/// }
///
/// fn main() {
///     use model_registry::Model;
///     assert_eq!(User::TABLE.name(), "users");
///     assert_eq!(User::TABLE.metadata().name(), "default");
///     let key: Vec<&str> = User::TABLE.primary_key().map(|c| c.name()).collect();
///     assert_eq!(key, ["id"]);
///     assert!(User::TABLE.column("nickname").unwrap().is_nullable());
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model",
    label = "`{Self}` does not describe a table",
    note = "add `#[derive(model_registry::Model)]` and `#[model(table = \"...\")]` to the struct"
)]
pub trait Model {
    /// The table this type describes, with its columns and where it was defined.
    const TABLE: &'static TableDef;
}

/// One table: the description `#[derive(Model)]` records for a struct.
///
/// Every field is `'static` data fixed at compile time. Obtain one from
/// [`Model::TABLE`] or from the [`Registry`](crate::Registry).
#[derive(Debug)]
pub struct TableDef {
    pub(crate) metadata: &'static Metadata,
    pub(crate) schema: Option<&'static str>,
    pub(crate) name: &'static str,
    pub(crate) columns: &'static [ColumnDef],
    pub(crate) indexes: &'static [IndexDef],
    pub(crate) uniques: &'static [UniqueDef],
    pub(crate) checks: &'static [CheckDef],
    pub(crate) type_path: &'static str,
    pub(crate) location: Location,
}

impl TableDef {
    /// The metadata (the database) this table belongs to.
    pub const fn metadata(&self) -> &'static Metadata {
        self.metadata
    }

    /// The schema the table lives in: the model's `schema = "..."`, else the
    /// metadata's default schema, else `None` (the database's default).
    pub const fn schema(&self) -> Option<&'static str> {
        match self.schema {
            Some(schema) => Some(schema),
            None => self.metadata.schema(),
        }
    }

    /// The table name as written in `#[model(table = "...")]`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The columns, in field order; `#[model(skip)]` fields are absent.
    pub const fn columns(&self) -> &'static [ColumnDef] {
        self.columns
    }

    /// The column called `name` (ASCII case-insensitive, as SQL compares
    /// identifiers), if any.
    pub fn column(&self, name: &str) -> Option<&'static ColumnDef> {
        self.columns
            .iter()
            .find(|column| column.name.eq_ignore_ascii_case(name))
    }

    /// The primary-key columns, in field order.
    pub fn primary_key(&self) -> impl Iterator<Item = &'static ColumnDef> {
        self.columns.iter().filter(|column| column.primary_key)
    }

    /// The indexes declared with `#[model(index)]` on fields and
    /// `#[model(index(...))]` on the struct.
    pub const fn indexes(&self) -> &'static [IndexDef] {
        self.indexes
    }

    /// The unique constraints declared with `#[model(unique)]` on fields and
    /// `#[model(unique(...))]` on the struct.
    pub const fn uniques(&self) -> &'static [UniqueDef] {
        self.uniques
    }

    /// The check constraints declared with `#[model(check(...))]`.
    pub const fn checks(&self) -> &'static [CheckDef] {
        self.checks
    }

    /// The foreign keys: each column with `#[model(references = ...)]`.
    pub fn foreign_keys(
        &self,
    ) -> impl Iterator<Item = (&'static ColumnDef, &'static ForeignKeyDef)> {
        self.columns
            .iter()
            .filter_map(|column| column.references.as_ref().map(|key| (column, key)))
    }

    /// The full path of the Rust type, e.g. `app::models::User`.
    pub const fn type_path(&self) -> &'static str {
        self.type_path
    }

    /// Where the model was defined: crate, version, file, line and column.
    pub const fn location(&self) -> &Location {
        &self.location
    }

    /// `schema.table`, or `table` when the table has no schema.
    pub fn qualified_name(&self) -> String {
        qualified_name(self.schema(), self.name)
    }
}

/// `schema.table`, or `table` without a schema: how every message names a table.
pub(crate) fn qualified_name(schema: Option<&str>, table: &str) -> String {
    match schema {
        Some(schema) => format!("{schema}.{table}"),
        None => table.to_owned(),
    }
}

/// One column of a [`TableDef`].
#[derive(Debug)]
pub struct ColumnDef {
    pub(crate) name: &'static str,
    pub(crate) field: &'static str,
    pub(crate) rust_type: &'static str,
    pub(crate) sql_type: SqlType,
    pub(crate) nullable: bool,
    pub(crate) primary_key: bool,
    pub(crate) default: Option<&'static str>,
    pub(crate) references: Option<ForeignKeyDef>,
}

impl ColumnDef {
    /// The column name: the field name, or `#[model(column = "...")]`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The Rust field the column comes from.
    pub const fn field(&self) -> &'static str {
        self.field
    }

    /// The field's Rust type as written in the source, e.g. `Option<String>`.
    pub const fn rust_type(&self) -> &'static str {
        self.rust_type
    }

    /// The SQL type: from the field's type through [`ColumnType`](crate::ColumnType),
    /// `#[model(max_length = n)]` or `#[model(sql_type = "...")]`.
    pub const fn sql_type(&self) -> SqlType {
        self.sql_type
    }

    /// The server default, `#[model(default = "...")]`: an SQL expression
    /// written verbatim into the DDL.
    pub const fn default(&self) -> Option<&'static str> {
        self.default
    }

    /// The foreign key from this column, `#[model(references = ...)]`.
    pub const fn references(&self) -> Option<&ForeignKeyDef> {
        self.references.as_ref()
    }

    /// Whether the column accepts NULL: the field's type is written
    /// `Option<...>`. The check is on the type as written, so an alias of
    /// `Option` is not recognised.
    pub const fn is_nullable(&self) -> bool {
        self.nullable
    }

    /// Whether the column is (part of) the primary key.
    pub const fn is_primary_key(&self) -> bool {
        self.primary_key
    }
}

/// Where a model or a metadata was defined.
///
/// Two versions of one crate have the same module paths and files, so the
/// crate's package name and version are recorded too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub(crate) crate_name: &'static str,
    pub(crate) crate_version: &'static str,
    pub(crate) file: &'static str,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Location {
    /// The package name (`CARGO_PKG_NAME`) of the defining crate.
    pub const fn crate_name(&self) -> &'static str {
        self.crate_name
    }

    /// The package version (`CARGO_PKG_VERSION`) of the defining crate.
    pub const fn crate_version(&self) -> &'static str {
        self.crate_version
    }

    /// The source file, as `file!()` gives it.
    pub const fn file(&self) -> &'static str {
        self.file
    }

    /// The 1-based line.
    pub const fn line(&self) -> u32 {
        self.line
    }

    /// The 1-based column.
    pub const fn column(&self) -> u32 {
        self.column
    }
}

/// `crate 1.2.3, src/models.rs:10:12`
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}, {}:{}:{}",
            self.crate_name, self.crate_version, self.file, self.line, self.column
        )
    }
}

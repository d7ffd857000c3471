//! What a model is: the `Model` trait and the `'static` table descriptor the
//! derive writes for it.

use crate::def::{CheckDef, ColumnDef, ForeignKeyDef, IndexDef, Location, Metadata, UniqueDef};

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
    /// `#[model(renamed_from = "...")]`: the table's previous name.
    pub(crate) renamed_from: Option<&'static str>,
    /// Whether the derive already refused columns some database takes for
    /// one (it does, at compile time): the startup check then skips them.
    pub(crate) columns_checked: bool,
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

    /// The name the table had before, from `#[model(renamed_from =
    /// "...")]`: a migration renames that table rather than dropping it.
    pub const fn renamed_from(&self) -> Option<&'static str> {
        self.renamed_from
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
            .filter_map(|column| column.references.map(|key| (column, key)))
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
        crate::ident::qualified_name(self.schema(), self.name)
    }
}

/// Declares that this crate defines models. Write it once, at the crate root.
///
/// ```rust,standalone_crate
/// model_registry::models!();
/// # fn main() {}
/// ```
///
/// It defines the marker types through which `#[derive(Model)]` makes two models
/// with the same table in this crate a compile error. Without it, every
/// derive fails with ``cannot find `__add_model_registry_models_macro_to_the_crate_root` in `crate` ``: the module's name says what is missing.
#[macro_export]
macro_rules! models {
    () => {
        #[doc(hidden)]
        #[allow(dead_code, unreachable_pub, missing_docs)]
        pub(crate) mod __add_model_registry_models_macro_to_the_crate_root {
            // `ThisCrate00` to `ThisCrateFF`: each model implements
            // `TableDefinedTwiceInThisCrate<KEY>` for the one its table name
            // picks.
            $crate::__private::markers!();
        }
    };
}

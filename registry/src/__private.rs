//! Everything the macros expand to. Not public API: no semver guarantees.

#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
pub use crate::linked::{METADATA, TABLES};
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
pub use crate::linked::{MetadataEntry, TableEntry};
pub use crate::{__register_metadata as register_metadata, __register_table as register_table};
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
pub use inventory;
#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
pub use linkme;

use crate::def::{
    CheckDef, ColumnDef, ForeignKeyDef, ForeignKeyTarget, IndexDef, Location, Metadata,
    ReferentialAction, SqlType, TableDef, UniqueDef,
};
pub use crate::ident::{NameError, check_name};
use crate::naming::TemplateError;
use crate::naming::{ConstraintKind, NamingConvention};

pub use crate::registry::RegistryTest;

/// Implemented once per table in each crate, keyed by [`table_key`], for the
/// marker type of `models!()` that the table's name picks: a second model
/// with the same (metadata, schema, table) in the same crate is a
/// conflicting implementation (E0119), reported at both `table = "..."`.
/// The name is what the E0119 headline says: rustc cannot be given a help
/// line for a conflicting implementation, so the trait's name is the
/// message.
pub trait TableDefinedTwiceInThisCrate<const TABLE_KEY: u128> {}

/// Every table and metadata linked into the program, whichever way they
/// were registered: what the startup benchmark counts.
pub fn linked() -> (usize, usize) {
    (
        crate::linked::tables().len(),
        crate::linked::metadata().len(),
    )
}

/// How many times the program's check has run: 0 before the first
/// `check()` or `registry()`, 1 ever after, however many threads raced.
pub fn check_runs() -> usize {
    crate::linked::check_runs()
}

/// The record of where a `metadata!` or a model was written.
#[macro_export]
#[doc(hidden)]
macro_rules! __location {
    () => {
        $crate::Location::new(
            ::core::option_env!("CARGO_PKG_NAME"),
            ::core::option_env!("CARGO_PKG_VERSION"),
            ::core::file!(),
            ::core::line!(),
            ::core::column!(),
        )
    };
}
pub use crate::__location as location;
pub use model_registry_derive::__markers as markers;

pub const fn metadata(
    name: &'static str,
    schema: Option<&'static str>,
    naming: NamingConvention,
    path: &'static str,
    location: Location,
) -> Metadata {
    Metadata {
        name,
        schema,
        naming,
        path,
        location,
        dialect: None,
    }
}

/// Why the database the metadata of a model names cannot hold a column,
/// if it names one; the derive panics with it, at the field's type, which
/// fails the build.
pub const fn refusal(
    metadata: &Metadata,
    sql_type: SqlType,
    nullable: bool,
) -> Option<&'static str> {
    match metadata.dialect() {
        Some(dialect) => dialect.refusal(sql_type, nullable),
        None => None,
    }
}

/// Fails the build (in one of `metadata!`'s constants per kind, so that
/// every bad template is reported) if the template of `kind` cannot name
/// anything.
pub const fn check_naming(naming: &NamingConvention, kind: ConstraintKind) {
    let Err(error) = crate::naming::check_template(naming.template(kind), kind) else {
        return;
    };
    // Const panics take one `&str` argument, so each message is one literal.
    macro_rules! messages {
        ($($kind:ident $key:literal $what:literal,)*) => {
            match (kind, error) {
                $(
                    (ConstraintKind::$kind, TemplateError::Unclosed) => concat!(
                        "the `", $key, "` (", $what, ") template of the naming convention ",
                        "has a `%(` without its closing `)s`"
                    ),
                    (ConstraintKind::$kind, TemplateError::UnknownToken) => concat!(
                        "the `", $key, "` (", $what, ") template of the naming convention ",
                        "has an unknown token; the tokens are %(table_name)s, %(column_0_name)s, ",
                        "%(column_0_N_name)s, %(column_0N_name)s, %(referred_table_name)s, ",
                        "%(referred_column_0_name)s, %(referred_column_0_N_name)s, ",
                        "%(referred_column_0N_name)s and %(constraint_name)s"
                    ),
                    (ConstraintKind::$kind, TemplateError::TokenNotForKind) => concat!(
                        "the `", $key, "` (", $what, ") template of the naming convention ",
                        "uses a token this kind has nothing for: referred_* tokens are for `fk` only, ",
                        "%(constraint_name)s is for `ck` only, and `ck` has no column tokens"
                    ),
                    (ConstraintKind::$kind, TemplateError::NoToken) => concat!(
                        "the `", $key, "` (", $what, ") template of the naming convention ",
                        "has no %(...)s token, so every ", $what, " in the metadata would get the same name"
                    ),
                )*
            }
        };
    }
    let message = messages! {
        Index "ix" "index",
        Unique "uq" "unique constraint",
        ForeignKey "fk" "foreign key",
        PrimaryKey "pk" "primary key",
        Check "ck" "check constraint",
    };
    panic!("{}", message);
}

#[allow(clippy::too_many_arguments)]
pub const fn column(
    name: &'static str,
    field: &'static str,
    rust_type: &'static str,
    sql_type: SqlType,
    nullable: bool,
    primary_key: bool,
    default: Option<&'static str>,
    references: Option<&'static ForeignKeyDef>,
) -> ColumnDef {
    ColumnDef {
        name,
        field,
        rust_type,
        sql_type,
        nullable,
        primary_key,
        default,
        references,
        auto_increment: true,
        renamed_from: None,
    }
}

/// The column, without the auto-increment a single integer primary key
/// otherwise gets (`#[model(primary_key, auto_increment = false)]`).
#[allow(clippy::needless_pass_by_value)] // a builder over the column's value
pub const fn no_auto_increment(column: ColumnDef) -> ColumnDef {
    ColumnDef {
        auto_increment: false,
        ..column
    }
}

/// `#[model(renamed_from = "...")]` on a field.
#[allow(clippy::needless_pass_by_value)] // a builder over the column's value
pub const fn column_renamed_from(column: ColumnDef, from: &'static str) -> ColumnDef {
    ColumnDef {
        renamed_from: Some(from),
        ..column
    }
}

/// `#[model(renamed_from = "...")]` on the struct.
#[allow(clippy::needless_pass_by_value)] // a builder over the table's value
pub const fn table_renamed_from(table: TableDef, from: &'static str) -> TableDef {
    TableDef {
        renamed_from: Some(from),
        ..table
    }
}

pub const fn foreign_key(
    target: ForeignKeyTarget,
    on_delete: Option<ReferentialAction>,
    on_update: Option<ReferentialAction>,
    use_alter: bool,
) -> ForeignKeyDef {
    ForeignKeyDef {
        target,
        on_delete,
        on_update,
        use_alter,
    }
}

pub const fn index(
    name: Option<&'static str>,
    columns: &'static [&'static str],
    unique: bool,
) -> IndexDef {
    IndexDef {
        name,
        columns,
        unique,
    }
}

pub const fn unique(name: Option<&'static str>, columns: &'static [&'static str]) -> UniqueDef {
    UniqueDef { name, columns }
}

pub const fn check(name: &'static str, expr: &'static str) -> CheckDef {
    CheckDef { name, expr }
}

#[allow(clippy::too_many_arguments)]
pub const fn table(
    metadata: &'static Metadata,
    schema: Option<&'static str>,
    name: &'static str,
    columns: &'static [ColumnDef],
    indexes: &'static [IndexDef],
    uniques: &'static [UniqueDef],
    checks: &'static [CheckDef],
    type_path: &'static str,
    location: Location,
) -> TableDef {
    TableDef {
        metadata,
        schema,
        name,
        columns,
        indexes,
        uniques,
        checks,
        type_path,
        location,
        renamed_from: None,
        columns_checked: false,
    }
}

/// The table of a `#[derive(Model)]`, whose columns the derive compared
/// (ignoring Unicode case) at compile time.
#[allow(clippy::needless_pass_by_value)] // a builder over the table's value
pub const fn derived(table: TableDef) -> TableDef {
    TableDef {
        columns_checked: true,
        ..table
    }
}

/// Gives every type a `__model_registry_table`, the invalid table's: a
/// `references = Path` whose path is not a model then fails only at
/// [`references_a_model`]'s bound, with `Model`'s help, not also here.
pub trait NotAModel {
    #[allow(missing_docs)]
    fn __model_registry_table() -> &'static TableDef {
        &INVALID_TABLE
    }
}

impl<T: ?Sized> NotAModel for T {}

/// Names `references = Path` in type position only: as a bare generic
/// argument, a path to a constant would be reported twice.
pub trait TypeOf {
    #[allow(missing_docs)]
    type Type: ?Sized;
}

impl<T: ?Sized> TypeOf for T {
    type Type = T;
}

/// The table `references = T` points at, once `T` is known to be a model.
pub const fn references_a_model<T: crate::Model + ?Sized>(
    table: &'static TableDef,
) -> &'static TableDef {
    table
}

/// Stands in for the descriptor of a struct whose derive failed, so that one
/// mistake does not cascade into errors at every use of `Model::TABLE`.
pub static INVALID_TABLE: TableDef = TableDef {
    metadata: &crate::DEFAULT,
    schema: None,
    name: "<invalid model>",
    columns: &[],
    indexes: &[],
    uniques: &[],
    checks: &[],
    type_path: "<invalid model>",
    location: Location::new(None, None, "", 0, 0),
    renamed_from: None,
    columns_checked: true,
};

/// The identity of a table inside one crate: the metadata's name, the
/// effective schema and the table name, both folded to ASCII lower case
/// exactly as the startup check compares them.
pub const fn table_key(metadata: &Metadata, schema: Option<&str>, table: &str) -> u128 {
    let schema = match schema {
        Some(schema) => Some(schema),
        None => metadata.schema,
    };
    crate::ident::name_key(metadata.name, schema, table)
}

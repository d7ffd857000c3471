//! One difference between a metadata and its live database: the kinds, as
//! data, and their rustc-style text.

use std::borrow::Cow;

use core::fmt;

use crate::def::{ColumnDef, EnumType, TableDef};
use crate::diagnostic::Diagnostic;
use crate::naming::ConstraintKind;

/// How much a [`Difference`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The models cannot work against this database as it is.
    Error,
    /// Worth a look; the models work.
    Warning,
}

/// What kind of [`Difference`] it is, for matching without the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DifferenceKind {
    /// [`Difference::MissingTable`]
    MissingTable,
    /// [`Difference::MissingColumn`]
    MissingColumn,
    /// [`Difference::TypeMismatch`]
    TypeMismatch,
    /// [`Difference::NullabilityMismatch`]
    NullabilityMismatch,
    /// [`Difference::MissingIndex`]
    MissingIndex,
    /// [`Difference::MissingUnique`]
    MissingUnique,
    /// [`Difference::MissingForeignKey`]
    MissingForeignKey,
    /// [`Difference::ExtraColumn`]
    ExtraColumn,
    /// [`Difference::TableOfOtherMetadata`]
    TableOfOtherMetadata,
    /// [`Difference::UnknownTable`]
    UnknownTable,
    /// [`Difference::DefaultMismatch`]
    DefaultMismatch,
    /// [`Difference::IdentityMismatch`]
    IdentityMismatch,
    /// [`Difference::PrimaryKeyMismatch`]
    PrimaryKeyMismatch,
    /// [`Difference::IndexMismatch`]
    IndexMismatch,
    /// [`Difference::ForeignKeyMismatch`]
    ForeignKeyMismatch,
    /// [`Difference::MissingCheck`]
    MissingCheck,
    /// [`Difference::EnumTypeMismatch`]
    EnumTypeMismatch,
    /// [`Difference::ExtraIndex`]
    ExtraIndex,
    /// [`Difference::ExtraForeignKey`]
    ExtraForeignKey,
    /// [`Difference::ExtraCheck`]
    ExtraCheck,
    /// [`Difference::NameMismatch`]
    NameMismatch,
}

/// One way the live database differs from the metadata's models.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Difference {
    /// (error) The model's table does not exist.
    #[non_exhaustive]
    MissingTable {
        /// The model.
        table: &'static TableDef,
    },
    /// (error) The table lacks a column of the model.
    #[non_exhaustive]
    MissingColumn {
        /// The model.
        table: &'static TableDef,
        /// The missing column.
        column: &'static ColumnDef,
    },
    /// (error) A column's type is not the one the DDL writes for the model.
    #[non_exhaustive]
    TypeMismatch {
        /// The model.
        table: &'static TableDef,
        /// The column.
        column: &'static ColumnDef,
        /// The type the DDL writes, in the database's spelling.
        expected: String,
        /// The type the database reports.
        found: String,
    },
    /// (error) A column accepts NULL and the model's field is not an
    /// `Option`, or the other way round.
    #[non_exhaustive]
    NullabilityMismatch {
        /// The model.
        table: &'static TableDef,
        /// The column.
        column: &'static ColumnDef,
        /// Whether the database's column accepts NULL.
        found_nullable: bool,
    },
    /// (error) No index on the model's columns (in order, with the same
    /// uniqueness).
    #[non_exhaustive]
    MissingIndex {
        /// The model.
        table: &'static TableDef,
        /// The name the DDL gives it.
        name: String,
        /// The columns.
        columns: Vec<&'static str>,
        /// Whether it is a unique index.
        unique: bool,
    },
    /// (error) Nothing enforces a unique constraint of the model (no unique
    /// index or constraint on exactly these columns).
    #[non_exhaustive]
    MissingUnique {
        /// The model.
        table: &'static TableDef,
        /// The name the DDL gives it.
        name: String,
        /// The columns.
        columns: Vec<&'static str>,
    },
    /// (error) No foreign key from the column to the referenced column.
    #[non_exhaustive]
    MissingForeignKey {
        /// The model.
        table: &'static TableDef,
        /// The name the DDL gives it.
        name: String,
        /// The referencing column.
        column: &'static ColumnDef,
        /// The referenced table.
        referred_table: &'static TableDef,
        /// The referenced column.
        referred_column: &'static ColumnDef,
    },
    /// (error) A column's server default is not the model's (or one of
    /// them has none). Defaults are compared as the database spells them,
    /// casts and letter case aside.
    #[non_exhaustive]
    DefaultMismatch {
        /// The model.
        table: &'static TableDef,
        /// The column.
        column: &'static ColumnDef,
        /// The model's default.
        expected: Option<&'static str>,
        /// The database's default, as its catalog spells it.
        found: Option<String>,
    },
    /// (error) The model's key numbers new rows itself (an identity,
    /// `AUTO_INCREMENT`, SQLite's rowid) and the column does not, or the
    /// other way round.
    #[non_exhaustive]
    IdentityMismatch {
        /// The model.
        table: &'static TableDef,
        /// The column.
        column: &'static ColumnDef,
        /// Whether the model's column is an identity.
        expected: bool,
    },
    /// (error) The table has no primary key, or one on other columns.
    #[non_exhaustive]
    PrimaryKeyMismatch {
        /// The model.
        table: &'static TableDef,
        /// The model's key columns, in order.
        expected: Vec<&'static str>,
        /// The database's key columns, in order; `None` if it has no key.
        found: Option<Vec<String>>,
    },
    /// (error) An index or unique constraint of the model is there in
    /// another shape: a plain index where a unique one belongs, or its
    /// columns in another order.
    #[non_exhaustive]
    IndexMismatch {
        /// The model.
        table: &'static TableDef,
        /// The model's name for it.
        name: String,
        /// What the model declares, e.g. `a unique index on (a, b)`.
        expected: String,
        /// What the database has instead.
        found: String,
        /// The database's name for the index it has.
        found_name: String,
    },
    /// (error) A foreign key of the model is there but points elsewhere or
    /// has other `ON DELETE`/`ON UPDATE` actions.
    #[non_exhaustive]
    ForeignKeyMismatch {
        /// The model.
        table: &'static TableDef,
        /// The model's name for it.
        name: String,
        /// What the model declares, e.g. `(customer_id) -> customer (id) ON DELETE CASCADE`.
        expected: String,
        /// What the database has instead.
        found: String,
        /// The database's name for the key it has, where it keeps one
        /// (SQLite keeps none).
        found_name: Option<String>,
    },
    /// (error) A check constraint of the model does not exist (matched by
    /// name; expressions are not compared, as each database rewrites them).
    #[non_exhaustive]
    MissingCheck {
        /// The model.
        table: &'static TableDef,
        /// Its name.
        name: String,
        /// Its expression.
        expr: Cow<'static, str>,
    },
    /// (error) A PostgreSQL enum type the models use does not exist, or
    /// has other values (or the same values in another order).
    #[non_exhaustive]
    EnumTypeMismatch {
        /// The first model with a column of the type.
        table: &'static TableDef,
        /// That column.
        column: &'static ColumnDef,
        /// The type.
        enum_type: &'static EnumType,
        /// The values the database has, in order; `None` when it has no
        /// such type.
        found: Option<Vec<String>>,
    },
    /// (warning) An index or unique constraint no model declares.
    #[non_exhaustive]
    ExtraIndex {
        /// The model of the table.
        table: &'static TableDef,
        /// Its name.
        name: String,
        /// Its columns.
        columns: Vec<String>,
        /// Whether it is unique.
        unique: bool,
    },
    /// (warning) A foreign key no model declares.
    #[non_exhaustive]
    ExtraForeignKey {
        /// The model of the table.
        table: &'static TableDef,
        /// Its name, where the database keeps one.
        name: Option<String>,
        /// What it is, e.g. `(customer_id) -> customer (id)`.
        description: String,
    },
    /// (warning) A check constraint no model declares.
    #[non_exhaustive]
    ExtraCheck {
        /// The model of the table.
        table: &'static TableDef,
        /// Its name, if it has one.
        name: Option<String>,
        /// Its expression, as the database spells it.
        expr: String,
    },
    /// (warning) An index or constraint is there, but under another name
    /// than the naming convention gives: a migration that names it will not
    /// find it.
    #[non_exhaustive]
    NameMismatch {
        /// The model.
        table: &'static TableDef,
        /// What kind of name.
        kind: ConstraintKind,
        /// The name the model gives it.
        expected: String,
        /// The name it has.
        found: String,
    },
    /// (warning) The table has a column no field describes.
    #[non_exhaustive]
    ExtraColumn {
        /// The model.
        table: &'static TableDef,
        /// The column's name.
        column: String,
        /// Its type as the database reports it.
        sql_type: String,
        /// Whether it accepts NULL (if not, inserts through the model fail
        /// unless it has a default).
        nullable: bool,
    },
    /// (warning) The table belongs to another metadata of the registry: it
    /// was created on the wrong database.
    #[non_exhaustive]
    TableOfOtherMetadata {
        /// The table's schema, as the database reports it.
        schema: Option<String>,
        /// The table's name, as the database reports it.
        name: String,
        /// The model it belongs to, in another metadata.
        model: &'static TableDef,
    },
    /// (warning) No model of the program describes the table.
    #[non_exhaustive]
    UnknownTable {
        /// The table's schema, as the database reports it.
        schema: Option<String>,
        /// The table's name, as the database reports it.
        name: String,
    },
}

impl Difference {
    /// The kind of difference.
    pub fn kind(&self) -> DifferenceKind {
        match self {
            Self::MissingTable { .. } => DifferenceKind::MissingTable,
            Self::MissingColumn { .. } => DifferenceKind::MissingColumn,
            Self::TypeMismatch { .. } => DifferenceKind::TypeMismatch,
            Self::NullabilityMismatch { .. } => DifferenceKind::NullabilityMismatch,
            Self::MissingIndex { .. } => DifferenceKind::MissingIndex,
            Self::MissingUnique { .. } => DifferenceKind::MissingUnique,
            Self::MissingForeignKey { .. } => DifferenceKind::MissingForeignKey,
            Self::ExtraColumn { .. } => DifferenceKind::ExtraColumn,
            Self::TableOfOtherMetadata { .. } => DifferenceKind::TableOfOtherMetadata,
            Self::UnknownTable { .. } => DifferenceKind::UnknownTable,
            Self::DefaultMismatch { .. } => DifferenceKind::DefaultMismatch,
            Self::IdentityMismatch { .. } => DifferenceKind::IdentityMismatch,
            Self::PrimaryKeyMismatch { .. } => DifferenceKind::PrimaryKeyMismatch,
            Self::IndexMismatch { .. } => DifferenceKind::IndexMismatch,
            Self::ForeignKeyMismatch { .. } => DifferenceKind::ForeignKeyMismatch,
            Self::MissingCheck { .. } => DifferenceKind::MissingCheck,
            Self::EnumTypeMismatch { .. } => DifferenceKind::EnumTypeMismatch,
            Self::ExtraIndex { .. } => DifferenceKind::ExtraIndex,
            Self::ExtraForeignKey { .. } => DifferenceKind::ExtraForeignKey,
            Self::ExtraCheck { .. } => DifferenceKind::ExtraCheck,
            Self::NameMismatch { .. } => DifferenceKind::NameMismatch,
        }
    }

    /// Whether it is an error or a warning.
    pub fn severity(&self) -> Severity {
        match self {
            Self::ExtraColumn { .. }
            | Self::TableOfOtherMetadata { .. }
            | Self::UnknownTable { .. }
            | Self::ExtraIndex { .. }
            | Self::ExtraForeignKey { .. }
            | Self::ExtraCheck { .. }
            | Self::NameMismatch { .. } => Severity::Warning,
            Self::MissingTable { .. }
            | Self::MissingColumn { .. }
            | Self::TypeMismatch { .. }
            | Self::NullabilityMismatch { .. }
            | Self::MissingIndex { .. }
            | Self::MissingUnique { .. }
            | Self::MissingForeignKey { .. }
            | Self::DefaultMismatch { .. }
            | Self::IdentityMismatch { .. }
            | Self::PrimaryKeyMismatch { .. }
            | Self::IndexMismatch { .. }
            | Self::ForeignKeyMismatch { .. }
            | Self::MissingCheck { .. }
            | Self::EnumTypeMismatch { .. } => Severity::Error,
        }
    }

    /// The model the difference is about, if any.
    pub fn table(&self) -> Option<&'static TableDef> {
        match self {
            Self::MissingTable { table }
            | Self::MissingColumn { table, .. }
            | Self::TypeMismatch { table, .. }
            | Self::NullabilityMismatch { table, .. }
            | Self::MissingIndex { table, .. }
            | Self::MissingUnique { table, .. }
            | Self::MissingForeignKey { table, .. }
            | Self::DefaultMismatch { table, .. }
            | Self::IdentityMismatch { table, .. }
            | Self::PrimaryKeyMismatch { table, .. }
            | Self::IndexMismatch { table, .. }
            | Self::ForeignKeyMismatch { table, .. }
            | Self::MissingCheck { table, .. }
            | Self::EnumTypeMismatch { table, .. }
            | Self::ExtraIndex { table, .. }
            | Self::ExtraForeignKey { table, .. }
            | Self::ExtraCheck { table, .. }
            | Self::NameMismatch { table, .. }
            | Self::ExtraColumn { table, .. } => Some(table),
            Self::TableOfOtherMetadata { model, .. } => Some(model),
            Self::UnknownTable { .. } => None,
        }
    }
}

/// What a difference involves, as text: the objects it names (columns,
/// indexes, constraints), and what the model expects and the database has.
#[cfg_attr(not(feature = "serde"), allow(dead_code))]
pub(crate) struct Details {
    pub(crate) objects: Vec<String>,
    pub(crate) expected: Option<String>,
    pub(crate) found: Option<String>,
}

impl Difference {
    /// See [`Details`].
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    #[allow(clippy::too_many_lines)] // one arm per kind of difference
    pub(crate) fn details(&self) -> Details {
        let some = |text: &str| Some(text.to_owned());
        let (objects, expected, found): (Vec<String>, Option<String>, Option<String>) = match self {
            Self::MissingTable { table } => (vec![table.qualified_name()], some("table"), None),
            Self::MissingColumn { column, .. } => {
                (vec![column.name.to_owned()], some("column"), None)
            }
            Self::TypeMismatch {
                column,
                expected,
                found,
                ..
            } => (
                vec![column.name.to_owned()],
                Some(expected.clone()),
                Some(found.clone()),
            ),
            Self::NullabilityMismatch {
                column,
                found_nullable,
                ..
            } => {
                let spell = |nullable: bool| if nullable { "NULL" } else { "NOT NULL" }.to_owned();
                (
                    vec![column.name.to_owned()],
                    Some(spell(column.nullable)),
                    Some(spell(*found_nullable)),
                )
            }
            Self::MissingIndex {
                name,
                columns,
                unique,
                ..
            } => (
                vec![name.clone()],
                Some(format!(
                    "{}index ({})",
                    if *unique { "unique " } else { "" },
                    columns.join(", ")
                )),
                None,
            ),
            Self::MissingUnique { name, columns, .. } => (
                vec![name.clone()],
                Some(format!("unique ({})", columns.join(", "))),
                None,
            ),
            Self::MissingForeignKey {
                name,
                column,
                referred_table,
                referred_column,
                ..
            } => (
                vec![name.clone()],
                Some(format!(
                    "({}) -> {} ({})",
                    column.name,
                    referred_table.qualified_name(),
                    referred_column.name
                )),
                None,
            ),
            Self::ExtraColumn {
                column, sql_type, ..
            } => (vec![column.clone()], None, Some(sql_type.clone())),
            Self::TableOfOtherMetadata {
                schema,
                name,
                model,
            } => (
                vec![qualified(schema.as_deref(), name)],
                Some(format!("metadata {}", model.metadata.name)),
                None,
            ),
            Self::UnknownTable { schema, name } => (
                vec![qualified(schema.as_deref(), name)],
                None,
                some("table"),
            ),
            Self::DefaultMismatch {
                column,
                expected,
                found,
                ..
            } => (
                vec![column.name.to_owned()],
                expected.map(str::to_owned),
                found.clone(),
            ),
            Self::IdentityMismatch {
                column, expected, ..
            } => {
                let spell =
                    |identity: bool| if identity { "identity" } else { "no identity" }.to_owned();
                (
                    vec![column.name.to_owned()],
                    Some(spell(*expected)),
                    Some(spell(!*expected)),
                )
            }
            Self::PrimaryKeyMismatch {
                expected, found, ..
            } => (
                Vec::new(),
                Some(format!("({})", expected.join(", "))),
                found
                    .as_ref()
                    .map(|columns| format!("({})", columns.join(", "))),
            ),
            Self::IndexMismatch {
                name,
                expected,
                found,
                ..
            }
            | Self::ForeignKeyMismatch {
                name,
                expected,
                found,
                ..
            } => (
                vec![name.clone()],
                Some(expected.clone()),
                Some(found.clone()),
            ),
            Self::MissingCheck { name, expr, .. } => (vec![name.clone()], some(expr), None),
            Self::EnumTypeMismatch {
                enum_type, found, ..
            } => (
                vec![enum_type.type_name().to_owned()],
                Some(enum_type.to_string()),
                found.as_ref().map(|values| spell_values(enum_type, values)),
            ),
            Self::ExtraIndex {
                name,
                columns,
                unique,
                ..
            } => (
                vec![name.clone()],
                None,
                Some(format!(
                    "{}index ({})",
                    if *unique { "unique " } else { "" },
                    columns.join(", ")
                )),
            ),
            Self::ExtraForeignKey {
                name, description, ..
            } => (
                name.iter().cloned().collect(),
                None,
                Some(description.clone()),
            ),
            Self::ExtraCheck { name, expr, .. } => {
                (name.iter().cloned().collect(), None, Some(expr.clone()))
            }
            Self::NameMismatch {
                expected, found, ..
            } => (Vec::new(), Some(expected.clone()), Some(found.clone())),
        };
        Details {
            objects,
            expected,
            found,
        }
    }
}

/// `ENUM name ('a', 'b')`: live values, spelled as `enum_type` is.
fn spell_values(enum_type: &EnumType, values: &[String]) -> String {
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut out = format!("ENUM {} (", enum_type.type_name());
    let _ = crate::def::write_values(&mut out, &values, ", ");
    out.push(')');
    out
}

fn qualified(schema: Option<&str>, name: &str) -> String {
    crate::ident::qualified_name(schema, name)
}

#[allow(clippy::too_many_lines)] // one arm per kind of difference
pub(crate) fn write_difference(
    f: &mut fmt::Formatter<'_>,
    difference: &Difference,
    metadata: &str,
) -> fmt::Result {
    let live = |schema: &Option<String>, name: &str| match schema {
        Some(schema) => format!("{schema}.{name}"),
        None => name.to_owned(),
    };
    match difference {
        Difference::MissingTable { table } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "table `{}` of metadata `{metadata}` does not exist in the database",
                    table.qualified_name()
                ),
            )?;
            d.at_model(table)?;
            d.help(format_args!(
                "run `create_all` for metadata `{metadata}`, or create the table with a migration"
            ))
        }
        Difference::MissingColumn { table, column } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "column `{}.{}` does not exist in the database",
                    table.qualified_name(),
                    column.name
                ),
            )?;
            d.at_model(table)?;
            d.help(format_args!("add it with a migration (`ALTER TABLE ... ADD COLUMN`), or `#[model(skip)]` the field `{}`", column.field))
        }
        Difference::TypeMismatch {
            table,
            column,
            expected,
            found,
        } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "column `{}.{}` is `{found}` in the database, but the model's type is `{expected}`",
                    table.qualified_name(),
                    column.name
                ),
            )?;
            d.at_model(table)?;
            d.help(format_args!("change the column's type with a migration, or the field's type (`{}`) or `sql_type`", column.rust_type))
        }
        Difference::NullabilityMismatch {
            table,
            column,
            found_nullable,
        } => {
            let (found, model) = if *found_nullable {
                ("accepts NULL", "is not an `Option`")
            } else {
                ("is NOT NULL", "is an `Option`")
            };
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "column `{}.{}` {found} in the database, but the field `{}` {model}",
                    table.qualified_name(),
                    column.name,
                    column.field
                ),
            )?;
            d.at_model(table)?;
            d.help(format_args!(
                "change the column with a migration (`ALTER ... {} NOT NULL`), or the field's type",
                if *found_nullable { "SET" } else { "DROP" }
            ))
        }
        Difference::MissingIndex {
            table,
            name,
            columns,
            unique,
        } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "{}index `{name}` on `{}` ({}) does not exist in the database",
                    if *unique { "unique " } else { "" },
                    table.qualified_name(),
                    columns.join(", ")
                ),
            )?;
            d.at_model(table)?;
            d.help("create it with a migration")
        }
        Difference::MissingUnique {
            table,
            name,
            columns,
        } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "unique constraint `{name}` on `{}` ({}) is not enforced by the database",
                    table.qualified_name(),
                    columns.join(", ")
                ),
            )?;
            d.at_model(table)?;
            d.help("add it with a migration; until then duplicates are accepted")
        }
        Difference::MissingForeignKey {
            table,
            name,
            column,
            referred_table,
            referred_column,
        } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "foreign key `{name}` from `{}.{}` to `{}.{}` does not exist in the database",
                    table.qualified_name(),
                    column.name,
                    referred_table.qualified_name(),
                    referred_column.name
                ),
            )?;
            d.at_model(table)?;
            d.help("add it with a migration; until then the database accepts rows that point at nothing")
        }
        Difference::DefaultMismatch {
            table,
            column,
            expected,
            found,
        } => {
            let spell = |default: Option<&str>| {
                default.map_or_else(|| "no default".to_owned(), |d| format!("default `{d}`"))
            };
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "column `{}.{}` has {} in the database, but the model says {}",
                    table.qualified_name(),
                    column.name,
                    spell(found.as_deref()),
                    spell(*expected)
                ),
            )?;
            d.at_model(table)?;
            d.help(format_args!(
                "set the default with a migration (`ALTER ... {} DEFAULT`), or change the field's `default = \"...\"`",
                if expected.is_some() { "SET" } else { "DROP" }
            ))
        }
        Difference::IdentityMismatch {
            table,
            column,
            expected,
        } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "column `{}.{}` {} in the database, but the model's key {}",
                    table.qualified_name(),
                    column.name,
                    if *expected {
                        "does not number new rows itself"
                    } else {
                        "numbers new rows itself"
                    },
                    if *expected {
                        "auto-increments"
                    } else {
                        "does not (`auto_increment = false`)"
                    },
                ),
            )?;
            d.at_model(table)?;
            d.help(if *expected {
                "make it an identity column with a migration, or write `#[model(primary_key, auto_increment = false)]` and give every row its key"
            } else {
                "drop the identity with a migration, or remove `auto_increment = false`"
            })
        }
        Difference::PrimaryKeyMismatch {
            table,
            expected,
            found,
        } => {
            let found = match found {
                None => "has no primary key".to_owned(),
                Some(columns) => format!("has its primary key on ({})", columns.join(", ")),
            };
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "table `{}` {found} in the database, but the model's key is ({})",
                    table.qualified_name(),
                    expected.join(", ")
                ),
            )?;
            d.at_model(table)?;
            d.help("change the key with a migration; without it, rows are not unique by the model's key")
        }
        Difference::IndexMismatch {
            table,
            name,
            expected,
            found,
            ..
        } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "`{name}` on `{}` is {found} in the database, but the model declares {expected}",
                    table.qualified_name()
                ),
            )?;
            d.at_model(table)?;
            d.help("recreate it with a migration")
        }
        Difference::ForeignKeyMismatch {
            table,
            name,
            expected,
            found,
            ..
        } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "foreign key `{name}` on `{}` is {found} in the database, but the model declares {expected}",
                    table.qualified_name()
                ),
            )?;
            d.at_model(table)?;
            d.help("drop and add the key with a migration")
        }
        Difference::MissingCheck { table, name, expr } => {
            let mut d = Diagnostic::error(
                f,
                format_args!(
                    "check constraint `{name}` ({expr}) on `{}` does not exist in the database",
                    table.qualified_name()
                ),
            )?;
            d.at_model(table)?;
            d.help("add it with a migration; until then the database accepts rows it would refuse")
        }
        Difference::EnumTypeMismatch {
            table,
            column,
            enum_type,
            found,
        } => {
            let name = enum_type.type_name();
            let mut d = match found {
                None => Diagnostic::error(
                    f,
                    format_args!("enum type `{name}` does not exist in the database"),
                )?,
                Some(values) => Diagnostic::error(
                    f,
                    format_args!(
                        "enum type `{name}` is {} in the database, and {enum_type} in the models",
                        spell_values(enum_type, values)
                    ),
                )?,
            };
            d.at_model(table)?;
            d.note(format_args!(
                "`{}.{}` is `{}`, stored as PostgreSQL type `{name}`",
                table.qualified_name(),
                column.name,
                column.rust_type
            ))?;
            d.help(if found.is_none() {
                "create it (`create_all` does, before the tables), or migrate the database"
            } else {
                "add the new values with `ALTER TYPE ... ADD VALUE` in a migration; values cannot be removed or reordered without recreating the type"
            })
        }
        Difference::ExtraIndex {
            table,
            name,
            columns,
            unique,
        } => {
            let mut d = Diagnostic::warning(
                f,
                format_args!(
                    "{}index `{name}` on `{}` ({}) is in the database but no model declares it",
                    if *unique { "unique " } else { "" },
                    table.qualified_name(),
                    columns.join(", ")
                ),
            )?;
            d.at_model(table)?;
            d.help(if *unique {
                "declare it (`#[model(unique)]`, or `unique(...)` on the struct), or drop it: it refuses rows the model allows"
            } else {
                "declare it (`#[model(index)]`, or `index(...)` on the struct), or drop it once nothing needs it"
            })
        }
        Difference::ExtraForeignKey {
            table,
            name,
            description,
        } => {
            let mut d = Diagnostic::warning(
                f,
                format_args!(
                    "foreign key {}{description} on `{}` is in the database but no model declares it",
                    name.as_deref()
                        .map_or_else(String::new, |name| format!("`{name}` ")),
                    table.qualified_name()
                ),
            )?;
            d.at_model(table)?;
            d.help(
                "declare it with `references = ...`, or drop it: it refuses rows the model allows",
            )
        }
        Difference::ExtraCheck { table, name, expr } => {
            let mut d = Diagnostic::warning(
                f,
                format_args!(
                    "check constraint {}({expr}) on `{}` is in the database but no model declares it",
                    name.as_deref()
                        .map_or_else(String::new, |name| format!("`{name}` ")),
                    table.qualified_name()
                ),
            )?;
            d.at_model(table)?;
            d.help("declare it with `check(name = ..., expr = ...)`, or drop it: it refuses rows the model allows")
        }
        Difference::NameMismatch {
            table,
            kind,
            expected,
            found,
        } => {
            let mut d = Diagnostic::warning(
                f,
                format_args!(
                    "{} `{found}` on `{}` is named `{expected}` by the model",
                    kind.describe(),
                    table.qualified_name()
                ),
            )?;
            d.at_model(table)?;
            d.help("rename it with a migration, so that later migrations find it by its name, or give the model its name with `name = \"...\"`")
        }
        Difference::ExtraColumn {
            table,
            column,
            sql_type,
            nullable,
        } => {
            let mut d = Diagnostic::warning(
                f,
                format_args!(
                    "column `{}.{column}` ({sql_type}{}) is in the database but no field describes it",
                    table.qualified_name(),
                    if *nullable { "" } else { ", NOT NULL" }
                ),
            )?;
            d.at_model(table)?;
            d.help(format_args!(
                "add a field for it, or drop the column once nothing uses it{}",
                if *nullable {
                    ""
                } else {
                    "; inserts through the model fail unless it has a default"
                }
            ))
        }
        Difference::TableOfOtherMetadata {
            schema,
            name,
            model,
        } => {
            let owner = model.metadata.name;
            let mut d = Diagnostic::warning(
                f,
                format_args!(
                    "table `{}` in the database of metadata `{metadata}` belongs to metadata `{owner}`",
                    live(schema, name)
                ),
            )?;
            d.at_model(model)?;
            d.help(format_args!(
                "it was created on the wrong database: create it where metadata `{owner}` is bound, \
                 move its rows, and drop it here"
            ))
        }
        Difference::UnknownTable { schema, name } => {
            let mut d = Diagnostic::warning(
                f,
                format_args!(
                    "table `{}` in the database of metadata `{metadata}` is not described by any model of this program",
                    live(schema, name)
                ),
            )?;
            d.note("a model crate that the binary never names is not linked, and its tables are unknown")?;
            d.help(
                "if a crate defines it, name that crate in the binary (`use that_crate as _;`); \
                 otherwise it is left over or belongs to another program",
            )
        }
    }
}

//! `verify`: every difference between a metadata and the live database, at
//! once, as data and as a rustc-style report.

use core::fmt;

use crate::def::{ColumnDef, TableDef};
use crate::diagnostic::{Diagnostic, count};
use crate::registry::Registry;
use crate::schema::ResolvedTable;
use crate::sql::catalog::{Catalog, LiveTable};
use crate::sql::ddl::Dialect;

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
        }
    }

    /// Whether it is an error or a warning.
    pub fn severity(&self) -> Severity {
        match self {
            Self::ExtraColumn { .. }
            | Self::TableOfOtherMetadata { .. }
            | Self::UnknownTable { .. } => Severity::Warning,
            _ => Severity::Error,
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
            | Self::ExtraColumn { table, .. } => Some(table),
            Self::TableOfOtherMetadata { model, .. } => Some(model),
            Self::UnknownTable { .. } => None,
        }
    }
}

/// What [`verify`](crate::db) found: every difference, errors first.
///
/// `Display` prints one rustc-style block per difference, then a summary:
///
/// ```text
/// error: table `order line` of metadata `shop` does not exist in the database
///   --> shop::OrderLine (shop 0.1.0, src/lib.rs:40:1)
///   = help: run `create_all` for metadata `shop`, or create the table with a migration
///
/// warning: table `audit_event` in the database of metadata `shop` belongs to metadata `audit`
///   --> audit::AuditEvent (audit 0.1.0, src/lib.rs:12:1)
///   = help: it was created on the wrong database: create it where metadata `audit` is bound, move its rows, and drop it here
///
/// error: the database of metadata `shop` (SQLite) differs from its models: 1 error, 1 warning
/// ```
#[derive(Debug, Clone)]
pub struct Verification {
    pub(crate) metadata: &'static str,
    pub(crate) dialect: Dialect,
    pub(crate) tables: usize,
    pub(crate) differences: Vec<Difference>,
    pub(crate) catalog_queries: usize,
}

impl Verification {
    /// The metadata verified.
    pub fn metadata(&self) -> &'static str {
        self.metadata
    }

    /// The database's dialect.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Every difference: errors, then warnings, each in table order.
    pub fn differences(&self) -> &[Difference] {
        &self.differences
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|difference| difference.severity() == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|difference| difference.severity() == Severity::Warning)
    }

    /// Whether there is no difference at all, warnings included.
    pub fn is_clean(&self) -> bool {
        self.differences.is_empty()
    }

    /// Whether there is an error (warnings aside).
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The kinds of the differences, in order: handy in tests.
    pub fn kinds(&self) -> Vec<DifferenceKind> {
        self.differences.iter().map(Difference::kind).collect()
    }

    /// How many catalog queries the verification ran: a constant per
    /// dialect (1 on SQLite, 4 on PostgreSQL and MySQL), whatever the number
    /// of tables.
    pub fn catalog_queries(&self) -> usize {
        self.catalog_queries
    }
}

impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for difference in &self.differences {
            write_difference(f, difference, self.metadata)?;
            f.write_str("\n\n")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        if self.differences.is_empty() {
            write!(
                f,
                "ok: the database of metadata `{}` ({}) matches its {}",
                self.metadata,
                self.dialect,
                count(self.tables, "table")
            )
        } else if errors == 0 {
            write!(
                f,
                "warning: the database of metadata `{}` ({}) matches its models, with {}",
                self.metadata,
                self.dialect,
                count(warnings, "warning")
            )
        } else {
            write!(
                f,
                "error: the database of metadata `{}` ({}) differs from its models: {}, {}",
                self.metadata,
                self.dialect,
                count(errors, "error"),
                count(warnings, "warning")
            )
        }
    }
}

#[allow(clippy::too_many_lines)] // one arm per kind of difference
fn write_difference(
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

/// Compares `schemas` (the metadata's tables) with what the database holds.
pub(crate) fn compare(
    registry: &Registry,
    metadata: &'static str,
    schemas: &[&ResolvedTable],
    catalog: &Catalog,
    dialect: Dialect,
) -> Verification {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    // Which live tables some model of this metadata describes.
    let mut known = vec![false; catalog.tables.len()];

    for schema in schemas {
        let table = schema.table;
        let Some(index) = catalog.position(dialect.schema_of(table), table.name) else {
            errors.push(Difference::MissingTable { table });
            continue;
        };
        known[index] = true;
        compare_table(
            schema,
            &catalog.tables[index],
            dialect,
            &mut errors,
            &mut warnings,
        );
    }

    // For each live table no model of this metadata describes: the model
    // of another metadata that does, if any (the first in registry order).
    let mut owners: Vec<Option<&'static TableDef>> = Vec::new();
    if known.contains(&false) {
        owners = vec![None; catalog.tables.len()];
        for model in registry.tables() {
            if model.metadata.name != metadata
                && let Some(index) = catalog.position(dialect.schema_of(model), model.name)
            {
                owners[index].get_or_insert(model);
            }
        }
    }
    for (index, live) in catalog.tables.iter().enumerate() {
        if known[index] {
            continue;
        }
        // The default schema goes without saying, as in the models.
        let schema = live
            .schema
            .clone()
            .filter(|schema| Some(schema) != catalog.default_schema.as_ref());
        let name = live.name.clone();
        warnings.push(match owners[index] {
            Some(model) => Difference::TableOfOtherMetadata {
                schema,
                name,
                model,
            },
            None => Difference::UnknownTable { schema, name },
        });
    }

    errors.extend(warnings);
    Verification {
        metadata,
        dialect,
        tables: schemas.len(),
        differences: errors,
        catalog_queries: catalog.queries,
    }
}

fn same_columns(live: &[String], model: &[&'static ColumnDef]) -> bool {
    live.len() == model.len()
        && live
            .iter()
            .zip(model)
            .all(|(live, model)| live.eq_ignore_ascii_case(model.name))
}

fn compare_table(
    schema: &ResolvedTable,
    live: &LiveTable,
    dialect: Dialect,
    errors: &mut Vec<Difference>,
    warnings: &mut Vec<Difference>,
) {
    let table = schema.table;
    for column in table.columns {
        let Some(found) = live
            .columns
            .iter()
            .find(|found| found.name.eq_ignore_ascii_case(column.name))
        else {
            errors.push(Difference::MissingColumn { table, column });
            continue;
        };
        if !dialect.type_matches(column.sql_type, &found.sql_type) {
            errors.push(Difference::TypeMismatch {
                table,
                column,
                expected: dialect.expected_type(column.sql_type),
                found: found.sql_type.clone(),
            });
        }
        if found.nullable != column.nullable {
            errors.push(Difference::NullabilityMismatch {
                table,
                column,
                found_nullable: found.nullable,
            });
        }
    }
    for index in &schema.indexes {
        let present = live.indexes.iter().any(|found| {
            found.unique == index.unique && same_columns(&found.columns, &index.columns)
        });
        if !present {
            errors.push(Difference::MissingIndex {
                table,
                name: index.name.clone(),
                columns: index.columns.iter().map(|column| column.name).collect(),
                unique: index.unique,
            });
        }
    }
    for unique in &schema.uniques {
        let present = live
            .indexes
            .iter()
            .any(|found| found.unique && same_columns(&found.columns, &unique.columns));
        if !present {
            errors.push(Difference::MissingUnique {
                table,
                name: unique.name.clone(),
                columns: unique.columns.iter().map(|column| column.name).collect(),
            });
        }
    }
    for key in &schema.foreign_keys {
        let referred_schema = dialect.schema_of(key.referred_table);
        let present = live.foreign_keys.iter().any(|found| {
            found.columns.len() == 1
                && found.columns[0].eq_ignore_ascii_case(key.column.name)
                && found
                    .referred_table
                    .eq_ignore_ascii_case(key.referred_table.name)
                && found.referred_columns.len() == 1
                && found.referred_columns[0].eq_ignore_ascii_case(key.referred_column.name)
                && match (referred_schema, found.referred_schema.as_deref()) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    // The default schema, or SQLite, which has none.
                    (None, _) => true,
                    (Some(_), None) => false,
                }
        });
        if !present {
            errors.push(Difference::MissingForeignKey {
                table,
                name: key.name.clone(),
                column: key.column,
                referred_table: key.referred_table,
                referred_column: key.referred_column,
            });
        }
    }
    for found in &live.columns {
        if table.column(&found.name).is_none() {
            warnings.push(Difference::ExtraColumn {
                table,
                column: found.name.clone(),
                sql_type: found.sql_type.clone(),
                nullable: found.nullable,
            });
        }
    }
}

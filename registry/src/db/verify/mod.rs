//! `verify`: every difference between a metadata and the live database, at
//! once, as data and as a rustc-style report.

use core::fmt;

use crate::def::{ColumnDef, TableDef};
use crate::diagnostic::count;
use crate::ident::Case;
use crate::registry::Registry;
use crate::schema::ResolvedTable;
use crate::sql::catalog::{Catalog, LiveTable};
use crate::sql::ddl::Dialect;

mod difference;

use self::difference::write_difference;
pub use self::difference::{Difference, DifferenceKind, Severity};

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
    pub(crate) server: &'static str,
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

    /// The server, as it names itself where the dialect covers several:
    /// `MariaDB` or `MySQL`; else the dialect's name.
    pub fn server(&self) -> &'static str {
        self.server
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
                self.server,
                count(self.tables, "table")
            )
        } else if errors == 0 {
            write!(
                f,
                "warning: the database of metadata `{}` ({}) matches its models, with {}",
                self.metadata,
                self.server,
                count(warnings, "warning")
            )
        } else {
            write!(
                f,
                "error: the database of metadata `{}` ({}) differs from its models: {}, {}",
                self.metadata,
                self.server,
                count(errors, "error"),
                count(warnings, "warning")
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
            catalog,
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
        server: catalog.server.unwrap_or(dialect.name()),
    }
}

fn same_columns(case: Case, live: &[String], model: &[&'static ColumnDef]) -> bool {
    live.len() == model.len()
        && live
            .iter()
            .zip(model)
            .all(|(live, model)| case.eq(live, model.name))
}

fn compare_table(
    schema: &ResolvedTable,
    live: &LiveTable,
    catalog: &Catalog,
    dialect: Dialect,
    errors: &mut Vec<Difference>,
    warnings: &mut Vec<Difference>,
) {
    let table = schema.table;
    let (tables, columns) = (catalog.table_case, catalog.column_case);
    for column in table.columns {
        let Some(found) = live
            .columns
            .iter()
            .find(|found| columns.eq(&found.name, column.name))
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
            found.unique == index.unique && same_columns(columns, &found.columns, &index.columns)
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
            .any(|found| found.unique && same_columns(columns, &found.columns, &unique.columns));
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
                && columns.eq(&found.columns[0], key.column.name)
                && tables.eq(&found.referred_table, key.referred_table.name)
                && found.referred_columns.len() == 1
                && columns.eq(&found.referred_columns[0], key.referred_column.name)
                && match (referred_schema, found.referred_schema.as_deref()) {
                    (Some(a), Some(b)) => tables.eq(a, b),
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
        if !table
            .columns
            .iter()
            .any(|column| columns.eq(column.name, &found.name))
        {
            warnings.push(Difference::ExtraColumn {
                table,
                column: found.name.clone(),
                sql_type: found.sql_type.clone(),
                nullable: found.nullable,
            });
        }
    }
}

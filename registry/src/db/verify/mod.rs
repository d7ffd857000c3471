//! `verify`: every difference between a metadata and the live database, at
//! once, as data and as a rustc-style report.

use core::fmt;

use crate::def::{SqlType, TableDef};
use crate::diagnostic::count;
use crate::registry::Registry;
use crate::schema::ResolvedTable;
use crate::sql::catalog::Catalog;
use crate::sql::ddl::Dialect;

pub(crate) mod difference;
mod table;

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
        table::compare_table(
            schema,
            &catalog.tables[index],
            catalog,
            dialect,
            &mut errors,
            &mut warnings,
        );
    }

    // PostgreSQL's enum types: each once, with the first column using it.
    if dialect.has_enum_types() {
        let mut seen: Vec<&str> = Vec::new();
        for schema in schemas {
            for column in schema.table.columns {
                let SqlType::Enum(enum_type) = column.sql_type else {
                    continue;
                };
                if !enum_type.is_native() || seen.contains(&enum_type.type_name()) {
                    continue;
                }
                seen.push(enum_type.type_name());
                let found = catalog.enum_type(enum_type.type_name());
                if found.is_none_or(|found| found.values != enum_type.values()) {
                    errors.push(Difference::EnumTypeMismatch {
                        table: schema.table,
                        column,
                        enum_type,
                        found: found.map(|found| found.values.clone()),
                    });
                }
            }
        }
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
        if known[index] || crate::sql::catalog::BOOKKEEPING.contains(&live.name.as_str()) {
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

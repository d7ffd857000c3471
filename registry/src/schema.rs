//! Tables with everything resolved: the final name of every index and
//! constraint, and the column every foreign key points at. The startup check
//! builds them; DDL and `verify` read them.

use std::borrow::Cow;

use crate::def::{ColumnDef, ReferentialAction, TableDef};
use crate::naming::ConstraintKind;
use crate::naming::NameParts;

/// One table as the database will hold it: its columns and the resolved
/// primary key, indexes and constraints, each with its final name.
///
/// Get one from [`Registry::resolved`](crate::Registry::resolved) or
/// [`Registry::creation_order`](crate::Registry::creation_order).
#[derive(Debug, Clone)]
pub struct ResolvedTable {
    pub(crate) table: &'static TableDef,
    pub(crate) primary_key: Option<ResolvedPrimaryKey>,
    pub(crate) indexes: Vec<ResolvedIndex>,
    pub(crate) uniques: Vec<ResolvedUnique>,
    pub(crate) foreign_keys: Vec<ResolvedForeignKey>,
    pub(crate) checks: Vec<ResolvedCheck>,
    /// The column the database numbers itself, if any.
    pub(crate) identity: Option<&'static ColumnDef>,
}

impl ResolvedTable {
    /// The model's descriptor.
    pub fn table(&self) -> &'static TableDef {
        self.table
    }

    /// The primary key, if the model has one.
    pub fn primary_key(&self) -> Option<&ResolvedPrimaryKey> {
        self.primary_key.as_ref()
    }

    /// The indexes, field-level ones first.
    pub fn indexes(&self) -> &[ResolvedIndex] {
        &self.indexes
    }

    /// The unique constraints, field-level ones first.
    pub fn uniques(&self) -> &[ResolvedUnique] {
        &self.uniques
    }

    /// The foreign keys, in column order.
    pub fn foreign_keys(&self) -> &[ResolvedForeignKey] {
        &self.foreign_keys
    }

    /// The foreign keys that order creation: a table is created after the
    /// tables these reference. `use_alter` keys are added once every table
    /// exists, and a reference to the table itself needs no other table.
    pub(crate) fn ordering_keys(&self) -> impl Iterator<Item = &ResolvedForeignKey> {
        self.foreign_keys
            .iter()
            .filter(|key| !key.use_alter && !core::ptr::eq(key.referred_table, self.table))
    }

    /// The check constraints.
    pub fn checks(&self) -> &[ResolvedCheck] {
        &self.checks
    }

    /// The column the database numbers itself (an identity column on
    /// PostgreSQL, `AUTO_INCREMENT` on MySQL/MariaDB, the rowid on SQLite),
    /// as SQLAlchemy decides it: the primary key when it is one integer
    /// column (`SMALLINT`, `INTEGER`, `BIGINT`) that references no other
    /// table, unless it says `auto_increment = false`.
    pub fn identity(&self) -> Option<&'static ColumnDef> {
        self.identity
    }

    /// Whether `column` is [`identity`](Self::identity).
    #[cfg(feature = "ddl")]
    pub(crate) fn is_identity(&self, column: &ColumnDef) -> bool {
        self.identity
            .is_some_and(|identity| core::ptr::eq(identity, column))
    }

    /// Every name this table puts in its schema's namespace besides its own:
    /// indexes and constraints, with their kinds.
    pub fn constraint_names(&self) -> impl Iterator<Item = (ConstraintKind, &str)> {
        let primary_key = self
            .primary_key
            .iter()
            .map(|key| (ConstraintKind::PrimaryKey, key.name.as_str()));
        let indexes = self
            .indexes
            .iter()
            .map(|index| (ConstraintKind::Index, index.name.as_str()));
        let uniques = self
            .uniques
            .iter()
            .map(|unique| (ConstraintKind::Unique, unique.name.as_str()));
        let foreign_keys = self
            .foreign_keys
            .iter()
            .map(|key| (ConstraintKind::ForeignKey, key.name.as_str()));
        let checks = self
            .checks
            .iter()
            .map(|check| (ConstraintKind::Check, check.name.as_str()));
        primary_key
            .chain(indexes)
            .chain(uniques)
            .chain(foreign_keys)
            .chain(checks)
    }
}

/// A table's primary key.
#[derive(Debug, Clone)]
pub struct ResolvedPrimaryKey {
    pub(crate) name: String,
    pub(crate) columns: Vec<&'static ColumnDef>,
}

impl ResolvedPrimaryKey {
    /// The name from the metadata's `pk` template.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key's columns, in field order.
    pub fn columns(&self) -> &[&'static ColumnDef] {
        &self.columns
    }
}

/// An index.
#[derive(Debug, Clone)]
pub struct ResolvedIndex {
    pub(crate) name: String,
    pub(crate) columns: Vec<&'static ColumnDef>,
    pub(crate) unique: bool,
}

impl ResolvedIndex {
    /// The given name, or the one from the metadata's `ix` template.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The indexed columns, in index order.
    pub fn columns(&self) -> &[&'static ColumnDef] {
        &self.columns
    }

    /// Whether it is a unique index.
    pub fn is_unique(&self) -> bool {
        self.unique
    }
}

/// A unique constraint.
#[derive(Debug, Clone)]
pub struct ResolvedUnique {
    pub(crate) name: String,
    pub(crate) columns: Vec<&'static ColumnDef>,
}

impl ResolvedUnique {
    /// The given name, or the one from the metadata's `uq` template.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The constrained columns.
    pub fn columns(&self) -> &[&'static ColumnDef] {
        &self.columns
    }
}

/// A foreign key, resolved to the table and column it points at, which are
/// always in the same metadata.
#[derive(Debug, Clone)]
pub struct ResolvedForeignKey {
    pub(crate) name: String,
    pub(crate) column: &'static ColumnDef,
    pub(crate) referred_table: &'static TableDef,
    pub(crate) referred_column: &'static ColumnDef,
    pub(crate) on_delete: Option<ReferentialAction>,
    pub(crate) on_update: Option<ReferentialAction>,
    pub(crate) use_alter: bool,
}

impl ResolvedForeignKey {
    /// The name from the metadata's `fk` template.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The referencing column.
    pub fn column(&self) -> &'static ColumnDef {
        self.column
    }

    /// The referenced table.
    pub fn referred_table(&self) -> &'static TableDef {
        self.referred_table
    }

    /// The referenced column.
    pub fn referred_column(&self) -> &'static ColumnDef {
        self.referred_column
    }

    /// `ON DELETE`, if given.
    pub fn on_delete(&self) -> Option<ReferentialAction> {
        self.on_delete
    }

    /// `ON UPDATE`, if given.
    pub fn on_update(&self) -> Option<ReferentialAction> {
        self.on_update
    }

    /// Whether the key is added by `ALTER TABLE` after every table exists.
    pub fn use_alter(&self) -> bool {
        self.use_alter
    }
}

/// A check constraint: declared with `#[model(check(...))]`, or the values
/// of an enum column whose type asks for them (`#[model(check)]` on a
/// `#[derive(ColumnType)]` enum).
#[derive(Debug, Clone)]
pub struct ResolvedCheck {
    pub(crate) name: String,
    pub(crate) expr: CheckExpr,
}

/// What a check constraint tests.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CheckExpr {
    /// An SQL expression, as declared.
    Sql(&'static str),
    /// That the column holds one of the values.
    Values {
        column: &'static str,
        values: &'static [&'static str],
    },
}

impl ResolvedCheck {
    /// The name from the metadata's `ck` template.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SQL expression: as declared, or `"column" IN ('a', 'b')` for an
    /// enum's values (identifiers quoted the standard way; the DDL quotes
    /// them the way each database does).
    pub fn expr(&self) -> Cow<'static, str> {
        match self.expr {
            CheckExpr::Sql(sql) => Cow::Borrowed(sql),
            CheckExpr::Values { column, values } => {
                Cow::Owned(values_check(crate::ident::quoted('"', column), values))
            }
        }
    }

    /// The expression as `dialect` writes it.
    #[cfg(feature = "ddl")]
    pub(crate) fn expr_in(&self, dialect: crate::ddl::Dialect) -> Cow<'static, str> {
        match self.expr {
            CheckExpr::Values { column, values } => {
                Cow::Owned(values_check(dialect.quote(column), values))
            }
            CheckExpr::Sql(_) => self.expr(),
        }
    }
}

/// `"column" IN ('a', 'b')`, the column already quoted.
pub(crate) fn values_check(quoted_column: String, values: &[&str]) -> String {
    let mut out = quoted_column;
    out.push_str(" IN (");
    let _ = crate::def::write_values(&mut out, values, ", ");
    out.push(')');
    out
}

/// The name parts of a constraint on `columns` of `table`.
pub(crate) fn parts<'a>(
    table: &'a TableDef,
    columns: &'a [&'a str],
    referred: Option<(&'a str, &'a [&'a str])>,
    constraint: &'a str,
) -> NameParts<'a> {
    let (referred_table, referred_columns) = referred.unwrap_or(("", &[]));
    NameParts {
        table: table.name,
        columns,
        referred_table,
        referred_columns,
        constraint,
    }
}

//! One column of a table, as the derive records it.

use crate::def::{ForeignKeyDef, SqlType};

/// One column of a [`TableDef`](crate::TableDef).
#[derive(Debug)]
pub struct ColumnDef {
    pub(crate) name: &'static str,
    pub(crate) field: &'static str,
    pub(crate) rust_type: &'static str,
    pub(crate) sql_type: SqlType,
    pub(crate) nullable: bool,
    pub(crate) primary_key: bool,
    pub(crate) default: Option<&'static str>,
    pub(crate) references: Option<&'static ForeignKeyDef>,
    /// `false` after `#[model(auto_increment = false)]`.
    pub(crate) auto_increment: bool,
    /// `#[model(renamed_from = "...")]`: the column's previous name.
    pub(crate) renamed_from: Option<&'static str>,
}

impl ColumnDef {
    /// The column name: the field name, or `#[model(column = "...")]`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The name the column had before, from `#[model(renamed_from =
    /// "...")]`: a migration renames that column rather than dropping it.
    pub const fn renamed_from(&self) -> Option<&'static str> {
        self.renamed_from
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
    pub const fn references(&self) -> Option<&'static ForeignKeyDef> {
        self.references
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

    /// Whether the column may number new rows itself: `false` only after
    /// `#[model(primary_key, auto_increment = false)]`. Whether it does is
    /// the resolved table's call
    /// ([`ResolvedTable::identity`](crate::ResolvedTable::identity)): a
    /// single integer primary key that references no other table.
    pub const fn auto_increment(&self) -> bool {
        self.auto_increment
    }
}

//! What a model declares beyond its columns: indexes, unique and check
//! constraints, and foreign keys. The names the database sees come from the
//! metadata's [`NamingConvention`](crate::NamingConvention) unless one is
//! given; [`Registry::resolved`](crate::Registry::resolved) holds the
//! resolved result.

use core::fmt;

use crate::def::TableDef;

/// An index: `#[model(index)]` on a field, or `#[model(index(a, b))]` on the
/// struct. A field with both `index` and `unique` gets a unique index.
#[derive(Debug)]
pub struct IndexDef {
    pub(crate) name: Option<&'static str>,
    pub(crate) columns: &'static [&'static str],
    pub(crate) unique: bool,
}

impl IndexDef {
    /// The name given with `name = "..."`, if any.
    pub const fn name(&self) -> Option<&'static str> {
        self.name
    }

    /// The column names, in index order.
    pub const fn columns(&self) -> &'static [&'static str] {
        self.columns
    }

    /// Whether it is a unique index.
    pub const fn is_unique(&self) -> bool {
        self.unique
    }
}

/// A unique constraint: `#[model(unique)]` on a field, or
/// `#[model(unique(a, b))]` on the struct.
#[derive(Debug)]
pub struct UniqueDef {
    pub(crate) name: Option<&'static str>,
    pub(crate) columns: &'static [&'static str],
}

impl UniqueDef {
    /// The name given with `name = "..."`, if any.
    pub const fn name(&self) -> Option<&'static str> {
        self.name
    }

    /// The column names, in constraint order.
    pub const fn columns(&self) -> &'static [&'static str] {
        self.columns
    }
}

/// A check constraint: `#[model(check(name = "positive", expr = "amount > 0"))]`
/// on the struct. The name is required: it is what the naming convention's
/// `%(constraint_name)s` stands for.
#[derive(Debug)]
pub struct CheckDef {
    pub(crate) name: &'static str,
    pub(crate) expr: &'static str,
}

impl CheckDef {
    /// The name given in the attribute.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The SQL boolean expression, written verbatim into the DDL.
    pub const fn expr(&self) -> &'static str {
        self.expr
    }
}

/// A foreign key from one column: `#[model(references = OtherModel)]` or
/// `#[model(references = "table.column")]` on a field.
#[derive(Debug)]
pub struct ForeignKeyDef {
    pub(crate) target: ForeignKeyTarget,
    pub(crate) on_delete: Option<ReferentialAction>,
    pub(crate) on_update: Option<ReferentialAction>,
    pub(crate) use_alter: bool,
}

impl ForeignKeyDef {
    /// What the key points at.
    pub const fn target(&self) -> &ForeignKeyTarget {
        &self.target
    }

    /// `on_delete = "..."`, if given.
    pub const fn on_delete(&self) -> Option<ReferentialAction> {
        self.on_delete
    }

    /// `on_update = "..."`, if given.
    pub const fn on_update(&self) -> Option<ReferentialAction> {
        self.on_update
    }

    /// Whether the key is added with `ALTER TABLE` after every table exists,
    /// which is how a cycle of foreign keys is created.
    pub const fn use_alter(&self) -> bool {
        self.use_alter
    }
}

/// What a foreign key points at.
///
/// `Debug` names a [`Model`](Self::Model) target by its type path instead of
/// printing its descriptor: a model that references itself, or a cycle of
/// models, would otherwise print forever.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum ForeignKeyTarget {
    /// The primary key of a model, named by its type: the compiler checked
    /// that it is a model.
    Model(&'static TableDef),
    /// A column named by text, `"table.column"` or `"schema.table.column"`,
    /// looked up in the same metadata by the startup check.
    Column {
        /// The schema, if written.
        schema: Option<&'static str>,
        /// The table name.
        table: &'static str,
        /// The column name.
        column: &'static str,
    },
}

impl fmt::Debug for ForeignKeyTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Model(table) => f
                .debug_tuple("Model")
                .field(&format_args!("{}", table.type_path()))
                .finish(),
            Self::Column {
                schema,
                table,
                column,
            } => f
                .debug_struct("Column")
                .field("schema", schema)
                .field("table", table)
                .field("column", column)
                .finish(),
        }
    }
}

impl fmt::Display for ForeignKeyTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Model(table) => write!(f, "{}", table.type_path()),
            Self::Column {
                schema: Some(schema),
                table,
                column,
            } => write!(f, "{schema}.{table}.{column}"),
            Self::Column {
                schema: None,
                table,
                column,
            } => write!(f, "{table}.{column}"),
        }
    }
}

/// What the database does to referencing rows when the referenced row is
/// deleted or its key updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferentialAction {
    /// `CASCADE`
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `SET DEFAULT`
    SetDefault,
    /// `RESTRICT`
    Restrict,
    /// `NO ACTION`
    NoAction,
}

impl ReferentialAction {
    /// The SQL spelling, e.g. `SET NULL`.
    pub const fn as_sql(self) -> &'static str {
        match self {
            Self::Cascade => "CASCADE",
            Self::SetNull => "SET NULL",
            Self::SetDefault => "SET DEFAULT",
            Self::Restrict => "RESTRICT",
            Self::NoAction => "NO ACTION",
        }
    }
}

impl fmt::Display for ReferentialAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_sql())
    }
}

//! The report of every problem the startup check found, as data; `render`
//! writes it as text.

mod render;

use core::fmt;

use crate::def::{ColumnDef, ForeignKeyTarget, Metadata, TableDef};
use crate::naming::ConstraintKind;

/// Every problem the check found, in a deterministic order.
///
/// `Display` (and `Debug`, so that `check().unwrap()` reads the same) prints
/// one rustc-style block per problem:
///
/// ```text
/// error: table `predictive_models` is defined 3 times in metadata `default`
///   --> analytics::PredictiveModel (analytics 0.3.1, src/lib.rs:191:5)
///   --> app::models::PredictiveModel (app 0.1.0, src/models.rs:690:5)
///   --> app::models::core::PredictiveModel (app 0.1.0, src/models/core.rs:903:5)
///   = help: keep one definition and `pub use` it where it is needed; re-exports register nothing
/// ```
///
/// [`problems`](Self::problems) gives the same as data. `{:#?}` prints the
/// structure.
pub struct Report {
    problems: Vec<Problem>,
    tables_checked: usize,
    metadata_checked: usize,
}

impl Report {
    pub(crate) fn new(
        problems: Vec<Problem>,
        tables_checked: usize,
        metadata_checked: usize,
    ) -> Self {
        Self {
            problems,
            tables_checked,
            metadata_checked,
        }
    }

    /// Every problem: duplicate metadata first, then undeclared metadata,
    /// then duplicate tables, each sorted by name; then the schema problems
    /// (keys, names, cycles) in table order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// How many table definitions were checked.
    pub fn tables_checked(&self) -> usize {
        self.tables_checked
    }

    /// How many distinct metadata names were declared.
    pub fn metadata_checked(&self) -> usize {
        self.metadata_checked
    }
}

/// One thing wrong with the set of definitions linked into the program.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Problem {
    /// Several models define the same (metadata, schema, table); names are
    /// compared ignoring ASCII case.
    #[non_exhaustive]
    DuplicateTable {
        /// The metadata they share.
        metadata: &'static str,
        /// The schema they share, as the first definition spells it.
        schema: Option<&'static str>,
        /// The table name, as the first definition spells it.
        table: &'static str,
        /// Every definition, sorted by type path then location (then by the
        /// rest of what they hold, so the order never depends on link order).
        definitions: Vec<&'static TableDef>,
    },
    /// `metadata!` declared the same name more than once.
    #[non_exhaustive]
    DuplicateMetadata {
        /// The name declared more than once.
        name: &'static str,
        /// Every declaration, sorted by path then location.
        declarations: Vec<&'static Metadata>,
    },
    /// Models belong to a metadata that no `metadata!` declared.
    #[non_exhaustive]
    UndeclaredMetadata {
        /// The name the models use.
        metadata: &'static str,
        /// Every such model, sorted by table.
        tables: Vec<&'static TableDef>,
    },
    /// A foreign key points at a table of another metadata: the two tables
    /// live in different databases, so the key cannot be created.
    #[non_exhaustive]
    ForeignKeyAcrossMetadata {
        /// The referencing table.
        table: &'static TableDef,
        /// The referencing column.
        column: &'static ColumnDef,
        /// The table it points at, in another metadata.
        referred_table: &'static TableDef,
    },
    /// A foreign key points at a table or column that its metadata does not
    /// have, or at a model without a single-column primary key.
    #[non_exhaustive]
    UnknownForeignKeyTarget {
        /// The referencing table.
        table: &'static TableDef,
        /// The referencing column.
        column: &'static ColumnDef,
        /// What the key names.
        target: ForeignKeyTarget,
        /// What is missing.
        missing: MissingTarget,
    },
    /// A foreign-key column's SQL type differs from the referenced column's.
    #[non_exhaustive]
    ForeignKeyTypeMismatch {
        /// The referencing table.
        table: &'static TableDef,
        /// The referencing column.
        column: &'static ColumnDef,
        /// The referenced table.
        referred_table: &'static TableDef,
        /// The referenced column.
        referred_column: &'static ColumnDef,
    },
    /// Several tables, indexes or constraints of one schema have one name,
    /// compared ignoring ASCII case on the first 63 bytes (generated names
    /// included).
    #[non_exhaustive]
    NameCollision {
        /// The metadata.
        metadata: &'static str,
        /// The schema, as the first owner spells it.
        schema: Option<&'static str>,
        /// Everything that has the name, in table order.
        owners: Vec<NameOwner>,
    },
    /// Foreign keys (without `use_alter`) form a cycle, so no order creates
    /// the tables one after another.
    #[non_exhaustive]
    ForeignKeyCycle {
        /// The metadata.
        metadata: &'static str,
        /// The keys around the cycle; the last one points back at the first
        /// table.
        cycle: Vec<CycleEdge>,
    },
    /// Two columns of one table have one name as some database compares
    /// them: ignoring case, Unicode case included (`é` and `É`, as MariaDB
    /// compares column names). Only possible in definitions built by hand:
    /// the derive checks it.
    #[non_exhaustive]
    DuplicateColumn {
        /// The table.
        table: &'static TableDef,
        /// The columns that are one, as spelled.
        columns: Vec<&'static str>,
    },
    /// An index or constraint names a column the table does not have (only
    /// possible in definitions built by hand: the derive checks it).
    #[non_exhaustive]
    UnknownColumn {
        /// The table.
        table: &'static TableDef,
        /// What names the column.
        kind: ConstraintKind,
        /// The missing column.
        column: &'static str,
    },
    /// A naming-convention template that cannot name anything (only possible
    /// in metadata built by hand: `metadata!` checks it at compile time).
    #[non_exhaustive]
    InvalidNamingConvention {
        /// The metadata.
        metadata: &'static Metadata,
        /// Which template.
        kind: ConstraintKind,
        /// The template.
        template: &'static str,
    },
}

/// What an [`UnknownForeignKeyTarget`](Problem::UnknownForeignKeyTarget) lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MissingTarget {
    /// No table of that name in the metadata (nor in any other).
    Table,
    /// The table has no column of that name.
    Column,
    /// The referenced model has no primary key, or a composite one.
    SingleColumnKey,
}

/// One holder of a [`NameCollision`](Problem::NameCollision) name.
#[derive(Debug, Clone)]
pub struct NameOwner {
    /// The table that owns it (or is it).
    pub table: &'static TableDef,
    /// `None` for the table itself, else the kind of index or constraint.
    pub kind: Option<ConstraintKind>,
    /// The name as spelled.
    pub name: String,
}

/// One foreign key of a [`ForeignKeyCycle`](Problem::ForeignKeyCycle).
#[derive(Debug, Clone, Copy)]
pub struct CycleEdge {
    /// The referencing table.
    pub table: &'static TableDef,
    /// The referencing column.
    pub column: &'static ColumnDef,
    /// The referenced table.
    pub referred_table: &'static TableDef,
}

/// What kind of [`Problem`] it is, for matching without the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// [`Problem::DuplicateTable`]
    DuplicateTable,
    /// [`Problem::DuplicateMetadata`]
    DuplicateMetadata,
    /// [`Problem::UndeclaredMetadata`]
    UndeclaredMetadata,
    /// [`Problem::ForeignKeyAcrossMetadata`]
    ForeignKeyAcrossMetadata,
    /// [`Problem::UnknownForeignKeyTarget`]
    UnknownForeignKeyTarget,
    /// [`Problem::ForeignKeyTypeMismatch`]
    ForeignKeyTypeMismatch,
    /// [`Problem::NameCollision`]
    NameCollision,
    /// [`Problem::ForeignKeyCycle`]
    ForeignKeyCycle,
    /// [`Problem::UnknownColumn`]
    UnknownColumn,
    /// [`Problem::DuplicateColumn`]
    DuplicateColumn,
    /// [`Problem::InvalidNamingConvention`]
    InvalidNamingConvention,
}

impl Problem {
    /// The kind of problem.
    pub fn kind(&self) -> ProblemKind {
        match self {
            Self::DuplicateTable { .. } => ProblemKind::DuplicateTable,
            Self::DuplicateMetadata { .. } => ProblemKind::DuplicateMetadata,
            Self::UndeclaredMetadata { .. } => ProblemKind::UndeclaredMetadata,
            Self::ForeignKeyAcrossMetadata { .. } => ProblemKind::ForeignKeyAcrossMetadata,
            Self::UnknownForeignKeyTarget { .. } => ProblemKind::UnknownForeignKeyTarget,
            Self::ForeignKeyTypeMismatch { .. } => ProblemKind::ForeignKeyTypeMismatch,
            Self::NameCollision { .. } => ProblemKind::NameCollision,
            Self::ForeignKeyCycle { .. } => ProblemKind::ForeignKeyCycle,
            Self::UnknownColumn { .. } => ProblemKind::UnknownColumn,
            Self::DuplicateColumn { .. } => ProblemKind::DuplicateColumn,
            Self::InvalidNamingConvention { .. } => ProblemKind::InvalidNamingConvention,
        }
    }

    /// Every definition involved: `(type or constant path, location)`.
    pub fn locations(&self) -> Vec<(&'static str, &'static crate::Location)> {
        match self {
            Self::DuplicateTable {
                definitions: tables,
                ..
            }
            | Self::UndeclaredMetadata { tables, .. } => tables
                .iter()
                .map(|table| (table.type_path, &table.location))
                .collect(),
            Self::DuplicateMetadata { declarations, .. } => declarations
                .iter()
                .map(|metadata| (metadata.path, &metadata.location))
                .collect(),
            Self::ForeignKeyAcrossMetadata {
                table,
                referred_table,
                ..
            }
            | Self::ForeignKeyTypeMismatch {
                table,
                referred_table,
                ..
            } => vec![
                (table.type_path, &table.location),
                (referred_table.type_path, &referred_table.location),
            ],
            Self::UnknownForeignKeyTarget { table, .. }
            | Self::UnknownColumn { table, .. }
            | Self::DuplicateColumn { table, .. } => {
                vec![(table.type_path, &table.location)]
            }
            Self::NameCollision { owners, .. } => owners
                .iter()
                .map(|owner| (owner.table.type_path, &owner.table.location))
                .collect(),
            Self::ForeignKeyCycle { cycle, .. } => cycle
                .iter()
                .map(|edge| (edge.table.type_path, &edge.table.location))
                .collect(),
            Self::InvalidNamingConvention { metadata, .. } => {
                vec![(metadata.path, &metadata.location)]
            }
        }
    }
}

/// Prints the same text as `Display`, so that `check().unwrap()` in a test
/// shows the readable report; `{:#?}` prints the structure.
impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("Report")
                .field("problems", &self.problems)
                .field("tables_checked", &self.tables_checked)
                .field("metadata_checked", &self.metadata_checked)
                .finish()
        } else {
            writeln!(f)?;
            fmt::Display::fmt(self, f)
        }
    }
}

impl std::error::Error for Report {}

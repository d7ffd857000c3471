//! The report of every problem the startup check found.

use core::fmt;

use crate::model::qualified_name;
use crate::{ColumnDef, ConstraintKind, ForeignKeyTarget, Location, Metadata, TableDef};

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
            Self::UnknownForeignKeyTarget { table, .. } | Self::UnknownColumn { table, .. } => {
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

impl fmt::Display for Problem {
    // One arm per problem, no catch-all: a new problem does not compile
    // until it has its message.
    #[allow(clippy::too_many_lines)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateTable {
                metadata,
                schema,
                table,
                definitions,
            } => {
                writeln!(
                    f,
                    "error: table `{}` is defined {} times in metadata `{metadata}`",
                    qualified_name(*schema, table),
                    definitions.len()
                )?;
                let spellings = distinct(definitions.iter().map(|table| table.name));
                for definition in definitions {
                    write!(f, "  --> {}", definition.type_path)?;
                    if spellings.len() > 1 {
                        write!(f, " as `{}`", definition.name)?;
                    }
                    writeln!(f, " ({})", definition.location)?;
                }
                if spellings.len() > 1 {
                    writeln!(
                        f,
                        "  = note: {} differ only in ASCII case; SQLite and MySQL treat them as one table",
                        list(&spellings)
                    )?;
                }
                let locations: Vec<&Location> =
                    definitions.iter().map(|table| &table.location).collect();
                if needs_one_source_help(f, &locations)? {
                    writeln!(
                        f,
                        "  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing"
                    )?;
                }
            }
            Self::DuplicateMetadata { name, declarations } => {
                writeln!(
                    f,
                    "error: metadata `{name}` is declared {} times",
                    declarations.len()
                )?;
                for declaration in declarations {
                    writeln!(f, "  --> {} ({})", declaration.path, declaration.location)?;
                }
                let locations: Vec<&Location> = declarations
                    .iter()
                    .map(|metadata| &metadata.location)
                    .collect();
                if needs_one_source_help(f, &locations)? {
                    writeln!(
                        f,
                        "  = help: declare each metadata once, in one crate, and name it by path everywhere else \
                         (`#[model(metadata = that_crate::CONSTANT)]`)"
                    )?;
                }
            }
            Self::UndeclaredMetadata { metadata, tables } => {
                writeln!(
                    f,
                    "error: metadata `{metadata}` is used by {} model{} but never declared with `metadata!`",
                    tables.len(),
                    if tables.len() == 1 { "" } else { "s" }
                )?;
                for table in tables {
                    writeln!(f, "  --> {} ({})", table.type_path, table.location)?;
                }
                writeln!(
                    f,
                    "  = help: declare it once with `model_registry::metadata!(pub NAME = \"{metadata}\");` \
                     and write `#[model(metadata = path::to::NAME)]`"
                )?;
            }
            Self::ForeignKeyAcrossMetadata {
                table,
                column,
                referred_table,
            } => {
                writeln!(
                    f,
                    "error: foreign key `{}.{}` crosses from metadata `{}` to metadata `{}`: \
                 `{}` lives in another database",
                    table.qualified_name(),
                    column.name,
                    table.metadata.name,
                    referred_table.metadata.name,
                    referred_table.qualified_name(),
                )?;
                write_at(f, table)?;
                write_at(f, referred_table)?;
                writeln!(
                    f,
                    "  = help: a foreign key can only point at a table in its own database: put both models \
                 in one metadata, or drop `references` and keep the link in application code"
                )?;
            }
            Self::UnknownForeignKeyTarget {
                table,
                column,
                target,
                missing,
            } => {
                let key = format!("{}.{}", table.qualified_name(), column.name);
                match (missing, target) {
                    (
                        MissingTarget::Table,
                        ForeignKeyTarget::Column {
                            schema,
                            table: name,
                            ..
                        },
                    ) => writeln!(
                        f,
                        "error: foreign key `{key}` references `{target}`, but metadata `{}` has no table `{}`",
                        table.metadata.name,
                        qualified_name(schema.or(table.metadata.schema), name),
                    )?,
                    (MissingTarget::Column, ForeignKeyTarget::Column { column: name, .. }) => {
                        writeln!(
                            f,
                            "error: foreign key `{key}` references `{target}`, but that table has no column `{name}`"
                        )?;
                    }
                    (_, ForeignKeyTarget::Model(referred)) => writeln!(
                        f,
                        "error: foreign key `{key}` references `{}`, which has no single-column primary key",
                        referred.type_path
                    )?,
                    _ => writeln!(
                        f,
                        "error: foreign key `{key}` references `{target}`, which does not exist"
                    )?,
                }
                write_at(f, table)?;
                match target {
                    ForeignKeyTarget::Model(_) => writeln!(
                        f,
                        "  = help: give the referenced model one `#[model(primary_key)]` field, or reference \
                     a column by name: `references = \"table.column\"`"
                    )?,
                    ForeignKeyTarget::Column { .. } => writeln!(
                        f,
                        "  = help: check the spelling, and that the crate defining the table is linked; \
                     `references = ModelType` lets the compiler check the target"
                    )?,
                }
            }
            Self::ForeignKeyTypeMismatch {
                table,
                column,
                referred_table,
                referred_column,
            } => {
                writeln!(
                    f,
                    "error: foreign key `{}.{}` is {}, but the column it references, `{}.{}`, is {}",
                    table.qualified_name(),
                    column.name,
                    column.sql_type,
                    referred_table.qualified_name(),
                    referred_column.name,
                    referred_column.sql_type,
                )?;
                write_at(f, table)?;
                write_at(f, referred_table)?;
                writeln!(
                    f,
                    "  = help: give `{}` the Rust type of `{}` (`{}`), or the same `sql_type`",
                    column.field, referred_column.field, referred_column.rust_type
                )?;
            }
            Self::NameCollision {
                metadata,
                schema,
                owners,
            } => {
                let place = match schema {
                    Some(schema) => format!("schema `{schema}` of metadata `{metadata}`"),
                    None => format!("metadata `{metadata}`"),
                };
                writeln!(
                    f,
                    "error: name `{}` is used {} times in {place}",
                    owners[0].name,
                    owners.len()
                )?;
                for owner in owners {
                    match owner.kind {
                        None => write!(f, "  --> table `{}`: ", owner.name)?,
                        Some(kind) => write!(
                            f,
                            "  --> {} `{}` on `{}`: ",
                            kind.describe(),
                            owner.name,
                            owner.table.name
                        )?,
                    }
                    writeln!(f, "{} ({})", owner.table.type_path, owner.table.location)?;
                }
                let spellings: Vec<&str> = owners.iter().map(|owner| owner.name.as_str()).collect();
                if spellings.iter().any(|name| *name != spellings[0]) {
                    writeln!(
                        f,
                        "  = note: names are compared ignoring ASCII case, as SQLite and MariaDB compare \
                     them, and on their first 63 bytes, all that PostgreSQL keeps"
                    )?;
                }
                writeln!(
                    f,
                    "  = help: tables, indexes and constraints share one namespace per schema: give one a \
                 `name = \"...\"`, or change the metadata's naming convention"
                )?;
            }
            Self::ForeignKeyCycle { metadata, cycle } => {
                let path: Vec<String> = cycle
                    .iter()
                    .map(|edge| {
                        format!(
                            "`{}.{}` -> `{}`",
                            edge.table.name, edge.column.name, edge.referred_table.name
                        )
                    })
                    .collect();
                writeln!(
                    f,
                    "error: foreign keys form a cycle in metadata `{metadata}`: {}",
                    path.join(", ")
                )?;
                for edge in cycle {
                    write_at(f, edge.table)?;
                }
                writeln!(
                    f,
                    "  = help: no order creates these tables one after another; add `use_alter` to one of \
                 the keys (`#[model(references = ..., use_alter)]`) so it is added once the tables exist"
                )?;
            }
            Self::UnknownColumn {
                table,
                kind,
                column,
            } => {
                writeln!(
                    f,
                    "error: {} {} on `{}` names column `{column}`, which the table does not have",
                    article(*kind),
                    kind.describe(),
                    table.qualified_name()
                )?;
                write_at(f, table)?;
                writeln!(
                    f,
                    "  = help: name one of the table's columns; `#[derive(Model)]` checks this at compile \
                     time, so this descriptor was built by hand"
                )?;
            }
            Self::InvalidNamingConvention {
                metadata,
                kind,
                template,
            } => {
                writeln!(
                    f,
                    "error: the `{}` template of metadata `{}`'s naming convention, `{template}`, cannot name {} {}",
                    kind.key(),
                    metadata.name,
                    article(*kind),
                    kind.describe()
                )?;
                writeln!(f, "  --> {} ({})", metadata.path, metadata.location)?;
                writeln!(
                    f,
                    "  = help: see `NamingConvention` for the tokens each kind may use; \
                 `metadata!` checks this at compile time"
                )?;
            }
        }
        Ok(())
    }
}

/// `a` or `an`, for a kind of name in a sentence.
fn article(kind: ConstraintKind) -> &'static str {
    match kind {
        ConstraintKind::Index => "an",
        _ => "a",
    }
}

/// `  --> app::Order (app 0.1.0, src/lib.rs:3:12)`
fn write_at(f: &mut fmt::Formatter<'_>, table: &TableDef) -> fmt::Result {
    writeln!(f, "  --> {} ({})", table.type_path, table.location)
}

/// The distinct values, in first-seen order.
fn distinct(values: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let mut seen = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

/// `` `a`, `b` and `c` ``
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// Writes the version help, then says whether the "keep one definition"
/// help is needed too: not when the copies are one crate in several
/// versions, where unifying the dependency is the whole fix.
fn needs_one_source_help(
    f: &mut fmt::Formatter<'_>,
    locations: &[&Location],
) -> Result<bool, fmt::Error> {
    let split = write_version_help(f, locations)?;
    let crates = distinct(locations.iter().map(|location| location.crate_name)).len();
    Ok(!split || crates > 1)
}

/// One `help:` per crate that appears in more than one version: the fix is to
/// unify the dependency, not to delete a definition. Returns whether any did.
fn write_version_help(
    f: &mut fmt::Formatter<'_>,
    locations: &[&Location],
) -> Result<bool, fmt::Error> {
    let mut split = false;
    for crate_name in distinct(locations.iter().map(|location| location.crate_name)) {
        let versions = distinct(
            locations
                .iter()
                .filter(|location| location.crate_name == crate_name)
                .map(|location| location.crate_version),
        );
        if versions.len() > 1 {
            // `cargo tree -i NAME` refuses a name that is in the graph twice;
            // it needs `NAME@VERSION` for each one.
            let specs: Vec<String> = versions
                .iter()
                .map(|version| format!("-i {crate_name}@{version}"))
                .collect();
            writeln!(
                f,
                "  = help: `{crate_name}` is linked in {} versions ({}): make every crate depend on one \
                 version of it (`cargo tree {}` shows which crates pull in each)",
                versions.len(),
                versions.join(", "),
                specs.join(" ")
            )?;
            split = true;
        }
    }
    Ok(split)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        let count = self.problems.len();
        write!(
            f,
            "error: the model registry has {count} problem{} ({} table definition{} and {} metadata checked)",
            if count == 1 { "" } else { "s" },
            self.tables_checked,
            if self.tables_checked == 1 { "" } else { "s" },
            self.metadata_checked,
        )
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

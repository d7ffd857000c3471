//! The report of every problem the startup check found.

use core::fmt;

use crate::def::{ColumnDef, ForeignKeyTarget, Location, Metadata, TableDef};
use crate::diagnostic::{Diagnostic, blocks, count, list};
use crate::ident::qualified_name;
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
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "table `{}` is defined {} times in metadata `{metadata}`",
                        qualified_name(*schema, table),
                        definitions.len()
                    ),
                )?;
                let spellings = distinct(definitions.iter().map(|table| table.name));
                for definition in definitions {
                    if spellings.len() > 1 {
                        d.at(
                            format_args!("{} as `{}`", definition.type_path, definition.name),
                            &definition.location,
                        )?;
                    } else {
                        d.at_model(definition)?;
                    }
                }
                if spellings.len() > 1 {
                    d.note(format_args!(
                        "{} differ only in ASCII case; SQLite and MySQL treat them as one table",
                        list(&spellings)
                    ))?;
                }
                let locations: Vec<&Location> =
                    definitions.iter().map(|table| &table.location).collect();
                if needs_one_source_help(&mut d, &locations)? {
                    d.help(
                        "keep one definition and `pub use` it where it is needed; re-exports register nothing",
                    )?;
                }
            }
            Self::DuplicateMetadata { name, declarations } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!("metadata `{name}` is declared {} times", declarations.len()),
                )?;
                for declaration in declarations {
                    d.at_metadata(declaration)?;
                }
                let locations: Vec<&Location> = declarations
                    .iter()
                    .map(|metadata| &metadata.location)
                    .collect();
                if needs_one_source_help(&mut d, &locations)? {
                    d.help(
                        "declare each metadata once, in one crate, and name it by path everywhere else \
                         (`#[model(metadata = that_crate::CONSTANT)]`)",
                    )?;
                }
            }
            Self::UndeclaredMetadata { metadata, tables } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "metadata `{metadata}` is used by {} but never declared with `metadata!`",
                        count(tables.len(), "model")
                    ),
                )?;
                for table in tables {
                    d.at_model(table)?;
                }
                d.help(format_args!(
                    "declare it once with `model_registry::metadata!(pub NAME = \"{metadata}\");` \
                     and write `#[model(metadata = path::to::NAME)]`"
                ))?;
            }
            Self::ForeignKeyAcrossMetadata {
                table,
                column,
                referred_table,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "foreign key `{}.{}` crosses from metadata `{}` to metadata `{}`: \
                 `{}` lives in another database",
                        table.qualified_name(),
                        column.name,
                        table.metadata.name,
                        referred_table.metadata.name,
                        referred_table.qualified_name(),
                    ),
                )?;
                d.at_model(table)?;
                d.at_model(referred_table)?;
                d.help(
                    "a foreign key can only point at a table in its own database: put both models \
                 in one metadata, or drop `references` and keep the link in application code",
                )?;
            }
            Self::UnknownForeignKeyTarget {
                table,
                column,
                target,
                missing,
            } => {
                let key = format!("{}.{}", table.qualified_name(), column.name);
                let headline = match (missing, target) {
                    (
                        MissingTarget::Table,
                        ForeignKeyTarget::Column {
                            schema,
                            table: name,
                            ..
                        },
                    ) => format!(
                        "foreign key `{key}` references `{target}`, but metadata `{}` has no table `{}`",
                        table.metadata.name,
                        qualified_name(schema.or(table.metadata.schema), name),
                    ),
                    (MissingTarget::Column, ForeignKeyTarget::Column { column: name, .. }) => {
                        format!(
                            "foreign key `{key}` references `{target}`, but that table has no column `{name}`"
                        )
                    }
                    (_, ForeignKeyTarget::Model(referred)) => format!(
                        "foreign key `{key}` references `{}`, which has no single-column primary key",
                        referred.type_path
                    ),
                    _ => format!("foreign key `{key}` references `{target}`, which does not exist"),
                };
                let mut d = Diagnostic::error(f, headline)?;
                d.at_model(table)?;
                match target {
                    ForeignKeyTarget::Model(_) => d.help(
                        "give the referenced model one `#[model(primary_key)]` field, or reference \
                     a column by name: `references = \"table.column\"`",
                    )?,
                    ForeignKeyTarget::Column { .. } => d.help(
                        "check the spelling, and that the crate defining the table is linked; \
                     `references = ModelType` lets the compiler check the target",
                    )?,
                }
            }
            Self::ForeignKeyTypeMismatch {
                table,
                column,
                referred_table,
                referred_column,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "foreign key `{}.{}` is {}, but the column it references, `{}.{}`, is {}",
                        table.qualified_name(),
                        column.name,
                        column.sql_type,
                        referred_table.qualified_name(),
                        referred_column.name,
                        referred_column.sql_type,
                    ),
                )?;
                d.at_model(table)?;
                d.at_model(referred_table)?;
                d.help(format_args!(
                    "give `{}` the Rust type of `{}` (`{}`), or the same `sql_type`",
                    column.field, referred_column.field, referred_column.rust_type
                ))?;
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
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "name `{}` is used {} times in {place}",
                        owners[0].name,
                        owners.len()
                    ),
                )?;
                for owner in owners {
                    owner.write_at(&mut d, owner.table.name)?;
                }
                let spellings: Vec<&str> = owners.iter().map(|owner| owner.name.as_str()).collect();
                if spellings.iter().any(|name| *name != spellings[0]) {
                    d.note(
                        "names are compared ignoring ASCII case, as SQLite and MariaDB compare \
                     them, and on their first 63 bytes, all that PostgreSQL keeps",
                    )?;
                }
                d.help(
                    "tables, indexes and constraints share one namespace per schema: give one a \
                 `name = \"...\"`, or change the metadata's naming convention",
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
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "foreign keys form a cycle in metadata `{metadata}`: {}",
                        path.join(", ")
                    ),
                )?;
                for edge in cycle {
                    d.at_model(edge.table)?;
                }
                d.help(
                    "no order creates these tables one after another; add `use_alter` to one of \
                 the keys (`#[model(references = ..., use_alter)]`) so it is added once the tables exist",
                )?;
            }
            Self::UnknownColumn {
                table,
                kind,
                column,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "{} {} on `{}` names column `{column}`, which the table does not have",
                        article(*kind),
                        kind.describe(),
                        table.qualified_name()
                    ),
                )?;
                d.at_model(table)?;
                d.help(
                    "name one of the table's columns; `#[derive(Model)]` checks this at compile \
                     time, so this descriptor was built by hand",
                )?;
            }
            Self::InvalidNamingConvention {
                metadata,
                kind,
                template,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "the `{}` template of metadata `{}`'s naming convention, `{template}`, cannot name {} {}",
                        kind.key(),
                        metadata.name,
                        article(*kind),
                        kind.describe()
                    ),
                )?;
                d.at_metadata(metadata)?;
                d.help(
                    "see `NamingConvention` for the tokens each kind may use; \
                 `metadata!` checks this at compile time",
                )?;
            }
        }
        Ok(())
    }
}

impl NameOwner {
    /// `  --> table `users`: app::User (…)` or
    /// `  --> index `ix_users` on `users`: app::User (…)`, where `table` is
    /// how the owning table is named.
    pub(crate) fn write_at(&self, d: &mut Diagnostic<'_, '_>, table: &str) -> fmt::Result {
        match self.kind {
            None => d.at(
                format_args!("table `{table}`: {}", self.table.type_path),
                &self.table.location,
            ),
            Some(kind) => d.at(
                format_args!(
                    "{} `{}` on `{table}`: {}",
                    kind.describe(),
                    self.name,
                    self.table.type_path
                ),
                &self.table.location,
            ),
        }
    }
}

/// `a` or `an`, for a kind of name in a sentence.
fn article(kind: ConstraintKind) -> &'static str {
    match kind {
        ConstraintKind::Index => "an",
        _ => "a",
    }
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

/// Writes the version help, then says whether the "keep one definition"
/// help is needed too: not when the copies are one crate in several
/// versions, where unifying the dependency is the whole fix.
fn needs_one_source_help(
    d: &mut Diagnostic<'_, '_>,
    locations: &[&Location],
) -> Result<bool, fmt::Error> {
    let split = write_version_help(d, locations)?;
    let crates = distinct(locations.iter().map(|location| location.crate_name)).len();
    Ok(!split || crates > 1)
}

/// One `help:` per crate that appears in more than one version: the fix is to
/// unify the dependency, not to delete a definition. Returns whether any did.
fn write_version_help(
    d: &mut Diagnostic<'_, '_>,
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
            d.help(format_args!(
                "`{crate_name}` is linked in {} versions ({}): make every crate depend on one \
                 version of it (`cargo tree {}` shows which crates pull in each)",
                versions.len(),
                versions.join(", "),
                specs.join(" ")
            ))?;
            split = true;
        }
    }
    Ok(split)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        blocks(f, &self.problems)?;
        Diagnostic::error(
            f,
            format_args!(
                "the model registry has {} ({} and {} metadata checked)",
                count(self.problems.len(), "problem"),
                count(self.tables_checked, "table definition"),
                self.metadata_checked,
            ),
        )
        .map(drop)
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

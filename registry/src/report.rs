//! The report of every problem the startup check found.

use core::fmt;

use crate::model::qualified_name;
use crate::{Location, Metadata, TableDef};

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
    /// then duplicate tables, each sorted by name.
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
}

impl Problem {
    /// The kind of problem.
    pub fn kind(&self) -> ProblemKind {
        match self {
            Self::DuplicateTable { .. } => ProblemKind::DuplicateTable,
            Self::DuplicateMetadata { .. } => ProblemKind::DuplicateMetadata,
            Self::UndeclaredMetadata { .. } => ProblemKind::UndeclaredMetadata,
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
        }
    }
}

impl fmt::Display for Problem {
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
        }
        Ok(())
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

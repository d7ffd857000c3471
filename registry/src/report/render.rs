//! The text of every problem: one rustc-style block each, through
//! [`Diagnostic`].

use core::fmt;

use crate::def::{ForeignKeyTarget, Location};
use crate::diagnostic::{Diagnostic, blocks, count, list};
use crate::ident::qualified_name;
use crate::naming::ConstraintKind;
use crate::report::{MissingTarget, NameOwner, Problem, Report};

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
            Self::DuplicateColumn { table, columns } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "{} name one column of `{}`",
                        list(columns),
                        table.qualified_name()
                    ),
                )?;
                d.at_model(table)?;
                d.note("MariaDB compares column names ignoring case, Unicode case included")?;
                d.help("give each column a name of its own; `#[derive(Model)]` checks this at compile time, so this descriptor was built by hand")?;
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
    /// The location line of a name's owner — ``table `users`: app::User``
    /// or ``index `ix_users` on `users`: app::User`` — where `table` is how
    /// the owning table is named.
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

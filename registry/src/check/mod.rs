//! The startup check, as a pipeline over the linked definitions: sort them
//! once (`duplicates`), resolve every table's keys and names (`resolve`),
//! then look across tables for name collisions (`names`) and foreign-key
//! cycles (`graph`). Every problem is collected; none stops the others.

mod duplicates;
pub(crate) mod graph;
mod names;
pub(crate) mod order;
mod resolve;

use crate::def::{Metadata, TableDef};
use crate::report::{Problem, Report};
use crate::schema::ResolvedTable;

/// What a check without problems yields: the definitions in the registry's
/// order and one declaration per metadata. The tables are resolved later,
/// on first use ([`resolve_all`]).
pub(crate) struct Checked {
    pub(crate) tables: Vec<&'static TableDef>,
    pub(crate) metadata: Vec<&'static Metadata>,
}

/// Checks a set of definitions (see `Registry::from_definitions`).
pub(crate) fn check_definitions(
    tables: &[&'static TableDef],
    metadata: &[&'static Metadata],
) -> Result<Checked, Report> {
    let mut problems = Vec::new();

    let mut metadata = metadata.to_vec();
    metadata.sort_unstable_by(|a, b| duplicates::compare_metadata(a, b));
    for group in metadata.chunk_by(|a, b| a.name == b.name) {
        if group.len() > 1 {
            problems.push(Problem::DuplicateMetadata {
                name: group[0].name,
                declarations: group.to_vec(),
            });
        }
    }
    metadata.dedup_by(|a, b| a.name == b.name);

    let keyed = duplicates::sorted(tables);
    let tables: Vec<&'static TableDef> = keyed.iter().map(|keyed| keyed.table).collect();

    // Sorted by metadata name first, so each metadata's tables are one
    // run: look each metadata up once, not once per table.
    for group in keyed.chunk_by(duplicates::Keyed::same_metadata) {
        let name = group[0].table.metadata.name;
        if metadata
            .binary_search_by(|declared| declared.name.cmp(name))
            .is_err()
        {
            problems.push(Problem::UndeclaredMetadata {
                metadata: name,
                tables: group.iter().map(|keyed| keyed.table).collect(),
            });
        }
    }

    // The schema checks look at one definition of each table: a second
    // copy would only repeat its names as collisions.
    let mut distinct = Vec::with_capacity(keyed.len());
    for group in keyed.chunk_by(duplicates::Keyed::same_table) {
        let first = group[0].table;
        distinct.push(first);
        if group.len() > 1 {
            problems.push(Problem::DuplicateTable {
                metadata: first.metadata.name,
                schema: first.schema(),
                table: first.name,
                definitions: group.iter().map(|keyed| keyed.table).collect(),
            });
        }
    }
    validate(&distinct, &metadata, &mut problems);

    if problems.is_empty() {
        Ok(Checked { tables, metadata })
    } else {
        Err(Report::new(problems, tables.len(), metadata.len()))
    }
}

/// Validates `tables` (sorted as the registry sorts them, one definition
/// per table), appending every problem found to `problems`: what resolving
/// them would report, name collisions and foreign-key cycles. Nothing is
/// resolved or named unless two names may collide.
fn validate(
    tables: &[&'static TableDef],
    metadata: &[&'static Metadata],
    problems: &mut Vec<Problem>,
) {
    for declared in metadata {
        if let Err((kind, _)) = declared.naming.validate() {
            problems.push(Problem::InvalidNamingConvention {
                metadata: declared,
                kind,
                template: declared.naming.template(kind),
            });
        }
    }
    let mut names = names::Names::with_capacity(tables.len() * 2);
    let mut edges = Vec::new();
    for index in 0..tables.len() {
        resolve::validate_table(index, tables, problems, &mut names, &mut edges);
    }
    if names.any_shared() {
        // Some names hash alike: look at the names themselves.
        names::check_names(&resolve_all(tables), problems);
    }
    graph::check_cycles(tables, &edges, problems);
}

/// Every table resolved: its keys, indexes and constraints with their final
/// names (see `resolve::resolve_table`).
pub(crate) fn resolve_all(tables: &[&'static TableDef]) -> Vec<ResolvedTable> {
    tables
        .iter()
        .map(|table| resolve::resolve_table(table, tables))
        .collect()
}

//! Name collisions: tables, indexes and constraints of one schema must have
//! distinct names, compared as the strictest database compares them.

use crate::check::order::{compare_key, key};
use crate::def::TableDef;
use crate::ident::{name_key, truncated};
use crate::naming::ConstraintKind;
use crate::report::{NameOwner, Problem};
use crate::schema::ResolvedTable;

/// Table, index and constraint names share one namespace per schema
/// (PostgreSQL's relations and constraints, SQLite's schema objects), so
/// they must differ there, compared as the databases compare them: ignoring
/// ASCII case, on the first 63 bytes.
pub(super) fn check_names(schemas: &[ResolvedTable], problems: &mut Vec<Problem>) {
    // Every name with where it comes from: (schema index, ordinal within
    // the table, 0 being the table's own name). Grouped by a hash of the
    // folded key first: sorting 128-bit hashes is far cheaper than sorting by
    // case-folded comparisons, and only equal hashes are compared in full.
    let name_of = |schema: usize, ordinal: usize| -> (Option<ConstraintKind>, &str) {
        let schema = &schemas[schema];
        match ordinal {
            0 => (None, schema.table.name),
            _ => schema
                .constraint_names()
                .nth(ordinal - 1)
                .map_or((None, ""), |(kind, name)| (Some(kind), name)),
        }
    };
    let mut names: Vec<(u128, usize, usize)> = Vec::with_capacity(schemas.len() * 2);
    for (index, schema) in schemas.iter().enumerate() {
        names.push((name_hash(schema.table, schema.table.name), index, 0));
        names.extend(
            schema
                .constraint_names()
                .enumerate()
                .map(|(ordinal, (_, name))| (name_hash(schema.table, name), index, ordinal + 1)),
        );
    }
    names.sort_unstable();
    // An entry's place: its table's metadata and schema, and the name as
    // the databases compare it.
    let place = |entry: &(u128, usize, usize)| {
        let table = schemas[entry.1].table;
        key(table, truncated(name_of(entry.1, entry.2).1))
    };
    let same = |a: &(u128, usize, usize), b: &(u128, usize, usize)| {
        compare_key(place(a), place(b)).is_eq()
    };
    let mut groups: Vec<Vec<(u128, usize, usize)>> = Vec::new();
    for run in names
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // A hash collision could put different names in one run: split it.
        let mut rest: Vec<(u128, usize, usize)> = run.to_vec();
        while let Some(first) = rest.first().copied() {
            let (group, others): (Vec<_>, Vec<_>) =
                rest.into_iter().partition(|entry| same(&first, entry));
            rest = others;
            // Tables with one name are a duplicate table, reported as such.
            if group.len() > 1 && group.iter().any(|entry| entry.2 > 0) {
                groups.push(group);
            }
        }
    }
    // The report lists collisions by place then name; in each, the table
    // first, then the rest in table order.
    for group in &mut groups {
        group.sort_unstable_by_key(|entry| (entry.2 > 0, entry.1, entry.2));
    }
    groups.sort_by(|a, b| compare_key(place(&a[0]), place(&b[0])));
    for group in groups {
        let table = schemas[group[0].1].table;
        problems.push(Problem::NameCollision {
            metadata: table.metadata.name,
            schema: table.schema(),
            owners: group
                .iter()
                .map(|&(_, schema, ordinal)| {
                    let (kind, name) = name_of(schema, ordinal);
                    NameOwner {
                        table: schemas[schema].table,
                        kind,
                        name: name.to_owned(),
                    }
                })
                .collect(),
        });
    }
}

/// A hash of (metadata, folded schema, folded and truncated name): the
/// compile-time key of a table of that name, which folds alike.
fn name_hash(table: &TableDef, name: &str) -> u128 {
    name_key(table.metadata.name, table.schema(), truncated(name))
}

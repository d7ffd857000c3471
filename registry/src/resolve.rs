//! The schema half of the startup check: resolves every table's keys,
//! indexes and constraints to final names and target columns, and reports
//! what cannot be created: foreign keys that cross databases or point at
//! nothing, mismatched key types, colliding names and foreign-key cycles.

use std::collections::BTreeMap;

use crate::registry::{compare_folded, compare_key, compare_schemas, find, key};
use crate::report::{CycleEdge, MissingTarget, NameOwner, Problem};
use crate::table_schema::{Check, ForeignKey, Index, PrimaryKey, TableSchema, Unique, parts};
use crate::{ColumnDef, ConstraintKind, ForeignKeyTarget, Metadata, TableDef};

/// Resolves `tables` (sorted as the registry sorts them), appending every
/// problem found to `problems`. The schemas are in the same order as the
/// tables.
pub(crate) fn resolve(
    tables: &[&'static TableDef],
    metadata: &[&'static Metadata],
    problems: &mut Vec<Problem>,
) -> Vec<TableSchema> {
    for declared in metadata {
        if let Err((kind, _)) = declared.naming.validate() {
            problems.push(Problem::InvalidNamingConvention {
                metadata: declared,
                kind,
                template: declared.naming.template(kind),
            });
        }
    }
    let schemas: Vec<TableSchema> = tables
        .iter()
        .map(|table| resolve_table(table, tables, problems))
        .collect();
    check_names(&schemas, problems);
    check_cycles(tables, &schemas, problems);
    schemas
}

// One table's keys, indexes and constraints, each named in turn.
#[allow(clippy::too_many_lines)]
fn resolve_table(
    table: &'static TableDef,
    tables: &[&'static TableDef],
    problems: &mut Vec<Problem>,
) -> TableSchema {
    let naming = &table.metadata.naming;
    let mut columns_of = |names: &'static [&'static str], kind: ConstraintKind| {
        names
            .iter()
            .filter_map(|name| {
                let column = table.column(name);
                if column.is_none() {
                    problems.push(Problem::UnknownColumn {
                        table,
                        kind,
                        column: name,
                    });
                }
                column
            })
            .collect::<Vec<_>>()
    };

    let key: Vec<&'static ColumnDef> = table.primary_key().collect();
    let primary_key = (!key.is_empty()).then(|| {
        // Most keys have a column or two: name them without a `Vec`.
        let mut few = [""; 4];
        let many: Vec<&str>;
        let names: &[&str] = if key.len() <= few.len() {
            for (name, column) in few.iter_mut().zip(&key) {
                *name = column.name;
            }
            &few[..key.len()]
        } else {
            many = key.iter().map(|column| column.name).collect();
            &many
        };
        PrimaryKey {
            name: naming.render(ConstraintKind::PrimaryKey, &parts(table, names, None, "")),
            columns: key,
        }
    });
    let indexes = table
        .indexes
        .iter()
        .map(|index| Index {
            name: given_or(index.name, || {
                naming.render(
                    ConstraintKind::Index,
                    &parts(table, index.columns, None, ""),
                )
            }),
            columns: columns_of(index.columns, ConstraintKind::Index),
            unique: index.unique,
        })
        .collect();
    let uniques = table
        .uniques
        .iter()
        .map(|unique| Unique {
            name: given_or(unique.name, || {
                naming.render(
                    ConstraintKind::Unique,
                    &parts(table, unique.columns, None, ""),
                )
            }),
            columns: columns_of(unique.columns, ConstraintKind::Unique),
        })
        .collect();
    let checks = table
        .checks
        .iter()
        .map(|check| Check {
            name: naming.render(ConstraintKind::Check, &parts(table, &[], None, check.name)),
            expr: check.expr,
        })
        .collect();
    let foreign_keys = table
        .foreign_keys()
        .filter_map(|(column, key)| {
            let (referred_table, referred_column) =
                foreign_key_target(table, column, key.target, tables, problems)?;
            if referred_column.sql_type != column.sql_type {
                problems.push(Problem::ForeignKeyTypeMismatch {
                    table,
                    column,
                    referred_table,
                    referred_column,
                });
            }
            let name = naming.render(
                ConstraintKind::ForeignKey,
                &parts(
                    table,
                    &[column.name],
                    Some((referred_table.name, &[referred_column.name])),
                    "",
                ),
            );
            Some(ForeignKey {
                name,
                column,
                referred_table,
                referred_column,
                on_delete: key.on_delete,
                on_update: key.on_update,
                use_alter: key.use_alter,
            })
        })
        .collect();
    TableSchema {
        table,
        primary_key,
        indexes,
        uniques,
        foreign_keys,
        checks,
    }
}

/// A given name is used as it is (see `NamingConvention`); only generated
/// ones are shortened, by `render`.
fn given_or(given: Option<&'static str>, generate: impl FnOnce() -> String) -> String {
    given.map_or_else(generate, str::to_owned)
}

/// The table and column a foreign key points at, or `None` after reporting
/// why there is none in the key's own metadata.
fn foreign_key_target(
    table: &'static TableDef,
    column: &'static ColumnDef,
    target: ForeignKeyTarget,
    tables: &[&'static TableDef],
    problems: &mut Vec<Problem>,
) -> Option<(&'static TableDef, &'static ColumnDef)> {
    let referred_table = match target {
        ForeignKeyTarget::Model(referred) => referred,
        ForeignKeyTarget::Column {
            schema,
            table: name,
            ..
        } => {
            let schema = schema.or(table.metadata.schema);
            let found = find(tables, table.metadata.name, schema, name).map(|index| tables[index]);
            // The same table in another metadata: the database it lives in
            // is not this one.
            let elsewhere = || {
                tables.iter().copied().find(|candidate| {
                    compare_schemas(candidate.schema(), schema).is_eq()
                        && compare_folded(candidate.name, name).is_eq()
                })
            };
            match found.or_else(elsewhere) {
                Some(found) => found,
                None => {
                    problems.push(Problem::UnknownForeignKeyTarget {
                        table,
                        column,
                        target,
                        missing: MissingTarget::Table,
                    });
                    return None;
                }
            }
        }
    };
    if referred_table.metadata.name != table.metadata.name {
        problems.push(Problem::ForeignKeyAcrossMetadata {
            table,
            column,
            referred_table,
        });
        return None;
    }
    let referred_column = match target {
        ForeignKeyTarget::Model(_) => {
            let mut key = referred_table.primary_key();
            match (key.next(), key.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
        ForeignKeyTarget::Column { column: name, .. } => referred_table.column(name),
    };
    if referred_column.is_none() {
        problems.push(Problem::UnknownForeignKeyTarget {
            table,
            column,
            target,
            missing: match target {
                ForeignKeyTarget::Model(_) => MissingTarget::SingleColumnKey,
                ForeignKeyTarget::Column { .. } => MissingTarget::Column,
            },
        });
    }
    referred_column.map(|referred_column| (referred_table, referred_column))
}

/// Table, index and constraint names share one namespace per schema
/// (PostgreSQL's relations and constraints, SQLite's schema objects), so
/// they must differ there, compared as the databases compare them: ignoring
/// ASCII case, on the first 63 bytes.
fn check_names(schemas: &[TableSchema], problems: &mut Vec<Problem>) {
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
    crate::__private::table_key(table.metadata, table.schema(), truncated(name))
}

/// The first 63 bytes (at a character boundary): what PostgreSQL keeps.
fn truncated(name: &str) -> &str {
    let mut end = name.len().min(crate::MAX_NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Tables whose foreign keys (other than `use_alter` ones and
/// self-references) form a cycle cannot be created one after another.
fn check_cycles(
    tables: &[&'static TableDef],
    schemas: &[TableSchema],
    problems: &mut Vec<Problem>,
) {
    let index_of = |table: &TableDef| {
        find(tables, table.metadata.name, table.schema(), table.name)
            .filter(|index| core::ptr::eq(tables[*index], table))
    };
    let edges: Vec<Vec<(usize, &ForeignKey)>> = schemas
        .iter()
        .map(|schema| {
            schema
                .ordering_keys()
                .filter_map(|key| index_of(key.referred_table).map(|to| (to, key)))
                .collect()
        })
        .collect();
    for component in strongly_connected(&edges) {
        let cycle = cycle_through(&component, &edges)
            .into_iter()
            .map(|(from, key)| CycleEdge {
                table: tables[from],
                column: key.column,
                referred_table: key.referred_table,
            })
            .collect();
        problems.push(Problem::ForeignKeyCycle {
            metadata: tables[component[0]].metadata.name,
            cycle,
        });
    }
}

/// Tarjan's algorithm, iteratively: the components of two or more nodes
/// (the only ones with a cycle; a self-reference is not an edge here), each
/// sorted, in order of their smallest node. A node without edges is its own
/// component and costs no allocation.
fn strongly_connected(edges: &[Vec<(usize, &ForeignKey)>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut components = Vec::new();
    let mut work = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX || edges[root].is_empty() {
            continue;
        }
        work.push((root, 0));
        while let Some(&mut (node, ref mut child)) = work.last_mut() {
            if *child == 0 && index[node] == usize::MAX {
                index[node] = next;
                low[node] = next;
                next += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&(to, _)) = edges[node].get(*child) {
                *child += 1;
                if index[to] == usize::MAX {
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                if stack.last() == Some(&node) {
                    stack.pop();
                    on_stack[node] = false;
                    continue;
                }
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components.sort_unstable_by_key(|component| component[0]);
    components
}

/// One cycle inside a strongly connected component, from its smallest node
/// back to it, following the first edge that stays in the component and
/// reaches the start (breadth-first, so the cycle is a shortest one).
fn cycle_through<'k>(
    component: &[usize],
    edges: &[Vec<(usize, &'k ForeignKey)>],
) -> Vec<(usize, &'k ForeignKey)> {
    let start = component[0];
    let inside = |node: &usize| component.binary_search(node).is_ok();
    let mut came_from: BTreeMap<usize, (usize, &ForeignKey)> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &(to, key) in &edges[node] {
            if !inside(&to) {
                continue;
            }
            if to == start {
                let mut path = vec![(node, key)];
                let mut at = node;
                while at != start {
                    let (from, key) = came_from[&at];
                    path.push((from, key));
                    at = from;
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(entry) = came_from.entry(to) {
                entry.insert((node, key));
                queue.push_back(to);
            }
        }
    }
    Vec::new()
}

//! The foreign-key graph: cycles that no creation order can satisfy, and
//! the creation order itself.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::check::order::find;
use crate::def::{ColumnDef, TableDef};
use crate::report::{CycleEdge, Problem};
use crate::schema::ResolvedTable;

/// Tables whose foreign keys (other than `use_alter` ones and
/// self-references) form a cycle cannot be created one after another.
/// `edges` holds those keys: (index of the referring table in `tables`, its
/// column, the referred table).
pub(super) fn check_cycles(
    tables: &[&'static TableDef],
    edges: &[(usize, &'static ColumnDef, &'static TableDef)],
    problems: &mut Vec<Problem>,
) {
    if edges.is_empty() {
        return;
    }
    let index_of = |table: &TableDef| {
        find(tables, table.metadata.name, table.schema(), table.name)
            .filter(|index| core::ptr::eq(tables[*index], table))
    };
    let mut adjacent: Vec<Vec<(usize, &'static ColumnDef)>> = vec![Vec::new(); tables.len()];
    for &(from, column, referred_table) in edges {
        if let Some(to) = index_of(referred_table) {
            adjacent[from].push((to, column));
        }
    }
    for component in strongly_connected(&adjacent) {
        let cycle = cycle_through(&component, &adjacent)
            .into_iter()
            .map(|(from, to, column)| CycleEdge {
                table: tables[from],
                column,
                referred_table: tables[to],
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
fn strongly_connected<E>(edges: &[Vec<(usize, E)>]) -> Vec<Vec<usize>> {
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
fn cycle_through<E: Copy>(
    component: &[usize],
    edges: &[Vec<(usize, E)>],
) -> Vec<(usize, usize, E)> {
    let start = component[0];
    let inside = |node: &usize| component.binary_search(node).is_ok();
    let mut came_from: BTreeMap<usize, (usize, E)> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &(to, edge) in &edges[node] {
            if !inside(&to) {
                continue;
            }
            if to == start {
                let mut path = vec![(node, start, edge)];
                let mut at = node;
                while at != start {
                    let (from, edge) = came_from[&at];
                    path.push((from, at, edge));
                    at = from;
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(entry) = came_from.entry(to) {
                entry.insert((node, edge));
                queue.push_back(to);
            }
        }
    }
    Vec::new()
}

/// `schemas` (one metadata's resolved tables, in the order of `tables`) in
/// an order that creates each table after those its foreign keys reference;
/// among tables free to go, in registry order. Kahn's algorithm.
pub(crate) fn creation_order<'s>(
    tables: &[&'static TableDef],
    schemas: &'s [ResolvedTable],
) -> Vec<&'s ResolvedTable> {
    let position = |table: &TableDef| find(tables, table.metadata.name, table.schema(), table.name);
    // For each table, how many other tables it waits for; and who waits
    // for it.
    let mut waiting_for = vec![0_usize; schemas.len()];
    let mut waited_by: Vec<Vec<usize>> = vec![Vec::new(); schemas.len()];
    for (index, schema) in schemas.iter().enumerate() {
        let mut parents: Vec<usize> = schema
            .ordering_keys()
            .filter_map(|key| position(key.referred_table))
            .collect();
        parents.sort_unstable();
        parents.dedup();
        waiting_for[index] = parents.len();
        for parent in parents {
            waited_by[parent].push(index);
        }
    }
    let mut ready: BTreeSet<usize> = (0..schemas.len())
        .filter(|index| waiting_for[*index] == 0)
        .collect();
    let mut order = Vec::with_capacity(schemas.len());
    while let Some(index) = ready.pop_first() {
        order.push(&schemas[index]);
        for &child in &waited_by[index] {
            waiting_for[child] -= 1;
            if waiting_for[child] == 0 {
                ready.insert(child);
            }
        }
    }
    // The check refused cycles, so every table was placed.
    debug_assert_eq!(order.len(), schemas.len());
    order
}

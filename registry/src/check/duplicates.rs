//! Duplicates: the same metadata declared twice, the same table defined
//! twice, and models of a metadata nobody declared. Every definition is
//! sorted once into the registry's order, which also makes the report
//! independent of link order.

use core::cmp::Ordering;

use crate::check::order::compare_keys;
use crate::def::{ColumnDef, Metadata, TableDef};
use crate::ident::{compare_folded, compare_schemas};

/// Name, path, location, then the rest: a total order on what a metadata
/// holds, so that the report never depends on the order of the inputs.
pub(super) fn compare_metadata(a: &Metadata, b: &Metadata) -> Ordering {
    a.name
        .cmp(b.name)
        .then_with(|| a.path.cmp(b.path))
        .then_with(|| a.location.cmp(&b.location))
        .then_with(|| a.schema.cmp(&b.schema))
}

/// The order of definitions that claim one table: what the report prints
/// (type path, location, then the spellings), then everything else they
/// hold. Only descriptors with equal contents tie, and those print alike, so
/// the report is the same in any link order.
fn compare_contents(a: &TableDef, b: &TableDef) -> Ordering {
    a.type_path
        .cmp(b.type_path)
        .then_with(|| a.location.cmp(&b.location))
        .then_with(|| a.name.cmp(b.name))
        .then_with(|| a.schema().cmp(&b.schema()))
        .then_with(|| compare_metadata(a.metadata, b.metadata))
        .then_with(|| {
            let key = |column: &'static ColumnDef| {
                (
                    column.name,
                    column.field,
                    column.rust_type,
                    column.nullable,
                    column.primary_key,
                )
            };
            a.columns.iter().map(key).cmp(b.columns.iter().map(key))
        })
        // The schema as written, which `Debug` shows: `None` and the
        // metadata's schema spelled out are otherwise alike.
        .then_with(|| a.schema.cmp(&b.schema))
}

/// The definitions in the registry's order ([`compare_keys`], then
/// [`compare_contents`] between definitions of one table), with their keys.
///
/// Sorting the references themselves compares through them, and each
/// comparison reads two descriptors and their strings: at 10,000 tables,
/// which no longer fit in the caches, that was a quarter of the check. Each
/// descriptor is read once here instead, into a key of the ranks of its
/// metadata and schema (of which there are few) and the first eight bytes
/// of its folded name; the descriptors are read again only when two keys
/// tie, here and in [`Keyed::same_table`].
pub(super) fn sorted(tables: &[&'static TableDef]) -> Vec<Keyed> {
    // The distinct metadata names and schemas, sorted. A table mostly has
    // the very same metadata and schema as the one before it (models of a
    // crate are linked together), so each is collected only on a change.
    let mut metadata: Vec<&'static str> = Vec::new();
    let mut schemas: Vec<Option<&'static str>> = Vec::new();
    let mut last: Option<&'static TableDef> = None;
    for &table in tables {
        if !last.is_some_and(|last| same_place(last, table)) {
            metadata.push(table.metadata.name);
            schemas.push(table.schema());
            last = Some(table);
        }
    }
    metadata.sort_unstable();
    metadata.dedup();
    schemas.sort_unstable_by(|a, b| compare_schemas(*a, *b));
    schemas.dedup_by(|a, b| compare_schemas(*a, *b).is_eq());
    // Every value was collected above, so each search finds it.
    let rank = |found: Result<usize, usize>| found.unwrap_or_else(|position| position) as u64;
    let mut last: Option<(&'static TableDef, u64)> = None;
    let mut keyed: Vec<Keyed> = tables
        .iter()
        .map(|&table| {
            let place = match last {
                Some((last, place)) if same_place(last, table) => place,
                _ => {
                    let metadata = rank(metadata.binary_search(&table.metadata.name));
                    let schema =
                        rank(schemas.binary_search_by(|s| compare_schemas(*s, table.schema())));
                    (metadata << 32) | schema
                }
            };
            last = Some((table, place));
            let mut prefix = [0; 8];
            for (to, from) in prefix.iter_mut().zip(table.name.bytes()) {
                *to = from.to_ascii_lowercase();
            }
            Keyed {
                place,
                prefix: u64::from_be_bytes(prefix),
                table,
            }
        })
        .collect();
    // By the integers first; then, only among equal ones, by the names
    // themselves and the rest.
    keyed.sort_unstable_by_key(|keyed| (keyed.place, keyed.prefix));
    for run in keyed.chunk_by_mut(|a, b| (a.place, a.prefix) == (b.place, b.prefix)) {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| {
                compare_folded(a.table.name, b.table.name)
                    .then_with(|| compare_contents(a.table, b.table))
            });
        }
    }
    keyed
}

/// A definition with the integers it is sorted by: the ranks of its
/// metadata and schema among those linked (`place`: metadata in the high
/// 32 bits) and the first eight bytes of its folded name.
pub(super) struct Keyed {
    place: u64,
    prefix: u64,
    pub(super) table: &'static TableDef,
}

impl Keyed {
    /// Whether both tables are in one metadata.
    pub(super) fn same_metadata(&self, other: &Self) -> bool {
        self.place >> 32 == other.place >> 32
    }

    /// Whether both define one table ([`compare_keys`] equal), reading the
    /// descriptors only when the integers tie.
    pub(super) fn same_table(&self, other: &Self) -> bool {
        (self.place, self.prefix) == (other.place, other.prefix)
            && compare_keys(self.table, other.table).is_eq()
    }
}

/// Whether two tables have the very same metadata and schema strings
/// (address and length): then they are in one place, without comparing.
pub(super) fn same_place(a: &TableDef, b: &TableDef) -> bool {
    core::ptr::eq(a.metadata.name, b.metadata.name)
        && match (a.schema(), b.schema()) {
            (None, None) => true,
            (Some(a), Some(b)) => core::ptr::eq(a, b),
            _ => false,
        }
}

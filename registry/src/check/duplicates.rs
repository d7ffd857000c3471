//! Duplicates: the same metadata declared twice, the same table defined
//! twice, and models of a metadata nobody declared. Every definition is
//! sorted once into the registry's order, which also makes the report
//! independent of link order.

use core::cmp::Ordering;

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

/// The definitions in the registry's order: [`compare_keys`](crate::check::order::compare_keys), then
/// [`compare_contents`] between definitions of one table.
///
/// Sorting the references themselves compares through them, and each
/// comparison reads two descriptors and their strings: at 10,000 tables,
/// which no longer fit in the caches, that was a quarter of the check. Each descriptor is read once here instead, into a key of the
/// ranks of its metadata and schema (of which there are few) and the first
/// eight bytes of its folded name; the descriptors are read again only when
/// two keys tie.
pub(super) fn sorted(tables: &[&'static TableDef]) -> Vec<&'static TableDef> {
    let mut metadata: Vec<&str> = tables.iter().map(|table| table.metadata.name).collect();
    metadata.sort_unstable();
    metadata.dedup();
    let mut schemas: Vec<Option<&str>> = tables.iter().map(|table| table.schema()).collect();
    schemas.sort_unstable_by(|a, b| compare_schemas(*a, *b));
    schemas.dedup_by(|a, b| compare_schemas(*a, *b).is_eq());
    let rank = |found: Result<usize, usize>| {
        // Every value was collected above, so the search always finds it.
        found.unwrap_or_else(|position| position) as u64
    };
    let mut keyed: Vec<(u64, u64, &'static TableDef)> = tables
        .iter()
        .map(|&table| {
            let metadata = rank(metadata.binary_search(&table.metadata.name));
            let schema = rank(schemas.binary_search_by(|s| compare_schemas(*s, table.schema())));
            let mut prefix = [0; 8];
            for (to, from) in prefix.iter_mut().zip(table.name.bytes()) {
                *to = from.to_ascii_lowercase();
            }
            ((metadata << 32) | schema, u64::from_be_bytes(prefix), table)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| compare_folded(a.2.name, b.2.name))
            .then_with(|| compare_contents(a.2, b.2))
    });
    keyed.into_iter().map(|(_, _, table)| table).collect()
}

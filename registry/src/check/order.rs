//! The registry's order of places — (metadata, schema, name), schemas and
//! names compared ignoring ASCII case — and the binary search over it that
//! every lookup uses.

use core::cmp::Ordering;

use crate::def::TableDef;
use crate::ident::{compare_folded, compare_schemas};

pub(crate) fn compare_keys(a: &TableDef, b: &TableDef) -> Ordering {
    compare_key(key(a, a.name), key(b, b.name))
}

/// A name's place, as the registry compares places: (metadata, effective
/// schema, name).
pub(crate) type Key<'a> = (&'a str, Option<&'a str>, &'a str);

/// The key of `name` in `table`'s metadata and schema (the table's own
/// name, or one of its indexes' or constraints').
pub(crate) fn key<'a>(table: &'a TableDef, name: &'a str) -> Key<'a> {
    (table.metadata.name, table.schema(), name)
}

/// The registry's order of places: metadata by name, then schemas and names
/// ignoring ASCII case (no schema first).
pub(crate) fn compare_key(a: Key<'_>, b: Key<'_>) -> Ordering {
    // Tables of one metadata mostly hold the very same name: equal without
    // reading it.
    let metadata = if core::ptr::eq(a.0, b.0) {
        Ordering::Equal
    } else {
        a.0.cmp(b.0)
    };
    metadata
        .then_with(|| compare_schemas(a.1, b.1))
        .then_with(|| compare_folded(a.2, b.2))
}

/// The position of (metadata, schema, table) in tables sorted as the
/// registry sorts them.
pub(crate) fn find(
    tables: &[&'static TableDef],
    metadata: &str,
    schema: Option<&str>,
    table: &str,
) -> Option<usize> {
    tables
        .binary_search_by(|candidate| {
            compare_key(key(candidate, candidate.name), (metadata, schema, table))
        })
        .ok()
}

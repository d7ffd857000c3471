//! Name collisions: tables, indexes and constraints of one schema must have
//! distinct names, compared as the strictest database compares them.

use core::hash::{BuildHasherDefault, Hasher};
use std::collections::HashSet;

use crate::check::duplicates::same_place;
use crate::check::order::{compare_key, key};
use crate::def::TableDef;
use crate::ident::{MAX_NAME_BYTES, truncated};
use crate::naming::{Compiled, ConstraintKind, NameParts, NamingConvention};
use crate::report::{NameOwner, Problem};
use crate::schema::ResolvedTable;

/// The hash of every table, index and constraint name, gathered table by
/// table while the check validates them, without building the names.
/// Names that collide hash alike, so if no two hashes are equal no two
/// names collide, and the names themselves are never needed; otherwise
/// `check_names` looks at the names.
pub(super) struct Names {
    hashes: Vec<u64>,
    /// The templates rendered so far, each split once: a registry has a
    /// handful of distinct ones.
    compiled: Vec<Compiled>,
    /// Per kind, the last template used, by address, and its index in
    /// `compiled`: each crate has its own copy of a metadata's templates,
    /// and the tables of a crate mostly come one after another.
    last: [Option<(&'static str, usize)>; ConstraintKind::ALL.len()],
    place: u64,
    /// The table whose metadata and schema `place` hashes: the tables come
    /// sorted by them, so most share their predecessor's.
    place_of: Option<&'static TableDef>,
}

impl Names {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self {
            hashes: Vec::with_capacity(capacity),
            compiled: Vec::new(),
            last: [None; ConstraintKind::ALL.len()],
            place: 0,
            place_of: None,
        }
    }

    /// Starts the names of `table`, with its own.
    pub(super) fn table(&mut self, table: &'static TableDef) {
        if !self.place_of.is_some_and(|last| same_place(last, table)) {
            self.place = place_hash(table);
            self.place_of = Some(table);
        }
        self.hashes.push(name_hash(self.place, table.name));
    }

    /// A name given as it is (`#[model(index(name = "..."))]`).
    pub(super) fn given(&mut self, name: &str) {
        self.hashes.push(name_hash(self.place, name));
    }

    /// A name the naming convention generates: hashed piece by piece, as
    /// `NamingConvention::render` gives it. Only a name too long to keep
    /// whole, which `render` shortens, is rendered.
    pub(super) fn rendered(
        &mut self,
        naming: &NamingConvention,
        kind: ConstraintKind,
        parts: &NameParts<'_>,
    ) {
        let template = naming.template(kind);
        let last = &mut self.last[kind as usize];
        let index = match *last {
            Some((seen, index)) if core::ptr::eq(seen, template) => index,
            _ => {
                let index = match self
                    .compiled
                    .iter()
                    .position(|compiled| compiled.template() == template)
                {
                    Some(index) => index,
                    None => {
                        self.compiled.push(Compiled::new(template));
                        self.compiled.len() - 1
                    }
                };
                *last = Some((template, index));
                index
            }
        };
        let (mut hash, mut len) = (self.place, 0);
        self.compiled[index].pieces(parts, &mut |piece| {
            hash = fnv64_folded(hash, piece.as_bytes());
            len += piece.len();
        });
        if len > MAX_NAME_BYTES {
            hash = fnv64_folded(self.place, naming.render(kind, parts).as_bytes());
        }
        self.hashes.push(hash);
    }

    /// Whether two names hash alike: only then can two of them collide.
    /// A set of the hashes, each its own key (`AlreadyHashed`): cheaper
    /// than sorting them.
    pub(super) fn any_shared(self) -> bool {
        let mut seen: HashSet<u64, BuildHasherDefault<AlreadyHashed>> =
            HashSet::with_capacity_and_hasher(self.hashes.len(), BuildHasherDefault::default());
        self.hashes.iter().any(|hash| !seen.insert(*hash))
    }
}

/// The hasher of a set of FNV hashes: the value, with its bits mixed once
/// more (FNV's low bits, which pick the bucket, depend only on the low bits
/// of the input).
#[derive(Default)]
struct AlreadyHashed(u64);

impl Hasher for AlreadyHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64`s are hashed; anything else is folded in all the same.
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(FNV64_PRIME);
        }
    }

    fn write_u64(&mut self, value: u64) {
        // MurmurHash3's 64-bit finalizer.
        let mut x = value;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        self.0 = x ^ (x >> 33);
    }
}

/// Table, index and constraint names share one namespace per schema
/// (PostgreSQL's relations and constraints, SQLite's schema objects), so
/// they must differ there, compared as the databases compare them: ignoring
/// ASCII case, on the first 63 bytes.
pub(super) fn check_names(schemas: &[ResolvedTable], problems: &mut Vec<Problem>) {
    // Every name with where it comes from: (schema index, ordinal within
    // the table, 0 being the table's own name). Grouped by a 64-bit hash of
    // the folded key first: sorting those is far cheaper than sorting by
    // case-folded comparisons, and only equal hashes are compared in full,
    // so a hash collision costs a comparison, never a wrong report.
    let name_of = |schema: u32, ordinal: u32| -> (Option<ConstraintKind>, &str) {
        let schema = &schemas[schema as usize];
        match ordinal {
            0 => (None, schema.table.name),
            _ => schema
                .constraint_names()
                .nth(ordinal as usize - 1)
                .map_or((None, ""), |(kind, name)| (Some(kind), name)),
        }
    };
    let mut names: Vec<(u64, u32, u32)> = Vec::with_capacity(schemas.len() * 2);
    for (index, schema) in schemas.iter().enumerate() {
        // A registry's tables are counted in `usize` but could not fit in
        // memory past `u32::MAX`; nor could a table's constraints.
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        // The place is the same for every name of the table: hashed once.
        let place = place_hash(schema.table);
        names.push((name_hash(place, schema.table.name), index, 0));
        names.extend(
            schema
                .constraint_names()
                .enumerate()
                .map(|(ordinal, (_, name))| {
                    let ordinal = u32::try_from(ordinal + 1).unwrap_or(u32::MAX);
                    (name_hash(place, name), index, ordinal)
                }),
        );
    }
    names.sort_unstable();
    // An entry's place: its table's metadata and schema, and the name as
    // the databases compare it.
    let place = |entry: &(u64, u32, u32)| {
        let table = schemas[entry.1 as usize].table;
        key(table, truncated(name_of(entry.1, entry.2).1))
    };
    let same = |a: &(u64, u32, u32), b: &(u64, u32, u32)| compare_key(place(a), place(b)).is_eq();
    let mut groups: Vec<Vec<(u64, u32, u32)>> = Vec::new();
    for run in names
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // A hash collision could put different names in one run: split it.
        let mut rest: Vec<(u64, u32, u32)> = run.to_vec();
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
        let table = schemas[group[0].1 as usize].table;
        problems.push(Problem::NameCollision {
            metadata: table.metadata.name,
            schema: table.schema(),
            owners: group
                .iter()
                .map(|&(_, schema, ordinal)| {
                    let (kind, name) = name_of(schema, ordinal);
                    NameOwner {
                        table: schemas[schema as usize].table,
                        kind,
                        name: name.to_owned(),
                    }
                })
                .collect(),
        });
    }
}

const FNV64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV64_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits, over ASCII-lowercased bytes: cheaper per byte than the
/// crate's 128-bit hash, and enough to group names that are then compared
/// in full.
fn fnv64_folded(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= u64::from(byte.to_ascii_lowercase());
        hash = hash.wrapping_mul(FNV64_PRIME);
    }
    hash
}

/// A hash of the place a table's names live in: its metadata and its folded
/// effective schema. 0xff never occurs in UTF-8, so it separates the parts.
fn place_hash(table: &TableDef) -> u64 {
    let mut hash = fnv64_folded(FNV64_OFFSET, table.metadata.name.as_bytes());
    hash = fnv64_folded(hash, &[0xff]);
    if let Some(schema) = table.schema() {
        hash = fnv64_folded(hash, &[1]);
        hash = fnv64_folded(hash, schema.as_bytes());
    }
    fnv64_folded(hash, &[0xff])
}

/// A hash of a name in its place, folded and truncated as the databases
/// compare it. Names equal in that comparison hash alike; `compare_key`
/// decides between names that merely share a hash.
fn name_hash(place: u64, name: &str) -> u64 {
    fnv64_folded(place, truncated(name).as_bytes())
}

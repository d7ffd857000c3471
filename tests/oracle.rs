//! The startup check against a deliberately naive oracle.
//!
//! Random sets of hand-built definitions over a tiny alphabet of names, so
//! that case-only differences, schemas that agree only after folding, one
//! table name in several metadata, one metadata name declared several times,
//! undeclared metadata and repeated descriptors all occur in most cases. For
//! each set, [`Registry::from_definitions`] must report exactly the problems
//! the oracle finds by comparing every pair, with every definition in the
//! documented order, whatever order the inputs come in.
//!
//! The oracle shares no code with the check: it groups by union of equal
//! pairs and orders with owned, lower-cased tuples instead of the library's
//! allocation-free comparators.

use std::collections::BTreeMap;

use model_registry::__private::{column, metadata, table};
use model_registry::{
    ColumnDef, Location, Metadata, NamingConvention, Problem, ProblemKind, Registry, SqlType,
    TableDef,
};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

// The alphabets: small, so that collisions are the rule.
const METADATA_NAMES: &[&str] = &["default", "platform", "Platform", "é"];
const METADATA_SCHEMAS: &[Option<&str>] = &[None, None, Some("audit"), Some("Audit")];
const METADATA_PATHS: &[&str] = &["app::DB", "lib::DB"];
const TABLE_SCHEMAS: &[Option<&str>] =
    &[None, None, None, Some("audit"), Some("AUDIT"), Some("app")];
const TABLE_NAMES: &[&str] = &["users", "Users", "USERS", "orders", "é", "É", "ß", "users "];
const TYPE_PATHS: &[&str] = &["app::User", "lib::User", "app::Order"];
const CRATES: &[&str] = &["app", "lib"];
const VERSIONS: &[&str] = &["0.1.0", "0.2.0"];
const FILES: &[&str] = &["src/lib.rs", "src/models.rs"];
const COLUMNS: &[&[ColumnDef]] = &[
    &[column(
        "id",
        "id",
        "i64",
        SqlType::BigInt,
        false,
        true,
        None,
        None,
    )],
    &[
        column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        column(
            "note",
            "note",
            "Option<String>",
            SqlType::Text,
            true,
            false,
            None,
            None,
        ),
    ],
];

fn pick<T: Copy>(index: Index, items: &[T]) -> T {
    *index.get(items)
}

#[derive(Debug, Clone)]
struct LocationSpec {
    crate_name: Index,
    version: Index,
    file: Index,
    line: u32,
    column: u32,
}

impl LocationSpec {
    fn build(&self) -> Location {
        Location::new(
            Some(pick(self.crate_name, CRATES)),
            Some(pick(self.version, VERSIONS)),
            pick(self.file, FILES),
            self.line,
            self.column,
        )
    }
}

fn location() -> impl Strategy<Value = LocationSpec> {
    (
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        1..3u32,
        1..3u32,
    )
        .prop_map(|(crate_name, version, file, line, column)| LocationSpec {
            crate_name,
            version,
            file,
            line,
            column,
        })
}

#[derive(Debug, Clone)]
struct MetadataSpec {
    name: Index,
    schema: Index,
    path: Index,
    location: LocationSpec,
}

#[derive(Debug, Clone)]
struct TableSpec {
    /// Into the case's metadata, declared or not.
    metadata: Index,
    schema: Index,
    name: Index,
    type_path: Index,
    columns: Index,
    location: LocationSpec,
}

/// One generated input: descriptors, then which of them are linked (with
/// repetition: a descriptor may be passed more than once) and in which order.
#[derive(Debug, Clone)]
struct Case {
    metadata: Vec<MetadataSpec>,
    declared: Vec<Index>,
    tables: Vec<TableSpec>,
    /// `None`: each descriptor once, in generated order.
    linked: Option<Vec<Index>>,
    shuffle: u64,
}

fn case(max_tables: usize) -> impl Strategy<Value = Case> {
    let metadata = prop::collection::vec(
        (any::<Index>(), any::<Index>(), any::<Index>(), location()).prop_map(
            |(name, schema, path, location)| MetadataSpec {
                name,
                schema,
                path,
                location,
            },
        ),
        1..6,
    );
    let table = (
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        location(),
    )
        .prop_map(
            |(metadata, schema, name, type_path, columns, location)| TableSpec {
                metadata,
                schema,
                name,
                type_path,
                columns,
                location,
            },
        );
    (
        metadata,
        prop::collection::vec(any::<Index>(), 0..6),
        prop::collection::vec(table, 0..=max_tables),
        // Mostly each descriptor once; sometimes many copies of a few.
        prop_oneof![
            4 => Just(None),
            1 => prop::collection::vec(any::<Index>(), 0..=max_tables).prop_map(Some),
        ],
        any::<u64>(),
    )
        .prop_map(|(metadata, declared, tables, linked, shuffle)| Case {
            metadata,
            declared,
            tables,
            linked,
            shuffle,
        })
}

/// The leaked descriptors of a case, in their generated (link) order.
struct Input {
    tables: Vec<&'static TableDef>,
    metadata: Vec<&'static Metadata>,
}

impl Case {
    fn build(&self) -> Input {
        let metadata: Vec<&'static Metadata> = self
            .metadata
            .iter()
            .map(|spec| {
                let name = pick(spec.name, METADATA_NAMES);
                &*Box::leak(Box::new(metadata(
                    name,
                    pick(spec.schema, METADATA_SCHEMAS),
                    NamingConvention::DEFAULT,
                    pick(spec.path, METADATA_PATHS),
                    spec.location.build(),
                )))
            })
            .collect();
        let descriptors: Vec<&'static TableDef> = self
            .tables
            .iter()
            .map(|spec| {
                &*Box::leak(Box::new(table(
                    pick(spec.metadata, &metadata),
                    pick(spec.schema, TABLE_SCHEMAS),
                    pick(spec.name, TABLE_NAMES),
                    pick(spec.columns, COLUMNS),
                    &[],
                    &[],
                    &[],
                    pick(spec.type_path, TYPE_PATHS),
                    spec.location.build(),
                )))
            })
            .collect();
        let tables = match &self.linked {
            _ if descriptors.is_empty() => Vec::new(),
            None => descriptors,
            Some(linked) => linked
                .iter()
                .map(|index| pick(*index, &descriptors))
                .collect(),
        };
        Input {
            tables,
            metadata: self
                .declared
                .iter()
                .map(|index| pick(*index, &metadata))
                .collect(),
        }
    }
}

impl Input {
    /// The same definitions made consistent: each metadata name declared
    /// once, and of the definitions that claim one table only the first, so
    /// that the check must build a registry.
    fn consistent(&self) -> Self {
        let mut metadata: Vec<&'static Metadata> = Vec::new();
        for declared in self
            .tables
            .iter()
            .map(|t| t.metadata())
            .chain(self.metadata.iter().copied())
        {
            if !metadata.iter().any(|m| m.name() == declared.name()) {
                metadata.push(declared);
            }
        }
        let mut tables: Vec<&'static TableDef> = Vec::new();
        for table in &self.tables {
            if !tables.iter().any(|kept| same_table(kept, table)) {
                tables.push(table);
            }
        }
        Self { tables, metadata }
    }
}

/// Fisher-Yates with a xorshift generator seeded by the case.
fn shuffled<T: Copy>(items: &[T], seed: u64) -> Vec<T> {
    let mut state = seed | 1;
    let mut out = items.to_vec();
    for i in (1..out.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = usize::try_from(state % (i as u64 + 1)).unwrap();
        out.swap(i, j);
    }
    out
}

// ---------------------------------------------------------------------------
// The oracle

fn fold(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// Whether two definitions claim one table: same metadata name, same
/// effective schema and table name after ASCII lower-casing.
fn same_table(a: &TableDef, b: &TableDef) -> bool {
    a.metadata().name() == b.metadata().name()
        && a.schema().map(fold) == b.schema().map(fold)
        && fold(a.name()) == fold(b.name())
}

/// Connected components of the "equal" relation over `0..len`, by union of
/// every equal pair.
fn components(len: usize, equal: impl Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    fn root(parent: &[usize], mut i: usize) -> usize {
        while parent[i] != i {
            i = parent[i];
        }
        i
    }
    let mut parent: Vec<usize> = (0..len).collect();
    for i in 0..len {
        for j in 0..len {
            if i != j && equal(i, j) {
                let (a, b) = (root(&parent, i), root(&parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..len {
        let r = root(&parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}

type LocationKey = (&'static str, &'static str, &'static str, u32, u32);
type ColumnKey = (&'static str, &'static str, &'static str, bool, bool);

fn location_key(location: &Location) -> LocationKey {
    (
        location.crate_name(),
        location.crate_version(),
        location.file(),
        location.line(),
        location.column(),
    )
}

/// Everything a metadata holds, in the documented order: name, path,
/// location, then the rest.
type MetadataKey = (
    &'static str,
    &'static str,
    LocationKey,
    Option<&'static str>,
);

fn metadata_key(metadata: &Metadata) -> MetadataKey {
    (
        metadata.name(),
        metadata.path(),
        location_key(metadata.location()),
        metadata.schema(),
    )
}

/// Everything a definition holds, in the documented order of definitions
/// within one problem: type path, location, then the rest.
type TableKey = (
    &'static str,
    LocationKey,
    &'static str,
    Option<&'static str>,
    MetadataKey,
    Vec<ColumnKey>,
);

fn table_key(table: &TableDef) -> TableKey {
    (
        table.type_path(),
        location_key(table.location()),
        table.name(),
        table.schema(),
        metadata_key(table.metadata()),
        table
            .columns()
            .iter()
            .map(|c| {
                (
                    c.name(),
                    c.field(),
                    c.rust_type(),
                    c.is_nullable(),
                    c.is_primary_key(),
                )
            })
            .collect(),
    )
}

/// The registry-wide identity of a table, as the registry sorts it.
fn identity(table: &TableDef) -> (&'static str, Option<String>, String) {
    (
        table.metadata().name(),
        table.schema().map(fold),
        fold(table.name()),
    )
}

/// A problem reduced to what the oracle predicts: the kind, the names in the
/// headline, exactly which descriptors it holds (their addresses, sorted, as
/// a multiset) and what they hold, in report order. Two descriptors with
/// equal contents are interchangeable, so only their addresses' multiset is
/// compared, not their relative order.
#[derive(Debug, PartialEq, Eq)]
struct Expected {
    kind: ProblemKind,
    names: Vec<Option<&'static str>>,
    members: Vec<usize>,
    contents: Vec<String>,
}

fn sorted_addresses(addresses: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut addresses: Vec<usize> = addresses.collect();
    addresses.sort_unstable();
    addresses
}

fn address<T>(item: &T) -> usize {
    core::ptr::from_ref(item) as usize
}

fn expect_tables(
    kind: ProblemKind,
    names: Vec<Option<&'static str>>,
    members: &[&'static TableDef],
) -> Expected {
    Expected {
        kind,
        names,
        members: sorted_addresses(members.iter().map(|t| address(*t))),
        contents: members
            .iter()
            .map(|t| format!("{:?}", table_key(t)))
            .collect(),
    }
}

fn expect_metadata(name: &'static str, members: &[&'static Metadata]) -> Expected {
    Expected {
        kind: ProblemKind::DuplicateMetadata,
        names: vec![Some(name)],
        members: sorted_addresses(members.iter().map(|m| address(*m))),
        contents: members
            .iter()
            .map(|m| format!("{:?}", metadata_key(m)))
            .collect(),
    }
}

/// The problems the oracle finds, in the documented report order: duplicate
/// metadata, undeclared metadata, duplicate tables, each sorted by name.
fn oracle(input: &Input) -> Vec<Expected> {
    let mut problems = Vec::new();

    // Metadata declared under one name more than once.
    let declared = &input.metadata;
    let mut duplicate_metadata: Vec<Vec<&'static Metadata>> = components(declared.len(), |i, j| {
        declared[i].name() == declared[j].name()
    })
    .into_iter()
    .filter(|group| group.len() > 1)
    .map(|group| group.into_iter().map(|i| declared[i]).collect())
    .collect();
    duplicate_metadata.sort_by_key(|group: &Vec<&Metadata>| group[0].name());
    for mut group in duplicate_metadata {
        group.sort_by_key(|m| metadata_key(m));
        problems.push(expect_metadata(group[0].name(), &group));
    }

    // Tables whose metadata name nobody declared.
    let undeclared: Vec<&'static TableDef> = input
        .tables
        .iter()
        .copied()
        .filter(|t| !declared.iter().any(|m| m.name() == t.metadata().name()))
        .collect();
    let mut groups: Vec<Vec<&'static TableDef>> = components(undeclared.len(), |i, j| {
        undeclared[i].metadata().name() == undeclared[j].metadata().name()
    })
    .into_iter()
    .map(|group| group.into_iter().map(|i| undeclared[i]).collect())
    .collect();
    groups.sort_by_key(|group: &Vec<&TableDef>| group[0].metadata().name());
    for mut group in groups {
        group.sort_by_key(|t| {
            let (_, schema, name) = identity(t);
            (schema, name, table_key(t))
        });
        problems.push(expect_tables(
            ProblemKind::UndeclaredMetadata,
            vec![Some(group[0].metadata().name())],
            &group,
        ));
    }

    // One table claimed by several definitions.
    let tables = &input.tables;
    let mut groups: Vec<Vec<&'static TableDef>> =
        components(tables.len(), |i, j| same_table(tables[i], tables[j]))
            .into_iter()
            .filter(|group| group.len() > 1)
            .map(|group| group.into_iter().map(|i| tables[i]).collect())
            .collect();
    groups.sort_by_key(|group: &Vec<&TableDef>| identity(group[0]));
    for mut group in groups {
        group.sort_by_key(|t| table_key(t));
        // The headline spells the names as the first definition does.
        let first = group[0];
        problems.push(expect_tables(
            ProblemKind::DuplicateTable,
            vec![
                Some(first.metadata().name()),
                first.schema(),
                Some(first.name()),
            ],
            &group,
        ));
    }
    problems
}

fn observed(problem: &Problem) -> Expected {
    match problem {
        Problem::DuplicateMetadata {
            name, declarations, ..
        } => expect_metadata(name, declarations),
        Problem::UndeclaredMetadata {
            metadata, tables, ..
        } => expect_tables(
            ProblemKind::UndeclaredMetadata,
            vec![Some(metadata)],
            tables,
        ),
        Problem::DuplicateTable {
            metadata,
            schema,
            table,
            definitions,
            ..
        } => expect_tables(
            ProblemKind::DuplicateTable,
            vec![Some(metadata), *schema, Some(table)],
            definitions,
        ),
        other => panic!("a problem the oracle does not know: {other:?}"),
    }
}

fn distinct_names(metadata: &[&Metadata]) -> usize {
    let mut names: Vec<&str> = metadata.iter().map(|m| m.name()).collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// The check on `input` (shuffled by `seed`) agrees with the oracle, and its
/// text is the text of the check on the unshuffled input.
fn check_case(input: &Input, seed: u64) -> Result<(), TestCaseError> {
    let expected = oracle(input);
    let in_order = Registry::from_definitions(&input.tables, &input.metadata);
    let tables = shuffled(&input.tables, seed);
    let metadata = shuffled(&input.metadata, seed.rotate_left(17));
    let result = Registry::from_definitions(&tables, &metadata);

    match (&result, &in_order) {
        (Err(report), Err(in_order)) => {
            let problems: Vec<Expected> = report.problems().iter().map(observed).collect();
            prop_assert_eq!(&problems, &expected);
            prop_assert_eq!(report.tables_checked(), input.tables.len());
            prop_assert_eq!(report.metadata_checked(), distinct_names(&input.metadata));
            let text = report.to_string();
            prop_assert_eq!(&text, &in_order.to_string());
            // One block per problem, one line per definition, and the total.
            let headlines = text
                .lines()
                .filter(|line| line.starts_with("error: "))
                .count();
            prop_assert_eq!(headlines, expected.len() + 1);
            let definitions: usize = expected.iter().map(|problem| problem.members.len()).sum();
            prop_assert_eq!(
                text.lines()
                    .filter(|line| line.starts_with("  --> "))
                    .count(),
                definitions
            );
            let (debug, expected_debug) = (format!("{report:#?}"), format!("{in_order:#?}"));
            if let Some((line, (a, b))) = debug
                .lines()
                .zip(expected_debug.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
            {
                prop_assert!(false, "structure differs at line {line}: {a:?} != {b:?}");
            }
            prop_assert_eq!(debug.len(), expected_debug.len());
        }
        (Ok(registry), Ok(in_order)) => {
            prop_assert!(expected.is_empty(), "the oracle found {expected:#?}");
            // Every definition once, in registry order.
            let mut sorted = input.tables.clone();
            sorted.sort_by_key(|t| (identity(t), table_key(t)));
            let addresses = |tables: &[&'static TableDef]| {
                tables.iter().map(|t| address(*t)).collect::<Vec<_>>()
            };
            prop_assert_eq!(addresses(registry.tables()), addresses(&sorted));
            for table in &input.tables {
                prop_assert!(registry.contains(table));
                let found = registry.table_in_schema(
                    table.metadata().name(),
                    table.schema(),
                    &table.name().to_ascii_uppercase(),
                );
                prop_assert!(found.is_some_and(|found| core::ptr::eq(found, *table)));
            }
            let mut names: Vec<&str> = input.metadata.iter().map(|m| m.name()).collect();
            names.sort_unstable();
            prop_assert_eq!(registry.metadata_names().collect::<Vec<_>>(), names);
            prop_assert_eq!(registry.to_string(), in_order.to_string());
        }
        _ => prop_assert!(false, "one order passed and the other failed"),
    }
    Ok(())
}

// In a debug build each case takes well under a millisecond; 10,000 of them
// run in a few seconds.
proptest! {
    #![proptest_config(Config {
        cases: 10_000,
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn the_check_agrees_with_the_oracle(case in case(24)) {
        check_case(&case.build(), case.shuffle)?;
    }
}

proptest! {
    #![proptest_config(Config {
        cases: 2_000,
        failure_persistence: None,
        ..Config::default()
    })]

    /// Most random sets have problems; these never do.
    #[test]
    fn the_check_builds_every_consistent_registry(case in case(24)) {
        let input = case.build().consistent();
        prop_assert!(oracle(&input).is_empty());
        prop_assert!(Registry::from_definitions(&input.tables, &input.metadata).is_ok());
        check_case(&input, case.shuffle)?;
    }
}

proptest! {
    #![proptest_config(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    })]

    /// Fewer, larger sets: hundreds of definitions over the same alphabet.
    #[test]
    fn the_check_agrees_with_the_oracle_on_large_sets(case in case(600)) {
        check_case(&case.build(), case.shuffle)?;
    }
}

#[test]
fn the_empty_set_has_no_problem_in_any_order() {
    let input = Input {
        tables: Vec::new(),
        metadata: Vec::new(),
    };
    assert!(oracle(&input).is_empty());
    check_case(&input, 1).unwrap();
}

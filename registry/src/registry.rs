//! The registry of every table linked into the program, and the check that
//! builds it.

use core::cmp::Ordering;
use core::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use crate::report::{Problem, Report};
use crate::{ColumnDef, Metadata, TableDef, TableSchema};

/// Every table linked into the program, grouped by metadata, checked.
///
/// Get the program's registry from [`registry()`] or [`check()`]. A
/// `Registry` only exists when the check found no problem: every
/// (metadata, schema, table) is defined exactly once, and every metadata is
/// declared exactly once.
///
/// ```rust,standalone_crate
/// model_registry::models!();
/// model_registry::metadata!(pub PLATFORM = "platform");
///
/// #[derive(model_registry::Model)]
/// #[model(table = "oauth_tokens", metadata = crate::PLATFORM)]
/// pub struct OAuthToken {
///     #[model(primary_key)]
///     pub id: i64,
///     pub user_id: String,
/// }
///
/// fn main() {
///     let registry = model_registry::registry();
///     let table = registry.table("platform", "oauth_tokens").unwrap();
///     assert!(table.type_path().ends_with("::OAuthToken"));
///     assert_eq!(registry.tables_in("platform").len(), 1);
///     assert_eq!(registry.metadata_names().collect::<Vec<_>>(), ["default", "platform"]);
/// }
/// ```
pub struct Registry {
    /// Sorted by metadata name, then folded schema, then folded table name.
    tables: Box<[&'static TableDef]>,
    /// Sorted by name, one per name.
    metadata: Box<[&'static Metadata]>,
    /// One per table, in the order of `tables`.
    schemas: Box<[TableSchema]>,
}

impl Registry {
    /// Checks a set of definitions and builds a registry from them, or
    /// returns a report of every problem found.
    ///
    /// [`check()`] calls this once with everything linked into the program;
    /// call it yourself to check a hand-picked set (in a tool, or a test).
    /// The result does not depend on the order of the inputs.
    ///
    /// # Errors
    ///
    /// A [`Report`] listing every problem among the inputs: duplicate
    /// tables and metadata, undeclared metadata, and the schema problems
    /// (foreign keys that cross metadata or point at nothing, mismatched
    /// key types, name collisions, foreign-key cycles).
    pub fn from_definitions(
        tables: &[&'static TableDef],
        metadata: &[&'static Metadata],
    ) -> Result<Self, Report> {
        let mut problems = Vec::new();

        let mut metadata = metadata.to_vec();
        metadata.sort_unstable_by(|a, b| compare_metadata(a, b));
        for group in metadata.chunk_by(|a, b| a.name == b.name) {
            if group.len() > 1 {
                problems.push(Problem::DuplicateMetadata {
                    name: group[0].name,
                    declarations: group.to_vec(),
                });
            }
        }
        metadata.dedup_by(|a, b| a.name == b.name);

        let tables = sorted(tables);

        // Sorted by metadata name first, so each metadata's tables are one
        // run: look each metadata up once, not once per table.
        for group in tables.chunk_by(|a, b| a.metadata.name == b.metadata.name) {
            let name = group[0].metadata.name;
            if metadata
                .binary_search_by(|declared| declared.name.cmp(name))
                .is_err()
            {
                problems.push(Problem::UndeclaredMetadata {
                    metadata: name,
                    tables: group.to_vec(),
                });
            }
        }

        for group in tables.chunk_by(|a, b| compare_keys(a, b).is_eq()) {
            if group.len() > 1 {
                problems.push(Problem::DuplicateTable {
                    metadata: group[0].metadata.name,
                    schema: group[0].schema(),
                    table: group[0].name,
                    definitions: group.to_vec(),
                });
            }
        }

        // The schema checks look at one definition of each table: a second
        // copy would only repeat its names as collisions.
        let mut distinct = tables.clone();
        distinct.dedup_by(|a, b| compare_keys(a, b).is_eq());
        let schemas = crate::resolve::resolve(&distinct, &metadata, &mut problems);

        if problems.is_empty() {
            Ok(Self {
                tables: tables.into_boxed_slice(),
                metadata: metadata.into_boxed_slice(),
                schemas: schemas.into_boxed_slice(),
            })
        } else {
            Err(Report::new(problems, tables.len(), metadata.len()))
        }
    }

    /// Every table, sorted by metadata name, then schema, then table name
    /// (schema and table compared ignoring ASCII case).
    pub fn tables(&self) -> &[&'static TableDef] {
        &self.tables
    }

    /// Every declared metadata, sorted by name, including those without
    /// tables (such as [`DEFAULT`](crate::DEFAULT) in a program that names a
    /// metadata on every model).
    pub fn metadata(&self) -> impl ExactSizeIterator<Item = &'static Metadata> + '_ {
        self.metadata.iter().copied()
    }

    /// The names of every declared metadata, sorted.
    pub fn metadata_names(&self) -> impl ExactSizeIterator<Item = &'static str> + '_ {
        self.metadata.iter().map(|metadata| metadata.name)
    }

    /// The declared metadata called `name`.
    pub fn metadata_named(&self, name: &str) -> Option<&'static Metadata> {
        self.metadata
            .binary_search_by(|metadata| metadata.name.cmp(name))
            .ok()
            .map(|index| self.metadata[index])
    }

    /// The tables of the metadata called `metadata`, sorted by schema then
    /// name; empty if there is no such metadata.
    pub fn tables_in(&self, metadata: &str) -> &[&'static TableDef] {
        let start = self
            .tables
            .partition_point(|table| table.metadata.name < metadata);
        let len = self.tables[start..].partition_point(|table| table.metadata.name == metadata);
        &self.tables[start..start + len]
    }

    /// The table `table` of the metadata `metadata`, in that metadata's
    /// default schema (or with no schema, if it has none). Names compare
    /// ignoring ASCII case, as the duplicate check does.
    pub fn table(&self, metadata: &str, table: &str) -> Option<&'static TableDef> {
        let schema = self.metadata_named(metadata)?.schema;
        self.schema_table(metadata, schema, table)
    }

    /// The table `schema.table` of the metadata `metadata`, where a `None`
    /// schema means a table declared without any schema. Names compare
    /// ignoring ASCII case, as the duplicate check does.
    pub fn schema_table(
        &self,
        metadata: &str,
        schema: Option<&str>,
        table: &str,
    ) -> Option<&'static TableDef> {
        find(&self.tables, metadata, schema, table).map(|index| self.tables[index])
    }

    /// The resolved keys, indexes and constraints of a table in the
    /// registry, with their final names.
    pub fn table_schema(&self, table: &TableDef) -> Option<&TableSchema> {
        let index = find(
            &self.tables,
            table.metadata.name,
            table.schema(),
            table.name,
        )?;
        core::ptr::eq(self.tables[index], table).then(|| &self.schemas[index])
    }

    /// The tables of the metadata called `metadata` in an order that
    /// creates each one after the tables its foreign keys reference (keys
    /// marked `use_alter` aside, which are added once every table exists).
    /// Among tables free to go, the order is by schema, then name. Drop in
    /// the reverse order.
    pub fn creation_order(&self, metadata: &str) -> Vec<&TableSchema> {
        let start = self
            .tables
            .partition_point(|table| table.metadata.name < metadata);
        let schemas = &self.schemas[start..start + self.tables_in(metadata).len()];
        let position = |table: &TableDef| {
            find(
                &self.tables[start..start + schemas.len()],
                metadata,
                table.schema(),
                table.name,
            )
        };
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
        let mut ready: std::collections::BTreeSet<usize> = (0..schemas.len())
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

    /// Whether this very descriptor is in the registry, e.g.
    /// `registry.contains(User::TABLE)`. A model whose crate is never named
    /// by the program is not linked, so its table is absent.
    pub fn contains(&self, table: &TableDef) -> bool {
        self.schema_table(table.metadata.name, table.schema(), table.name)
            .is_some_and(|found| core::ptr::eq(found, table))
    }
}

/// Name, path, location, then the rest: a total order on what a metadata
/// holds, so that the report never depends on the order of the inputs.
fn compare_metadata(a: &Metadata, b: &Metadata) -> Ordering {
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

/// The definitions in the registry's order: [`compare_keys`], then
/// [`compare_contents`] between definitions of one table.
///
/// Sorting the references themselves compares through them, and each
/// comparison reads two descriptors and their strings: at 10,000 tables,
/// which no longer fit in the caches, that was a quarter of the check. Each descriptor is read once here instead, into a key of the
/// ranks of its metadata and schema (of which there are few) and the first
/// eight bytes of its folded name; the descriptors are read again only when
/// two keys tie.
fn sorted(tables: &[&'static TableDef]) -> Vec<&'static TableDef> {
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

fn compare_keys(a: &TableDef, b: &TableDef) -> Ordering {
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
    a.0.cmp(b.0)
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

pub(crate) fn compare_schemas(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => compare_folded(a, b),
    }
}

/// Compares as if both were ASCII-lowercased, without allocating.
pub(crate) fn compare_folded(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|byte| byte.to_ascii_lowercase())
        .cmp(b.bytes().map(|byte| byte.to_ascii_lowercase()))
}

/// One block per metadata, one line per table:
///
/// ```text
/// metadata `platform` (2 tables)
///   oauth_tokens      id*, user_id, expires_at?   app::OAuthToken (app 0.1.0, src/lib.rs:8:10)
/// ```
///
/// `*` marks primary-key columns, `?` nullable ones.
impl fmt::Display for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, metadata) in self.metadata.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            let tables = self.tables_in(metadata.name);
            let plural = if tables.len() == 1 { "" } else { "s" };
            write!(f, "metadata `{}`", metadata.name)?;
            if let Some(schema) = metadata.schema {
                write!(f, ", schema `{schema}`")?;
            }
            writeln!(f, " ({} table{plural})", tables.len())?;
            let rows: Vec<(String, String, &TableDef)> = tables
                .iter()
                .map(|table| (table.qualified_name(), column_summary(table), *table))
                .collect();
            let name_width = rows.iter().map(|row| row.0.len()).max().unwrap_or(0);
            let columns_width = rows.iter().map(|row| row.1.len()).max().unwrap_or(0);
            for (name, columns, table) in rows {
                writeln!(
                    f,
                    "  {name:name_width$}  {columns:columns_width$}  {} ({})",
                    table.type_path, table.location
                )?;
            }
        }
        Ok(())
    }
}

fn column_summary(table: &TableDef) -> String {
    let mut summary = String::new();
    for (index, column) in table.columns.iter().enumerate() {
        if index > 0 {
            summary.push_str(", ");
        }
        summary.push_str(column.name);
        if column.primary_key {
            summary.push('*');
        }
        if column.nullable {
            summary.push('?');
        }
    }
    summary
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("metadata", &self.metadata)
            .field("tables", &self.tables)
            .finish_non_exhaustive()
    }
}

static CHECKED: OnceLock<Result<Registry, Report>> = OnceLock::new();

/// How many times the global check has run; the tests of concurrent first
/// access read it to show that it runs once.
static CHECK_RUNS: AtomicUsize = AtomicUsize::new(0);

pub(crate) fn check_runs() -> usize {
    CHECK_RUNS.load(AtomicOrdering::SeqCst)
}

/// Checks every table and metadata linked into the program, once, and
/// returns the registry or the report of every problem found.
///
/// The first call does the work (sorting the definitions, then resolving
/// every table's keys and names); later calls return the same result. Safe to call from many threads at once. Never
/// panics.
///
/// ```
/// match model_registry::check() {
///     Ok(registry) => println!("{} tables", registry.tables().len()),
///     Err(report) => eprintln!("{report}"),
/// }
/// ```
///
/// # Errors
///
/// The [`Report`] of every problem, when any definition conflicts.
pub fn check() -> Result<&'static Registry, &'static Report> {
    CHECKED
        .get_or_init(|| {
            CHECK_RUNS.fetch_add(1, AtomicOrdering::SeqCst);
            Registry::from_definitions(&crate::__private::TABLES, &crate::__private::METADATA)
        })
        .as_ref()
}

/// The program's registry, checked on first access.
///
/// # Panics
///
/// With the full [`Report`] (every problem, every definition with its type
/// path, crate@version and `file:line:column`) if anything conflicts. Use
/// [`check()`] to handle the report yourself.
#[track_caller]
pub fn registry() -> &'static Registry {
    match check() {
        Ok(registry) => registry,
        Err(report) => panic!("{report}"),
    }
}

#[cfg(test)]
mod tests {
    use super::Registry;
    use crate::__private::{column, metadata, table};
    use crate::report::{Problem, ProblemKind};
    use crate::{ColumnDef, Location, Metadata, NamingConvention, SqlType, TableDef};

    const ID: &[ColumnDef] = &[column(
        "id",
        "id",
        "i64",
        SqlType::BigInt,
        false,
        true,
        None,
        None,
    )];

    fn here(crate_name: &'static str, version: &'static str, line: u32) -> Location {
        Location::new(Some(crate_name), Some(version), "src/lib.rs", line, 5)
    }

    fn meta(name: &'static str, schema: Option<&'static str>) -> &'static Metadata {
        Box::leak(Box::new(metadata(
            name,
            schema,
            NamingConvention::DEFAULT,
            name,
            here("app", "0.1.0", 1),
        )))
    }

    fn model(
        metadata: &'static Metadata,
        schema: Option<&'static str>,
        name: &'static str,
        type_path: &'static str,
        location: Location,
    ) -> &'static TableDef {
        Box::leak(Box::new(table(
            metadata,
            schema,
            name,
            ID,
            &[],
            &[],
            &[],
            type_path,
            location,
        )))
    }

    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }

    #[test]
    fn the_empty_registry_is_valid() {
        let registry = Registry::from_definitions(&[], &[]).unwrap();
        assert!(registry.tables().is_empty());
        assert_eq!(registry.metadata_names().len(), 0);
        assert!(registry.table("default", "users").is_none());
        assert!(registry.tables_in("default").is_empty());
        assert_eq!(registry.to_string(), "");
    }

    #[test]
    fn one_table() {
        let default = meta("default", None);
        let users = model(default, None, "users", "app::User", here("app", "0.1.0", 3));
        let registry = Registry::from_definitions(&[users], &[default]).unwrap();
        assert!(core::ptr::eq(
            registry.table("default", "USERS").unwrap(),
            users
        ));
        assert!(registry.contains(users));
        let copy = model(default, None, "users", "app::User", here("app", "0.1.0", 3));
        assert!(
            !registry.contains(copy),
            "contains compares identity, not content"
        );
    }

    #[test]
    fn a_metadata_nobody_declared_is_reported_with_its_tables() {
        let default = meta("default", None);
        let ghost = meta("ghost", None);
        let a = model(ghost, None, "a", "app::A", here("app", "0.1.0", 3));
        let b = model(ghost, None, "b", "app::B", here("app", "0.1.0", 9));
        let report = Registry::from_definitions(&[b, a], &[default]).unwrap_err();
        let [Problem::UndeclaredMetadata { metadata, tables }] = report.problems() else {
            panic!("{report:#?}");
        };
        assert_eq!(*metadata, "ghost");
        assert_eq!(
            tables.iter().map(|t| t.name()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            report.to_string(),
            "error: metadata `ghost` is used by 2 models but never declared with `metadata!`
  --> app::A (app 0.1.0, src/lib.rs:3:5)
  --> app::B (app 0.1.0, src/lib.rs:9:5)
  = help: declare it once with `model_registry::metadata!(pub NAME = \"ghost\");` and write `#[model(metadata = path::to::NAME)]`

error: the model registry has 1 problem (2 table definitions and 1 metadata checked)"
        );
    }

    #[test]
    fn schemas_separate_tables_and_the_metadata_schema_is_the_default() {
        let audit = meta("audit", Some("audit"));
        let implicit = model(audit, None, "events", "a::Event", here("a", "1.0.0", 1));
        let explicit = model(
            audit,
            Some("Audit"),
            "Events",
            "b::Event",
            here("b", "1.0.0", 1),
        );
        let other = model(
            audit,
            Some("archive"),
            "events",
            "c::Event",
            here("c", "1.0.0", 1),
        );
        let report =
            Registry::from_definitions(&[implicit, explicit, other], &[audit]).unwrap_err();
        let [
            Problem::DuplicateTable {
                schema,
                definitions,
                ..
            },
        ] = report.problems()
        else {
            panic!("{report:#?}");
        };
        assert_eq!(*schema, Some("audit"));
        assert_eq!(definitions.len(), 2);
        assert!(
            report.to_string().starts_with(
                "error: table `audit.events` is defined 2 times in metadata `audit`\n"
            )
        );
    }

    #[test]
    fn thousands_of_tables_with_scattered_duplicates() {
        let metadata: Vec<&'static Metadata> =
            (0..4).map(|i| meta(leak(format!("db{i}")), None)).collect();
        let mut tables = Vec::new();
        for i in 0..5_000u32 {
            let db = metadata[(i % 4) as usize];
            let name = leak(format!("table_{i}"));
            tables.push(model(
                db,
                None,
                name,
                leak(format!("a::T{i}")),
                here("a", "1.0.0", i),
            ));
            // Every 50th table is defined again, in another crate and case.
            if i % 50 == 0 {
                let upper = leak(name.to_ascii_uppercase());
                tables.push(model(
                    db,
                    None,
                    upper,
                    leak(format!("b::T{i}")),
                    here("b", "2.0.0", i),
                ));
            }
        }
        let report = Registry::from_definitions(&tables, &metadata).unwrap_err();
        assert_eq!(report.tables_checked(), 5_100);
        assert_eq!(report.problems().len(), 100);
        assert!(
            report
                .problems()
                .iter()
                .all(|p| p.kind() == ProblemKind::DuplicateTable && p.locations().len() == 2)
        );

        // Without the copies, all 5,000 are found again by name.
        tables.retain(|table| table.type_path().starts_with("a::"));
        let registry = Registry::from_definitions(&tables, &metadata).unwrap();
        assert_eq!(registry.tables().len(), 5_000);
        for i in (0..5_000u32).step_by(7) {
            let found = registry
                .table(&format!("db{}", i % 4), &format!("TABLE_{i}"))
                .unwrap();
            assert_eq!(found.type_path(), format!("a::T{i}"));
        }
    }

    // Found by the oracle property test (tests/oracle.rs): definitions that
    // differ only in how they spell the schema used to tie in the sort, so
    // the headline spelled the schema of whichever was linked first.
    #[test]
    fn definitions_that_differ_only_in_schema_spelling_report_alike_in_any_order() {
        let default = meta("default", None);
        let lower = model(
            default,
            Some("audit"),
            "users",
            "lib::User",
            here("lib", "0.1.0", 2),
        );
        let upper = model(
            default,
            Some("AUDIT"),
            "users",
            "lib::User",
            here("lib", "0.1.0", 2),
        );
        let report = |tables: &[&'static TableDef]| {
            Registry::from_definitions(tables, &[default])
                .unwrap_err()
                .to_string()
        };
        let expected = report(&[lower, upper]);
        assert_eq!(report(&[upper, lower]), expected);
        assert!(
            expected.starts_with("error: table `AUDIT.users` is defined 2 times"),
            "{expected}"
        );
    }

    // Also from the oracle: `None` and the metadata's schema spelled out
    // mean the same schema but show differently in `{:#?}`.
    #[test]
    fn an_explicit_default_schema_sorts_apart_from_none() {
        let audit = meta("audit", Some("audit"));
        let implicit = model(audit, None, "events", "a::Event", here("a", "1.0.0", 1));
        let explicit = model(
            audit,
            Some("audit"),
            "events",
            "a::Event",
            here("a", "1.0.0", 1),
        );
        let report = |tables: &[&'static TableDef]| {
            format!(
                "{:#?}",
                Registry::from_definitions(tables, &[audit]).unwrap_err()
            )
        };
        assert_eq!(report(&[implicit, explicit]), report(&[explicit, implicit]));
    }

    #[test]
    fn one_crate_in_two_versions_gets_the_unify_help_for_metadata_too() {
        let v1 = Box::leak(Box::new(metadata(
            "platform",
            None,
            NamingConvention::DEFAULT,
            "shared::PLATFORM",
            here("shared", "1.0.0", 4),
        )));
        let v2 = Box::leak(Box::new(metadata(
            "platform",
            None,
            NamingConvention::DEFAULT,
            "shared::PLATFORM",
            here("shared", "2.0.0", 4),
        )));
        let text = Registry::from_definitions(&[], &[v2, v1])
            .unwrap_err()
            .to_string();
        assert_eq!(
            text,
            "error: metadata `platform` is declared 2 times
  --> shared::PLATFORM (shared 1.0.0, src/lib.rs:4:5)
  --> shared::PLATFORM (shared 2.0.0, src/lib.rs:4:5)
  = help: `shared` is linked in 2 versions (1.0.0, 2.0.0): make every crate depend on one version of it (`cargo tree -i shared@1.0.0 -i shared@2.0.0` shows which crates pull in each)

error: the model registry has 1 problem (0 table definitions and 1 metadata checked)"
        );
    }

    #[test]
    fn the_report_does_not_depend_on_link_order() {
        let default = meta("default", None);
        let platform = meta("platform", None);
        let platform_again = Box::leak(Box::new(metadata(
            "platform",
            None,
            NamingConvention::DEFAULT,
            "other::PLATFORM",
            here("other", "0.2.0", 4),
        )));
        let mut tables = Vec::new();
        for (i, name) in ["users", "Users", "orders", "users", "items", "ORDERS"]
            .iter()
            .enumerate()
        {
            let db = if i % 2 == 0 { default } else { platform };
            let line = u32::try_from(i).unwrap();
            tables.push(model(
                db,
                None,
                name,
                leak(format!("m{i}::T")),
                here("app", "0.1.0", line),
            ));
            tables.push(model(
                default,
                None,
                name,
                leak(format!("n{i}::T")),
                here("lib", "1.0.0", line),
            ));
        }
        let metadata = vec![platform_again, default, platform];
        let expected = Registry::from_definitions(&tables, &metadata)
            .unwrap_err()
            .to_string();
        // Every rotation and the reversal of both inputs give the same text.
        for shift in 0..tables.len() {
            let mut tables = tables.clone();
            tables.rotate_left(shift);
            let mut metadata = metadata.clone();
            metadata.rotate_left(shift % 3);
            assert_eq!(
                Registry::from_definitions(&tables, &metadata)
                    .unwrap_err()
                    .to_string(),
                expected
            );
            tables.reverse();
            metadata.reverse();
            assert_eq!(
                Registry::from_definitions(&tables, &metadata)
                    .unwrap_err()
                    .to_string(),
                expected
            );
        }
    }
}

//! The registry of every table linked into the program, and the check that
//! builds it.

use core::fmt;
use std::sync::OnceLock;

use crate::check::order::find;
use crate::def::{Metadata, MetadataName, TableDef};
use crate::diagnostic::count;
use crate::linked;
use crate::report::Report;
use crate::schema::ResolvedTable;

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
    /// One per table, in the order of `tables`: resolved on first use, so
    /// that the startup check builds no names it does not need.
    schemas: OnceLock<Box<[ResolvedTable]>>,
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
        let checked = crate::check::check_definitions(tables, metadata)?;
        Ok(Self {
            tables: checked.tables.into_boxed_slice(),
            metadata: checked.metadata.into_boxed_slice(),
            schemas: OnceLock::new(),
        })
    }

    /// Every table resolved, in the order of `tables`.
    fn schemas(&self) -> &[ResolvedTable] {
        self.schemas
            .get_or_init(|| crate::check::resolve_all(&self.tables).into_boxed_slice())
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

    /// The declared metadata called `name` (or the declaration of a
    /// [`Metadata`] constant: `registry.metadata_named(&PLATFORM)`).
    pub fn metadata_named<M: MetadataName + ?Sized>(&self, name: &M) -> Option<&'static Metadata> {
        let name = name.metadata_name();
        self.metadata
            .binary_search_by(|metadata| metadata.name.cmp(name))
            .ok()
            .map(|index| self.metadata[index])
    }

    /// The tables of a metadata — `registry.tables_in(&PLATFORM)` or
    /// `registry.tables_in("platform")` — sorted by schema then name; empty
    /// if there is no such metadata.
    pub fn tables_in<M: MetadataName + ?Sized>(&self, metadata: &M) -> &[&'static TableDef] {
        let range = self.range_of(metadata.metadata_name());
        &self.tables[range]
    }

    /// Where the tables of the metadata called `metadata` are.
    fn range_of(&self, metadata: &str) -> core::ops::Range<usize> {
        let start = self
            .tables
            .partition_point(|table| table.metadata.name < metadata);
        let len = self.tables[start..].partition_point(|table| table.metadata.name == metadata);
        start..start + len
    }

    /// The table `table` of a metadata, in that metadata's default schema
    /// (or with no schema, if it has none). Names compare ignoring ASCII
    /// case, as the duplicate check does.
    pub fn table<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        table: &str,
    ) -> Option<&'static TableDef> {
        let schema = self.metadata_named(metadata)?.schema;
        self.table_in_schema(metadata, schema, table)
    }

    /// The table `schema.table` of a metadata, where a `None` schema means a
    /// table declared without any schema. Names compare ignoring ASCII
    /// case, as the duplicate check does.
    pub fn table_in_schema<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        schema: Option<&str>,
        table: &str,
    ) -> Option<&'static TableDef> {
        find(&self.tables, metadata.metadata_name(), schema, table).map(|index| self.tables[index])
    }

    /// The table as the database will hold it: its keys, indexes and
    /// constraints resolved, with their final names. `None` if this very
    /// descriptor is not in the registry.
    pub fn resolved(&self, table: &TableDef) -> Option<&ResolvedTable> {
        let index = find(
            &self.tables,
            table.metadata.name,
            table.schema(),
            table.name,
        )?;
        core::ptr::eq(self.tables[index], table).then(|| &self.schemas()[index])
    }

    /// The tables of a metadata in an order that creates each one after the
    /// tables its foreign keys reference (keys marked `use_alter` aside,
    /// which are added once every table exists). Among tables free to go,
    /// the order is by schema, then name. Drop in the reverse order.
    pub fn creation_order<M: MetadataName + ?Sized>(&self, metadata: &M) -> Vec<&ResolvedTable> {
        let range = self.range_of(metadata.metadata_name());
        crate::check::graph::creation_order(&self.tables[range.clone()], &self.schemas()[range])
    }

    /// Whether this very descriptor is in the registry, e.g.
    /// `registry.contains(User::TABLE)`. A model whose crate is never named
    /// by the program is not linked, so its table is absent.
    pub fn contains(&self, table: &TableDef) -> bool {
        self.table_in_schema(table.metadata.name, table.schema(), table.name)
            .is_some_and(|found| core::ptr::eq(found, table))
    }
}

impl Metadata {
    /// The tables of this metadata, sorted by schema then name.
    ///
    /// Reads the global [`registry()`], so it panics with the full report if
    /// the registry has problems.
    #[track_caller]
    pub fn tables(&self) -> &'static [&'static TableDef] {
        registry().tables_in(self.name)
    }
}

/// One block per metadata, one line per table:
///
/// ```text
/// metadata `platform` (2 tables)
///   oauth_tokens      id*+, user_id, expires_at?  app::OAuthToken (app 0.1.0, src/lib.rs:8:10)
/// ```
///
/// `*` marks primary-key columns, `+` the key the database numbers itself
/// (see [`ResolvedTable::identity`]), `?` nullable columns.
impl fmt::Display for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, metadata) in self.metadata.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            let tables = self.tables_in(metadata.name);
            write!(f, "metadata `{}`", metadata.name)?;
            if let Some(schema) = metadata.schema {
                write!(f, ", schema `{schema}`")?;
            }
            writeln!(f, " ({})", count(tables.len(), "table"))?;
            let rows: Vec<(String, String, &TableDef)> = tables
                .iter()
                .map(|table| {
                    let summary = column_summary(table, self.resolved(table));
                    (table.qualified_name(), summary, *table)
                })
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

fn column_summary(table: &TableDef, resolved: Option<&ResolvedTable>) -> String {
    let identity = resolved.and_then(ResolvedTable::identity);
    let mut summary = String::new();
    for (index, column) in table.columns.iter().enumerate() {
        if index > 0 {
            summary.push_str(", ");
        }
        summary.push_str(column.name);
        if column.primary_key {
            summary.push('*');
        }
        if identity.is_some_and(|identity| core::ptr::eq(identity, column)) {
            summary.push('+');
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
            linked::count_check_run();
            // A slice with linkme, a `Vec` with inventory.
            #[allow(clippy::needless_borrow)]
            Registry::from_definitions(&linked::tables(), &linked::metadata())
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

/// Writes a `#[test]` that fails, with the full readable report, if the
/// registry of the crate it is in has any problem — or has no table at all.
///
/// ```rust,standalone_crate
/// // In src/main.rs of a service, or in tests/registry.rs with
/// // `use my_models as _;` for every model crate the service links.
/// model_registry::registry_test!();
/// # fn main() {}
/// ```
///
/// An empty registry fails the test: it is what a test binary that links no
/// model crate sees (Rust links a dependency only if the code names it), and
/// a test that passes there checks nothing. Say what the registry must
/// hold, and the test checks that too:
///
/// ```rust,standalone_crate
/// model_registry::registry_test!(tables = 12, metadata = ["platform", "user_data"]);
/// # fn main() {}
/// ```
///
/// - `tables = N`: exactly `N` tables.
/// - `metadata = [...]`: exactly these metadata have tables.
/// - `allow_empty = true`: a registry without tables passes.
///
/// The test is named `model_registry_is_consistent`; give another name, and
/// attributes for it, first: `registry_test!(#[ignore] my_name, tables = 3)`.
#[macro_export]
macro_rules! registry_test {
    () => {
        $crate::registry_test!(model_registry_is_consistent);
    };
    ($($key:ident = $value:expr),+ $(,)?) => {
        $crate::registry_test!(model_registry_is_consistent, $($key = $value),+);
    };
    ($(#[$attr:meta])* $name:ident $(, $key:ident = $value:expr)* $(,)?) => {
        #[test]
        $(#[$attr])*
        fn $name() {
            $crate::__private::RegistryTest::new()
                $(.$key($value))*
                .run();
        }
    };
}

/// What [`registry_test!`] checks.
#[doc(hidden)]
#[derive(Debug, Default)]
#[must_use]
pub struct RegistryTest {
    allow_empty: bool,
    tables: Option<usize>,
    metadata: Option<Vec<&'static str>>,
}

impl RegistryTest {
    #[allow(missing_docs)]
    pub fn new() -> Self {
        Self::default()
    }

    /// `allow_empty = true`
    pub fn allow_empty(self, allow: bool) -> Self {
        Self {
            allow_empty: allow,
            ..self
        }
    }

    /// `tables = N`
    pub fn tables(self, count: usize) -> Self {
        Self {
            tables: Some(count),
            ..self
        }
    }

    /// `metadata = ["a", "b"]`
    pub fn metadata<const N: usize>(self, names: [&'static str; N]) -> Self {
        Self {
            metadata: Some(names.to_vec()),
            ..self
        }
    }

    /// Checks the program's registry; panics with every way it differs.
    #[track_caller]
    pub fn run(self) {
        let registry = registry();
        if let Err(problems) = self.problems(registry) {
            panic!("{problems}");
        }
    }

    /// Every way `registry` differs from what the test expects.
    pub(crate) fn problems(&self, registry: &Registry) -> Result<(), String> {
        let mut problems = Vec::new();
        let tables = registry.tables().len();
        if tables == 0 && !self.allow_empty && self.tables != Some(0) {
            problems.push(
                "error: the registry of this test binary has no table\n  \
                 = note: Rust links a crate only if the code names it, so a test that never names \
                 its model crates sees none of their models\n  \
                 = help: name each model crate once in this test (`use my_models as _;`), or write \
                 `registry_test!(allow_empty = true)` if it has no models on purpose"
                    .to_owned(),
            );
        }
        if let Some(expected) = self.tables
            && expected != tables
        {
            problems.push(format!(
                "error: the registry has {}, the test expects {expected}\n  \
                 = help: a model crate that is not named is not linked: name it (`use my_models as _;`)",
                count(tables, "table")
            ));
        }
        if let Some(expected) = &self.metadata {
            let mut found: Vec<&str> = registry
                .metadata()
                .map(Metadata::name)
                .filter(|name| !registry.tables_in(*name).is_empty())
                .collect();
            found.sort_unstable();
            let mut expected = expected.clone();
            expected.sort_unstable();
            if found != expected {
                problems.push(format!(
                    "error: the metadata with tables are {found:?}, the test expects {expected:?}"
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n\n"))
        }
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
    fn registry_test_refuses_an_empty_registry_unless_told() {
        use super::RegistryTest;
        let empty = Registry::from_definitions(&[], &[]).unwrap();
        let error = RegistryTest::new().problems(&empty).unwrap_err();
        assert!(
            error.starts_with("error: the registry of this test binary has no table\n"),
            "{error}"
        );
        assert!(error.contains("`use my_models as _;`"), "{error}");
        assert!(
            RegistryTest::new()
                .allow_empty(true)
                .problems(&empty)
                .is_ok()
        );
        assert!(RegistryTest::new().tables(0).problems(&empty).is_ok());

        let default = meta("default", None);
        let users = model(default, None, "users", "app::User", here("app", "0.1.0", 3));
        let one = Registry::from_definitions(&[users], &[default]).unwrap();
        assert!(RegistryTest::new().problems(&one).is_ok());
        assert!(
            RegistryTest::new()
                .tables(1)
                .metadata(["default"])
                .problems(&one)
                .is_ok()
        );
        let error = RegistryTest::new()
            .tables(2)
            .metadata(["default", "platform"])
            .problems(&one)
            .unwrap_err();
        assert_eq!(
            error,
            "error: the registry has 1 table, the test expects 2
  = help: a model crate that is not named is not linked: name it (`use my_models as _;`)

error: the metadata with tables are [\"default\"], the test expects [\"default\", \"platform\"]"
        );
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

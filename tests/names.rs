//! Odd names: the compile-time key (`__private::table_key`, the const hash
//! behind the E0119 duplicate error) and the startup check must call the
//! same pairs of definitions one table, and the name rules must say which
//! names get that far.
//!
//! Only ASCII letters are folded: `Users` and `users` are one table, `É`
//! and `é` (or `SS` and `ß`) are two, in both layers, as SQLite compares
//! names and as PostgreSQL folds unquoted ones.

use model_registry::__private::{NameError, check_name, column, metadata, table, table_key};
use model_registry::{
    ColumnDef, Location, MAX_NAME_BYTES, Metadata, NamingConvention, ProblemKind, Registry,
    SqlType, TableDef,
};
use proptest::prelude::*;
use proptest::test_runner::Config;

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

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn meta(name: &str, schema: Option<&str>) -> &'static Metadata {
    let location = Location::new(Some("app"), Some("0.1.0"), "src/lib.rs", 1, 1);
    Box::leak(Box::new(metadata(
        leak(name.to_owned()),
        schema.map(|schema| leak(schema.to_owned())),
        NamingConvention::DEFAULT,
        "app::DB",
        location,
    )))
}

fn model(
    metadata: &'static Metadata,
    schema: Option<&str>,
    name: &str,
    line: u32,
) -> &'static TableDef {
    let location = Location::new(Some("app"), Some("0.1.0"), "src/lib.rs", line, 1);
    Box::leak(Box::new(table(
        metadata,
        schema.map(|schema| leak(schema.to_owned())),
        leak(name.to_owned()),
        ID,
        &[],
        &[],
        &[],
        "app::T",
        location,
    )))
}

/// Whether the startup check calls the two definitions one table.
fn startup_says_duplicate(a: &'static TableDef, b: &'static TableDef) -> bool {
    let declared = [a.metadata(), b.metadata()];
    match Registry::from_definitions(&[a, b], &declared) {
        Ok(_) => false,
        Err(report) => report
            .problems()
            .iter()
            .any(|problem| problem.kind() == ProblemKind::DuplicateTable),
    }
}

/// Whether the compile-time key calls them one table.
fn compile_time_says_duplicate(
    (metadata_a, schema_a, table_a): (&Metadata, Option<&str>, &str),
    (metadata_b, schema_b, table_b): (&Metadata, Option<&str>, &str),
) -> bool {
    table_key(metadata_a, schema_a, table_a) == table_key(metadata_b, schema_b, table_b)
}

/// Short strings over letters that fold (`a A`) and that do not (`é É ß`),
/// and a space.
fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(&["a", "A", "é", "É", "ß", "S", " "][..]),
        0..4,
    )
    .prop_map(|parts| parts.concat())
}

fn side() -> impl Strategy<Value = (String, Option<String>, Option<String>, String)> {
    (
        prop::sample::select(&["db", "DB"][..]).prop_map(str::to_owned),
        prop::option::of(name()),
        prop::option::of(name()),
        name(),
    )
}

proptest! {
    #![proptest_config(Config {
        cases: 10_000,
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn the_compile_time_key_and_the_startup_check_agree(
        (meta_a, default_a, schema_a, table_a) in side(),
        (meta_b, default_b, schema_b, table_b) in side(),
    ) {
        let metadata_a = meta(&meta_a, default_a.as_deref());
        let metadata_b = meta(&meta_b, default_b.as_deref());
        let a = model(metadata_a, schema_a.as_deref(), &table_a, 1);
        let b = model(metadata_b, schema_b.as_deref(), &table_b, 2);
        prop_assert_eq!(
            compile_time_says_duplicate(
                (metadata_a, schema_a.as_deref(), &table_a),
                (metadata_b, schema_b.as_deref(), &table_b),
            ),
            startup_says_duplicate(a, b),
            "{:?} and {:?}", a, b
        );
    }
}

fn both_layers_say_duplicate(x: &str, y: &str) -> bool {
    let db = meta("db", None);
    let compile_time = compile_time_says_duplicate((db, None, x), (db, None, y));
    let startup = startup_says_duplicate(model(db, None, x, 1), model(db, None, y, 2));
    assert_eq!(
        compile_time, startup,
        "{x:?} and {y:?}: the layers disagree"
    );
    startup
}

#[test]
fn only_ascii_case_is_folded_in_both_layers() {
    assert!(both_layers_say_duplicate("users", "USERS"));
    assert!(both_layers_say_duplicate("Größe", "gRößE"));
    assert!(!both_layers_say_duplicate("é", "É"));
    assert!(!both_layers_say_duplicate("straße", "STRASSE"));
    assert!(!both_layers_say_duplicate("users", "users "));
}

#[test]
fn a_trailing_or_leading_space_is_rejected_not_compared() {
    // So `users` and `users ` never both reach the check from the derive.
    assert_eq!(check_name("users "), Err(NameError::Whitespace));
    assert_eq!(check_name(" users"), Err(NameError::Whitespace));
    assert_eq!(check_name("a b"), Ok(()));
    // Only ASCII whitespace is refused; a no-break space is a character of
    // the name like any other, and makes another table.
    assert_eq!(check_name("users\u{a0}"), Ok(()));
    assert!(!both_layers_say_duplicate("users", "users\u{a0}"));
}

#[test]
fn the_limit_is_63_bytes_not_63_characters() {
    assert_eq!(MAX_NAME_BYTES, 63);
    assert_eq!(check_name(&"x".repeat(63)), Ok(()));
    assert_eq!(check_name(&"x".repeat(64)), Err(NameError::TooLong));
    let two_byte = format!("{}a", "é".repeat(31));
    assert_eq!((two_byte.len(), two_byte.chars().count()), (63, 32));
    assert_eq!(check_name(&two_byte), Ok(()));
    let too_long = "é".repeat(32);
    assert_eq!((too_long.len(), too_long.chars().count()), (64, 32));
    assert_eq!(check_name(&too_long), Err(NameError::TooLong));
    // Two names that PostgreSQL would cut to the same 63 bytes cannot both
    // exist: the longer is refused before any comparison.
    assert_eq!(
        check_name(&format!("{}_a", "x".repeat(62))),
        Err(NameError::TooLong)
    );
}

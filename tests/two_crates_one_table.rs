//! Two crates are both "the source of truth" for `customers` and `invoices`
//! (spelled `Invoices` in one of them), and both declare metadata `platform`.
//! Neither crate alone has a problem, so each compiles; the binary that links
//! both must refuse to start, with one report naming all three conflicts.

use fixture_billing as _;
use fixture_crm as _;
use model_registry::{Problem, ProblemKind};

#[test]
fn the_report_names_every_conflict_with_every_definition() {
    let report = model_registry::check().unwrap_err();
    let kinds: Vec<ProblemKind> = report.problems().iter().map(Problem::kind).collect();
    assert_eq!(
        kinds,
        [
            ProblemKind::DuplicateMetadata,
            ProblemKind::DuplicateTable,
            ProblemKind::DuplicateTable
        ]
    );
    assert_eq!(report.tables_checked(), 6);

    let expected = "\
error: metadata `platform` is declared 2 times
  --> fixture_billing::PLATFORM (fixture-billing 0.1.0, tests/crates/billing/src/lib.rs:5:1)
  --> fixture_crm::PLATFORM (fixture-crm 0.2.0, tests/crates/crm/src/lib.rs:5:1)
  = help: declare each metadata once, in one crate, and name it by path everywhere else (`#[model(metadata = that_crate::CONSTANT)]`)

error: table `customers` is defined 2 times in metadata `default`
  --> fixture_billing::Customer (fixture-billing 0.1.0, tests/crates/billing/src/lib.rs:9:12)
  --> fixture_crm::accounts::Customer (fixture-crm 0.2.0, tests/crates/crm/src/lib.rs:10:16)
  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing

error: table `invoices` is defined 2 times in metadata `default`
  --> fixture_billing::Invoice as `invoices` (fixture-billing 0.1.0, tests/crates/billing/src/lib.rs:17:12)
  --> fixture_crm::Invoice as `Invoices` (fixture-crm 0.2.0, tests/crates/crm/src/lib.rs:19:12)
  = note: `invoices` and `Invoices` differ only in ASCII case; SQLite and MySQL treat them as one table
  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing

error: the model registry has 3 problems (6 table definitions and 2 metadata checked)";
    assert_eq!(report.to_string(), expected);
}

#[test]
fn the_structure_matches_the_text() {
    let report = model_registry::check().unwrap_err();
    let Problem::DuplicateTable {
        metadata,
        schema,
        table,
        definitions,
        ..
    } = &report.problems()[1]
    else {
        panic!(
            "expected a duplicate table, got {:#?}",
            report.problems()[1]
        );
    };
    assert_eq!((*metadata, *schema, *table), ("default", None, "customers"));
    let paths: Vec<&str> = definitions.iter().map(|table| table.type_path()).collect();
    assert_eq!(
        paths,
        [
            "fixture_billing::Customer",
            "fixture_crm::accounts::Customer"
        ]
    );
    let crates: Vec<(&str, &str)> = report.problems()[1]
        .locations()
        .iter()
        .map(|(_, location)| (location.crate_name(), location.crate_version()))
        .collect();
    assert_eq!(
        crates,
        [("fixture-billing", "0.1.0"), ("fixture-crm", "0.2.0")]
    );
}

#[test]
fn registry_panics_with_the_same_report() {
    let panic = std::panic::catch_unwind(model_registry::registry).unwrap_err();
    let message = panic
        .downcast_ref::<String>()
        .expect("a formatted panic message");
    assert_eq!(*message, model_registry::check().unwrap_err().to_string());
}

#[test]
fn unwrap_in_a_test_prints_the_readable_report() {
    let debug = format!("{:?}", model_registry::check().unwrap_err());
    assert!(
        debug.starts_with("\nerror: metadata `platform` is declared 2 times\n"),
        "{debug}"
    );
}

// The one-line guard every service should have: here it must fail, with
// the report.
model_registry::registry_test!(
    #[should_panic(expected = "error: metadata `platform` is declared 2 times\n")]
    guard_fails_on_this_registry
);

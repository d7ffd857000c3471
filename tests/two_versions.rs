//! One model crate linked in two semver-incompatible versions (1.0.0 and
//! 2.0.0): module paths and files are identical, so only the recorded
//! crate version tells the definitions apart.

use fixture_legacy_models as _;
use fixture_legacy_models_2 as _;
use model_registry::Problem;

#[test]
fn the_duplicate_names_both_versions_and_says_to_unify_them() {
    let report = model_registry::check().unwrap_err();
    let expected = "\
error: table `users` is defined 2 times in metadata `default`
  --> fixture_legacy_models::User (fixture-legacy-models 1.0.0, tests/crates/legacy-models-1/src/lib.rs:8:12)
  --> fixture_legacy_models::User (fixture-legacy-models 2.0.0, tests/crates/legacy-models-2/src/lib.rs:8:12)
  = help: `fixture-legacy-models` is linked in 2 versions (1.0.0, 2.0.0): make every crate depend on one version of it (`cargo tree -i fixture-legacy-models@1.0.0 -i fixture-legacy-models@2.0.0` shows which crates pull in each)

error: the model registry has 1 problem (3 table definitions and 1 metadata checked)";
    assert_eq!(report.to_string(), expected);

    let [Problem::DuplicateTable { definitions, .. }] = report.problems() else {
        panic!("expected one duplicate table: {report:#?}");
    };
    let versions: Vec<&str> = definitions
        .iter()
        .map(|table| table.location().crate_version())
        .collect();
    assert_eq!(versions, ["1.0.0", "2.0.0"]);
}

#[test]
fn a_table_only_one_version_has_is_no_problem() {
    let report = model_registry::check().unwrap_err();
    // Linked (users twice, api_keys once) and checked, yet not reported.
    assert_eq!(report.tables_checked(), 3);
    assert!(!report.to_string().contains("api_keys"));
}

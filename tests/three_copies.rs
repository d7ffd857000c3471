//! `PredictiveModel` copied into three crates: one group of three, not three
//! pairs, however the copies are re-exported.

use fixture_analytics::prelude::Model as Reexported;
use fixture_reporting as _;
use fixture_warehouse as _;
use model_registry::{Model, Problem};

#[test]
fn three_copies_are_one_group_of_three() {
    let report = model_registry::check().unwrap_err();
    let expected = "\
error: table `predictive_models` is defined 3 times in metadata `default`
  --> fixture_analytics::models::PredictiveModel (fixture-analytics 0.3.1, tests/crates/analytics/src/lib.rs:9:16)
  --> fixture_reporting::models::core::PredictiveModel (fixture-reporting 0.1.0, tests/crates/reporting/src/lib.rs:9:20)
  --> fixture_warehouse::PredictiveModel (fixture-warehouse 0.1.0, tests/crates/warehouse/src/lib.rs:7:12)
  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing

error: the model registry has 1 problem (4 table definitions and 1 metadata checked)";
    assert_eq!(report.to_string(), expected);
    let [Problem::DuplicateTable { definitions, .. }] = report.problems() else {
        panic!("expected one duplicate table: {report:#?}");
    };
    assert_eq!(definitions.len(), 3);
    // The copy reached through a re-export is the same definition, not a fourth.
    assert!(core::ptr::eq(definitions[0], Reexported::TABLE));
    assert!(core::ptr::eq(
        definitions[0],
        fixture_analytics::PredictiveModel::TABLE
    ));
}

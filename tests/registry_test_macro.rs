//! `registry_test!` in a test binary that names no model crate: its
//! registry is empty, which is the "model crate not linked" failure the
//! test exists to catch.

model_registry::registry_test!(
    #[should_panic(expected = "the registry of this test binary has no table")]
    an_empty_registry_fails
);

model_registry::registry_test!(
    #[should_panic(expected = "the test expects 3")]
    a_wrong_count_fails,
    tables = 3
);

model_registry::registry_test!(empty_on_purpose, allow_empty = true);

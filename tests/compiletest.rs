//! Compile-time guarantees: every `tests/ui/*.rs` must fail to compile with
//! exactly the committed `.stderr`, and every `tests/ui/pass/*.rs` must build
//! and run. Regenerate snapshots with `TRYBUILD=overwrite` and review the
//! diff like code.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("../tests/ui/*.rs");
    t.pass("../tests/ui/pass/*.rs");
}

//! Compile-time guarantees: every `tests/ui/*.rs` must fail to compile with
//! exactly the committed `.stderr`, and every `tests/ui/pass/*.rs` must build
//! and run. Regenerate snapshots with `TRYBUILD=overwrite` and review the
//! diff like code.

use std::io::IsTerminal as _;

#[test]
fn ui() {
    // trybuild colours its output whenever the terminal type allows it,
    // even into a file or a CI log; `NO_COLOR` turns that off.
    if !std::io::stderr().is_terminal() {
        // The only test of this binary, so no other thread reads the
        // environment meanwhile.
        #[allow(unsafe_code)]
        unsafe {
            std::env::set_var("NO_COLOR", "1");
        }
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("../tests/ui/*.rs");
    t.pass("../tests/ui/pass/*.rs");
}

//! Compile-time guarantees: every `tests/ui/*.rs` must fail to compile with
//! exactly the committed `.stderr`, and every `tests/ui/pass-*.rs` must build
//! and run. Regenerate snapshots with `TRYBUILD=overwrite` and review them
//! like code.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("../tests/ui/pass-*.rs");
    for case in glob("../tests/ui") {
        if !case.starts_with("pass-") {
            t.compile_fail(format!("../tests/ui/{case}"));
        }
    }
}

/// The `.rs` files of a directory, sorted.
fn glob(dir: &str) -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    cases.sort();
    cases
}

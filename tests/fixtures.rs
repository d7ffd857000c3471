//! The fixture workspaces in `tests/fixtures/`: real-world shapes of the
//! failures the registry exists for, each a small cargo workspace that
//! depends on this library by path. Each test builds one with cargo and
//! asserts on the exit status and on what the compiler or the program
//! printed.
//!
//! All fixtures share one target directory, so the dependencies (syn, quote,
//! proc-macro2, linkme) are compiled once for the whole suite, and the cargo
//! invocations run one at a time: parallel ones would only queue on that
//! directory's lock, on a machine with two cores. Sharing it is sound only
//! because no two fixtures have a package of the same name and version:
//! cargo derives a path package's artifact names from its name, version and
//! path inside its workspace, so a second `app` 0.1.0 at `app/` would
//! overwrite the first one's library files.
//!
//! Each fixture commits its `Cargo.lock`, pinned to the versions of the main
//! workspace's lock: the nested builds download nothing the main build has
//! not, and a new release of a dependency cannot break them. `--locked` is
//! not passed, so a dependency added to the library later only adds entries
//! to those files (shown by `git status`) instead of failing every fixture.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, PoisonError};

/// Serialises the nested cargo invocations (see the crate docs).
static ONE_CARGO_AT_A_TIME: Mutex<()> = Mutex::new(());

const TARGET_DIR: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/fixtures");

/// What one cargo invocation did.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Outcome {
    /// Asserts the exit code, showing everything cargo printed if it differs.
    fn assert_code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(expected),
            "unexpected exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Runs `cargo <subcommand> --manifest-path <fixture>/Cargo.toml <args>`.
///
/// `args` may end with `--` and the program's own arguments. `--quiet` keeps
/// cargo's progress lines out of stderr, so it holds only what the compiler
/// or the program printed.
fn cargo(fixture: &str, subcommand: &str, args: &[&str]) -> Outcome {
    let dir = fixture_dir(fixture);
    let _guard = ONE_CARGO_AT_A_TIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let output = Command::new(env!("CARGO"))
        .arg(subcommand)
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(args)
        // Run from inside the fixture, as its developers would: cargo
        // looks for `.cargo/config.toml` from the current directory.
        .current_dir(&dir)
        // The rest of the environment (RUSTFLAGS, offline mode, ...) is
        // inherited on purpose: the fixtures build the way this suite does.
        .env("CARGO_TARGET_DIR", TARGET_DIR)
        .env("CARGO_TERM_COLOR", "never")
        // What a user sees by default: no backtrace after a panic.
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap_or_else(|error| panic!("could not run {}: {error}", env!("CARGO")));
    Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn fixture_dir(fixture: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(fixture)
}

fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n{needle}\n--- in\n{haystack}"
    );
}

#[test]
fn double_import_is_one_table() {
    let run = cargo("double-import", "run", &["-p", "double-import"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "\
metadata `default` (1 table)
  intent_feedback  id*+, intent, comment?  feedback_models::feedback::IntentFeedback (feedback_models 0.1.0, models/src/feedback.rs:3:12)
three paths, one definition: true
"
    );
    assert_eq!(run.stderr, "");

    // The guard that fails fixture two-sources-of-truth passes here.
    let test = cargo("double-import", "test", &["-p", "double-import"]);
    test.assert_code(0);
    assert_contains(&test.stdout, "test result: ok. 1 passed; 0 failed");
}

#[test]
fn copied_model_fails_cargo_check_at_every_copy() {
    let check = cargo("copied-model", "check", &[]);
    check.assert_code(101);
    // One E0119 per copy after the first; between them, rustc's primary
    // (`-->`) and secondary (`:::`) locations name every copy, and nothing
    // else.
    assert_eq!(check.stderr.matches("error[E0119]").count(), 2);
    let pointed_at: BTreeSet<&str> = check
        .stderr
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            line.strip_prefix("--> ")
                .or_else(|| line.strip_prefix("::: "))
        })
        .collect();
    assert_eq!(
        pointed_at,
        BTreeSet::from([
            "src/models.rs:13:17",
            "src/models/analytics_models.rs:2:17",
            "src/models/core.rs:10:17",
        ]),
        "{}",
        check.stderr
    );
    assert_contains(
        &check.stderr,
        "#[model(table = \"predictive_models\")]\n   |                 ^^^^^^^^^^^^^^^^^^^ conflicting implementation for `ThisCrateFB`",
    );
    assert_contains(
        &check.stderr,
        "error: could not compile `copied-model` (lib) due to 2 previous errors",
    );
}

const TWO_SOURCES_REPORT: &str = "\
error: table `categories` is defined 2 times in metadata `default`
  --> models::Category (models 0.1.0, models/src/lib.rs:17:12)
  --> models_universal::catalog::Category (models_universal 0.4.2, models_universal/src/lib.rs:21:16)
  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing

error: table `customers` is defined 2 times in metadata `default`
  --> models::Customer (models 0.1.0, models/src/lib.rs:34:12)
  --> models_universal::billing::Customer (models_universal 0.4.2, models_universal/src/lib.rs:41:16)
  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing

error: table `inventory_items` is defined 2 times in metadata `default`
  --> models::InventoryItem (models 0.1.0, models/src/lib.rs:25:12)
  --> models_universal::catalog::InventoryItem (models_universal 0.4.2, models_universal/src/lib.rs:30:16)
  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing

error: table `invoices` is defined 2 times in metadata `default`
  --> models::Invoice (models 0.1.0, models/src/lib.rs:42:12)
  --> models_universal::billing::Invoice (models_universal 0.4.2, models_universal/src/lib.rs:50:16)
  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing

error: table `oauth2_tokens` is defined 2 times in metadata `default`
  --> models::OAuth2Token (models 0.1.0, models/src/lib.rs:7:12)
  --> models_universal::auth::OAuth2Token (models_universal 0.4.2, models_universal/src/lib.rs:9:16)
  = help: keep one definition and `pub use` it where it is needed; re-exports register nothing

error: the model registry has 5 problems (12 table definitions and 1 metadata checked)";

#[test]
fn two_sources_of_truth_refuse_to_start_with_one_report() {
    let run = cargo(
        "two-sources-of-truth",
        "run",
        &["-p", "two-sources-of-truth"],
    );
    run.assert_code(101);
    assert_eq!(run.stdout, "", "it must not start serving");
    // The panic points at the first registry access in main.rs, then the
    // whole report follows.
    assert_contains(
        &run.stderr,
        &format!("panicked at app/src/main.rs:17:20:\n{TWO_SOURCES_REPORT}\n"),
    );
    assert_eq!(run.stderr.matches("error: table").count(), 5);
}

#[test]
fn two_sources_of_truth_as_data_from_check() {
    let run = cargo(
        "two-sources-of-truth",
        "run",
        &["-p", "two-sources-of-truth", "--", "--structured"],
    );
    run.assert_code(1);
    assert_eq!(
        run.stdout,
        "\
DuplicateTable default categories
  models::Category models@0.1.0 models/src/lib.rs:17:12
  models_universal::catalog::Category models_universal@0.4.2 models_universal/src/lib.rs:21:16
DuplicateTable default customers
  models::Customer models@0.1.0 models/src/lib.rs:34:12
  models_universal::billing::Customer models_universal@0.4.2 models_universal/src/lib.rs:41:16
DuplicateTable default inventory_items
  models::InventoryItem models@0.1.0 models/src/lib.rs:25:12
  models_universal::catalog::InventoryItem models_universal@0.4.2 models_universal/src/lib.rs:30:16
DuplicateTable default invoices
  models::Invoice models@0.1.0 models/src/lib.rs:42:12
  models_universal::billing::Invoice models_universal@0.4.2 models_universal/src/lib.rs:50:16
DuplicateTable default oauth2_tokens
  models::OAuth2Token models@0.1.0 models/src/lib.rs:7:12
  models_universal::auth::OAuth2Token models_universal@0.4.2 models_universal/src/lib.rs:9:16
"
    );
}

#[test]
fn two_sources_of_truth_fail_cargo_test() {
    let test = cargo(
        "two-sources-of-truth",
        "test",
        &["-p", "two-sources-of-truth"],
    );
    test.assert_code(101);
    // libtest prints a failing test's panic message on stdout.
    assert_contains(
        &test.stdout,
        &format!("panicked at app/src/main.rs:47:1:\n{TWO_SOURCES_REPORT}\n"),
    );
    assert_contains(
        &test.stdout,
        "failures:\n    model_registry_is_consistent\n",
    );
    assert_contains(&test.stdout, "test result: FAILED. 0 passed; 1 failed");
}

#[test]
fn two_versions_of_one_model_crate_are_a_duplicate() {
    let run = cargo("two-versions", "run", &["-p", "two-versions"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "\
error: table `users` is defined 2 times in metadata `default`
  --> shared_models::User (shared-models 1.0.0, shared-models-1/src/lib.rs:7:12)
  --> shared_models::User (shared-models 2.0.0, shared-models-2/src/lib.rs:8:12)
  = help: `shared-models` is linked in 2 versions (1.0.0, 2.0.0): make every crate depend on one version of it (`cargo tree -i shared-models@1.0.0 -i shared-models@2.0.0` shows which crates pull in each)

error: the model registry has 1 problem (3 table definitions and 1 metadata checked)
"
    );
    assert_eq!(run.stdout, "");

    // The command the help line suggests works in this very workspace and
    // shows who pulls in each version.
    let command = run
        .stderr
        .split_once("(`cargo ")
        .and_then(|(_, rest)| rest.split_once("` shows"))
        .map(|(command, _)| command)
        .expect("the help line names a cargo command");
    let mut words = command.split_whitespace();
    let subcommand = words.next().expect("a cargo subcommand");
    let args: Vec<&str> = words.collect();
    let tree = cargo("two-versions", subcommand, &args);
    tree.assert_code(0);
    let without_paths: Vec<&str> = tree
        .stdout
        .lines()
        .map(|line| line.split(" (").next().unwrap_or(line))
        .collect();
    assert_eq!(
        without_paths,
        [
            "shared-models v1.0.0",
            "└── two-versions v0.1.0",
            "",
            "shared-models v2.0.0",
            "└── two-versions v0.1.0",
        ],
        "{}",
        tree.stdout
    );
}

#[test]
fn two_databases_keep_one_table_name_apart() {
    let run = cargo("two-databases", "run", &["-p", "two-databases"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "\
metadata `default` (0 tables)

metadata `platform` (2 tables)
  audit_log                     id*+, action                platform_models::AuditLog (platform_models 0.1.0, platform_models/src/lib.rs:17:12)
  oauth_token_monitoring_tasks  id*+, user_id, last_error?  platform_models::OAuthTokenMonitoringTask (platform_models 0.1.0, platform_models/src/lib.rs:8:12)

metadata `user_data` (2 tables)
  audit_log  id*+, document_id  user_data_models::AuditLog (user_data_models 0.1.0, user_data_models/src/lib.rs:16:12)
  documents  id*+, owner_id     user_data_models::Document (user_data_models 0.1.0, user_data_models/src/lib.rs:8:12)
"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn an_unlinked_crate_contributes_no_tables() {
    // `billing_models` is in app/Cargo.toml but never named: its `invoices`
    // table is absent, and the program starts as if all were well.
    let run = cargo("unlinked-crate", "run", &["--bin", "unlinked-crate"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "users\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn deny_unused_crate_dependencies_makes_it_a_build_error() {
    let build = cargo("unlinked-crate", "build", &["--bin", "strict"]);
    build.assert_code(101);
    assert_contains(
        &build.stderr,
        "error: extern crate `billing_models` is unused in crate `strict`\n  |\n  = help: remove the dependency or add `use billing_models as _;` to the crate root\n",
    );
    assert_contains(
        &build.stderr,
        "error: could not compile `unlinked-crate` (bin \"strict\") due to 1 previous error",
    );
}

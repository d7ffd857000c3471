//! What is linked into the program: the distributed slices every
//! `#[derive(Model)]` and `metadata!` adds one element to, and the count of
//! startup checks run over them.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::def::{Location, Metadata, TableDef};
use crate::naming::NamingConvention;

// The slices are named per semver-incompatible version of this crate: linkme
// panics when two slices share a name, and two major versions may be linked
// into one binary.
// linkme places the elements with `#[link_section]`, which `unsafe_code` flags.
/// Every table definition linked into the program.
#[allow(unsafe_code)]
#[linkme::distributed_slice]
#[linkme(crate = linkme)]
pub static MODEL_REGISTRY_0_1_TABLES: [&'static TableDef];

/// Every metadata declaration linked into the program.
#[allow(unsafe_code)]
#[linkme::distributed_slice]
#[linkme(crate = linkme)]
pub static MODEL_REGISTRY_0_1_METADATA: [&'static Metadata];

pub use self::MODEL_REGISTRY_0_1_METADATA as METADATA;
pub use self::MODEL_REGISTRY_0_1_TABLES as TABLES;

/// How many times the global check has run; the tests of concurrent first
/// access read it to show that it runs once.
static CHECK_RUNS: AtomicUsize = AtomicUsize::new(0);

/// Counts one run of the global check.
pub(crate) fn count_check_run() {
    CHECK_RUNS.fetch_add(1, Ordering::SeqCst);
}

/// How many times the global check has run: 0 before the first `check()`
/// or `registry()`, 1 ever after, however many threads raced.
pub(crate) fn check_runs() -> usize {
    CHECK_RUNS.load(Ordering::SeqCst)
}

/// The metadata of every model declared without `metadata = ...`; its name is `"default"`.
///
/// Its location names this crate's file relative to the crate, as for every
/// crate built in its own workspace: `file!()` would give the absolute path
/// of wherever the crate was unpacked, which differs from machine to
/// machine and would make the registry's JSON differ with it.
pub const DEFAULT: Metadata = Metadata {
    name: "default",
    schema: None,
    naming: NamingConvention::DEFAULT,
    path: "model_registry::DEFAULT",
    location: Location::new(
        Some(env!("CARGO_PKG_NAME")),
        Some(env!("CARGO_PKG_VERSION")),
        "src/linked.rs",
        line!(),
        column!(),
    ),
};

#[allow(unsafe_code)]
#[linkme::distributed_slice(MODEL_REGISTRY_0_1_METADATA)]
#[linkme(crate = linkme)]
static DEFAULT_REGISTERED: &Metadata = &DEFAULT;

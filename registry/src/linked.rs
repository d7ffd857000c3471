//! What is linked into the program: every table and metadata that a
//! `#[derive(Model)]` or `metadata!` registers, and the count of startup
//! checks run over them.
//!
//! Two mechanisms, one behaviour. Where linkme can place a distributed slice
//! (Linux, macOS, Windows with MSVC, the BSDs, …), registrations are
//! link-time data and nothing runs before `main`. Where it cannot — wasm32
//! and windows-gnu — they go through `inventory`, whose constructors run
//! before `main` (one per registration). `--cfg model_registry_inventory`
//! forces the inventory path anywhere, so that CI runs the registry's tests
//! through it too. The generated code calls [`register_table!`] and
//! [`register_metadata!`], which this crate defines for the mechanism it was
//! built with, so user crates never see the difference.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::def::{Location, Metadata, TableDef};
use crate::naming::NamingConvention;

#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
mod slices {
    use crate::def::{Metadata, TableDef};

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
}

#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
pub use self::slices::{
    MODEL_REGISTRY_0_1_METADATA as METADATA, MODEL_REGISTRY_0_1_TABLES as TABLES,
};

/// Every table linked into the program.
#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
pub(crate) fn tables() -> &'static [&'static TableDef] {
    &TABLES
}

/// Every metadata linked into the program.
#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
pub(crate) fn metadata() -> &'static [&'static Metadata] {
    &METADATA
}

/// Registers a table: an element of the distributed slice.
#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
#[doc(hidden)]
#[macro_export]
macro_rules! __register_table {
    ($table:ident) => {
        #[$crate::__private::linkme::distributed_slice($crate::__private::TABLES)]
        #[linkme(crate = $crate::__private::linkme)]
        static __MODEL_REGISTRY_ENTRY: &'static $crate::TableDef = &$table;
    };
}

/// Registers a metadata: an element of the distributed slice.
#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
#[doc(hidden)]
#[macro_export]
macro_rules! __register_metadata {
    ($metadata:path) => {
        #[$crate::__private::linkme::distributed_slice($crate::__private::METADATA)]
        #[linkme(crate = $crate::__private::linkme)]
        static METADATA: &'static $crate::Metadata = &$metadata;
    };
}

/// A table registered through `inventory`.
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
#[doc(hidden)]
pub struct TableEntry(pub &'static TableDef);

/// A metadata registered through `inventory`.
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
#[doc(hidden)]
pub struct MetadataEntry(pub &'static Metadata);

#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
inventory::collect!(TableEntry);
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
inventory::collect!(MetadataEntry);

/// Every table linked into the program.
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
pub(crate) fn tables() -> Vec<&'static TableDef> {
    inventory::iter::<TableEntry>
        .into_iter()
        .map(|entry| entry.0)
        .collect()
}

/// Every metadata linked into the program.
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
pub(crate) fn metadata() -> Vec<&'static Metadata> {
    inventory::iter::<MetadataEntry>
        .into_iter()
        .map(|entry| entry.0)
        .collect()
}

/// Registers a table: an `inventory` submission.
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
#[doc(hidden)]
#[macro_export]
macro_rules! __register_table {
    ($table:ident) => {
        $crate::__private::inventory::submit! {
            $crate::__private::TableEntry(&$table)
        }
    };
}

/// Registers a metadata: an `inventory` submission.
#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
#[doc(hidden)]
#[macro_export]
macro_rules! __register_metadata {
    ($metadata:path) => {
        $crate::__private::inventory::submit! {
            $crate::__private::MetadataEntry(&$metadata)
        }
    };
}

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
    dialect: None,
};

#[cfg(not(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
)))]
#[allow(unsafe_code)]
#[linkme::distributed_slice(METADATA)]
#[linkme(crate = linkme)]
static DEFAULT_REGISTERED: &Metadata = &DEFAULT;

#[cfg(any(
    target_family = "wasm",
    all(target_os = "windows", target_env = "gnu"),
    model_registry_inventory
))]
inventory::submit! { MetadataEntry(&DEFAULT) }

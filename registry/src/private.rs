//! Everything the macros expand to. Not public API: no semver guarantees.

pub use linkme;

pub use crate::name::{NameError, check_name};
use crate::{ColumnDef, Location, Metadata, TableDef};

// The slices are named per semver-incompatible version of this crate: linkme
// panics when two slices share a name, and two major versions may be linked
// into one binary.
// linkme places the elements with `#[link_section]`, which `unsafe_code` flags.
#[allow(unsafe_code)]
#[linkme::distributed_slice]
#[linkme(crate = linkme)]
pub static MODEL_REGISTRY_0_1_TABLES: [&'static TableDef];

#[allow(unsafe_code)]
#[linkme::distributed_slice]
#[linkme(crate = linkme)]
pub static MODEL_REGISTRY_0_1_METADATA: [&'static Metadata];

pub use self::MODEL_REGISTRY_0_1_METADATA as METADATA;
pub use self::MODEL_REGISTRY_0_1_TABLES as TABLES;

/// Implemented once per table in each crate, keyed by [`table_key`]: a second
/// model with the same (metadata, schema, table) in the same crate is a
/// conflicting implementation (E0119), reported at both `table = "..."`.
pub trait TableDefinedOnceInThisCrate<const TABLE_KEY: u128> {}

/// How many times the program's check has run: 0 before the first
/// `check()` or `registry()`, 1 ever after, however many threads raced.
pub fn check_runs() -> usize {
    crate::registry::check_runs()
}

/// The record of where a `metadata!` or a model was written.
#[macro_export]
#[doc(hidden)]
macro_rules! __location {
    () => {
        $crate::Location::new(
            ::core::option_env!("CARGO_PKG_NAME"),
            ::core::option_env!("CARGO_PKG_VERSION"),
            ::core::file!(),
            ::core::line!(),
            ::core::column!(),
        )
    };
}
pub use crate::__location as location;

impl Location {
    #[doc(hidden)]
    pub const fn new(
        crate_name: Option<&'static str>,
        crate_version: Option<&'static str>,
        file: &'static str,
        line: u32,
        column: u32,
    ) -> Self {
        Self {
            crate_name: match crate_name {
                Some(name) => name,
                None => "?",
            },
            crate_version: match crate_version {
                Some(version) => version,
                None => "?",
            },
            file,
            line,
            column,
        }
    }
}

pub const fn metadata(
    name: &'static str,
    schema: Option<&'static str>,
    path: &'static str,
    location: Location,
) -> Metadata {
    Metadata {
        name,
        schema,
        path,
        location,
    }
}

pub const fn column(
    name: &'static str,
    field: &'static str,
    rust_type: &'static str,
    nullable: bool,
    primary_key: bool,
) -> ColumnDef {
    ColumnDef {
        name,
        field,
        rust_type,
        nullable,
        primary_key,
    }
}

pub const fn table(
    metadata: &'static Metadata,
    schema: Option<&'static str>,
    name: &'static str,
    columns: &'static [ColumnDef],
    type_path: &'static str,
    location: Location,
) -> TableDef {
    TableDef {
        metadata,
        schema,
        name,
        columns,
        type_path,
        location,
    }
}

/// Stands in for the descriptor of a struct whose derive failed, so that one
/// mistake does not cascade into errors at every use of `Model::TABLE`.
pub static INVALID_TABLE: TableDef = TableDef {
    metadata: &crate::DEFAULT,
    schema: None,
    name: "<invalid model>",
    columns: &[],
    type_path: "<invalid model>",
    location: Location::new(None, None, "", 0, 0),
};

const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

const fn fnv(mut hash: u128, bytes: &[u8], fold_case: bool) -> u128 {
    let mut i = 0;
    while i < bytes.len() {
        let byte = if fold_case {
            bytes[i].to_ascii_lowercase()
        } else {
            bytes[i]
        };
        hash ^= byte as u128;
        hash = hash.wrapping_mul(FNV_PRIME);
        i += 1;
    }
    hash
}

/// The identity of a table inside one crate: the metadata's name, the
/// effective schema and the table name, both folded to ASCII lower case
/// exactly as the startup check compares them.
pub const fn table_key(metadata: &Metadata, schema: Option<&str>, table: &str) -> u128 {
    // 0xff never occurs in UTF-8, so it separates the parts unambiguously.
    let mut hash = fnv(FNV_OFFSET, metadata.name.as_bytes(), false);
    hash = fnv(hash, &[0xff], false);
    let schema = match schema {
        Some(schema) => Some(schema),
        None => metadata.schema,
    };
    if let Some(schema) = schema {
        hash = fnv(hash, &[1], false);
        hash = fnv(hash, schema.as_bytes(), true);
    }
    hash = fnv(hash, &[0xff], false);
    fnv(hash, table.as_bytes(), true)
}

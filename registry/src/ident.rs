//! The identifier rules, in one place: which names are valid, how the
//! registry compares and hashes them (ASCII case folded, on the first 63
//! bytes), and how messages spell a qualified name.
//!
//! These rules are the union of every supported database's: a name that
//! any of them would treat as another is the same name here, so a model set
//! valid for the registry is valid on all of them. Comparing a model with a
//! *live* database uses that database's own rule instead (see
//! `sql::dialect`).
//!
//! `model-registry-derive` applies the same validity rules to literals at
//! expansion time (a proc-macro crate cannot export this code); keep both in
//! step.

use core::cmp::Ordering;

/// The longest identifier PostgreSQL keeps; longer ones are truncated, so two
/// long names could silently become one.
pub const MAX_NAME_BYTES: usize = 63;

/// Why a name is not a valid identifier.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong,
    Quote,
    Control,
    Whitespace,
}

/// Checks one table, schema or column name, in const context.
#[doc(hidden)]
pub const fn check_name(name: &str) -> Result<(), NameError> {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return Err(NameError::Empty);
    }
    if bytes.len() > MAX_NAME_BYTES {
        return Err(NameError::TooLong);
    }
    if bytes[0].is_ascii_whitespace() || bytes[bytes.len() - 1].is_ascii_whitespace() {
        return Err(NameError::Whitespace);
    }
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' | b'`' => return Err(NameError::Quote),
            byte if byte.is_ascii_control() => return Err(NameError::Control),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Compares as if both were ASCII-lowercased, without allocating.
pub(crate) fn compare_folded(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|byte| byte.to_ascii_lowercase())
        .cmp(b.bytes().map(|byte| byte.to_ascii_lowercase()))
}

/// Schemas in the registry's order: no schema first, then folded names.
pub(crate) fn compare_schemas(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => compare_folded(a, b),
    }
}

/// How a live database compares two identifiers of one kind. The registry's
/// own comparisons fold ASCII case everywhere (the union of every
/// database's rules); a comparison with a live database must use that
/// database's rule, or a table the model needs would seem to exist.
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
// Each driver's catalog picks its database's rules; with one driver, the
// others' rules are never picked.
#[cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
pub(crate) enum Case {
    /// Byte for byte: PostgreSQL's quoted identifiers, MariaDB's table
    /// names with `lower_case_table_names = 0`.
    Exact,
    /// Ignoring ASCII case: SQLite.
    #[default]
    Ascii,
    /// Ignoring Unicode case: MariaDB's column names (`é` is `É`), and its
    /// table names with `lower_case_table_names` 1 or 2.
    Unicode,
}

#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
impl Case {
    pub(crate) fn compare(self, a: &str, b: &str) -> Ordering {
        match self {
            Self::Exact => a.cmp(b),
            Self::Ascii => compare_folded(a, b),
            Self::Unicode => a
                .chars()
                .flat_map(char::to_lowercase)
                .cmp(b.chars().flat_map(char::to_lowercase)),
        }
    }

    pub(crate) fn eq(self, a: &str, b: &str) -> bool {
        self.compare(a, b).is_eq()
    }

    /// `name` as this rule compares it: what sorts names that are one
    /// together.
    pub(crate) fn fold(self, name: &str) -> String {
        match self {
            Self::Exact => name.to_owned(),
            Self::Ascii => name.to_ascii_lowercase(),
            Self::Unicode => name.to_lowercase(),
        }
    }

    /// Schemas in this rule: no schema first.
    pub(crate) fn compare_schemas(self, a: Option<&str>, b: Option<&str>) -> Ordering {
        match (a, b) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(a), Some(b)) => self.compare(a, b),
        }
    }
}

/// The first 63 bytes (at a character boundary): what PostgreSQL keeps.
pub(crate) fn truncated(name: &str) -> &str {
    let mut end = name.len().min(MAX_NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// `schema.table`, or `table` without a schema: how every message names a table.
pub(crate) fn qualified_name(schema: Option<&str>, table: &str) -> String {
    match schema {
        Some(schema) => format!("{schema}.{table}"),
        None => table.to_owned(),
    }
}

pub(crate) const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// FNV-1a, 128 bits, optionally over ASCII-lowercased bytes: the one hash
/// behind table keys, name grouping and shortened names.
pub(crate) const fn fnv(mut hash: u128, bytes: &[u8], fold_case: bool) -> u128 {
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

/// The identity of a name in its place: the metadata's name, the effective
/// schema and the name, both folded to ASCII lower case exactly as the
/// startup check compares them. The compile-time key of a table, and the
/// grouping key of the name-collision check.
pub(crate) const fn name_key(metadata: &str, schema: Option<&str>, name: &str) -> u128 {
    // 0xff never occurs in UTF-8, so it separates the parts unambiguously.
    let mut hash = fnv(FNV_OFFSET, metadata.as_bytes(), false);
    hash = fnv(hash, &[0xff], false);
    if let Some(schema) = schema {
        hash = fnv(hash, &[1], false);
        hash = fnv(hash, schema.as_bytes(), true);
    }
    hash = fnv(hash, &[0xff], false);
    fnv(hash, name.as_bytes(), true)
}

/// `name` between `quote`s, each `quote` inside doubled: an SQL quoted
/// identifier (`"..."`, or `` `...` `` on MySQL/MariaDB).
pub(crate) fn quoted(quote: char, name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push(quote);
    for c in name.chars() {
        if c == quote {
            out.push(quote);
        }
        out.push(c);
    }
    out.push(quote);
    out
}

//! The rules every table, schema and column name obeys.
//!
//! `model-registry-derive` applies the same rules to literals at expansion
//! time (a proc-macro crate cannot export this function); keep both in step.

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

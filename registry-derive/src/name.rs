//! The identifier rules, applied to literals at expansion time. They mirror
//! `model_registry::__private::check_name`, which a proc-macro crate cannot
//! share; keep both in step.

/// The longest identifier PostgreSQL keeps.
pub(crate) const MAX_NAME_BYTES: usize = 63;

/// Why `name` cannot be a table, schema or column name, if it cannot.
pub(crate) fn problem(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return Some("is empty".to_owned());
    }
    if bytes.len() > MAX_NAME_BYTES {
        return Some(format!(
            "is {} bytes long; PostgreSQL keeps only the first {MAX_NAME_BYTES} bytes of an identifier, \
             so two long names could silently become one",
            bytes.len()
        ));
    }
    if bytes[0].is_ascii_whitespace() || bytes[bytes.len() - 1].is_ascii_whitespace() {
        return Some("begins or ends with whitespace".to_owned());
    }
    if bytes.iter().any(|byte| matches!(byte, b'"' | b'\'' | b'`')) {
        return Some(
            "contains a quote character (\", ' or `), which an identifier must not contain"
                .to_owned(),
        );
    }
    if bytes.iter().any(u8::is_ascii_control) {
        return Some("contains a control character (such as NUL or a newline)".to_owned());
    }
    None
}

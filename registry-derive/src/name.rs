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
    // One pass, first fault wins, exactly as the runtime's `check_name`, so
    // that both layers give the same reason for a name with several faults.
    bytes.iter().find_map(|byte| match byte {
        b'"' | b'\'' | b'`' => Some(
            "contains a quote character (\", ' or `), which an identifier must not contain"
                .to_owned(),
        ),
        byte if byte.is_ascii_control() => {
            Some("contains a control character (such as NUL or a newline)".to_owned())
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use model_registry::__private::{NameError, check_name};

    use super::problem;

    /// The runtime's verdict on `name`, as the derive's message begins.
    fn runtime(name: &str) -> Option<&'static str> {
        match check_name(name) {
            Ok(()) => None,
            Err(NameError::Empty) => Some("is empty"),
            Err(NameError::TooLong) => Some("is "),
            Err(NameError::Whitespace) => Some("begins or ends with whitespace"),
            Err(NameError::Quote) => Some("contains a quote character"),
            Err(NameError::Control) => Some("contains a control character"),
        }
    }

    fn agree(name: &str) {
        let derive = problem(name);
        match (runtime(name), &derive) {
            (None, None) => {}
            (Some(start), Some(message)) if message.starts_with(start) => {}
            _ => panic!(
                "{name:?}: the derive says {derive:?}, the runtime {:?}",
                check_name(name)
            ),
        }
    }

    #[test]
    fn the_edge_cases_are_judged_alike_by_both_layers() {
        let cases: &[(&str, bool)] = &[
            ("users", true),
            ("USERS", true),
            ("é", true),
            ("É", true),
            ("ß", true),
            ("größe", true),
            ("users ", false),
            (" users", false),
            ("\tusers", false),
            ("users\u{a0}", true),
            ("", false),
            (&"x".repeat(63), true),
            (&"x".repeat(64), false),
            // 31 two-byte letters and one ASCII: 63 bytes, 32 characters.
            (&format!("{}a", "é".repeat(31)), true),
            (&"é".repeat(32), false),
            ("a\"b", false),
            ("a`b", false),
            ("a\0b", false),
            ("a\u{7f}b", false),
        ];
        for &(name, accepted) in cases {
            agree(name);
            assert_eq!(problem(name).is_none(), accepted, "{name:?}");
        }
    }

    // A name with two faults used to get one reason from the derive and
    // another from the runtime: the derive looked for quotes in the whole
    // name before it looked for control characters.
    #[test]
    fn the_first_fault_decides_the_reason_in_both_layers() {
        agree("a\n'b");
        agree("a'\nb");
    }

    /// The whole derive, not only the rule: a name in the table, schema,
    /// column, index, unique, check or `references` position gives errors
    /// exactly when the runtime rejects it.
    #[test]
    fn the_derive_rejects_exactly_what_the_runtime_rejects() {
        let alphabet = ["", "a", "A", "é", "É", "ß", " ", "'", "\n", "🦀"];
        let mut names: Vec<String> = alphabet
            .iter()
            .flat_map(|a| alphabet.iter().map(move |b| format!("{a}{b}")))
            .collect();
        names.extend(["users ".to_owned(), "x".repeat(63), "x".repeat(64)]);
        names.push(format!("{}a", "é".repeat(31)));
        names.push("é".repeat(32));
        for name in &names {
            let literal = proc_macro2::Literal::string(name);
            for input in [
                quote::quote!(
                    #[model(table = #literal)]
                    struct T {
                        #[model(primary_key)]
                        id: i64,
                    }
                ),
                quote::quote!(
                    #[model(table = "t", schema = #literal)]
                    struct T {
                        #[model(primary_key)]
                        id: i64,
                    }
                ),
                quote::quote!(
                    #[model(table = "t")]
                    struct T {
                        #[model(primary_key, column = #literal)]
                        id: i64,
                    }
                ),
                quote::quote!(
                    #[model(table = "t", index(id, name = #literal))]
                    struct T {
                        #[model(primary_key)]
                        id: i64,
                    }
                ),
                quote::quote!(
                    #[model(table = "t", unique(id, name = #literal))]
                    struct T {
                        #[model(primary_key)]
                        id: i64,
                    }
                ),
                quote::quote!(
                    #[model(table = "t", check(name = #literal, expr = "id > 0"))]
                    struct T {
                        #[model(primary_key)]
                        id: i64,
                    }
                ),
                // The alphabet has no `.`, so the name is exactly the table part.
                {
                    let target = proc_macro2::Literal::string(&format!("{name}.id"));
                    quote::quote!(
                        #[model(table = "t")]
                        struct T {
                            #[model(primary_key)]
                            id: i64,
                            #[model(references = #target)]
                            other_id: i64,
                        }
                    )
                },
            ] {
                let output = crate::expand::derive(input).to_string();
                assert_eq!(
                    output.contains("compile_error"),
                    check_name(name).is_err(),
                    "{name:?}: {output}"
                );
            }
        }
    }

    /// Every string of up to 3 characters over an alphabet of letters that
    /// fold and do not, space, a quote and a control character, and the
    /// strings around the 63-byte limit built from them.
    #[test]
    fn both_layers_agree_on_every_short_name() {
        let alphabet = ["a", "A", "é", "É", "ß", " ", "'", "\n", "🦀"];
        let mut names = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = names
                .iter()
                .flat_map(|name| alphabet.iter().map(move |c| format!("{name}{c}")))
                .collect();
            names.extend(longer);
        }
        names.sort();
        names.dedup();
        let mut long = Vec::new();
        for name in &names {
            for padding in 58..=64 {
                long.push(format!("{}{name}", "x".repeat(padding)));
                long.push(format!("{name}{}", "x".repeat(padding)));
            }
        }
        for name in names.iter().chain(&long) {
            agree(name);
        }
    }
}

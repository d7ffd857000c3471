//! Rust types as the derive reads them: whether a field is nullable, and
//! how a type is spelled in messages and in the column's description.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::Type;

/// `Option<T>` as written, with or without its `std`/`core` path.
pub(crate) fn is_option(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let is_option_path = match segments.as_slice() {
        [option] => option == "Option",
        [root, module, option] => {
            (root == "std" || root == "core") && module == "option" && option == "Option"
        }
        _ => false,
    };
    path.qself.is_none()
        && is_option_path
        && path.path.segments.last().is_some_and(|last| {
            matches!(&last.arguments, syn::PathArguments::AngleBracketed(args) if args.args.len() == 1)
        })
}

/// `T` of `Option<T>`.
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    if !is_option(ty) {
        return None;
    }
    let Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// Whether every database holds `ty` the way sqlx reads and writes it, as
/// far as its spelling tells (`i64`, `Option<String>`, `chrono::NaiveDate`
/// …): such fields need no compile-time check against their metadata's
/// database, which keeps the expansion of most models as small as it was.
/// Anything else — `i8`, unsigned integers, decimals, enums, types of the
/// user's own — gets one.
pub(crate) fn holds_everywhere(ty: &Type) -> bool {
    const EVERYWHERE: [&str; 24] = [
        "bool",
        "i16",
        "i32",
        "i64",
        "f32",
        "f64",
        "String",
        "str",
        "Vec",
        "Box",
        "NaiveDate",
        "NaiveTime",
        "NaiveDateTime",
        "DateTime",
        "Date",
        "Time",
        "PrimitiveDateTime",
        "OffsetDateTime",
        "Uuid",
        "Value",
        "Json",
        "JsonValue",
        "Cow",
        "Arc",
    ];
    let mut ty = ty;
    loop {
        match ty {
            Type::Reference(reference) => ty = &reference.elem,
            Type::Paren(paren) => ty = &paren.elem,
            Type::Group(group) => ty = &group.elem,
            Type::Path(path) if path.qself.is_none() => {
                let Some(last) = path.path.segments.last() else {
                    return false;
                };
                if last.ident == "Option" || last.ident == "Box" || last.ident == "Vec" {
                    // `Option<T>` is `T`; `Vec<u8>` and `Box<str>` are bytes and text.
                    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                        return false;
                    };
                    let [syn::GenericArgument::Type(inner)] =
                        args.args.iter().collect::<Vec<_>>()[..]
                    else {
                        return false;
                    };
                    if last.ident != "Option" {
                        return matches!(inner, Type::Path(p) if p.path.is_ident("u8") || p.path.is_ident("str"))
                            || matches!(inner, Type::Slice(slice) if matches!(&*slice.elem, Type::Path(p) if p.path.is_ident("u8")));
                    }
                    ty = inner;
                    continue;
                }
                return EVERYWHERE.iter().any(|name| last.ident == name);
            }
            _ => return false,
        }
    }
}

/// The type as a person writes it (`Option<Vec<u8>>`, `&'static str`), not
/// as tokens print (`Option < Vec < u8 > >`).
pub(crate) fn type_string(ty: &Type) -> String {
    let mut out = String::new();
    write_tokens(quote::ToTokens::to_token_stream(ty), &mut out);
    out
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Ident(ident) => {
                word_break(out);
                out.push_str(&ident.to_string());
            }
            TokenTree::Literal(literal) => {
                word_break(out);
                out.push_str(&literal.to_string());
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
            }
            TokenTree::Punct(punct) => match punct.as_char() {
                ',' | ';' => {
                    out.push(punct.as_char());
                    out.push(' ');
                }
                '+' | '=' => {
                    out.push(' ');
                    out.push(punct.as_char());
                    out.push(' ');
                }
                '-' if punct.spacing() == Spacing::Joint
                    && matches!(tokens.peek(), Some(TokenTree::Punct(next)) if next.as_char() == '>') =>
                {
                    tokens.next();
                    out.push_str(" -> ");
                }
                other => out.push(other),
            },
        }
    }
}

/// A space between two words (`dyn Trait`, `&'a str`), and nowhere else.
fn word_break(out: &mut String) {
    if out
        .chars()
        .next_back()
        .is_some_and(|last| last.is_alphanumeric() || last == '_')
    {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::{is_option, type_string};

    #[test]
    fn types_print_as_written() {
        for written in [
            "i64",
            "Option<String>",
            "Option<Vec<u8>>",
            "std::option::Option<i32>",
            "&'static str",
            "[u8; 32]",
            "(i32, String)",
            "Box<dyn Fn(u8) -> u8 + Send>",
            "HashMap<String, Vec<i64>>",
            "r#type",
        ] {
            let ty: syn::Type = syn::parse_str(written).unwrap();
            assert_eq!(type_string(&ty), written);
        }
    }

    #[test]
    fn option_is_recognized_by_its_path() {
        for (written, option) in [
            ("Option<i64>", true),
            ("std::option::Option<i64>", true),
            ("core::option::Option<i64>", true),
            ("::std::option::Option<i64>", true),
            ("Option", false),
            ("Option<i64, i32>", false),
            ("alloc::option::Option<i64>", false),
            ("<T as Tr>::Option<i64>", false),
            ("Vec<Option<i64>>", false),
        ] {
            let ty: syn::Type = syn::parse_str(written).unwrap();
            assert_eq!(is_option(&ty), option, "{written}");
        }
    }
}

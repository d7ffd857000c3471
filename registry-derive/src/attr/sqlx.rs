//! sqlx's own attributes, read where `#[model(...)]` is silent, so a struct
//! that also derives `sqlx::FromRow` names each column once: field
//! `#[sqlx(rename = "...")]`, `skip`, `json`, `try_from = "..."` and
//! `flatten`, and struct `#[sqlx(rename_all = "...")]`. Keys that only
//! change how sqlx decodes (`default`, …) are sqlx's business and pass.

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use syn::spanned::Spanned;
use syn::{Attribute, LitStr, Token};

use crate::ast::SqlxField;
use crate::errors::Errors;

/// `#[sqlx(rename_all = "...")]` on the struct, if any.
pub(crate) fn rename_all(attrs: &[Attribute], errors: &mut Errors) -> Option<LitStr> {
    let mut found = None;
    for attr in sqlx_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let value: LitStr = meta.value()?.parse()?;
                if rename(&value.value(), "x").is_none() {
                    errors.error(
                        &value,
                        format!(
                            "sqlx has no `rename_all = {:?}`; it takes \"lowercase\", \"UPPERCASE\", \"snake_case\", \
                             \"SCREAMING_SNAKE_CASE\", \"kebab-case\", \"camelCase\" or \"PascalCase\"",
                            value.value()
                        ),
                    );
                } else {
                    found = Some(value);
                }
            } else {
                skip_rest(&meta)?;
            }
            Ok(())
        });
        // A malformed `#[sqlx]` is sqlx's to report.
        drop(result);
    }
    found
}

/// What sqlx's attributes on a field say about its column.
pub(crate) fn field(attrs: &[Attribute]) -> SqlxField {
    let mut out = SqlxField::default();
    for attr in sqlx_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let path = &meta.path;
            if path.is_ident("rename") {
                out.rename = Some(meta.value()?.parse()?);
            } else if path.is_ident("try_from") {
                out.try_from = Some(meta.value()?.parse()?);
            } else if path.is_ident("skip") {
                out.skip = Some(path.span());
            } else if path.is_ident("flatten") {
                out.flatten = Some(path.span());
            } else if path.is_ident("json") {
                out.json = Some(path.span());
                skip_rest(&meta)?;
            } else {
                skip_rest(&meta)?;
            }
            Ok(())
        });
        drop(result);
    }
    out
}

/// `#[sqlx(type_name = "...")]` on an enum (`#[derive(sqlx::Type)]`'s).
pub(crate) fn type_name(attrs: &[Attribute]) -> Option<LitStr> {
    let mut found = None;
    for attr in sqlx_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("type_name") {
                found = Some(meta.value()?.parse()?);
            } else {
                skip_rest(&meta)?;
            }
            Ok(())
        });
        // A malformed `#[sqlx]` is sqlx's to report.
        drop(result);
    }
    found
}

fn sqlx_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident("sqlx"))
}

/// Skips the value or list of a key this crate does not read.
fn skip_rest(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: Token![=] = meta.input.parse()?;
        let _: syn::Expr = meta.input.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        let _: proc_macro2::TokenStream = content.parse()?;
    }
    Ok(())
}

/// The column sqlx reads `field` from under `rename_all = pattern`: heck's
/// conversions, as sqlx's own derive applies them. `None` for a pattern
/// sqlx does not know.
pub(crate) fn rename(pattern: &str, field: &str) -> Option<String> {
    Some(match pattern {
        "lowercase" => field.to_lowercase(),
        "snake_case" => field.to_snake_case(),
        "UPPERCASE" => field.to_uppercase(),
        "SCREAMING_SNAKE_CASE" => field.to_shouty_snake_case(),
        "kebab-case" => field.to_kebab_case(),
        "camelCase" => field.to_lower_camel_case(),
        "PascalCase" => field.to_upper_camel_case(),
        _ => return None,
    })
}

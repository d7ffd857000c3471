//! The value after a key: a string, an integer or a path, and the
//! punctuation between items. Every key name a message shows is passed in
//! from the key table of `attr`.
//!
//! A bad value is reported and skipped up to the next `,`, so the keys after
//! it are still read.

use core::fmt::Display;

use proc_macro2::TokenTree;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Expr, Lit, LitInt, LitStr, Path, Token};

use crate::errors::Errors;

/// The expression after `key =`. A missing `=` or an unparsable value is
/// reported with `missing` and skipped (`Ok(None)`), so the keys after it
/// are still checked.
pub(super) fn value_expr(
    meta: &ParseNestedMeta<'_>,
    missing: &str,
    errors: &mut Errors,
) -> syn::Result<Option<Expr>> {
    if !meta.input.peek(Token![=]) {
        errors.error(&meta.path, missing);
        skip_value(meta.input)?;
        return Ok(None);
    }
    let input = meta.value()?;
    expr_to_comma(input, errors)
}

/// The expression at `input`; an unparsable one is reported and skipped.
fn expr_to_comma(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<Option<Expr>> {
    match input.parse() {
        Ok(expr) => Ok(Some(ungroup(expr))),
        Err(error) => {
            errors.push(error);
            skip_value(input)?;
            Ok(None)
        }
    }
}

/// The expression inside invisible groups: a `macro_rules!` fragment
/// (`$table:literal`, `$table:expr`) reaches the derive wrapped in a group
/// without delimiters, and is the literal it holds.
fn ungroup(expr: Expr) -> Expr {
    match expr {
        Expr::Group(group) => ungroup(*group.expr),
        other => other,
    }
}

/// `key = "string"`.
pub(super) fn string_value(
    meta: &ParseNestedMeta<'_>,
    key: impl Display,
    example: &str,
    errors: &mut Errors,
) -> syn::Result<Option<LitStr>> {
    let missing = format!("`{key}` takes a string: `{example}`");
    let Some(expr) = value_expr(meta, &missing, errors)? else {
        return Ok(None);
    };
    Ok(string_literal(expr, key, example, errors))
}

/// `= "string"` inside a hand-parsed list, at the `=`.
pub(super) fn list_string(
    input: ParseStream<'_>,
    key: impl Display,
    example: &str,
    errors: &mut Errors,
) -> syn::Result<Option<LitStr>> {
    input.parse::<Token![=]>()?;
    let Some(expr) = expr_to_comma(input, errors)? else {
        return Ok(None);
    };
    Ok(string_literal(expr, key, example, errors))
}

pub(super) fn string_literal(
    expr: Expr,
    key: impl Display,
    example: &str,
    errors: &mut Errors,
) -> Option<LitStr> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) if lit.suffix().is_empty() => Some(lit),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            errors.error(
                &lit,
                format!("`{key}` takes a string without a suffix: `{example}`"),
            );
            None
        }
        other => {
            errors.error(
                &other,
                format!("`{key}` takes a string literal: `{example}`"),
            );
            None
        }
    }
}

/// `key = 255`.
pub(super) fn int_value(
    meta: &ParseNestedMeta<'_>,
    key: impl Display,
    example: &str,
    errors: &mut Errors,
) -> syn::Result<Option<LitInt>> {
    let missing = format!("`{key}` takes an integer: `{example}`");
    let Some(expr) = value_expr(meta, &missing, errors)? else {
        return Ok(None);
    };
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(lit), ..
        }) if lit.suffix().is_empty() => Ok(Some(lit)),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(lit), ..
        }) => {
            errors.error(
                &lit,
                format!("`{key}` takes an integer without a suffix: `{example}`"),
            );
            Ok(None)
        }
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            errors.error(
                &lit,
                format!(
                    "`{key}` takes an integer, not a string: `{key} = {}`",
                    lit.value()
                ),
            );
            Ok(None)
        }
        other => {
            errors.error(
                &other,
                format!("`{key}` takes an integer literal: `{example}`"),
            );
            Ok(None)
        }
    }
}

/// `key = some::path`.
pub(super) fn path_value(
    meta: &ParseNestedMeta<'_>,
    expected: &str,
    string_hint: impl FnOnce(&LitStr) -> String,
    errors: &mut Errors,
) -> syn::Result<Option<Path>> {
    let Some(expr) = value_expr(meta, expected, errors)? else {
        return Ok(None);
    };
    match expr {
        Expr::Path(path) if path.qself.is_none() && path.attrs.is_empty() => Ok(Some(path.path)),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            let hint = string_hint(&lit);
            errors.error(&lit, format!("{expected}, not a string: {hint}"));
            Ok(None)
        }
        other => {
            errors.error(&other, expected);
            Ok(None)
        }
    }
}

/// After an item: anything before the next `,` is reported and skipped, so
/// that the items after it are still read (`parse_nested_meta` would stop
/// at it, and every key after it would go unchecked or be reported missing).
pub(super) fn end_of_item(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<()> {
    if !input.is_empty() && !input.peek(Token![,]) {
        errors.at(input.span(), "expected `,` between the items");
        skip_value(input)?;
    }
    Ok(())
}

/// After an item of a hand-parsed list: a `,` or the end. Anything else is
/// reported and skipped up to the next `,`.
pub(super) fn list_separator(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<()> {
    end_of_item(input, errors)?;
    if input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
    }
    Ok(())
}

/// Skips whatever follows a key up to the next `,`, so parsing resumes at the
/// next key.
pub(super) fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

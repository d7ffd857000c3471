//! Parsing: the shape of the input and its `#[model(...)]` attributes.
//!
//! Every mistake is pushed to `Errors` and parsing goes on, so one build
//! shows them all.

use proc_macro2::TokenTree;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Expr, Fields, Lit, LitStr, Path, Token};

use crate::ast::{Field, FieldAttrs, Model, ModelAttrs};
use crate::errors::Errors;

const MODEL_KEYS: &[&str] = &["table", "metadata", "schema", "crate"];
const FIELD_KEYS: &[&str] = &["primary_key", "column", "skip"];

pub(crate) fn model<'a>(input: &'a DeriveInput, errors: &mut Errors) -> Model<'a> {
    let attrs = model_attrs(&input.attrs, errors);
    let mut fields = Vec::new();
    let mut has_named_fields = false;
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => {
                has_named_fields = true;
                for field in &named.named {
                    let Some(ident) = &field.ident else { continue };
                    fields.push(Field {
                        ident,
                        ty: &field.ty,
                        attrs: field_attrs(&field.attrs, errors),
                    });
                }
            }
            Fields::Unnamed(unnamed) => errors.error(
                unnamed,
                "`Model` needs named fields, one per column, like `struct User { id: i64 }`; \
                 a tuple struct has no column names",
            ),
            Fields::Unit => errors.error(
                &input.ident,
                "`Model` needs named fields, one per column, like `struct User { id: i64 }`; \
                 a unit struct has no columns",
            ),
        },
        Data::Enum(data) => errors.error(
            data.enum_token,
            "`Model` can only be derived for a struct with named fields; an enum does not describe a table",
        ),
        Data::Union(data) => errors.error(
            data.union_token,
            "`Model` can only be derived for a struct with named fields; a union does not describe a table",
        ),
    }
    if !input.generics.params.is_empty() {
        errors.error(
            &input.generics,
            "`Model` cannot be derived for a generic struct: a table has one fixed set of columns; \
             derive it on a concrete struct",
        );
    } else if let Some(where_clause) = &input.generics.where_clause {
        errors.error(
            where_clause,
            "`Model` cannot be derived for a struct with a `where` clause",
        );
    }
    Model {
        ident: &input.ident,
        attrs,
        fields,
        has_named_fields,
    }
}

fn model_attrs(attrs: &[Attribute], errors: &mut Errors) -> ModelAttrs {
    let mut out = ModelAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("model")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            match key.as_str() {
                "table" => {
                    out.table_attempted = true;
                    let value = string_value(&meta, "table", "table = \"users\"", errors)?;
                    set_once(&mut out.table, value, &meta, errors);
                }
                "schema" => {
                    let value = string_value(&meta, "schema", "schema = \"audit\"", errors)?;
                    set_once(&mut out.schema, value, &meta, errors);
                }
                "metadata" => {
                    let value = path_value(
                        &meta,
                        "`metadata` takes the path of a constant declared with `model_registry::metadata!`, \
                         like `metadata = crate::PLATFORM`",
                        |lit| {
                            format!(
                                "declare the metadata once with `model_registry::metadata!(pub NAME = {});` \
                                 and name that constant here",
                                quote::ToTokens::to_token_stream(lit)
                            )
                        },
                        errors,
                    )?;
                    set_once(&mut out.metadata, value, &meta, errors);
                }
                "crate" => {
                    let value = path_value(
                        &meta,
                        "`crate` takes the path of the model_registry crate, like `crate = ::model_registry`",
                        |lit| format!("write the path without quotes: `crate = {}`", lit.value()),
                        errors,
                    )?;
                    set_once(&mut out.krate, value, &meta, errors);
                }
                _ => {
                    out.table_attempted |= is_close(&key, "table");
                    unknown_key(&meta, &key, MODEL_KEYS, "on a model struct", errors)?;
                }
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    out
}

fn field_attrs(attrs: &[Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("model")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            match key.as_str() {
                "primary_key" => {
                    flag(&meta, "primary_key", errors)?;
                    set_once(&mut out.primary_key, Some(meta.path.span()), &meta, errors);
                }
                "skip" => {
                    flag(&meta, "skip", errors)?;
                    set_once(&mut out.skip, Some(meta.path.span()), &meta, errors);
                }
                "column" => {
                    let value = string_value(&meta, "column", "column = \"user_id\"", errors)?;
                    set_once(&mut out.column, value, &meta, errors);
                }
                _ => unknown_key(&meta, &key, FIELD_KEYS, "on a field", errors)?,
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    out
}

/// The key as written: `table`, `crate`, or `a::b` for a path.
fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    let segments: Vec<String> = meta
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    segments.join("::")
}

fn set_once<T>(
    slot: &mut Option<T>,
    value: Option<T>,
    meta: &ParseNestedMeta<'_>,
    errors: &mut Errors,
) {
    let Some(value) = value else { return };
    if slot.is_some() {
        errors.error(
            &meta.path,
            format!("`{}` is given more than once", key_of(meta)),
        );
    } else {
        *slot = Some(value);
    }
}

/// The expression after `key =`. A missing `=` or an unparsable value is
/// reported with `missing` and skipped (`Ok(None)`), so the keys after it
/// are still checked.
fn value_expr(
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
    match input.parse() {
        Ok(expr) => Ok(Some(expr)),
        Err(error) => {
            errors.push(error);
            skip_value(input)?;
            Ok(None)
        }
    }
}

/// `key = "string"`.
fn string_value(
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
    errors: &mut Errors,
) -> syn::Result<Option<LitStr>> {
    let missing = format!("`{key}` takes a string: `{example}`");
    let Some(expr) = value_expr(meta, &missing, errors)? else {
        return Ok(None);
    };
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) if lit.suffix().is_empty() => Ok(Some(lit)),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            errors.error(
                &lit,
                format!("`{key}` takes a string without a suffix: `{example}`"),
            );
            Ok(None)
        }
        other => {
            errors.error(
                &other,
                format!("`{key}` takes a string literal: `{example}`"),
            );
            Ok(None)
        }
    }
}

/// `key = some::path`.
fn path_value(
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

/// A key that takes no value, like `primary_key`.
fn flag(meta: &ParseNestedMeta<'_>, key: &str, errors: &mut Errors) -> syn::Result<()> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        return Ok(());
    }
    errors.error(
        &meta.path,
        format!("`{key}` takes no value: write `#[model({key})]`"),
    );
    skip_value(meta.input)
}

fn unknown_key(
    meta: &ParseNestedMeta<'_>,
    key: &str,
    known: &[&str],
    place: &str,
    errors: &mut Errors,
) -> syn::Result<()> {
    let expected = known
        .iter()
        .map(|known| format!("`{known}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut message = format!("unknown attribute `{key}` {place}; expected one of {expected}");
    if let Some(close) = known.iter().find(|known| is_close(key, known)) {
        message = format!("{message}; did you mean `{close}`?");
    } else if place == "on a field" && MODEL_KEYS.contains(&key) {
        message = format!("{message}; `{key}` belongs on the struct");
    } else if place != "on a field" && FIELD_KEYS.contains(&key) {
        message = format!("{message}; `{key}` belongs on a field");
    }
    errors.error(&meta.path, message);
    skip_value(meta.input)
}

/// Skips whatever follows a key up to the next `,`, so parsing resumes at the
/// next key.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// One edit (insert, delete, substitute or swap adjacent) apart.
fn is_close(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match a.len().abs_diff(b.len()) {
        0 => a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..]),
        1 => a.get(1..) == Some(b) || b.get(1..) == Some(a),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_close;

    #[test]
    fn close_keys() {
        assert!(is_close("tabel", "table"));
        assert!(is_close("tables", "table"));
        assert!(is_close("tabe", "table"));
        assert!(is_close("schema", "schemo"));
        assert!(is_close("primarykey", "primary_key"));
        assert!(!is_close("table", "table"));
        assert!(!is_close("name", "table"));
        assert!(!is_close("", "skip"));
    }
}

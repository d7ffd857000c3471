//! Parsing: the shape of the input and its `#[model(...)]` attributes.
//!
//! Every mistake is pushed to `Errors` and parsing goes on, so one build
//! shows them all.

use proc_macro2::TokenTree;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Expr, Fields, Ident, Lit, LitInt, LitStr, Path, Token};

use crate::ast::{Check, Field, FieldAttrs, FieldList, Model, ModelAttrs, References};
use crate::errors::Errors;
use crate::suggest::is_close;

const MODEL_KEYS: &[&str] = &[
    "table", "metadata", "schema", "crate", "index", "unique", "check",
];
const FIELD_KEYS: &[&str] = &[
    "primary_key",
    "column",
    "skip",
    "sql_type",
    "max_length",
    "default",
    "unique",
    "index",
    "references",
    "on_delete",
    "on_update",
    "use_alter",
];
const CHECK_KEYS: &[&str] = &["name", "expr"];

/// Where a key is written, for the messages about unknown keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Struct,
    Field,
    Check,
}

impl Place {
    fn describe(self) -> &'static str {
        match self {
            Self::Struct => "on a model struct",
            Self::Field => "on a field",
            Self::Check => "in `check(...)`",
        }
    }
}

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
            model_key(&meta, &mut out, errors)?;
            end_of_item(meta.input, errors)
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    out
}

fn model_key(
    meta: &ParseNestedMeta<'_>,
    out: &mut ModelAttrs,
    errors: &mut Errors,
) -> syn::Result<()> {
    let key = key_of(meta);
    match key.as_str() {
        "table" => {
            out.table_attempted = true;
            let value = string_value(meta, "table", "table = \"users\"", errors)?;
            set_once(&mut out.table, value, meta, errors);
        }
        "schema" => {
            let value = string_value(meta, "schema", "schema = \"audit\"", errors)?;
            set_once(&mut out.schema, value, meta, errors);
        }
        "metadata" => {
            let value = path_value(
                meta,
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
            set_once(&mut out.metadata, value, meta, errors);
        }
        "crate" => {
            let value = path_value(
                meta,
                "`crate` takes the path of the model_registry crate, like `crate = ::model_registry`",
                |lit| format!("write the path without quotes: `crate = {}`", lit.value()),
                errors,
            )?;
            set_once(&mut out.krate, value, meta, errors);
        }
        "index" => {
            if let Some(list) = field_list(meta, "index", errors)? {
                out.indexes.push(list);
            }
        }
        "unique" => {
            if let Some(list) = field_list(meta, "unique", errors)? {
                out.uniques.push(list);
            }
        }
        "check" => {
            if let Some(check) = check(meta, errors)? {
                out.checks.push(check);
            }
        }
        _ => {
            out.table_attempted |= is_close(&key, "table");
            unknown_key(meta, &key, MODEL_KEYS, Place::Struct, errors)?;
        }
    }
    Ok(())
}

fn field_attrs(attrs: &[Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("model")) {
        let result = attr.parse_nested_meta(|meta| {
            field_key(&meta, &mut out, errors)?;
            end_of_item(meta.input, errors)
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    out
}

fn field_key(
    meta: &ParseNestedMeta<'_>,
    out: &mut FieldAttrs,
    errors: &mut Errors,
) -> syn::Result<()> {
    let key = key_of(meta);
    match key.as_str() {
        "primary_key" => {
            flag(meta, "primary_key", errors)?;
            set_once(&mut out.primary_key, Some(meta.path.span()), meta, errors);
        }
        "skip" => {
            flag(meta, "skip", errors)?;
            set_once(&mut out.skip, Some(meta.path.span()), meta, errors);
        }
        "column" => {
            let value = string_value(meta, "column", "column = \"user_id\"", errors)?;
            set_once(&mut out.column, value, meta, errors);
        }
        "sql_type" => {
            let value = string_value(meta, "sql_type", "sql_type = \"NUMERIC(20, 0)\"", errors)?;
            set_once(&mut out.sql_type, value, meta, errors);
        }
        "max_length" => {
            let value = int_value(meta, "max_length", "max_length = 255", errors)?;
            set_once(&mut out.max_length, value, meta, errors);
        }
        "default" => {
            let value = default_value(meta, errors)?;
            set_once(&mut out.default, value, meta, errors);
        }
        "unique" | "index" => {
            if meta.input.peek(syn::token::Paren) {
                errors.error(
                    &meta.path,
                    format!(
                        "`{key}` on a field takes no list: write `#[model({key})]` for this column, \
                         or `#[model({key}(a, b))]` on the struct for several columns"
                    ),
                );
                skip_value(meta.input)?;
            } else {
                flag(meta, &key, errors)?;
            }
            let slot = if key == "unique" {
                &mut out.unique
            } else {
                &mut out.index
            };
            set_once(slot, Some(meta.path.span()), meta, errors);
        }
        "references" => {
            out.references_attempted = true;
            let value = references_value(meta, errors)?;
            set_once(&mut out.references, value, meta, errors);
        }
        "on_delete" | "on_update" => {
            let example = format!("{key} = \"cascade\"");
            let value =
                string_value(meta, &key, &example, errors)?.map(|value| (meta.path.span(), value));
            let slot = if key == "on_delete" {
                &mut out.on_delete
            } else {
                &mut out.on_update
            };
            set_once(slot, value, meta, errors);
        }
        "use_alter" => {
            flag(meta, "use_alter", errors)?;
            set_once(&mut out.use_alter, Some(meta.path.span()), meta, errors);
        }
        _ => {
            out.references_attempted |= is_close(&key, "references");
            unknown_key(meta, &key, FIELD_KEYS, Place::Field, errors)?;
        }
    }
    Ok(())
}

/// `index(a, b, name = "...")` or `unique(...)` on the struct. The items are
/// parsed by hand rather than with `parse_nested_meta`, so that a quoted
/// field name or other stray item is reported on its own and the rest of the
/// list is still read.
fn field_list(
    meta: &ParseNestedMeta<'_>,
    key: &str,
    errors: &mut Errors,
) -> syn::Result<Option<FieldList>> {
    let key_span = meta.path.span();
    if !meta.input.peek(syn::token::Paren) {
        errors.error(
            &meta.path,
            format!(
                "`{key}` on the struct lists the fields it covers: `#[model({key}(user_id, created_at))]`; \
                 for one column, write `#[model({key})]` on its field"
            ),
        );
        skip_value(meta.input)?;
        return Ok(None);
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let mut list = FieldList {
        key: key_span,
        fields: Vec::new(),
        name: None,
        stray_items: false,
    };
    let mut name_given = false;
    while !content.is_empty() {
        if content.peek(Ident::peek_any) {
            let ident = content.call(Ident::parse_any)?;
            if content.peek(Token![=]) {
                if ident == "name" {
                    let example = format!("{key}(a, b, name = \"{key}_custom\")");
                    let value = list_string(&content, "name", &example, errors)?;
                    if name_given {
                        errors.error(&ident, "`name` is given more than once");
                    } else {
                        list.name = value;
                    }
                    name_given = true;
                } else {
                    let mut message = format!(
                        "unknown attribute `{}` in `{key}(...)`; it takes field names and `name = \"...\"`",
                        ident.unraw()
                    );
                    if is_close(&ident.unraw().to_string(), "name") {
                        message.push_str("; did you mean `name`?");
                    }
                    errors.error(&ident, message);
                    list.stray_items = true;
                    skip_value(&content)?;
                }
            } else {
                list.fields.push(ident);
            }
        } else if content.peek(LitStr) {
            let quoted: LitStr = content.parse()?;
            errors.error(
                &quoted,
                format!(
                    "`{key}(...)` takes Rust field names without quotes: `{key}({})`",
                    quoted.value()
                ),
            );
            list.stray_items = true;
        } else {
            let tree: TokenTree = content.parse()?;
            errors.error(
                &tree,
                format!("`{key}(...)` takes field names, like `{key}(user_id, created_at)`"),
            );
            list.stray_items = true;
            skip_value(&content)?;
        }
        list_separator(&content, errors)?;
    }
    Ok(Some(list))
}

/// `check(name = "...", expr = "...")` on the struct.
fn check(meta: &ParseNestedMeta<'_>, errors: &mut Errors) -> syn::Result<Option<Check>> {
    const EXAMPLE: &str = "check(name = \"positive_amount\", expr = \"amount > 0\")";
    if !meta.input.peek(syn::token::Paren) {
        errors.error(
            &meta.path,
            format!("`check` takes a name and an SQL expression: `#[model({EXAMPLE})]`"),
        );
        skip_value(meta.input)?;
        return Ok(None);
    }
    let mut check = Check {
        key: meta.path.span(),
        name: None,
        expr: None,
        name_attempted: false,
        expr_attempted: false,
    };
    // Parsed from the group rather than with `meta.parse_nested_meta`, which
    // rejects an empty `check()` with syn's generic message.
    let Ok(TokenTree::Group(group)) = meta.input.parse::<TokenTree>() else {
        return Ok(None);
    };
    let parser = syn::meta::parser(|inner| {
        let key = key_of(&inner);
        match key.as_str() {
            "name" => {
                check.name_attempted = true;
                let value = string_value(&inner, "name", EXAMPLE, errors)?;
                set_once(&mut check.name, value, &inner, errors);
            }
            "expr" => {
                check.expr_attempted = true;
                let value = string_value(&inner, "expr", EXAMPLE, errors)?;
                set_once(&mut check.expr, value, &inner, errors);
            }
            _ => {
                check.name_attempted |= is_close(&key, "name");
                check.expr_attempted |= is_close(&key, "expr");
                unknown_key(&inner, &key, CHECK_KEYS, Place::Check, errors)?;
            }
        }
        end_of_item(inner.input, errors)
    });
    if let Err(error) = syn::parse::Parser::parse2(parser, group.stream()) {
        // The rest of the list is unread: a missing key may be in it.
        errors.push(error);
        check.name_attempted = true;
        check.expr_attempted = true;
    }
    Ok(Some(check))
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
    expr_to_comma(input, errors)
}

/// The expression at `input`; an unparsable one is reported and skipped.
fn expr_to_comma(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<Option<Expr>> {
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
    Ok(string_literal(expr, key, example, errors))
}

/// `= "string"` inside a hand-parsed list, at the `=`.
fn list_string(
    input: ParseStream<'_>,
    key: &str,
    example: &str,
    errors: &mut Errors,
) -> syn::Result<Option<LitStr>> {
    input.parse::<Token![=]>()?;
    let Some(expr) = expr_to_comma(input, errors)? else {
        return Ok(None);
    };
    Ok(string_literal(expr, key, example, errors))
}

fn string_literal(expr: Expr, key: &str, example: &str, errors: &mut Errors) -> Option<LitStr> {
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

/// `default = "SQL expression"`. A number or `true` is the SQL a user means,
/// so the message shows it quoted.
fn default_value(meta: &ParseNestedMeta<'_>, errors: &mut Errors) -> syn::Result<Option<LitStr>> {
    const EXAMPLE: &str = "default = \"CURRENT_TIMESTAMP\"";
    let missing = format!("`default` takes a string: `{EXAMPLE}`");
    let Some(expr) = value_expr(meta, &missing, errors)? else {
        return Ok(None);
    };
    if let Expr::Lit(syn::ExprLit {
        lit: lit @ (Lit::Int(_) | Lit::Float(_) | Lit::Bool(_)),
        ..
    }) = &expr
    {
        let sql = quote::ToTokens::to_token_stream(lit).to_string();
        errors.error(
            lit,
            format!("`default` takes the SQL expression as a string: `default = \"{sql}\"`"),
        );
        return Ok(None);
    }
    Ok(string_literal(expr, "default", EXAMPLE, errors))
}

/// `key = 255`.
fn int_value(
    meta: &ParseNestedMeta<'_>,
    key: &str,
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

/// `references = Model` or `references = "table.column"`.
fn references_value(
    meta: &ParseNestedMeta<'_>,
    errors: &mut Errors,
) -> syn::Result<Option<References>> {
    const EXPECTED: &str = "`references` takes a model type, like `references = User`, \
         or a column as a string, like `references = \"users.id\"`";
    let Some(expr) = value_expr(meta, EXPECTED, errors)? else {
        return Ok(None);
    };
    match expr {
        Expr::Path(path) if path.qself.is_none() && path.attrs.is_empty() => {
            Ok(Some(References::Model(path.path)))
        }
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) if lit.suffix().is_empty() => Ok(Some(References::Column(lit))),
        other => {
            errors.error(&other, EXPECTED);
            Ok(None)
        }
    }
}

/// After an item of a hand-parsed list: a `,` or the end. Anything else is
/// reported and skipped up to the next `,`.
/// After an item: anything before the next `,` is reported and skipped, so
/// that the items after it are still read (`parse_nested_meta` would stop
/// at it, and every key after it would go unchecked or be reported missing).
fn end_of_item(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<()> {
    if !input.is_empty() && !input.peek(Token![,]) {
        errors.at(input.span(), "expected `,` between the items");
        skip_value(input)?;
    }
    Ok(())
}

fn list_separator(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<()> {
    end_of_item(input, errors)?;
    if input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
    }
    Ok(())
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
    place: Place,
    errors: &mut Errors,
) -> syn::Result<()> {
    let expected = known
        .iter()
        .map(|known| format!("`{known}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut message = format!(
        "unknown attribute `{key}` {}; expected one of {expected}",
        place.describe()
    );
    if let Some(close) = known.iter().find(|known| is_close(key, known)) {
        message = format!("{message}; did you mean `{close}`?");
    } else if place == Place::Field && MODEL_KEYS.contains(&key) {
        message = format!("{message}; `{key}` belongs on the struct");
    } else if place == Place::Struct && FIELD_KEYS.contains(&key) {
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

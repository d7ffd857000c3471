//! Parsing: the shape of the input and its `#[model(...)]` attributes.
//!
//! Every mistake is pushed to `Errors` and parsing goes on, so one build
//! shows them all.

pub(crate) mod sqlx;
mod value;

use core::fmt;

use proc_macro2::TokenTree;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Expr, Fields, Ident, Lit, LitStr, Token};

use crate::ast::{Check, Field, FieldAttrs, FieldList, Model, ModelAttrs, References};
use crate::errors::Errors;
use crate::suggest::{first_close, is_close};
use value::{
    end_of_item, int_value, list_separator, list_string, path_value, skip_value, string_literal,
    string_value, value_expr,
};

/// An attribute key. Every key the derive matches or names in a message is
/// one of the constants below, so a key is spelled once.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Symbol(&'static str);

/// The attribute itself: `#[model(...)]`.
pub(crate) const MODEL: Symbol = Symbol("model");
// On the struct.
pub(crate) const TABLE: Symbol = Symbol("table");
pub(crate) const METADATA: Symbol = Symbol("metadata");
pub(crate) const SCHEMA: Symbol = Symbol("schema");
pub(crate) const CRATE: Symbol = Symbol("crate");
pub(crate) const CHECK: Symbol = Symbol("check");
// On the struct or a field: the previous name, for migrations.
pub(crate) const RENAMED_FROM: Symbol = Symbol("renamed_from");
// On a field, or on the struct with a list of fields.
pub(crate) const INDEX: Symbol = Symbol("index");
pub(crate) const UNIQUE: Symbol = Symbol("unique");
// On a field.
pub(crate) const PRIMARY_KEY: Symbol = Symbol("primary_key");
pub(crate) const AUTO_INCREMENT: Symbol = Symbol("auto_increment");
pub(crate) const COLUMN: Symbol = Symbol("column");
pub(crate) const SKIP: Symbol = Symbol("skip");
pub(crate) const SQL_TYPE: Symbol = Symbol("sql_type");
pub(crate) const MAX_LENGTH: Symbol = Symbol("max_length");
pub(crate) const DEFAULT: Symbol = Symbol("default");
pub(crate) const REFERENCES: Symbol = Symbol("references");
pub(crate) const ON_DELETE: Symbol = Symbol("on_delete");
pub(crate) const ON_UPDATE: Symbol = Symbol("on_update");
pub(crate) const USE_ALTER: Symbol = Symbol("use_alter");
// Inside `check(...)`, and `name` inside `index(...)` and `unique(...)`.
pub(crate) const NAME: Symbol = Symbol("name");
pub(crate) const EXPR: Symbol = Symbol("expr");

/// The keys of each place, in the order the unknown-key message lists them.
const MODEL_KEYS: &[Symbol] = &[
    TABLE,
    METADATA,
    SCHEMA,
    CRATE,
    INDEX,
    UNIQUE,
    CHECK,
    RENAMED_FROM,
];
const FIELD_KEYS: &[Symbol] = &[
    PRIMARY_KEY,
    AUTO_INCREMENT,
    COLUMN,
    SKIP,
    SQL_TYPE,
    MAX_LENGTH,
    DEFAULT,
    UNIQUE,
    INDEX,
    REFERENCES,
    ON_DELETE,
    ON_UPDATE,
    USE_ALTER,
    RENAMED_FROM,
];
const CHECK_KEYS: &[Symbol] = &[NAME, EXPR];

impl Symbol {
    pub(crate) fn as_str(self) -> &'static str {
        self.0
    }

    /// The key of `keys` spelled `written`.
    fn find(keys: &[Symbol], written: &str) -> Option<Symbol> {
        keys.iter().copied().find(|key| key.0 == written)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<Symbol> for Ident {
    fn eq(&self, symbol: &Symbol) -> bool {
        *self == symbol.0
    }
}

/// The example every message about `check` shows.
pub(crate) fn check_example() -> String {
    format!("{CHECK}({NAME} = \"positive_amount\", {EXPR} = \"amount > 0\")")
}

/// Where a key is written, for the messages about unknown keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Struct,
    Field,
    Check,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Struct => f.write_str("on a model struct"),
            Self::Field => f.write_str("on a field"),
            Self::Check => write!(f, "in `{CHECK}(...)`"),
        }
    }
}

pub(crate) fn model<'a>(input: &'a DeriveInput, errors: &mut Errors) -> Model<'a> {
    let mut attrs = model_attrs(&input.attrs, errors);
    attrs.sqlx_rename_all = sqlx::rename_all(&input.attrs, errors);
    let mut fields = Vec::new();
    let mut has_named_fields = false;
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => {
                has_named_fields = true;
                for field in &named.named {
                    let Some(ident) = &field.ident else { continue };
                    let sqlx = sqlx::field(&field.attrs);
                    // The name sqlx reads: `rename`, else `rename_all` of
                    // the name without `r#`, as sqlx's derive computes it.
                    let sqlx_name = match (&sqlx.rename, &attrs.sqlx_rename_all) {
                        (Some(rename), _) => Some((rename.value(), rename.span())),
                        (None, Some(pattern)) => {
                            sqlx::rename(&pattern.value(), &ident.unraw().to_string())
                                .map(|name| (name, pattern.span()))
                        }
                        (None, None) => None,
                    };
                    fields.push(Field {
                        ident,
                        ty: &field.ty,
                        attrs: field_attrs(&field.attrs, errors),
                        sqlx,
                        sqlx_name,
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
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(&MODEL)) {
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
    match Symbol::find(MODEL_KEYS, &key) {
        Some(TABLE) => {
            out.table_attempted = true;
            let value = string_value(meta, TABLE, &format!("{TABLE} = \"users\""), errors)?;
            set_once(&mut out.table, value, meta, errors);
        }
        Some(SCHEMA) => {
            let value = string_value(meta, SCHEMA, &format!("{SCHEMA} = \"audit\""), errors)?;
            set_once(&mut out.schema, value, meta, errors);
        }
        Some(RENAMED_FROM) => {
            let example = format!("{RENAMED_FROM} = \"old_name\"");
            let value = string_value(meta, RENAMED_FROM, &example, errors)?;
            set_once(&mut out.renamed_from, value, meta, errors);
        }
        Some(METADATA) => {
            let value = path_value(
                meta,
                &format!(
                    "`{METADATA}` takes the path of a constant declared with `model_registry::metadata!`, \
                     like `{METADATA} = crate::PLATFORM`"
                ),
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
        Some(CRATE) => {
            let value = path_value(
                meta,
                &format!(
                    "`{CRATE}` takes the path of the model_registry crate, like `{CRATE} = ::model_registry`"
                ),
                |lit| format!("write the path without quotes: `{CRATE} = {}`", lit.value()),
                errors,
            )?;
            set_once(&mut out.krate, value, meta, errors);
        }
        Some(INDEX) => {
            if let Some(list) = field_list(meta, INDEX, errors)? {
                out.indexes.push(list);
            }
        }
        Some(UNIQUE) => {
            if let Some(list) = field_list(meta, UNIQUE, errors)? {
                out.uniques.push(list);
            }
        }
        Some(CHECK) => {
            if let Some(check) = check(meta, errors)? {
                out.checks.push(check);
            }
        }
        _ => {
            out.table_attempted |= is_close(&key, TABLE.as_str());
            unknown_key(meta, &key, MODEL_KEYS, Place::Struct, errors)?;
        }
    }
    Ok(())
}

fn field_attrs(attrs: &[Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(&MODEL)) {
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
    match Symbol::find(FIELD_KEYS, &key) {
        Some(PRIMARY_KEY) => {
            flag(meta, PRIMARY_KEY, errors)?;
            set_once(&mut out.primary_key, Some(meta.path.span()), meta, errors);
        }
        Some(AUTO_INCREMENT) => {
            let value = false_value(meta, errors)?;
            set_once(&mut out.no_auto_increment, value, meta, errors);
        }
        Some(SKIP) => {
            flag(meta, SKIP, errors)?;
            set_once(&mut out.skip, Some(meta.path.span()), meta, errors);
        }
        Some(COLUMN) => {
            let value = string_value(meta, COLUMN, &format!("{COLUMN} = \"user_id\""), errors)?;
            set_once(&mut out.column, value, meta, errors);
        }
        Some(RENAMED_FROM) => {
            let example = format!("{RENAMED_FROM} = \"old_name\"");
            let value = string_value(meta, RENAMED_FROM, &example, errors)?;
            set_once(&mut out.renamed_from, value, meta, errors);
        }
        Some(SQL_TYPE) => {
            let example = format!("{SQL_TYPE} = \"NUMERIC(20, 0)\"");
            let value = string_value(meta, SQL_TYPE, &example, errors)?;
            set_once(&mut out.sql_type, value, meta, errors);
        }
        Some(MAX_LENGTH) => {
            let value = int_value(meta, MAX_LENGTH, &format!("{MAX_LENGTH} = 255"), errors)?;
            set_once(&mut out.max_length, value, meta, errors);
        }
        Some(DEFAULT) => {
            let value = default_value(meta, errors)?;
            set_once(&mut out.default, value, meta, errors);
        }
        Some(key @ (UNIQUE | INDEX)) => {
            if meta.input.peek(syn::token::Paren) {
                errors.error(
                    &meta.path,
                    format!(
                        "`{key}` on a field takes no list: write `#[{MODEL}({key})]` for this column, \
                         or `#[{MODEL}({key}(a, b))]` on the struct for several columns"
                    ),
                );
                skip_value(meta.input)?;
            } else {
                flag(meta, key, errors)?;
            }
            let slot = if key == UNIQUE {
                &mut out.unique
            } else {
                &mut out.index
            };
            set_once(slot, Some(meta.path.span()), meta, errors);
        }
        Some(REFERENCES) => {
            out.references_attempted = true;
            let value = references_value(meta, errors)?;
            set_once(&mut out.references, value, meta, errors);
        }
        Some(key @ (ON_DELETE | ON_UPDATE)) => {
            let example = format!("{key} = \"cascade\"");
            let value =
                string_value(meta, key, &example, errors)?.map(|value| (meta.path.span(), value));
            let slot = if key == ON_DELETE {
                &mut out.on_delete
            } else {
                &mut out.on_update
            };
            set_once(slot, value, meta, errors);
        }
        Some(USE_ALTER) => {
            flag(meta, USE_ALTER, errors)?;
            set_once(&mut out.use_alter, Some(meta.path.span()), meta, errors);
        }
        _ => {
            out.references_attempted |= is_close(&key, REFERENCES.as_str());
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
    key: Symbol,
    errors: &mut Errors,
) -> syn::Result<Option<FieldList>> {
    let key_span = meta.path.span();
    if !meta.input.peek(syn::token::Paren) {
        errors.error(
            &meta.path,
            format!(
                "`{key}` on the struct lists the fields it covers: `#[{MODEL}({key}(user_id, created_at))]`; \
                 for one column, write `#[{MODEL}({key})]` on its field"
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
                if ident == NAME {
                    let example = format!("{key}(a, b, {NAME} = \"{key}_custom\")");
                    let value = list_string(&content, NAME, &example, errors)?;
                    if name_given {
                        errors.error(&ident, format!("`{NAME}` is given more than once"));
                    } else {
                        list.name = value;
                    }
                    name_given = true;
                } else {
                    let mut message = format!(
                        "unknown attribute `{}` in `{key}(...)`; it takes field names and `{NAME} = \"...\"`",
                        ident.unraw()
                    );
                    if is_close(&ident.unraw().to_string(), NAME.as_str()) {
                        message = format!("{message}; did you mean `{NAME}`?");
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
    let example = check_example();
    if !meta.input.peek(syn::token::Paren) {
        errors.error(
            &meta.path,
            format!("`{CHECK}` takes a name and an SQL expression: `#[{MODEL}({example})]`"),
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
        match Symbol::find(CHECK_KEYS, &key) {
            Some(NAME) => {
                check.name_attempted = true;
                let value = string_value(&inner, NAME, &example, errors)?;
                set_once(&mut check.name, value, &inner, errors);
            }
            Some(EXPR) => {
                check.expr_attempted = true;
                let value = string_value(&inner, EXPR, &example, errors)?;
                set_once(&mut check.expr, value, &inner, errors);
            }
            _ => {
                check.name_attempted |= is_close(&key, NAME.as_str());
                check.expr_attempted |= is_close(&key, EXPR.as_str());
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

/// `default = "SQL expression"`. A number or `true` is the SQL a user means,
/// so the message shows it quoted.
fn default_value(meta: &ParseNestedMeta<'_>, errors: &mut Errors) -> syn::Result<Option<LitStr>> {
    let example = format!("{DEFAULT} = \"CURRENT_TIMESTAMP\"");
    let missing = format!("`{DEFAULT}` takes a string: `{example}`");
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
            format!("`{DEFAULT}` takes the SQL expression as a string: `{DEFAULT} = \"{sql}\"`"),
        );
        return Ok(None);
    }
    Ok(string_literal(expr, DEFAULT, &example, errors))
}

/// `references = Model` or `references = "table.column"`.
fn references_value(
    meta: &ParseNestedMeta<'_>,
    errors: &mut Errors,
) -> syn::Result<Option<References>> {
    let expected = format!(
        "`{REFERENCES}` takes a model type, like `{REFERENCES} = User`, \
         or a column as a string, like `{REFERENCES} = \"users.id\"`"
    );
    let Some(expr) = value_expr(meta, &expected, errors)? else {
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
            errors.error(&other, expected);
            Ok(None)
        }
    }
}

/// A key that takes no value, like `primary_key`.
/// `auto_increment = false`, the one value it takes: a single integer
/// primary key auto-increments unless told not to. Yields the key's span.
fn false_value(
    meta: &ParseNestedMeta<'_>,
    errors: &mut Errors,
) -> syn::Result<Option<proc_macro2::Span>> {
    let message = format!(
        "a single integer primary key auto-increments by default; `{AUTO_INCREMENT}` only turns \
         that off: `#[{MODEL}({PRIMARY_KEY}, {AUTO_INCREMENT} = false)]`"
    );
    let Some(expr) = value_expr(meta, &message, errors)? else {
        return Ok(None);
    };
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Bool(value),
            ..
        }) if !value.value => Ok(Some(meta.path.span())),
        other => {
            errors.error(&other, message);
            Ok(None)
        }
    }
}

fn flag(meta: &ParseNestedMeta<'_>, key: Symbol, errors: &mut Errors) -> syn::Result<()> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        return Ok(());
    }
    errors.error(
        &meta.path,
        format!("`{key}` takes no value: write `#[{MODEL}({key})]`"),
    );
    skip_value(meta.input)
}

fn unknown_key(
    meta: &ParseNestedMeta<'_>,
    key: &str,
    known: &[Symbol],
    place: Place,
    errors: &mut Errors,
) -> syn::Result<()> {
    let expected = known
        .iter()
        .map(|known| format!("`{known}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut message = format!("unknown attribute `{key}` {place}; expected one of {expected}");
    if let Some(close) = first_close(key, known.iter().map(|known| known.as_str())) {
        message = format!("{message}; did you mean `{close}`?");
    } else if place == Place::Field && Symbol::find(MODEL_KEYS, key).is_some() {
        message = format!("{message}; `{key}` belongs on the struct");
    } else if place == Place::Struct && Symbol::find(FIELD_KEYS, key).is_some() {
        message = format!("{message}; `{key}` belongs on a field");
    }
    errors.error(&meta.path, message);
    skip_value(meta.input)
}

//! The parsed form of a `#[derive(Model)]` input.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Ident, LitInt, LitStr, Path, Type};

pub(crate) struct Model<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) attrs: ModelAttrs,
    pub(crate) fields: Vec<Field<'a>>,
    /// A struct with named fields: the only shape that describes a table.
    pub(crate) has_named_fields: bool,
}

/// `#[model(...)]` on the struct.
#[derive(Default)]
pub(crate) struct ModelAttrs {
    pub(crate) table: Option<LitStr>,
    pub(crate) schema: Option<LitStr>,
    pub(crate) metadata: Option<Path>,
    pub(crate) krate: Option<Path>,
    /// `table` was written, perhaps misspelled or with a bad value: already
    /// reported, so "no table" would only repeat it.
    pub(crate) table_attempted: bool,
    /// Every `index(...)`, in attribute order.
    pub(crate) indexes: Vec<FieldList>,
    /// Every `unique(...)`, in attribute order.
    pub(crate) uniques: Vec<FieldList>,
    /// Every `check(...)`, in attribute order.
    pub(crate) checks: Vec<Check>,
    /// sqlx's `#[sqlx(rename_all = "...")]`.
    pub(crate) sqlx_rename_all: Option<LitStr>,
    /// `renamed_from = "..."`: the table's previous name.
    pub(crate) renamed_from: Option<LitStr>,
}

/// `index(a, b, name = "...")` or `unique(a, b, name = "...")` on the struct.
pub(crate) struct FieldList {
    /// The `index` or `unique` key, where a list with no fields is reported.
    pub(crate) key: Span,
    /// The fields as written: Rust field names, not column names.
    pub(crate) fields: Vec<Ident>,
    pub(crate) name: Option<LitStr>,
    /// An item that is not a field name was reported: an empty list would
    /// only repeat it.
    pub(crate) stray_items: bool,
}

/// `check(name = "...", expr = "...")` on the struct.
pub(crate) struct Check {
    pub(crate) key: Span,
    pub(crate) name: Option<LitStr>,
    pub(crate) expr: Option<LitStr>,
    /// `name` or `expr` was written but its value was rejected: already
    /// reported, so "missing" would only repeat it.
    pub(crate) name_attempted: bool,
    pub(crate) expr_attempted: bool,
}

pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: FieldAttrs,
    /// sqlx's attributes on the field.
    pub(crate) sqlx: SqlxField,
    /// The column sqlx reads the field from, when sqlx's attributes name
    /// one (`rename`, or the struct's `rename_all`), with where they say it.
    pub(crate) sqlx_name: Option<(String, Span)>,
}

impl Field<'_> {
    /// The field's name as written, without `r#`: what `index(...)` and
    /// `unique(...)` on the struct list.
    pub(crate) fn name(&self) -> String {
        self.ident.unraw().to_string()
    }

    /// Whether the field has no column: `#[model(skip)]`, or sqlx's
    /// `#[sqlx(skip)]` (sqlx does not read it either).
    pub(crate) fn is_skipped(&self) -> bool {
        self.attrs.skip.is_some() || self.sqlx.skip.is_some()
    }

    /// The name of the field's column, `None` for a skipped field:
    /// `#[model(column)]`, else the name sqlx reads it under
    /// (`#[sqlx(rename)]`, `#[sqlx(rename_all)]`), else the field's name.
    pub(crate) fn column_name(&self) -> Option<String> {
        if self.is_skipped() {
            return None;
        }
        Some(match (&self.attrs.column, &self.sqlx_name) {
            (Some(column), _) => column.value(),
            (None, Some((name, _))) => name.clone(),
            (None, None) => self.name(),
        })
    }
}

/// What sqlx's own attributes say about a field (`#[sqlx(...)]`).
#[derive(Default)]
pub(crate) struct SqlxField {
    pub(crate) rename: Option<LitStr>,
    pub(crate) skip: Option<Span>,
    pub(crate) json: Option<Span>,
    pub(crate) try_from: Option<LitStr>,
    pub(crate) flatten: Option<Span>,
}

/// `#[model(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    /// `renamed_from = "..."`: the column's previous name.
    pub(crate) renamed_from: Option<LitStr>,
    pub(crate) primary_key: Option<Span>,
    /// `auto_increment = false`: the key's span.
    pub(crate) no_auto_increment: Option<Span>,
    pub(crate) column: Option<LitStr>,
    pub(crate) skip: Option<Span>,
    pub(crate) sql_type: Option<LitStr>,
    pub(crate) max_length: Option<LitInt>,
    pub(crate) default: Option<LitStr>,
    pub(crate) unique: Option<Span>,
    pub(crate) index: Option<Span>,
    pub(crate) references: Option<References>,
    /// `references` was written, perhaps misspelled or with a bad value:
    /// already reported, so "`on_delete` without `references`" would only
    /// repeat it.
    pub(crate) references_attempted: bool,
    /// `on_delete = "..."`: the key's span and the value.
    pub(crate) on_delete: Option<(Span, LitStr)>,
    /// `on_update = "..."`: the key's span and the value.
    pub(crate) on_update: Option<(Span, LitStr)>,
    pub(crate) use_alter: Option<Span>,
}

/// The value of `references = ...` on a field.
pub(crate) enum References {
    /// `references = User`: the primary key of a model, checked by rustc.
    Model(Path),
    /// `references = "table.column"` or `"schema.table.column"`.
    Column(LitStr),
}

impl References {
    /// Where the value was written.
    pub(crate) fn span(&self) -> Span {
        match self {
            Self::Model(path) => syn::spanned::Spanned::span(path),
            Self::Column(literal) => literal.span(),
        }
    }
}

//! The parsed form of a `#[derive(Model)]` input.

use proc_macro2::Span;
use syn::{Ident, LitStr, Path, Type};

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
}

pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: FieldAttrs,
}

/// `#[model(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) primary_key: Option<Span>,
    pub(crate) column: Option<LitStr>,
    pub(crate) skip: Option<Span>,
}

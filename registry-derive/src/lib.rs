//! Procedural macros of [model-registry](https://docs.rs/model-registry).
//!
//! Use them through the `model-registry` crate, which re-exports them and
//! documents them; the generated code names only `::model_registry::...`
//! paths (or the path given with `#[model(crate = ...)]`).

// The pipeline, each step importing only the ones before it:
// ast -> attr -> valid -> ir -> fallback -> expand.
mod ast;
mod attr;
mod expand;
mod fallback;
mod ir;
mod valid;

// `#[derive(ColumnType)]`, apart from the pipeline; it shares `attr`'s
// reading of sqlx's attributes.
mod enum_type;

// Leaves, imported by the steps of the pipeline.
mod action;
mod errors;
mod marker;
mod name;
mod suggest;
mod ty;

#[cfg(test)]
mod fuzz_tests;

use proc_macro::TokenStream;

/// Derives `model_registry::Model`. Documented in `model_registry`.
///
/// `sqlx` is a helper attribute too: sqlx's own `#[sqlx(rename, skip, json,
/// try_from, rename_all)]` name the columns when `#[model]` is silent.
#[proc_macro_derive(Model, attributes(model, sqlx))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    expand::derive(input.into()).into()
}

/// Derives `model_registry::ColumnType` for a fieldless enum. Documented in
/// `model_registry`.
#[proc_macro_derive(ColumnType, attributes(model, sqlx))]
pub fn derive_column_type(input: TokenStream) -> TokenStream {
    enum_type::derive(input.into()).into()
}

/// The marker types `model_registry::models!()` declares; not for direct use.
#[doc(hidden)]
#[proc_macro]
pub fn __markers(input: TokenStream) -> TokenStream {
    if let Some(token) = proc_macro2::TokenStream::from(input).into_iter().next() {
        return syn::Error::new(token.span(), "`models!()` takes no arguments")
            .to_compile_error()
            .into();
    }
    marker::declarations().into()
}

//! What a model whose derive failed still gets, so that one mistake does not
//! cascade: an impl of `Model` and the descriptor's const fn, both pointing
//! at the registry's invalid table (the approach of thiserror's
//! `fallback.rs`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident, Path};

/// Still implements `Model`, so that uses of the type do not add errors of
/// their own.
pub(crate) fn expand(input: &DeriveInput, krate: &Path) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    // A model whose derive failed may still be referenced by others.
    let table_fn = if input.generics.params.is_empty() && input.generics.where_clause.is_none() {
        table_fn(
            krate,
            ident,
            &quote!(&#krate::__private::INVALID_TABLE),
            &TokenStream::new(),
        )
    } else {
        quote!()
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Model for #ident #ty_generics #where_clause {
            const TABLE: &'static #krate::TableDef = &#krate::__private::INVALID_TABLE;
        }
        #table_fn
    }
}

/// The descriptor as a const fn of the model's type, for `references =
/// Model` in other derives (see `expand::foreign_key`): calling it in a
/// static initializer takes the static's address without evaluating a
/// constant. A valid model's expansion has it too, returning its table.
/// `items` go in the same `impl` block (a valid model's column constants).
pub(crate) fn table_fn(
    krate: &Path,
    ident: &Ident,
    table: &TokenStream,
    items: &TokenStream,
) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl #ident {
            #[doc(hidden)]
            #[allow(dead_code, unreachable_pub)]
            pub const fn __model_registry_table() -> &'static #krate::TableDef {
                #table
            }
            #items
        }
    }
}

//! Procedural macros of [model-registry](https://docs.rs/model-registry).
//!
//! Use them through the `model-registry` crate, which re-exports them and
//! documents them; the generated code names only `::model_registry::...`
//! paths (or the path given with `#[model(crate = ...)]`).

mod ast;
mod attr;
mod errors;
mod expand;
mod name;
mod valid;

#[cfg(test)]
mod fuzz_tests;

use proc_macro::TokenStream;

/// Derives `model_registry::Model`. Documented in `model_registry`.
#[proc_macro_derive(Model, attributes(model))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    expand::derive(input.into()).into()
}

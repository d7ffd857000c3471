//! Expansion: the `'static` descriptor, the `Model` impl, the link-time
//! registration and the per-crate uniqueness impl.

use proc_macro2::{Delimiter, Spacing, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, LitStr, Path};

use crate::errors::Errors;
use crate::valid::Column;
use crate::{attr, valid};

/// The whole derive, over `proc_macro2` tokens so it can be tested without a
/// compiler. Returns either the expansion or every error with a fallback impl.
pub(crate) fn derive(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Errors::new();
    let model = attr::model(&input, &mut errors);
    let columns = valid::model(&model, &mut errors);
    let krate = model
        .attrs
        .krate
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::model_registry));
    match (errors.finish(), &model.attrs.table) {
        (None, Some(table)) => expand(
            &input,
            &krate,
            table,
            model.attrs.schema.as_ref(),
            model.attrs.metadata.as_ref(),
            &columns,
        ),
        (Some(error), _) => {
            let mut tokens = error.to_compile_error();
            tokens.extend(fallback(&input, &krate));
            tokens
        }
        // Validation reports a missing table; this arm only keeps the match total.
        (None, None) => fallback(&input, &krate),
    }
}

fn expand(
    input: &DeriveInput,
    krate: &Path,
    table: &LitStr,
    schema: Option<&LitStr>,
    metadata: Option<&Path>,
    columns: &[Column<'_>],
) -> TokenStream {
    let ident = &input.ident;
    let type_name = ident.to_string();
    let metadata = match metadata {
        // Spanned on the user's path, so a path that is not a metadata is
        // reported there, as a type mismatch against `Metadata`.
        Some(path) => quote!(#path),
        None => quote!(#krate::DEFAULT),
    };
    let schema = match schema {
        Some(schema) => quote!(::core::option::Option::Some(#schema)),
        None => quote!(::core::option::Option::None),
    };
    let column_count = columns.len();
    let column_defs = columns.iter().map(|column| {
        let name = LitStr::new(&column.name, Span::call_site());
        let field = LitStr::new(
            &syn::ext::IdentExt::unraw(column.field).to_string(),
            Span::call_site(),
        );
        let ty = LitStr::new(&type_string(column.ty), Span::call_site());
        let nullable = column.nullable;
        let primary_key = column.primary_key;
        // Spanned on the field's type: a type with no SQL type is reported
        // there, with `ColumnType`'s `on_unimplemented` help.
        let rust_ty = column.ty;
        let sql_type = quote_spanned!(rust_ty.span()=> <#rust_ty as #krate::ColumnType>::SQL_TYPE);
        quote! {
            #krate::__private::column(
                #name, #field, #ty, #sql_type, #nullable, #primary_key,
                ::core::option::Option::None, ::core::option::Option::None,
            )
        }
    });
    // `line!()` and `column!()` inside `location!` report the outermost macro
    // call whose tokens they sit in. With every token of the call spanned on
    // the struct's name (the crate path too, which otherwise keeps the
    // derive's span), that is the struct's name.
    let location = {
        let span = ident.span();
        let krate = respan(quote!(#krate), span);
        quote_spanned!(span=> #krate::__private::location!())
    };
    // rustc reports two impls with the same key (E0119) at the span of each
    // impl header: the `table = "..."` literal.
    // The marker is spanned on `#[derive(Model)]`: without `models!()` that
    // is where rustc says it cannot be found.
    let marker = quote!(crate::model_registry_models::ThisCrate);
    let uniqueness = quote_spanned! {table.span()=>
        impl #krate::__private::TableDefinedOnceInThisCrate<{
            #krate::__private::table_key(&__MODEL_REGISTRY_METADATA, #schema, #table)
        }> for #marker {}
    };

    quote! {
        // linkme registers the table with `#[link_section]`, which the
        // `unsafe_code` lint flags.
        #[doc(hidden)]
        #[allow(unsafe_code)]
        const _: () = {
            const __MODEL_REGISTRY_METADATA: #krate::Metadata = #metadata;

            static __MODEL_REGISTRY_COLUMNS: [#krate::ColumnDef; #column_count] = [#(#column_defs),*];

            static __MODEL_REGISTRY_TABLE: #krate::TableDef = #krate::__private::table(
                &__MODEL_REGISTRY_METADATA,
                #schema,
                #table,
                &__MODEL_REGISTRY_COLUMNS,
                &[],
                &[],
                &[],
                ::core::concat!(::core::module_path!(), "::", #type_name),
                #location,
            );

            #[automatically_derived]
            impl #krate::Model for #ident {
                const TABLE: &'static #krate::TableDef = &__MODEL_REGISTRY_TABLE;
            }

            #[#krate::__private::linkme::distributed_slice(#krate::__private::TABLES)]
            #[linkme(crate = #krate::__private::linkme)]
            static __MODEL_REGISTRY_ENTRY: &'static #krate::TableDef = &__MODEL_REGISTRY_TABLE;

            #uniqueness
        };
    }
}

/// The same tokens, every one of them (groups included) given `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                return TokenTree::Group(inner);
            }
            token.set_span(span);
            token
        })
        .collect()
}

/// After an error, still implement `Model` so that uses of the type do not
/// add errors of their own (the approach of thiserror's `fallback.rs`).
fn fallback(input: &DeriveInput, krate: &Path) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Model for #ident #ty_generics #where_clause {
            const TABLE: &'static #krate::TableDef = &#krate::__private::INVALID_TABLE;
        }
    }
}

/// The type as a person writes it (`Option<Vec<u8>>`, `&'static str`), not
/// as tokens print (`Option < Vec < u8 > >`).
pub(crate) fn type_string(ty: &syn::Type) -> String {
    let mut out = String::new();
    write_tokens(quote::ToTokens::to_token_stream(ty), &mut out);
    out
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Ident(ident) => {
                word_break(out);
                out.push_str(&ident.to_string());
            }
            TokenTree::Literal(literal) => {
                word_break(out);
                out.push_str(&literal.to_string());
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
            }
            TokenTree::Punct(punct) => match punct.as_char() {
                ',' | ';' => {
                    out.push(punct.as_char());
                    out.push(' ');
                }
                '+' | '=' => {
                    out.push(' ');
                    out.push(punct.as_char());
                    out.push(' ');
                }
                '-' if punct.spacing() == Spacing::Joint
                    && matches!(tokens.peek(), Some(TokenTree::Punct(next)) if next.as_char() == '>') =>
                {
                    tokens.next();
                    out.push_str(" -> ");
                }
                other => out.push(other),
            },
        }
    }
}

/// A space between two words (`dyn Trait`, `&'a str`), and nowhere else.
fn word_break(out: &mut String) {
    if out
        .chars()
        .next_back()
        .is_some_and(|last| last.is_alphanumeric() || last == '_')
    {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::type_string;

    #[test]
    fn types_print_as_written() {
        for written in [
            "i64",
            "Option<String>",
            "Option<Vec<u8>>",
            "std::option::Option<i32>",
            "&'static str",
            "[u8; 32]",
            "(i32, String)",
            "Box<dyn Fn(u8) -> u8 + Send>",
            "HashMap<String, Vec<i64>>",
            "r#type",
        ] {
            let ty: syn::Type = syn::parse_str(written).unwrap();
            assert_eq!(type_string(&ty), written);
        }
    }
}

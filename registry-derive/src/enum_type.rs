//! `#[derive(ColumnType)]` on a fieldless enum: the column sqlx's
//! `#[derive(sqlx::Type)]` encodes and decodes the enum as, read from the
//! same attributes — `#[sqlx(type_name, rename_all)]` on the enum,
//! `#[sqlx(rename)]` on a variant, `#[repr(i32)]` (sqlx then stores the
//! discriminant) — plus `#[model(check)]` and `#[model(crate = path)]`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::attr::sqlx;
use crate::errors::Errors;

/// The type names under which sqlx sends a derived enum as plain text on
/// PostgreSQL (it decodes it only from a column of exactly that type).
const TEXT_TYPES: [&str; 2] = ["text", "varchar"];

pub(crate) fn derive(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Errors::new();
    let (check, krate) = model_attrs(&input.attrs, &mut errors);

    let Data::Enum(data) = &input.data else {
        let span = match &input.data {
            Data::Struct(data) => data.struct_token.span,
            Data::Union(data) => data.union_token.span,
            Data::Enum(_) => unreachable!(),
        };
        return syn::Error::new(
            span,
            "`#[derive(ColumnType)]` is for fieldless enums; for a struct, implement \
             `model_registry::ColumnType` by hand or name the column's type with \
             `#[model(sql_type = \"...\")]` on the field",
        )
        .to_compile_error();
    };
    if data.variants.is_empty() {
        errors.error(
            &input.ident,
            "an enum without variants has no value to store; add a variant",
        );
    }

    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let sql_type = if let Some(repr) = repr(&input) {
        if check {
            errors.error(
                &repr,
                "`#[model(check)]` lists the values of an enum stored as text; this one is \
                 stored as its `#[repr]` integer",
            );
        }
        repr_type(&repr, &mut errors)
    } else {
        let type_name = sqlx::type_name(&input.attrs);
        let rename_all = sqlx::rename_all(&input.attrs, &mut errors);
        let values = values(data, rename_all.as_ref(), &mut errors);
        let rust_name = ident.to_string();
        let (type_name, native) = match &type_name {
            Some(name) => {
                let value = name.value();
                let text = TEXT_TYPES
                    .iter()
                    .any(|text| text.eq_ignore_ascii_case(&value));
                (
                    if text {
                        value.to_ascii_lowercase()
                    } else {
                        value
                    },
                    !text,
                )
            }
            // sqlx names the type after the enum; PostgreSQL folds the
            // unquoted name it is looked up by.
            None => (rust_name.to_ascii_lowercase(), true),
        };
        quote! {
            Enum(&const {
                #krate::EnumType::__new(#rust_name, #type_name, &[#(#values),*], #native, #check)
            })
        }
    };
    if let Some(error) = errors.finish() {
        return error.to_compile_error();
    }
    quote! {
        impl #impl_generics #krate::ColumnType for #ident #ty_generics #where_clause {
            const SQL_TYPE: #krate::SqlType = #krate::SqlType::#sql_type;
        }
    }
}

/// `#[model(check)]` and `#[model(crate = path)]` on the enum.
fn model_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> (bool, syn::Path) {
    let mut check = false;
    let mut krate: syn::Path = syn::parse_quote!(::model_registry);
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("model")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("check") {
                check = true;
            } else if meta.path.is_ident("crate") {
                krate = meta.value()?.parse()?;
            } else {
                errors.error(
                    &meta.path,
                    "`#[derive(ColumnType)]` takes `#[model(check)]` (the values as a check \
                     constraint on each column) and `#[model(crate = path)]`",
                );
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Token![=] = meta.input.parse()?;
                    let _: syn::Expr = meta.input.parse()?;
                }
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    (check, krate)
}

/// The `SqlType` variant of a `#[repr(int)]` enum: sqlx stores the
/// discriminant.
fn repr_type(repr: &syn::Ident, errors: &mut Errors) -> TokenStream {
    match repr.to_string().as_str() {
        "i8" => quote!(TinyInt),
        "i16" => quote!(SmallInt),
        "i32" => quote!(Integer),
        "i64" => quote!(BigInt),
        "u8" => quote!(Unsigned(8)),
        "u16" => quote!(Unsigned(16)),
        "u32" => quote!(Unsigned(32)),
        "u64" => quote!(Unsigned(64)),
        other => {
            errors.error(
                repr,
                format!("sqlx cannot store a `#[repr({other})]` enum; use `i16`, `i32` or `i64`"),
            );
            quote!(BigInt)
        }
    }
}

/// Each variant's value: its `#[sqlx(rename)]`, or its name after
/// `rename_all`. Variants with fields and values used twice are errors.
fn values(data: &syn::DataEnum, rename_all: Option<&LitStr>, errors: &mut Errors) -> Vec<String> {
    let mut values: Vec<(String, proc_macro2::Span)> = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            errors.error(
                &variant.fields,
                format!(
                    "variant `{}` has fields; a column holds one of a fieldless enum's names \
                     (sqlx's `#[derive(sqlx::Type)]` stores nothing else either)",
                    variant.ident
                ),
            );
            continue;
        }
        // A variant's `#[sqlx(rename)]` reads as a field's does.
        let (value, span) = match sqlx::field(&variant.attrs).rename {
            Some(rename) => (rename.value(), rename.span()),
            None => {
                let name = variant.ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                let value = match rename_all {
                    Some(pattern) => sqlx::rename(&pattern.value(), &name).unwrap_or(name),
                    None => name,
                };
                (value, variant.ident.span())
            }
        };
        if let Some((_, first)) = values.iter().find(|(seen, _)| *seen == value) {
            errors.at(
                span,
                format!(
                    "two variants are stored as {value:?}; rename one with `#[sqlx(rename = \"...\")]`"
                ),
            );
            errors.at(*first, format!("{value:?} is first used here"));
        }
        values.push((value, span));
    }
    values.into_iter().map(|(value, _)| value).collect()
}

/// `#[repr(int)]`, which makes sqlx store the discriminant.
fn repr(input: &DeriveInput) -> Option<syn::Ident> {
    let mut found = None;
    for attr in input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("repr"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(ident) = meta.path.get_ident()
                && ident != "C"
            {
                found = Some(ident.clone());
            }
            Ok(())
        });
    }
    found
}

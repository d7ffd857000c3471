//! Expansion: `derive` runs the pipeline (`attr`, `valid`, then `ir` for a
//! model without errors, or `fallback` for one with them), and the rest of
//! this module generates a valid model's code: the `'static` descriptor, the
//! `Model` impl, the link-time registration and the per-crate uniqueness
//! impl.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, LitStr, Path};

use crate::action::ReferentialAction;
use crate::attr::{MAX_LENGTH, SQL_TYPE};
use crate::errors::Errors;
use crate::fallback::table_fn;
use crate::ir::{Column, ForeignKey, SqlType, Table, Target};
use crate::{attr, fallback, ir, marker, ty, valid};

/// The whole derive, over `proc_macro2` tokens so it can be tested without a
/// compiler. Returns either the expansion or every error with a fallback impl.
pub(crate) fn derive(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Errors::new();
    let model = attr::model(&input, &mut errors);
    valid::model(&model, &mut errors);
    let krate = model
        .attrs
        .krate
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::model_registry));
    if let Some(error) = errors.finish() {
        let mut tokens = error.to_compile_error();
        tokens.extend(fallback::expand(&input, &krate));
        return tokens;
    }
    match ir::model(&model) {
        Some(table) => expand(&input, &krate, &table),
        // Validation reports a missing table; this arm only keeps the match total.
        None => fallback::expand(&input, &krate),
    }
}

fn expand(input: &DeriveInput, krate: &Path, definition: &Table<'_>) -> TokenStream {
    let ident = &input.ident;
    let (table, schema, metadata) = (definition.name, definition.schema, definition.metadata);
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
    let columns = &definition.columns;
    let column_count = columns.len();
    let column_defs = columns
        .iter()
        .enumerate()
        .map(|(index, column)| column_def(krate, index, column));
    // A foreign key is a static of its own that the column points to: few
    // columns have one, and each column keeps only a pointer's room for it.
    let foreign_keys = columns.iter().enumerate().filter_map(|(index, column)| {
        let key = foreign_key(krate, ident, column.references.as_ref()?);
        let name = foreign_key_static(index);
        Some(quote!(static #name: #krate::ForeignKeyDef = #key;))
    });
    let length_checks = columns
        .iter()
        .filter_map(|column| max_length_check(krate, column));
    let database_checks = columns
        .iter()
        .filter_map(|column| database_check(krate, column));
    let [indexes, uniques, checks] = constraints(krate, definition);
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
    let marker = marker::for_table(&table.value());
    let marker = quote!(crate::__add_model_registry_models_macro_to_the_crate_root::#marker);
    let uniqueness = quote_spanned! {table.span()=>
        impl #krate::__private::TableDefinedTwiceInThisCrate<{
            #krate::__private::table_key(&__MODEL_REGISTRY_METADATA, #schema, #table)
        }> for #marker {}
    };

    let column_consts = column_consts(&input.vis, columns);
    let table_fn = table_fn(
        krate,
        ident,
        &quote!(&__MODEL_REGISTRY_TABLE),
        &column_consts,
    );
    let reference_helpers = reference_helpers(krate, columns);
    let table_def = quote! {
        #krate::__private::table(
            &__MODEL_REGISTRY_METADATA,
            #schema,
            #table,
            &__MODEL_REGISTRY_COLUMNS,
            #indexes,
            #uniques,
            #checks,
            ::core::concat!(::core::module_path!(), "::", #type_name),
            #location,
        )
    };
    let table_def = quote!(#krate::__private::derived(#table_def));
    let table_def = match definition.renamed_from {
        Some(from) => quote!(#krate::__private::table_renamed_from(#table_def, #from)),
        None => table_def,
    };

    quote! {
        // linkme (or, where it cannot, inventory) registers the table with
        // `#[link_section]`, which the `unsafe_code` lint flags.
        #[doc(hidden)]
        #[allow(unsafe_code)]
        const _: () = {
            const __MODEL_REGISTRY_METADATA: #krate::Metadata = #metadata;

            #(#foreign_keys)*
            static __MODEL_REGISTRY_COLUMNS: [#krate::ColumnDef; #column_count] = [#(#column_defs),*];
            #(#length_checks)*
            #(#database_checks)*

            static __MODEL_REGISTRY_TABLE: #krate::TableDef = #table_def;

            #[automatically_derived]
            impl #krate::Model for #ident {
                const TABLE: &'static #krate::TableDef = &__MODEL_REGISTRY_TABLE;
            }

            #table_fn
            #reference_helpers

            #krate::__private::register_table!(__MODEL_REGISTRY_TABLE);

            #uniqueness
        };
    }
}

/// `COLUMN_<FIELD>`: each column's name as a constant, for queries written
/// by hand (`Order::COLUMN_CUSTOMER_ID`), with the struct's visibility.
/// Fields whose constants would share a name (`user_id` and `userId`) get
/// none.
fn column_consts(vis: &syn::Visibility, columns: &[Column<'_>]) -> TokenStream {
    let named: Vec<(String, &Column<'_>)> = columns
        .iter()
        .map(|column| {
            let field = syn::ext::IdentExt::unraw(column.field).to_string();
            let upper = heck::ToShoutySnakeCase::to_shouty_snake_case(field.as_str());
            (format!("COLUMN_{upper}"), column)
        })
        .collect();
    let consts = named.iter().filter_map(|(const_name, column)| {
        if named
            .iter()
            .filter(|(other, _)| other == const_name)
            .count()
            > 1
        {
            return None;
        }
        let mut ident: Ident = syn::parse_str(const_name).ok()?;
        ident.set_span(column.field.span());
        let field = syn::ext::IdentExt::unraw(column.field).to_string();
        let name = &column.name;
        let doc = format!("The column of field `{field}`: `{name}`.");
        Some(quote! {
            #[doc = #doc]
            #[allow(dead_code)]
            #vis const #ident: &'static str = #name;
        })
    });
    quote!(#(#consts)*)
}

/// The table's indexes, unique constraints and checks, as three `&'static`
/// slice expressions. `&[]` when empty, which most models are: a static per
/// list cost about 0.06 ms of `cargo check` per model.
fn constraints(krate: &Path, definition: &Table<'_>) -> [TokenStream; 3] {
    let indexes = definition.indexes.iter().map(|index| {
        let name = optional(index.name.as_ref());
        let columns = &index.columns;
        let unique = index.unique;
        quote!(#krate::__private::index(#name, &[#(#columns),*], #unique))
    });
    let uniques = definition.uniques.iter().map(|unique| {
        let name = optional(unique.name.as_ref());
        let columns = &unique.columns;
        quote!(#krate::__private::unique(#name, &[#(#columns),*]))
    });
    let checks = definition.checks.iter().map(|check| {
        let (name, expr) = (&check.name, &check.expr);
        quote!(#krate::__private::check(#name, #expr))
    });
    [slice(indexes), slice(uniques), slice(checks)]
}

/// A `&'static [T]` of `items`: a const block makes the array of `const fn`
/// calls a constant that the reference may be promoted to.
fn slice(items: impl ExactSizeIterator<Item = TokenStream>) -> TokenStream {
    if items.len() == 0 {
        quote!(&[])
    } else {
        quote!(&const { [#(#items),*] })
    }
}

/// What `references = Model` expands to needs (see `foreign_key`), once
/// per model that has one.
fn reference_helpers(krate: &Path, columns: &[Column<'_>]) -> TokenStream {
    let references_models = columns.iter().any(|column| {
        matches!(
            &column.references,
            Some(ForeignKey {
                target: Target::Model(_),
                ..
            })
        )
    });
    if !references_models {
        return quote!();
    }
    // A type with no `__model_registry_table` of its own finds the one of
    // `__private::NotAModel`, so that the only error for it is the check's.
    quote! {
        #[allow(unused_imports)]
        use #krate::__private::NotAModel as _;
    }
}

/// For a field with `max_length`, a constant that fails to evaluate unless
/// its Rust type maps to text. One item per field, so that every such field
/// is reported (one initializer stops at its first panic). The error names
/// the field and its type, and is spanned on the attribute's value: every
/// token of the item is, the crate path included, or rustc points at the
/// derive instead.
fn max_length_check(krate: &Path, column: &Column<'_>) -> Option<TokenStream> {
    let SqlType::MaxLength(_, span) = &column.sql_type else {
        return None;
    };
    let rust_ty = column.ty;
    let message = format!(
        "`{MAX_LENGTH}` applies to text columns, but field `{}` is `{}`: \
         name its SQL type with `{SQL_TYPE} = \"...\"`, or remove `{MAX_LENGTH}`",
        syn::ext::IdentExt::unraw(column.field),
        ty::type_string(rust_ty)
    );
    let krate = respan(quote!(#krate), *span);
    Some(quote_spanned! {*span=>
        const _: () = if !<#rust_ty as #krate::ColumnType>::SQL_TYPE.is_text() {
            ::core::panic!("{}", #message);
        };
    })
}

/// Where the metadata names its database: a compile error at the field's
/// type when that database cannot hold it the way sqlx reads and writes it.
/// Only for types that some database refuses, so most fields get none.
fn database_check(krate: &Path, column: &Column<'_>) -> Option<TokenStream> {
    let rust_ty = match &column.sql_type {
        SqlType::FromRustType => column.ty,
        SqlType::From(source) => source,
        _ => return None,
    };
    if ty::holds_everywhere(rust_ty) {
        return None;
    }
    let nullable = column.nullable;
    // At the stored type: `u32` of `Option<u32>`.
    let span = ty::option_inner(rust_ty).unwrap_or(rust_ty).span();
    let krate = respan(quote!(#krate), span);
    Some(quote_spanned! {span=>
        const _: () = if let ::core::option::Option::Some(reason) = #krate::__private::refusal(
            &__MODEL_REGISTRY_METADATA,
            <#rust_ty as #krate::ColumnType>::SQL_TYPE,
            #nullable,
        ) {
            ::core::panic!("{}", reason);
        };
    })
}

/// The static holding the foreign key of the column at `index`.
fn foreign_key_static(index: usize) -> Ident {
    format_ident!("__MODEL_REGISTRY_FOREIGN_KEY_{}", index)
}

fn column_def(krate: &Path, index: usize, column: &Column<'_>) -> TokenStream {
    let name = LitStr::new(&column.name, Span::call_site());
    let field = LitStr::new(
        &syn::ext::IdentExt::unraw(column.field).to_string(),
        Span::call_site(),
    );
    let ty = LitStr::new(&ty::type_string(column.ty), Span::call_site());
    let nullable = column.nullable;
    let primary_key = column.primary_key;
    // Spanned on the field's type: a type with no SQL type is reported
    // there, with `ColumnType`'s `on_unimplemented` help.
    let rust_ty = column.ty;
    let from_type = quote_spanned!(rust_ty.span()=> <#rust_ty as #krate::ColumnType>::SQL_TYPE);
    let sql_type = match &column.sql_type {
        SqlType::FromRustType => from_type,
        SqlType::Custom(sql_type) => quote!(#krate::SqlType::Custom(#sql_type)),
        // Checked by `max_length_check`, one item per field.
        SqlType::MaxLength(length, _) => quote!(#krate::SqlType::Varchar(#length)),
        SqlType::Json => quote!(#krate::SqlType::Json),
        SqlType::From(source) => {
            quote_spanned!(source.span()=> <#source as #krate::ColumnType>::SQL_TYPE)
        }
    };
    let default = optional(column.default.as_ref());
    let references = if column.references.is_some() {
        let key = foreign_key_static(index);
        quote!(::core::option::Option::Some(&#key))
    } else {
        quote!(::core::option::Option::None)
    };
    let def = quote! {
        #krate::__private::column(
            #name, #field, #ty, #sql_type, #nullable, #primary_key, #default, #references,
        )
    };
    let def = if column.auto_increment {
        def
    } else {
        quote!(#krate::__private::no_auto_increment(#def))
    };
    match &column.renamed_from {
        Some(from) => quote!(#krate::__private::column_renamed_from(#def, #from)),
        None => def,
    }
}

fn foreign_key(krate: &Path, model: &Ident, key: &ForeignKey) -> TokenStream {
    let target = match &key.target {
        Target::Model(path) => {
            let path = self_as(path, model);
            // Not `<Path as Model>::TABLE`: rustc validates a constant by
            // walking every static it points to, so a static initializer
            // that reads one cycles back to itself on a self-reference or a
            // cycle of keys. The target's const fn names its static, which
            // the initializer only takes the address of. The generic check
            // reports a type that is not a model, spanned on the user's
            // path, with `Model`'s `on_unimplemented` help.
            quote_spanned! {path.span()=>
                #krate::ForeignKeyTarget::Model(
                    #krate::__private::references_a_model::<<#path as #krate::__private::TypeOf>::Type>(
                        <#path>::__model_registry_table(),
                    )
                )
            }
        }
        Target::Column {
            schema,
            table,
            column,
        } => {
            let schema = match schema {
                Some(schema) => quote!(::core::option::Option::Some(#schema)),
                None => quote!(::core::option::Option::None),
            };
            quote! {
                #krate::ForeignKeyTarget::Column { schema: #schema, table: #table, column: #column }
            }
        }
    };
    let action = |action: Option<ReferentialAction>| match action {
        Some(action) => {
            let variant = format_ident!("{}", action.variant());
            quote!(::core::option::Option::Some(#krate::ReferentialAction::#variant))
        }
        None => quote!(::core::option::Option::None),
    };
    let on_delete = action(key.on_delete);
    let on_update = action(key.on_update);
    let use_alter = key.use_alter;
    quote!(#krate::__private::foreign_key(#target, #on_delete, #on_update, #use_alter))
}

/// The path with a leading `Self` replaced by the model's name: the
/// descriptor is a static outside the impl, where `Self` means nothing.
fn self_as(path: &Path, model: &Ident) -> Path {
    let mut path = path.clone();
    if path.leading_colon.is_none()
        && let Some(first) = path.segments.first_mut()
        && first.ident == "Self"
    {
        let mut ident = model.clone();
        ident.set_span(first.ident.span());
        first.ident = ident;
    }
    path
}

fn optional(literal: Option<&LitStr>) -> TokenStream {
    match literal {
        Some(literal) => quote!(::core::option::Option::Some(#literal)),
        None => quote!(::core::option::Option::None),
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

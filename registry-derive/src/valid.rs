//! Validation: names, columns and keys, checked before anything is generated.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Ident, LitStr, Type};

use crate::ast::Model;
use crate::errors::Errors;
use crate::name;

/// A column as it will be generated.
pub(crate) struct Column<'a> {
    pub(crate) name: String,
    pub(crate) field: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) nullable: bool,
    pub(crate) primary_key: bool,
}

pub(crate) fn model<'a>(model: &Model<'a>, errors: &mut Errors) -> Vec<Column<'a>> {
    match &model.attrs.table {
        Some(table) => literal_name(table, "table", errors),
        None if model.attrs.table_attempted => {}
        None => errors.error(
            model.ident,
            format!(
                "`{}` does not name its table: add `#[model(table = \"...\")]` to the struct",
                model.ident
            ),
        ),
    }
    if let Some(schema) = &model.attrs.schema {
        literal_name(schema, "schema", errors);
    }

    let mut columns: Vec<(Column<'a>, Span)> = Vec::new();
    for field in &model.fields {
        if let Some(skip) = field.attrs.skip {
            if field.attrs.primary_key.is_some() {
                errors.at(
                    skip,
                    "a skipped field has no column, so it cannot be the primary key",
                );
            }
            if let Some(column) = &field.attrs.column {
                errors.error(
                    column,
                    "a skipped field has no column: remove `column = ...` or `skip`",
                );
            }
            continue;
        }
        let (column_name, span) = match &field.attrs.column {
            Some(column) => {
                literal_name(column, "column", errors);
                (column.value(), column.span())
            }
            None => {
                let column_name = field.ident.unraw().to_string();
                if let Some(problem) = name::problem(&column_name) {
                    errors.error(
                        field.ident,
                        format!(
                            "column name `{column_name}` {problem}; name the column with `#[model(column = \"...\")]`"
                        ),
                    );
                }
                (column_name, field.ident.span())
            }
        };
        if let Some((first, _)) = columns
            .iter()
            .find(|(column, _)| column.name.eq_ignore_ascii_case(&column_name))
        {
            errors.at(
                span,
                format!(
                    "column `{column_name}` is defined twice in `{}`: field `{}` is column `{}` too \
                     (column names are compared ignoring ASCII case)",
                    model.ident,
                    first.field.unraw(),
                    first.name
                ),
            );
        }
        columns.push((
            Column {
                name: column_name,
                field: field.ident,
                ty: field.ty,
                nullable: is_option(field.ty),
                primary_key: field.attrs.primary_key.is_some(),
            },
            span,
        ));
    }

    if model.has_named_fields && !columns.iter().any(|(column, _)| column.primary_key) {
        errors.error(
            model.ident,
            format!(
                "`{}` has no primary key: mark its key column with `#[model(primary_key)]` \
                 (several columns make a composite key)",
                model.ident
            ),
        );
    }
    columns.into_iter().map(|(column, _)| column).collect()
}

fn literal_name(literal: &LitStr, what: &str, errors: &mut Errors) {
    let value = literal.value();
    if value.is_empty() {
        errors.error(literal, format!("the {what} name is empty"));
    } else if let Some(problem) = name::problem(&value) {
        errors.error(
            literal,
            format!("{what} name `{}` {problem}", visible(&value)),
        );
    }
}

/// The name as written, with control characters escaped so they show.
fn visible(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '\0' => "\\0".to_owned(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// `Option<T>` as written, with or without its `std`/`core` path.
fn is_option(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let is_option_path = match segments.as_slice() {
        [option] => option == "Option",
        [root, module, option] => {
            (root == "std" || root == "core") && module == "option" && option == "Option"
        }
        _ => false,
    };
    path.qself.is_none()
        && is_option_path
        && path.path.segments.last().is_some_and(|last| {
            matches!(&last.arguments, syn::PathArguments::AngleBracketed(args) if args.args.len() == 1)
        })
}

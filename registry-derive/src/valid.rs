//! Validation: names, columns and keys, checked before anything is
//! generated. Checks only: what a valid model lowers to is `ir`'s.
//!
//! The checks run in field order, and within a field in attribute-key
//! order, so the user reads the errors in the order of the source.

use proc_macro2::Span;
use syn::LitStr;
use syn::ext::IdentExt;

use crate::action::{ACTIONS, ReferentialAction};
use crate::ast::{self, FieldAttrs, FieldList, Model, References};
use crate::attr::{
    AUTO_INCREMENT, CHECK, COLUMN, DEFAULT, EXPR, INDEX, MAX_LENGTH, MODEL, NAME, ON_DELETE,
    ON_UPDATE, PRIMARY_KEY, REFERENCES, RENAMED_FROM, SKIP, SQL_TYPE, Symbol, TABLE, UNIQUE,
    USE_ALTER, check_example,
};
use crate::errors::Errors;
use crate::name;
use crate::suggest::{first_close, is_close};
use crate::ty;

/// A field and its column, if it has one: what the checks of `index(...)`
/// and `unique(...)` on the struct look fields up in.
struct FieldColumn {
    field: String,
    column: Option<String>,
    primary_key: bool,
}

pub(crate) fn model(model: &Model<'_>, errors: &mut Errors) {
    match &model.attrs.table {
        Some(table) => {
            literal_name(table, "table", errors);
        }
        None if model.attrs.table_attempted => {}
        None => errors.error(
            model.ident,
            format!(
                "`{}` does not name its table: add `#[{MODEL}({TABLE} = \"...\")]` to the struct",
                model.ident
            ),
        ),
    }
    if let Some(schema) = &model.attrs.schema {
        literal_name(schema, "schema", errors);
    }
    if let Some(from) = &model.attrs.renamed_from
        && literal_name(from, "previous table", errors)
        && model
            .attrs
            .table
            .as_ref()
            .is_some_and(|table| table.value() == from.value())
    {
        errors.error(
            from,
            format!(
                "`{RENAMED_FROM}` names the table's previous name; this is its name now: remove `{RENAMED_FROM}`"
            ),
        );
    }

    let fields = columns(model, errors);
    if model.has_named_fields
        && !fields
            .iter()
            .any(|field| field.column.is_some() && field.primary_key)
    {
        errors.error(
            model.ident,
            format!(
                "`{}` has no primary key: mark its key column with `#[{MODEL}({PRIMARY_KEY})]` \
                 (several columns make a composite key)",
                model.ident
            ),
        );
    }
    keys_on_the_primary_key(model, errors);
    let mut given = Vec::new();
    for list in &model.attrs.indexes {
        if field_list(model, list, INDEX, "index", &fields, errors)
            && let Some(name) = &list.name
        {
            given.push((name, "an index"));
        }
    }
    for list in &model.attrs.uniques {
        if field_list(model, list, UNIQUE, "unique constraint", &fields, errors)
            && let Some(name) = &list.name
        {
            given.push((name, "a unique constraint"));
        }
    }
    given_names_once(model, &given, errors);
    checks(model, errors);
}

/// The names given with `name = "..."` to the model's indexes and unique
/// constraints, and the table's own: one schema holds each name once
/// (compared ignoring ASCII case, as the startup check compares them). A
/// clash with another model's names is the startup check's to report.
fn given_names_once(model: &Model<'_>, given: &[(&LitStr, &str)], errors: &mut Errors) {
    let mut seen: Vec<(String, &str)> = Vec::new();
    if let Some(table) = &model.attrs.table {
        seen.push((table.value().to_ascii_lowercase(), "the table"));
    }
    for &(name, what) in given {
        let folded = name.value().to_ascii_lowercase();
        match seen.iter().find(|(other, _)| *other == folded) {
            Some((_, first)) => errors.error(
                name,
                format!(
                    "name `{}` is given twice in `{}` (first to {first}): tables, indexes and constraints \
                     share one namespace per schema, and names are compared ignoring ASCII case; \
                     give this one another name",
                    name.value(),
                    model.ident
                ),
            ),
            None => seen.push((folded, what)),
        }
    }
}

/// Checks every field's column, and returns them in field order.
fn columns(model: &Model<'_>, errors: &mut Errors) -> Vec<FieldColumn> {
    let mut fields: Vec<FieldColumn> = Vec::new();
    for field in &model.fields {
        let attrs = &field.attrs;
        if let Some(from) = &attrs.renamed_from {
            literal_name(from, "previous column", errors);
        }
        auto_increment_off_key(attrs, errors);
        sqlx_agrees(model, field, errors);
        if let Some(skip) = attrs.skip.or(field.sqlx.skip) {
            skipped_field(skip, attrs, errors);
            fields.push(FieldColumn {
                field: field.name(),
                column: None,
                primary_key: false,
            });
            continue;
        }
        let (column_name, span) = match (&attrs.column, &field.sqlx_name) {
            (Some(column), _) => {
                literal_name(column, "column", errors);
                (column.value(), column.span())
            }
            (None, Some((name, span))) => {
                if let Some(problem) = name::problem(name) {
                    errors.at(
                        *span,
                        format!(
                            "column name `{name}` (sqlx's name for field `{}`) {problem}",
                            field.name()
                        ),
                    );
                }
                (name.clone(), *span)
            }
            (None, None) => {
                let column_name = field.name();
                if let Some(problem) = name::problem(&column_name) {
                    errors.error(
                        field.ident,
                        format!(
                            "column name `{column_name}` {problem}; name the column with `#[{MODEL}({COLUMN} = \"...\")]`"
                        ),
                    );
                }
                (column_name, field.ident.span())
            }
        };
        if let Some((first, first_column)) = fields.iter().find_map(|first| {
            let column = first.column.as_ref()?;
            // Unicode case: MariaDB compares column names so (`é` is `É`).
            (column.to_lowercase() == column_name.to_lowercase()).then_some((first, column))
        }) {
            errors.at(
                span,
                format!(
                    "column `{column_name}` is defined twice in `{}`: field `{}` is column `{first_column}` too \
                     (column names are compared ignoring case, as MariaDB compares them)",
                    model.ident, first.field
                ),
            );
        }
        sql_type(attrs, errors);
        default(attrs, errors);
        foreign_key(field, errors);
        fields.push(FieldColumn {
            field: field.name(),
            column: Some(column_name),
            primary_key: attrs.primary_key.is_some(),
        });
    }
    fields
}

/// `unique` and `index` on the only key column: it is both already. One
/// column of a composite key is neither, so it may have its own.
fn keys_on_the_primary_key(model: &Model<'_>, errors: &mut Errors) {
    let mut key_columns = model
        .fields
        .iter()
        .filter(|field| !field.is_skipped() && field.attrs.primary_key.is_some());
    let (Some(key), None) = (key_columns.next(), key_columns.next()) else {
        return;
    };
    for (span, key) in [(key.attrs.unique, UNIQUE), (key.attrs.index, INDEX)] {
        if let Some(span) = span {
            errors.at(
                span,
                format!(
                    "`{key}` on the primary key of `{}`: a primary key is already unique and indexed; \
                     remove `{key}`",
                    model.ident
                ),
            );
        }
    }
}

/// sqlx reads the field under one name and `#[model]` must not give
/// another; `#[sqlx(flatten)]` spreads another struct's columns into this
/// one, which the derive cannot see.
fn sqlx_agrees(model: &Model<'_>, field: &crate::ast::Field<'_>, errors: &mut Errors) {
    if let (Some(column), Some((name, span))) = (&field.attrs.column, &field.sqlx_name)
        && column.value() != *name
        && field.attrs.skip.is_none()
    {
        let source = if field.sqlx.rename.is_some() {
            format!("`#[sqlx(rename = {name:?})]`")
        } else {
            format!("the struct's `#[sqlx(rename_all)]`, which makes it `{name}`")
        };
        errors.error(
            column,
            format!(
                "`#[{MODEL}({COLUMN} = {:?})]` contradicts {source}: sqlx would read another column \
                 than the table has; name the column once, in `#[sqlx(rename = \"...\")]`",
                column.value()
            ),
        );
        errors.at(
            *span,
            format!(
                "sqlx reads field `{}` as column `{name}` here",
                field.name()
            ),
        );
    }
    if let Some(flatten) = field.sqlx.flatten
        && field.attrs.skip.is_none()
    {
        errors.at(
            flatten,
            format!(
                "`#[sqlx(flatten)]` reads this field's columns through another struct, which `{}`'s \
                 derive cannot see: write those columns as fields here, or `#[{MODEL}({SKIP})]` the field \
                 if they are not this table's",
                model.ident
            ),
        );
    }
}

/// `auto_increment = false` only means something on a primary key.
fn auto_increment_off_key(attrs: &FieldAttrs, errors: &mut Errors) {
    if let Some(span) = attrs.no_auto_increment
        && attrs.primary_key.is_none()
    {
        errors.at(
            span,
            format!(
                "only a primary key auto-increments: `{AUTO_INCREMENT} = false` goes with `{PRIMARY_KEY}`"
            ),
        );
    }
}

/// Every column key on a skipped field is a mistake: it has no column.
fn skipped_field(skip: Span, attrs: &FieldAttrs, errors: &mut Errors) {
    if attrs.primary_key.is_some() {
        errors.at(
            skip,
            "a skipped field has no column, so it cannot be the primary key",
        );
    }
    let message = |key: &dyn core::fmt::Display| {
        format!("a skipped field has no column: remove `{key}` or `{SKIP}`")
    };
    let with_value = |key: Symbol| format!("{key} = ...");
    let values = [
        (attrs.column.as_ref(), COLUMN),
        (attrs.sql_type.as_ref(), SQL_TYPE),
        (attrs.default.as_ref(), DEFAULT),
    ];
    for (literal, key) in values {
        if let Some(literal) = literal {
            errors.error(literal, message(&with_value(key)));
        }
    }
    if let Some(max_length) = &attrs.max_length {
        errors.error(max_length, message(&with_value(MAX_LENGTH)));
    }
    let keys = [
        (attrs.unique, UNIQUE.to_string()),
        (attrs.index, INDEX.to_string()),
        (
            attrs.references.as_ref().map(References::span),
            with_value(REFERENCES),
        ),
        (
            attrs.on_delete.as_ref().map(|(key, _)| *key),
            with_value(ON_DELETE),
        ),
        (
            attrs.on_update.as_ref().map(|(key, _)| *key),
            with_value(ON_UPDATE),
        ),
        (attrs.use_alter, USE_ALTER.to_string()),
    ];
    for (span, key) in keys {
        if let Some(span) = span {
            errors.at(span, message(&key));
        }
    }
}

fn sql_type(attrs: &FieldAttrs, errors: &mut Errors) {
    if let Some(sql_type) = &attrs.sql_type {
        let value = sql_type.value();
        if value.trim().is_empty() {
            errors.error(
                sql_type,
                format!(
                    "the SQL type is empty: write it as the database spells it, like `{SQL_TYPE} = \"NUMERIC(20, 0)\"`"
                ),
            );
        } else if value.chars().any(char::is_control) {
            errors.error(
                sql_type,
                format!(
                    "SQL type `{}` contains a control character (such as NUL or a newline)",
                    visible(&value)
                ),
            );
        }
    }
    let Some(literal) = &attrs.max_length else {
        return;
    };
    if attrs.sql_type.is_some() {
        errors.error(
            literal,
            format!(
                "`{MAX_LENGTH}` and `{SQL_TYPE}` both set the column's type: keep one \
                 (with `{SQL_TYPE}`, the length goes inside it, like `{SQL_TYPE} = \"VARCHAR(255)\"`)"
            ),
        );
        return;
    }
    match literal.base10_parse::<u32>() {
        Ok(0) => errors.error(literal, format!("`{MAX_LENGTH}` must be at least 1")),
        Ok(_) => {}
        Err(_) => errors.error(
            literal,
            format!("`{MAX_LENGTH}` must be at most {} (u32::MAX)", u32::MAX),
        ),
    }
}

fn default(attrs: &FieldAttrs, errors: &mut Errors) {
    let Some(default) = &attrs.default else {
        return;
    };
    if default.value().trim().is_empty() {
        errors.error(
            default,
            format!(
                "the default is empty: write an SQL expression, like `{DEFAULT} = \"CURRENT_TIMESTAMP\"` \
                 or `{DEFAULT} = \"'pending'\"`"
            ),
        );
    }
}

fn foreign_key(field: &ast::Field<'_>, errors: &mut Errors) {
    let attrs = &field.attrs;
    let Some(references) = &attrs.references else {
        if !attrs.references_attempted {
            let keys = [
                (attrs.on_delete.as_ref().map(|(key, _)| *key), ON_DELETE),
                (attrs.on_update.as_ref().map(|(key, _)| *key), ON_UPDATE),
                (attrs.use_alter, USE_ALTER),
            ];
            for (span, key) in keys {
                if let Some(span) = span {
                    errors.at(
                        span,
                        format!(
                            "`{key}` applies to a foreign key, but this field has none: \
                             add `{REFERENCES} = Model` or `{REFERENCES} = \"table.column\"`, or remove `{key}`"
                        ),
                    );
                }
            }
        }
        return;
    };
    if let References::Column(literal) = references {
        column_target(literal, errors);
    }
    for (slot, key) in [(&attrs.on_delete, ON_DELETE), (&attrs.on_update, ON_UPDATE)] {
        let Some((_, literal)) = slot else { continue };
        if action(literal, key, errors) == Some(ReferentialAction::SetNull)
            && !ty::is_option(field.ty)
        {
            let ty = ty::type_string(field.ty);
            errors.error(
                literal,
                format!(
                    "`{key} = \"{}\"` needs a nullable column, but field `{}` is `{ty}`: \
                     make its type `Option<{ty}>`",
                    ReferentialAction::SetNull.sql(),
                    field.ident.unraw()
                ),
            );
        }
    }
}

/// `"table.column"` or `"schema.table.column"`, every part a valid name.
fn column_target(literal: &LitStr, errors: &mut Errors) {
    // Messages quote the literal as written, escapes and all.
    let written = literal.token().to_string();
    let value = literal.value();
    if value.is_empty() {
        errors.error(
            literal,
            format!(
                "`{REFERENCES}` is empty: name the column as `\"table.column\"` or `\"schema.table.column\"`, \
                 or a model by its type: `{REFERENCES} = User`"
            ),
        );
        return;
    }
    let parts: Vec<&str> = value.split('.').collect();
    let roles: &[&str] = match parts.len() {
        2 => &["table", "column"],
        3 => &["schema", "table", "column"],
        1 => {
            errors.error(
                literal,
                format!(
                    "`{REFERENCES} = {written}` names no column: write `\"table.column\"` or \
                     `\"schema.table.column\"`, or name a model by its type without quotes: `{REFERENCES} = User`"
                ),
            );
            return;
        }
        count => {
            errors.error(
                literal,
                format!(
                    "`{REFERENCES} = {written}` has {count} dot-separated parts; name the column as \
                     `\"table.column\"` or `\"schema.table.column\"`"
                ),
            );
            return;
        }
    };
    for (part, role) in parts.iter().zip(roles) {
        if let Some(problem) = name::problem(part) {
            errors.error(
                literal,
                format!("the {role} name in `{REFERENCES} = {written}` {problem}"),
            );
        }
    }
}

/// The action `on_delete = "..."` or `on_update = "..."` names, reported if
/// it names none.
fn action(literal: &LitStr, key: Symbol, errors: &mut Errors) -> Option<ReferentialAction> {
    let written = literal.value();
    if let Some(action) = ReferentialAction::from_sql(&written) {
        return Some(action);
    }
    let expected = ACTIONS
        .iter()
        .map(|(spelling, _)| format!("`{spelling}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut message = format!(
        "unknown `{key}` action `{}`; expected one of {expected}",
        visible(&written)
    );
    let lower = written.to_ascii_lowercase();
    if let Some(close) = first_close(&lower, ACTIONS.iter().map(|&(spelling, _)| spelling)) {
        message = format!("{message}; did you mean `{close}`?");
    }
    errors.error(literal, message);
    None
}

/// `index(...)` or `unique(...)` on the struct: whether it lists fields,
/// each once, each with a column, and has a valid name if it has one.
fn field_list(
    model: &Model<'_>,
    list: &FieldList,
    key: Symbol,
    what: &str,
    fields: &[FieldColumn],
    errors: &mut Errors,
) -> bool {
    let mut valid = true;
    if let Some(name) = &list.name {
        valid &= literal_name(name, what, errors);
    }
    // A list whose only items were rejected is reported there already.
    if list.fields.is_empty() && !list.stray_items {
        errors.at(
            list.key,
            format!(
                "`{key}(...)` lists no fields: name the fields of the {what}, like `{key}(user_id, created_at)`"
            ),
        );
        return false;
    }
    if list.fields.is_empty() {
        return false;
    }
    let mut seen: Vec<String> = Vec::new();
    for ident in &list.fields {
        let written = ident.unraw().to_string();
        if seen.contains(&written) {
            errors.error(
                ident,
                format!("field `{written}` is listed twice in this {what}"),
            );
            valid = false;
            continue;
        }
        seen.push(written.clone());
        match fields.iter().find(|field| field.field == written) {
            Some(FieldColumn {
                column: Some(_), ..
            }) => {}
            Some(FieldColumn { column: None, .. }) => {
                errors.error(
                    ident,
                    format!(
                        "field `{written}` is skipped (`#[{MODEL}({SKIP})]`), so it has no column to put in the {what}"
                    ),
                );
                valid = false;
            }
            None => {
                errors.error(ident, unknown_field(model, &written, fields));
                valid = false;
            }
        }
    }
    valid
}

fn unknown_field(model: &Model<'_>, written: &str, fields: &[FieldColumn]) -> String {
    let mut message = format!("`{}` has no field `{written}`", model.ident);
    if let Some(field) = fields
        .iter()
        .find(|field| field.column.as_deref() == Some(written))
    {
        message = format!(
            "{message}; `{written}` is the column of field `{}`: list fields by their Rust name",
            field.field
        );
    } else if let Some(field) = fields.iter().find(|field| is_close(written, &field.field)) {
        message = format!("{message}; did you mean `{}`?", field.field);
    }
    message
}

fn checks(model: &Model<'_>, errors: &mut Errors) {
    let example = format!("`{}`", check_example());
    // The names of the checks accepted so far.
    let mut accepted: Vec<&LitStr> = Vec::new();
    for check in &model.attrs.checks {
        let missing_name = check.name.is_none() && !check.name_attempted;
        let missing_expr = check.expr.is_none() && !check.expr_attempted;
        match (missing_name, missing_expr) {
            (true, true) => errors.at(
                check.key,
                format!("`{CHECK}` needs a name and an SQL expression: {example}"),
            ),
            (true, false) => errors.at(
                check.key,
                format!(
                    "`{CHECK}` needs `{NAME} = \"...\"`, from which the naming convention names the constraint: {example}"
                ),
            ),
            (false, true) => errors.at(
                check.key,
                format!(
                    "`{CHECK}` needs `{EXPR} = \"...\"`, the SQL condition every row must satisfy: {example}"
                ),
            ),
            (false, false) => {}
        }
        let mut valid = true;
        if let Some(name) = &check.name {
            valid &= literal_name(name, "check constraint", errors);
            if let Some(first) = accepted
                .iter()
                .find(|first| first.value().eq_ignore_ascii_case(&name.value()))
            {
                errors.error(
                    name,
                    format!(
                        "check constraint `{}` is declared twice in `{}` (names are compared ignoring ASCII case)",
                        first.value(),
                        model.ident
                    ),
                );
                valid = false;
            }
        }
        if let Some(expr) = &check.expr
            && expr.value().trim().is_empty()
        {
            valid = false;
            errors.error(
                expr,
                format!(
                    "the check expression is empty: write the SQL condition, like `{EXPR} = \"amount > 0\"`"
                ),
            );
        }
        if let (Some(name), Some(_), true) = (&check.name, &check.expr, valid) {
            accepted.push(name);
        }
    }
}

/// Reports a literal that is not a valid name; returns whether it is one.
fn literal_name(literal: &LitStr, what: &str, errors: &mut Errors) -> bool {
    let value = literal.value();
    if value.is_empty() {
        errors.error(literal, format!("the {what} name is empty"));
    } else if let Some(problem) = name::problem(&value) {
        errors.error(
            literal,
            format!("{what} name `{}` {problem}", visible(&value)),
        );
    } else {
        return true;
    }
    false
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

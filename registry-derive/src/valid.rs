//! Validation: names, columns and keys, checked before anything is generated.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Ident, LitStr, Path, Type};

use crate::ast::{self, FieldAttrs, FieldList, Model, References};
use crate::errors::Errors;
use crate::name;
use crate::suggest::is_close;
use crate::ty;

/// The table as it will be generated.
pub(crate) struct Table<'a> {
    pub(crate) columns: Vec<Column<'a>>,
    /// Field-level indexes in field order, then `index(...)` in attribute order.
    pub(crate) indexes: Vec<Index>,
    /// Field-level unique constraints in field order, then `unique(...)`.
    pub(crate) uniques: Vec<Unique>,
    pub(crate) checks: Vec<Check>,
}

/// A column as it will be generated.
pub(crate) struct Column<'a> {
    pub(crate) name: String,
    pub(crate) field: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) nullable: bool,
    pub(crate) primary_key: bool,
    /// `unique` on the field.
    pub(crate) unique: Option<Span>,
    /// `index` on the field.
    pub(crate) index: Option<Span>,
    pub(crate) sql_type: SqlType,
    pub(crate) default: Option<LitStr>,
    pub(crate) references: Option<ForeignKey>,
}

/// Where the column's SQL type comes from.
pub(crate) enum SqlType {
    /// `<Ty as ColumnType>::SQL_TYPE`.
    FromRustType,
    /// `sql_type = "..."`, verbatim.
    Custom(LitStr),
    /// `max_length = n` on a text type; the span is the attribute's, where a
    /// non-text type is reported.
    MaxLength(u32, Span),
}

pub(crate) struct ForeignKey {
    pub(crate) target: Target,
    pub(crate) on_delete: Option<ReferentialAction>,
    pub(crate) on_update: Option<ReferentialAction>,
    pub(crate) use_alter: bool,
}

pub(crate) enum Target {
    /// The primary key of the model at this path (`Self` included).
    Model(Path),
    Column {
        schema: Option<String>,
        table: String,
        column: String,
    },
}

/// A referential action: the variant of `model_registry::ReferentialAction`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReferentialAction {
    Cascade,
    SetNull,
    SetDefault,
    Restrict,
    NoAction,
}

/// The spellings `on_delete`/`on_update` accept, ignoring ASCII case.
const ACTIONS: &[(&str, ReferentialAction)] = &[
    ("cascade", ReferentialAction::Cascade),
    ("set null", ReferentialAction::SetNull),
    ("set default", ReferentialAction::SetDefault),
    ("restrict", ReferentialAction::Restrict),
    ("no action", ReferentialAction::NoAction),
];

impl ReferentialAction {
    /// The variant's name in `model_registry::ReferentialAction`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Self::Cascade => "Cascade",
            Self::SetNull => "SetNull",
            Self::SetDefault => "SetDefault",
            Self::Restrict => "Restrict",
            Self::NoAction => "NoAction",
        }
    }
}

pub(crate) struct Index {
    pub(crate) name: Option<LitStr>,
    pub(crate) columns: Vec<String>,
    pub(crate) unique: bool,
}

pub(crate) struct Unique {
    pub(crate) name: Option<LitStr>,
    pub(crate) columns: Vec<String>,
}

pub(crate) struct Check {
    pub(crate) name: LitStr,
    pub(crate) expr: LitStr,
}

/// A field's column, if it has one: what `index(...)` and `unique(...)` on
/// the struct look fields up in.
struct FieldColumn {
    field: String,
    column: Option<String>,
}

pub(crate) fn model<'a>(model: &Model<'a>, errors: &mut Errors) -> Table<'a> {
    match &model.attrs.table {
        Some(table) => {
            literal_name(table, "table", errors);
        }
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

    let (columns, field_columns) = columns(model, errors);
    if model.has_named_fields && !columns.iter().any(|column| column.primary_key) {
        errors.error(
            model.ident,
            format!(
                "`{}` has no primary key: mark its key column with `#[model(primary_key)]` \
                 (several columns make a composite key)",
                model.ident
            ),
        );
    }
    let (mut indexes, mut uniques) = field_keys(model, &columns, errors);
    for list in &model.attrs.indexes {
        if let Some((name, columns)) = field_list(model, list, "index", &field_columns, errors) {
            indexes.push(Index {
                name,
                columns,
                unique: false,
            });
        }
    }
    for list in &model.attrs.uniques {
        if let Some((name, columns)) =
            field_list(model, list, "unique constraint", &field_columns, errors)
        {
            uniques.push(Unique { name, columns });
        }
    }
    given_names_once(model, &indexes, &uniques, errors);
    let checks = checks(model, errors);
    Table {
        columns,
        indexes,
        uniques,
        checks,
    }
}

/// The names given with `name = "..."` to the model's indexes and unique
/// constraints, and the table's own: one schema holds each name once
/// (compared ignoring ASCII case, as the startup check compares them). A
/// clash with another model's names is the startup check's to report.
fn given_names_once(model: &Model<'_>, indexes: &[Index], uniques: &[Unique], errors: &mut Errors) {
    let mut seen: Vec<(String, &str)> = Vec::new();
    if let Some(table) = &model.attrs.table {
        seen.push((table.value().to_ascii_lowercase(), "the table"));
    }
    let given = indexes
        .iter()
        .filter_map(|index| index.name.as_ref().map(|name| (name, "an index")))
        .chain(uniques.iter().filter_map(|unique| {
            unique
                .name
                .as_ref()
                .map(|name| (name, "a unique constraint"))
        }));
    for (name, what) in given {
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

/// The columns in field order, and every field's column (if it has one).
fn columns<'a>(model: &Model<'a>, errors: &mut Errors) -> (Vec<Column<'a>>, Vec<FieldColumn>) {
    let mut columns: Vec<Column<'a>> = Vec::new();
    let mut field_columns = Vec::new();
    for field in &model.fields {
        let attrs = &field.attrs;
        if let Some(skip) = attrs.skip {
            skipped_field(skip, attrs, errors);
            field_columns.push(FieldColumn {
                field: field.ident.unraw().to_string(),
                column: None,
            });
            continue;
        }
        let (column_name, span) = match &attrs.column {
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
        if let Some(first) = columns
            .iter()
            .find(|column| column.name.eq_ignore_ascii_case(&column_name))
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
        let nullable = ty::is_option(field.ty);
        field_columns.push(FieldColumn {
            field: field.ident.unraw().to_string(),
            column: Some(column_name.clone()),
        });
        columns.push(Column {
            name: column_name,
            field: field.ident,
            ty: field.ty,
            nullable,
            primary_key: attrs.primary_key.is_some(),
            unique: attrs.unique,
            index: attrs.index,
            sql_type: sql_type(attrs, errors),
            default: default(attrs, errors),
            references: foreign_key(field, nullable, errors),
        });
    }
    (columns, field_columns)
}

/// The indexes and unique constraints of `index` and `unique` on fields.
fn field_keys(
    model: &Model<'_>,
    columns: &[Column<'_>],
    errors: &mut Errors,
) -> (Vec<Index>, Vec<Unique>) {
    let key_columns = columns.iter().filter(|column| column.primary_key).count();
    let mut indexes = Vec::new();
    let mut uniques = Vec::new();
    for column in columns {
        // The only key column is unique and indexed already; one column of a
        // composite key is neither, so it may have its own.
        if column.primary_key && key_columns == 1 {
            for (span, key) in [(column.unique, "unique"), (column.index, "index")] {
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
            continue;
        }
        let name = vec![column.name.clone()];
        match (column.unique.is_some(), column.index.is_some()) {
            // Both: one unique index, as SQLAlchemy makes it.
            (unique, true) => indexes.push(Index {
                name: None,
                columns: name,
                unique,
            }),
            (true, false) => uniques.push(Unique {
                name: None,
                columns: name,
            }),
            (false, false) => {}
        }
    }
    (indexes, uniques)
}

/// Every column key on a skipped field is a mistake: it has no column.
fn skipped_field(skip: Span, attrs: &FieldAttrs, errors: &mut Errors) {
    if attrs.primary_key.is_some() {
        errors.at(
            skip,
            "a skipped field has no column, so it cannot be the primary key",
        );
    }
    let values = [
        (attrs.column.as_ref(), "column = ..."),
        (attrs.sql_type.as_ref(), "sql_type = ..."),
        (attrs.default.as_ref(), "default = ..."),
    ];
    for (literal, key) in values {
        if let Some(literal) = literal {
            errors.error(
                literal,
                format!("a skipped field has no column: remove `{key}` or `skip`"),
            );
        }
    }
    if let Some(max_length) = &attrs.max_length {
        errors.error(
            max_length,
            "a skipped field has no column: remove `max_length = ...` or `skip`",
        );
    }
    let keys = [
        (attrs.unique, "unique"),
        (attrs.index, "index"),
        (
            attrs.references.as_ref().map(References::span),
            "references = ...",
        ),
        (
            attrs.on_delete.as_ref().map(|(key, _)| *key),
            "on_delete = ...",
        ),
        (
            attrs.on_update.as_ref().map(|(key, _)| *key),
            "on_update = ...",
        ),
        (attrs.use_alter, "use_alter"),
    ];
    for (span, key) in keys {
        if let Some(span) = span {
            errors.at(
                span,
                format!("a skipped field has no column: remove `{key}` or `skip`"),
            );
        }
    }
}

fn sql_type(attrs: &FieldAttrs, errors: &mut Errors) -> SqlType {
    if let Some(sql_type) = &attrs.sql_type {
        let value = sql_type.value();
        if value.trim().is_empty() {
            errors.error(
                sql_type,
                "the SQL type is empty: write it as the database spells it, like `sql_type = \"NUMERIC(20, 0)\"`",
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
    let length = attrs.max_length.as_ref().and_then(|literal| {
        if attrs.sql_type.is_some() {
            errors.error(
                literal,
                "`max_length` and `sql_type` both set the column's type: keep one \
                 (with `sql_type`, the length goes inside it, like `sql_type = \"VARCHAR(255)\"`)",
            );
            return None;
        }
        match literal.base10_parse::<u32>() {
            Ok(0) => {
                errors.error(literal, "`max_length` must be at least 1");
                None
            }
            Ok(length) => Some((length, literal.span())),
            Err(_) => {
                errors.error(
                    literal,
                    format!("`max_length` must be at most {} (u32::MAX)", u32::MAX),
                );
                None
            }
        }
    });
    match (&attrs.sql_type, length) {
        (Some(sql_type), _) => SqlType::Custom(sql_type.clone()),
        (None, Some((length, span))) => SqlType::MaxLength(length, span),
        (None, None) => SqlType::FromRustType,
    }
}

fn default(attrs: &FieldAttrs, errors: &mut Errors) -> Option<LitStr> {
    let default = attrs.default.as_ref()?;
    if default.value().trim().is_empty() {
        errors.error(
            default,
            "the default is empty: write an SQL expression, like `default = \"CURRENT_TIMESTAMP\"` \
             or `default = \"'pending'\"`",
        );
    }
    Some(default.clone())
}

fn foreign_key(field: &ast::Field<'_>, nullable: bool, errors: &mut Errors) -> Option<ForeignKey> {
    let attrs = &field.attrs;
    let Some(references) = &attrs.references else {
        if !attrs.references_attempted {
            let keys = [
                (attrs.on_delete.as_ref().map(|(key, _)| *key), "on_delete"),
                (attrs.on_update.as_ref().map(|(key, _)| *key), "on_update"),
                (attrs.use_alter, "use_alter"),
            ];
            for (span, key) in keys {
                if let Some(span) = span {
                    errors.at(
                        span,
                        format!(
                            "`{key}` applies to a foreign key, but this field has none: \
                             add `references = Model` or `references = \"table.column\"`, or remove `{key}`"
                        ),
                    );
                }
            }
        }
        return None;
    };
    let target = match references {
        References::Model(path) => Some(Target::Model(path.clone())),
        References::Column(literal) => column_target(literal, errors),
    };
    let mut action = |slot: &Option<(Span, LitStr)>, key: &str| {
        let (_, literal) = slot.as_ref()?;
        let action = action(literal, key, errors)?;
        if action == ReferentialAction::SetNull && !nullable {
            let ty = ty::type_string(field.ty);
            errors.error(
                literal,
                format!(
                    "`{key} = \"set null\"` needs a nullable column, but field `{}` is `{ty}`: \
                     make its type `Option<{ty}>`",
                    field.ident.unraw()
                ),
            );
        }
        Some(action)
    };
    let on_delete = action(&attrs.on_delete, "on_delete");
    let on_update = action(&attrs.on_update, "on_update");
    Some(ForeignKey {
        target: target?,
        on_delete,
        on_update,
        use_alter: attrs.use_alter.is_some(),
    })
}

/// `"table.column"` or `"schema.table.column"`, every part a valid name.
fn column_target(literal: &LitStr, errors: &mut Errors) -> Option<Target> {
    // Messages quote the literal as written, escapes and all.
    let written = literal.token().to_string();
    let value = literal.value();
    if value.is_empty() {
        errors.error(
            literal,
            "`references` is empty: name the column as `\"table.column\"` or `\"schema.table.column\"`, \
             or a model by its type: `references = User`",
        );
        return None;
    }
    let parts: Vec<&str> = value.split('.').collect();
    let roles: &[&str] = match parts.len() {
        2 => &["table", "column"],
        3 => &["schema", "table", "column"],
        1 => {
            errors.error(
                literal,
                format!(
                    "`references = {written}` names no column: write `\"table.column\"` or \
                     `\"schema.table.column\"`, or name a model by its type without quotes: `references = User`"
                ),
            );
            return None;
        }
        count => {
            errors.error(
                literal,
                format!(
                    "`references = {written}` has {count} dot-separated parts; name the column as \
                     `\"table.column\"` or `\"schema.table.column\"`"
                ),
            );
            return None;
        }
    };
    let mut valid = true;
    for (part, role) in parts.iter().zip(roles) {
        if let Some(problem) = name::problem(part) {
            errors.error(
                literal,
                format!("the {role} name in `references = {written}` {problem}"),
            );
            valid = false;
        }
    }
    if !valid {
        return None;
    }
    let (schema, table, column) = match parts.as_slice() {
        [table, column] => (None, table, column),
        [schema, table, column] => (Some((*schema).to_owned()), table, column),
        _ => return None,
    };
    Some(Target::Column {
        schema,
        table: (*table).to_owned(),
        column: (*column).to_owned(),
    })
}

fn action(literal: &LitStr, key: &str, errors: &mut Errors) -> Option<ReferentialAction> {
    let written = literal.value();
    let lower = written.to_ascii_lowercase();
    if let Some(&(_, action)) = ACTIONS.iter().find(|(spelling, _)| *spelling == lower) {
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
    if let Some((close, _)) = ACTIONS
        .iter()
        .find(|(spelling, _)| is_close(&lower, spelling))
    {
        message = format!("{message}; did you mean `{close}`?");
    }
    errors.error(literal, message);
    None
}

/// `index(...)` or `unique(...)` on the struct: the optional name and the
/// column names of the listed fields, or `None` after an error.
fn field_list(
    model: &Model<'_>,
    list: &FieldList,
    what: &str,
    fields: &[FieldColumn],
    errors: &mut Errors,
) -> Option<(Option<LitStr>, Vec<String>)> {
    let key = if what == "index" { "index" } else { "unique" };
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
        return None;
    }
    if list.fields.is_empty() {
        return None;
    }
    let mut columns = Vec::new();
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
                column: Some(column),
                ..
            }) => columns.push(column.clone()),
            Some(FieldColumn { column: None, .. }) => {
                errors.error(
                    ident,
                    format!(
                        "field `{written}` is skipped (`#[model(skip)]`), so it has no column to put in the {what}"
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
    valid.then(|| (list.name.clone(), columns))
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

fn checks(model: &Model<'_>, errors: &mut Errors) -> Vec<Check> {
    const EXAMPLE: &str = "`check(name = \"positive_amount\", expr = \"amount > 0\")`";
    let mut checks: Vec<Check> = Vec::new();
    for check in &model.attrs.checks {
        let missing_name = check.name.is_none() && !check.name_attempted;
        let missing_expr = check.expr.is_none() && !check.expr_attempted;
        match (missing_name, missing_expr) {
            (true, true) => errors.at(
                check.key,
                format!("`check` needs a name and an SQL expression: {EXAMPLE}"),
            ),
            (true, false) => errors.at(
                check.key,
                format!(
                    "`check` needs `name = \"...\"`, from which the naming convention names the constraint: {EXAMPLE}"
                ),
            ),
            (false, true) => errors.at(
                check.key,
                format!(
                    "`check` needs `expr = \"...\"`, the SQL condition every row must satisfy: {EXAMPLE}"
                ),
            ),
            (false, false) => {}
        }
        let mut valid = true;
        if let Some(name) = &check.name {
            valid &= literal_name(name, "check constraint", errors);
            if let Some(first) = checks
                .iter()
                .find(|first| first.name.value().eq_ignore_ascii_case(&name.value()))
            {
                errors.error(
                    name,
                    format!(
                        "check constraint `{}` is declared twice in `{}` (names are compared ignoring ASCII case)",
                        first.name.value(),
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
                "the check expression is empty: write the SQL condition, like `expr = \"amount > 0\"`",
            );
        }
        if let (Some(name), Some(expr), true) = (&check.name, &check.expr, valid) {
            checks.push(Check {
                name: name.clone(),
                expr: expr.clone(),
            });
        }
    }
    checks
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

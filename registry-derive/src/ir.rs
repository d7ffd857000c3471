//! Lowering: the validated model as the table `expand` generates.
//!
//! Runs only on a model that `valid` passed without an error, so it reports
//! nothing; what validation rejects is left out here, never guessed at.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Ident, LitStr, Path, Type};

use crate::action::ReferentialAction;
use crate::ast::{self, FieldList, Model, References};
use crate::ty;

/// The table as it will be generated.
pub(crate) struct Table<'a> {
    pub(crate) name: &'a LitStr,
    pub(crate) schema: Option<&'a LitStr>,
    pub(crate) metadata: Option<&'a Path>,
    pub(crate) columns: Vec<Column<'a>>,
    /// Field-level indexes in field order, then `index(...)` in attribute order.
    pub(crate) indexes: Vec<Index>,
    /// Field-level unique constraints in field order, then `unique(...)`.
    pub(crate) uniques: Vec<Unique>,
    pub(crate) checks: Vec<Check>,
    /// `renamed_from = "..."` on the struct.
    pub(crate) renamed_from: Option<&'a LitStr>,
}

/// A column as it will be generated.
pub(crate) struct Column<'a> {
    pub(crate) name: String,
    pub(crate) field: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) nullable: bool,
    pub(crate) primary_key: bool,
    /// `false` after `auto_increment = false`.
    pub(crate) auto_increment: bool,
    /// `renamed_from = "..."` on the field.
    pub(crate) renamed_from: Option<LitStr>,
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
    /// `#[sqlx(json)]`: sqlx stores the field as JSON.
    Json,
    /// `#[sqlx(try_from = "T")]`: sqlx decodes `T` and converts, so the
    /// column holds a `T`.
    From(Box<Type>),
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

/// The table of a validated model; `None` without a table name, which
/// validation has reported.
pub(crate) fn model<'a>(model: &'a Model<'_>) -> Option<Table<'a>> {
    let columns: Vec<Column<'a>> = model.fields.iter().filter_map(column).collect();
    let (mut indexes, mut uniques) = field_keys(&model.fields);
    indexes.extend(model.attrs.indexes.iter().map(|list| Index {
        name: list.name.clone(),
        columns: field_list(model, list),
        unique: false,
    }));
    uniques.extend(model.attrs.uniques.iter().map(|list| Unique {
        name: list.name.clone(),
        columns: field_list(model, list),
    }));
    let checks = model
        .attrs
        .checks
        .iter()
        .filter_map(|check| {
            Some(Check {
                name: check.name.clone()?,
                expr: check.expr.clone()?,
            })
        })
        .collect();
    Some(Table {
        name: model.attrs.table.as_ref()?,
        schema: model.attrs.schema.as_ref(),
        metadata: model.attrs.metadata.as_ref(),
        columns,
        indexes,
        uniques,
        checks,
        renamed_from: model.attrs.renamed_from.as_ref(),
    })
}

/// The field's column; `None` for a skipped field.
fn column<'a>(field: &'a ast::Field<'_>) -> Option<Column<'a>> {
    let attrs = &field.attrs;
    let nullable = ty::is_option(field.ty);
    Some(Column {
        name: field.column_name()?,
        field: field.ident,
        ty: field.ty,
        nullable,
        primary_key: attrs.primary_key.is_some(),
        auto_increment: attrs.no_auto_increment.is_none(),
        renamed_from: attrs.renamed_from.clone(),
        sql_type: match (&attrs.sql_type, &attrs.max_length) {
            (Some(sql_type), _) => SqlType::Custom(sql_type.clone()),
            (None, Some(length)) => match length.base10_parse() {
                Ok(value) => SqlType::MaxLength(value, length.span()),
                Err(_) => SqlType::FromRustType,
            },
            (None, None) if field.sqlx.json.is_some() => SqlType::Json,
            (None, None) => match field.sqlx.try_from.as_ref().map(LitStr::parse::<Type>) {
                Some(Ok(source)) => SqlType::From(Box::new(source)),
                _ => SqlType::FromRustType,
            },
        },
        default: attrs.default.clone(),
        references: foreign_key(attrs),
    })
}

/// The indexes and unique constraints of `index` and `unique` on fields,
/// in field order. The only key column is unique and indexed already; one
/// column of a composite key is neither, so it may have its own.
fn field_keys(fields: &[ast::Field<'_>]) -> (Vec<Index>, Vec<Unique>) {
    let columns = || {
        fields
            .iter()
            .filter_map(|field| Some((&field.attrs, field.column_name()?)))
    };
    let key_columns = columns()
        .filter(|(attrs, _)| attrs.primary_key.is_some())
        .count();
    let mut indexes = Vec::new();
    let mut uniques = Vec::new();
    for (attrs, column) in columns() {
        if attrs.primary_key.is_some() && key_columns == 1 {
            continue;
        }
        let name = vec![column];
        match (attrs.unique.is_some(), attrs.index.is_some()) {
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

fn foreign_key(attrs: &ast::FieldAttrs) -> Option<ForeignKey> {
    let target = match attrs.references.as_ref()? {
        References::Model(path) => Target::Model(path.clone()),
        References::Column(literal) => column_target(&literal.value())?,
    };
    let action = |slot: &Option<(Span, LitStr)>| {
        let (_, literal) = slot.as_ref()?;
        ReferentialAction::from_sql(&literal.value())
    };
    Some(ForeignKey {
        target,
        on_delete: action(&attrs.on_delete),
        on_update: action(&attrs.on_update),
        use_alter: attrs.use_alter.is_some(),
    })
}

/// `"table.column"` or `"schema.table.column"`.
fn column_target(value: &str) -> Option<Target> {
    let parts: Vec<&str> = value.split('.').collect();
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

/// The column names of the fields `index(...)` or `unique(...)` lists.
fn field_list(model: &Model<'_>, list: &FieldList) -> Vec<String> {
    list.fields
        .iter()
        .filter_map(|ident| {
            let written = ident.unraw().to_string();
            let field = model.fields.iter().find(|field| field.name() == written)?;
            field.column_name()
        })
        .collect()
}

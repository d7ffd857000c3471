//! Resolution: every table's keys, indexes and constraints get their final
//! names and target columns; foreign keys that cross databases, point at
//! nothing or change type are reported.

use crate::check::names::Names;
use crate::check::order::find;
use crate::def::{ColumnDef, ForeignKeyTarget, SqlType, TableDef};
use crate::ident::{compare_folded, compare_schemas};
use crate::naming::{ConstraintKind, NameParts};
use crate::report::{MissingTarget, Problem};
use crate::schema::{
    CheckExpr, ResolvedCheck, ResolvedForeignKey, ResolvedIndex, ResolvedPrimaryKey, ResolvedTable,
    ResolvedUnique, parts,
};

/// One table's keys, indexes and constraints, each named in turn. Only for
/// tables the check validated: what it would report (`validate_table`) is
/// not reported again, and what it cannot resolve is left out.
#[allow(clippy::too_many_lines)]
pub(super) fn resolve_table(
    table: &'static TableDef,
    tables: &[&'static TableDef],
) -> ResolvedTable {
    let naming = &table.metadata.naming;
    let columns_of = |names: &'static [&'static str]| {
        names
            .iter()
            .filter_map(|name| table.column(name))
            .collect::<Vec<_>>()
    };

    let key: Vec<&'static ColumnDef> = table.primary_key().collect();
    let identity = match key.as_slice() {
        [only]
            if only.auto_increment
                && only.references.is_none()
                && matches!(
                    only.sql_type,
                    SqlType::SmallInt | SqlType::Integer | SqlType::BigInt
                ) =>
        {
            Some(*only)
        }
        _ => None,
    };
    let primary_key = (!key.is_empty()).then(|| ResolvedPrimaryKey {
        name: with_names(key.iter().copied(), |names| {
            naming.render(ConstraintKind::PrimaryKey, &parts(table, names, None, ""))
        }),
        columns: key,
    });
    let indexes = table
        .indexes
        .iter()
        .map(|index| ResolvedIndex {
            name: given_or(index.name, || {
                naming.render(
                    ConstraintKind::Index,
                    &parts(table, index.columns, None, ""),
                )
            }),
            columns: columns_of(index.columns),
            unique: index.unique,
        })
        .collect();
    let uniques = table
        .uniques
        .iter()
        .map(|unique| ResolvedUnique {
            name: given_or(unique.name, || {
                naming.render(
                    ConstraintKind::Unique,
                    &parts(table, unique.columns, None, ""),
                )
            }),
            columns: columns_of(unique.columns),
        })
        .collect();
    let declared = table.checks.iter().map(|check| ResolvedCheck {
        name: naming.render(ConstraintKind::Check, &parts(table, &[], None, check.name)),
        expr: CheckExpr::Sql(check.expr),
    });
    // An enum type that asks for it checks its values in each column,
    // named after the column.
    let values = table
        .columns
        .iter()
        .filter_map(|column| match column.sql_type {
            SqlType::Enum(enum_type) if enum_type.has_check() => Some(ResolvedCheck {
                name: naming.render(ConstraintKind::Check, &values_check_parts(table, column)),
                expr: CheckExpr::Values {
                    column: column.name,
                    values: enum_type.values(),
                },
            }),
            _ => None,
        });
    let checks = declared.chain(values).collect();
    let foreign_keys = table
        .foreign_keys()
        .filter_map(|(column, key)| {
            let (referred_table, referred_column) =
                foreign_key_target(table, column, key.target, tables, &mut Vec::new())?;
            let name = naming.render(
                ConstraintKind::ForeignKey,
                &foreign_key_parts(table, column, referred_table, referred_column),
            );
            Some(ResolvedForeignKey {
                name,
                column,
                referred_table,
                referred_column,
                on_delete: key.on_delete,
                on_update: key.on_update,
                use_alter: key.use_alter,
            })
        })
        .collect();
    ResolvedTable {
        table,
        primary_key,
        indexes,
        uniques,
        foreign_keys,
        checks,
        identity,
    }
}

/// What the startup check needs of one table, `tables[index]`, without
/// building its [`ResolvedTable`] (the registry resolves tables on first
/// use): every problem of its columns and keys, the hash of each name
/// `resolve_table` would give it (in `names`), and the foreign keys that
/// order creation (in `edges`: the table's index, the referring column and
/// the referred table).
pub(super) fn validate_table(
    index: usize,
    tables: &[&'static TableDef],
    problems: &mut Vec<Problem>,
    names: &mut Names,
    edges: &mut Vec<(usize, &'static ColumnDef, &'static TableDef)>,
) {
    let table = tables[index];
    if !table.columns_checked {
        duplicate_columns(table, problems);
    }
    let naming = &table.metadata.naming;
    names.table(table);
    let mut unknown_columns = |names: &'static [&'static str], kind: ConstraintKind| {
        for name in names {
            if table.column(name).is_none() {
                problems.push(Problem::UnknownColumn {
                    table,
                    kind,
                    column: name,
                });
            }
        }
    };

    with_names(table.primary_key(), |key| {
        if !key.is_empty() {
            names.rendered(
                naming,
                ConstraintKind::PrimaryKey,
                &parts(table, key, None, ""),
            );
        }
    });
    let lists = table
        .indexes
        .iter()
        .map(|index| (ConstraintKind::Index, index.name, index.columns))
        .chain(
            table
                .uniques
                .iter()
                .map(|unique| (ConstraintKind::Unique, unique.name, unique.columns)),
        );
    for (kind, name, columns) in lists {
        match name {
            Some(given) => names.given(given),
            None => names.rendered(naming, kind, &parts(table, columns, None, "")),
        }
        unknown_columns(columns, kind);
    }
    for (column, key) in table.foreign_keys() {
        let Some((referred_table, referred_column)) =
            foreign_key_target(table, column, key.target, tables, problems)
        else {
            continue;
        };
        names.rendered(
            naming,
            ConstraintKind::ForeignKey,
            &foreign_key_parts(table, column, referred_table, referred_column),
        );
        if !key.use_alter && !core::ptr::eq(referred_table, table) {
            edges.push((index, column, referred_table));
        }
    }
    for check in table.checks {
        names.rendered(
            naming,
            ConstraintKind::Check,
            &parts(table, &[], None, check.name),
        );
    }
    for column in table.columns {
        if let SqlType::Enum(enum_type) = column.sql_type
            && enum_type.has_check()
        {
            names.rendered(
                naming,
                ConstraintKind::Check,
                &values_check_parts(table, column),
            );
        }
    }
}

/// The names of `columns`, handed to `f` as one slice, without a `Vec` for
/// the usual one to four (a primary key's).
fn with_names<R>(
    columns: impl Iterator<Item = &'static ColumnDef>,
    f: impl FnOnce(&[&'static str]) -> R,
) -> R {
    let mut few = [""; 4];
    let mut count = 0;
    let mut many: Vec<&'static str> = Vec::new();
    for column in columns {
        if count < few.len() {
            few[count] = column.name;
        } else {
            if many.is_empty() {
                many.extend_from_slice(&few);
            }
            many.push(column.name);
        }
        count += 1;
    }
    if count <= few.len() {
        f(&few[..count])
    } else {
        f(&many)
    }
}

/// What a foreign key's generated name is made of.
fn foreign_key_parts(
    table: &'static TableDef,
    column: &'static ColumnDef,
    referred_table: &'static TableDef,
    referred_column: &'static ColumnDef,
) -> NameParts<'static> {
    parts(
        table,
        core::slice::from_ref(&column.name),
        Some((
            referred_table.name,
            core::slice::from_ref(&referred_column.name),
        )),
        "",
    )
}

/// What the name of an enum column's values check is made of: it is named
/// after the column.
fn values_check_parts(table: &'static TableDef, column: &'static ColumnDef) -> NameParts<'static> {
    parts(
        table,
        core::slice::from_ref(&column.name),
        None,
        column.name,
    )
}

/// A given name is used as it is (see `NamingConvention`); only generated
/// ones are shortened, by `render`.
fn given_or(given: Option<&'static str>, generate: impl FnOnce() -> String) -> String {
    given.map_or_else(generate, str::to_owned)
}

/// The table and column a foreign key points at, or `None` after reporting
/// why there is none in the key's own metadata; a referred column of
/// another SQL type is reported too.
fn foreign_key_target(
    table: &'static TableDef,
    column: &'static ColumnDef,
    target: ForeignKeyTarget,
    tables: &[&'static TableDef],
    problems: &mut Vec<Problem>,
) -> Option<(&'static TableDef, &'static ColumnDef)> {
    let referred_table = match target {
        ForeignKeyTarget::Model(referred) => referred,
        ForeignKeyTarget::Column {
            schema,
            table: name,
            ..
        } => {
            let schema = schema.or(table.metadata.schema);
            let found = find(tables, table.metadata.name, schema, name).map(|index| tables[index]);
            // The same table in another metadata: the database it lives in
            // is not this one.
            let elsewhere = || {
                tables.iter().copied().find(|candidate| {
                    compare_schemas(candidate.schema(), schema).is_eq()
                        && compare_folded(candidate.name, name).is_eq()
                })
            };
            match found.or_else(elsewhere) {
                Some(found) => found,
                None => {
                    problems.push(Problem::UnknownForeignKeyTarget {
                        table,
                        column,
                        target,
                        missing: MissingTarget::Table,
                    });
                    return None;
                }
            }
        }
    };
    if referred_table.metadata.name != table.metadata.name {
        problems.push(Problem::ForeignKeyAcrossMetadata {
            table,
            column,
            referred_table,
        });
        return None;
    }
    let referred_column = match target {
        ForeignKeyTarget::Model(_) => {
            let mut key = referred_table.primary_key();
            match (key.next(), key.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
        ForeignKeyTarget::Column { column: name, .. } => referred_table.column(name),
    };
    let Some(referred_column) = referred_column else {
        problems.push(Problem::UnknownForeignKeyTarget {
            table,
            column,
            target,
            missing: match target {
                ForeignKeyTarget::Model(_) => MissingTarget::SingleColumnKey,
                ForeignKeyTarget::Column { .. } => MissingTarget::Column,
            },
        });
        return None;
    };
    if referred_column.sql_type != column.sql_type {
        problems.push(Problem::ForeignKeyTypeMismatch {
            table,
            column,
            referred_table,
            referred_column,
        });
    }
    Some((referred_table, referred_column))
}

/// Columns that some database takes for one: MariaDB compares column
/// names ignoring case, Unicode case included.
fn duplicate_columns(table: &'static TableDef, problems: &mut Vec<Problem>) {
    let columns = table.columns;
    // The common case: every name is ASCII, so two names can only be alike
    // with equal lengths. Decided once per table, not once per pair.
    let ascii = columns.iter().all(|column| column.name.is_ascii());
    let same = |a: &str, b: &str| {
        if ascii {
            a.len() == b.len() && a.eq_ignore_ascii_case(b)
        } else {
            a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase))
        }
    };
    // Pairwise, without allocating: tables have a handful of columns, and
    // the check runs for every table at startup. Most have no two alike.
    let alike = |index: usize, column: &ColumnDef| {
        columns[index + 1..]
            .iter()
            .any(|other| same(other.name, column.name))
    };
    if ascii {
        // ASCII names alike have one length: a pair of unequal lengths needs
        // no comparing.
        let any = columns.iter().enumerate().any(|(index, column)| {
            columns[index + 1..].iter().any(|other| {
                other.name.len() == column.name.len()
                    && other.name.eq_ignore_ascii_case(column.name)
            })
        });
        if !any {
            return;
        }
    } else if !columns
        .iter()
        .enumerate()
        .any(|(index, column)| alike(index, column))
    {
        return;
    }
    for (index, column) in columns.iter().enumerate() {
        if !alike(index, column) {
            continue;
        }
        if columns[..index]
            .iter()
            .any(|other| same(other.name, column.name))
        {
            continue;
        }
        let mut names = vec![column.name];
        names.extend(
            columns[index + 1..]
                .iter()
                .filter(|other| same(other.name, column.name))
                .map(|other| other.name),
        );
        problems.push(Problem::DuplicateColumn {
            table,
            columns: names,
        });
    }
}

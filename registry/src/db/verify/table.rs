//! One table against its live counterpart: columns (type, nullability,
//! default, identity), the primary key, indexes and unique constraints,
//! foreign keys with their actions, and checks — what the model declares
//! as errors, what the database has beyond it as warnings.

use crate::db::verify::difference::Difference;
use crate::def::ColumnDef;
use crate::ident::Case;
use crate::naming::ConstraintKind;
use crate::schema::{ResolvedForeignKey, ResolvedTable};
use crate::sql::catalog::{Catalog, LiveForeignKey, LiveIndex, LiveTable};
use crate::sql::ddl::Dialect;

/// Compares one table, appending what differs.
pub(super) fn compare_table(
    schema: &ResolvedTable,
    live: &LiveTable,
    catalog: &Catalog,
    dialect: Dialect,
    errors: &mut Vec<Difference>,
    warnings: &mut Vec<Difference>,
) {
    let columns = catalog.column_case;
    let mut out = Out { errors, warnings };
    compare_columns(schema, live, columns, dialect, &mut out);
    compare_primary_key(schema, live, columns, &mut out);
    compare_indexes(schema, live, columns, dialect, &mut out);
    compare_foreign_keys(schema, live, catalog, dialect, &mut out);
    compare_checks(schema, live, columns, dialect, &mut out);
}

struct Out<'a> {
    errors: &'a mut Vec<Difference>,
    warnings: &'a mut Vec<Difference>,
}

fn compare_columns(
    schema: &ResolvedTable,
    live: &LiveTable,
    case: Case,
    dialect: Dialect,
    out: &mut Out<'_>,
) {
    let table = schema.table;
    for column in table.columns {
        let Some(found) = live
            .columns
            .iter()
            .find(|found| case.eq(&found.name, column.name))
        else {
            out.errors.push(Difference::MissingColumn { table, column });
            continue;
        };
        let identity = schema.is_identity(column);
        let json_unchecked = dialect.json_is_checked_text(column.sql_type, &found.sql_type)
            && !has_json_check(live, column, case);
        let type_matches = dialect.type_matches_column(column.sql_type, identity, &found.sql_type)
            && !json_unchecked;
        if !type_matches {
            let mut found_type = found.sql_type.clone();
            if dialect.json_is_checked_text(column.sql_type, &found.sql_type) {
                found_type.push_str(" without its `json_valid` check");
            }
            out.errors.push(Difference::TypeMismatch {
                table,
                column,
                expected: dialect.expected_column_type(column.sql_type, identity),
                found: found_type,
            });
        }
        if found.nullable != column.nullable {
            out.errors.push(Difference::NullabilityMismatch {
                table,
                column,
                found_nullable: found.nullable,
            });
        }
        if found.identity != identity {
            out.errors.push(Difference::IdentityMismatch {
                table,
                column,
                expected: identity,
            });
        }
        let same_default = match (column.default, found.default.as_deref()) {
            (None, None) => true,
            (Some(model), Some(live)) => {
                dialect.normalize_default(model) == dialect.normalize_default(live)
            }
            _ => false,
        };
        if !same_default {
            out.errors.push(Difference::DefaultMismatch {
                table,
                column,
                expected: column.default,
                found: found.default.clone(),
            });
        }
    }
    for found in &live.columns {
        if !table
            .columns
            .iter()
            .any(|column| case.eq(column.name, &found.name))
        {
            out.warnings.push(Difference::ExtraColumn {
                table,
                column: found.name.clone(),
                sql_type: found.sql_type.clone(),
                nullable: found.nullable,
            });
        }
    }
}

/// MariaDB keeps a JSON column as `longtext` with a `json_valid` check
/// named after it.
fn has_json_check(live: &LiveTable, column: &ColumnDef, case: Case) -> bool {
    live.checks
        .iter()
        .any(|check| is_json_check(&check.expr, column.name, case))
}

fn is_json_check(expr: &str, column: &str, case: Case) -> bool {
    let expr = expr.trim();
    let Some(inner) = expr
        .strip_prefix("json_valid(")
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return false;
    };
    case.eq(inner.trim().trim_matches('`'), column)
}

fn compare_primary_key(schema: &ResolvedTable, live: &LiveTable, case: Case, out: &mut Out<'_>) {
    let table = schema.table;
    let Some(key) = schema.primary_key() else {
        return;
    };
    let expected: Vec<&'static str> = key.columns().iter().map(|column| column.name).collect();
    match &live.primary_key {
        Some(found) if same_names(case, &found.columns, &expected) => {
            if let Some(name) = &found.name
                && !case.eq(name, key.name())
            {
                out.warnings.push(Difference::NameMismatch {
                    table,
                    kind: ConstraintKind::PrimaryKey,
                    expected: key.name().to_owned(),
                    found: name.clone(),
                });
            }
        }
        found => out.errors.push(Difference::PrimaryKeyMismatch {
            table,
            expected,
            found: found.as_ref().map(|key| key.columns.clone()),
        }),
    }
}

fn same_strings(case: Case, a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| case.eq(a, b))
}

fn same_names(case: Case, live: &[String], model: &[&str]) -> bool {
    live.len() == model.len()
        && live
            .iter()
            .zip(model)
            .all(|(live, model)| case.eq(live, model))
}

/// `a unique index on (a, b)`, `an index on (a)`
fn describe_index(unique: bool, columns: &[impl AsRef<str>]) -> String {
    let columns: Vec<&str> = columns.iter().map(AsRef::as_ref).collect();
    format!(
        "{} on ({})",
        if unique { "a unique index" } else { "an index" },
        columns.join(", ")
    )
}

#[allow(clippy::too_many_lines)] // three ways to match, one loop
/// The model's indexes and unique constraints, each matched with one live
/// index: by name if it has the model's name (then compared in shape), else
/// by shape (then its name compared). What no model claims is extra.
fn compare_indexes(
    schema: &ResolvedTable,
    live: &LiveTable,
    case: Case,
    dialect: Dialect,
    out: &mut Out<'_>,
) {
    let table = schema.table;
    let mut claimed = vec![false; live.indexes.len()];
    // (name, columns, unique, kind): unique constraints are unique indexes
    // to every database here.
    let wanted = schema
        .indexes
        .iter()
        .map(|index| {
            let columns: Vec<&str> = index.columns.iter().map(|column| column.name).collect();
            (
                index.name.as_str(),
                columns,
                index.unique,
                ConstraintKind::Index,
            )
        })
        .chain(schema.uniques.iter().map(|unique| {
            let columns: Vec<&str> = unique.columns.iter().map(|column| column.name).collect();
            (unique.name.as_str(), columns, true, ConstraintKind::Unique)
        }));
    for (name, columns, unique, kind) in wanted {
        let shape = |found: &LiveIndex| {
            found.unique == unique && same_names(case, &found.columns, &columns)
        };
        let free = |position: &usize| !claimed[*position];
        let by_name = (0..live.indexes.len())
            .filter(free)
            .find(|&position| case.eq(&live.indexes[position].name, name));
        if let Some(position) = by_name {
            claimed[position] = true;
            let found = &live.indexes[position];
            if !shape(found) {
                out.errors.push(Difference::IndexMismatch {
                    table,
                    name: name.to_owned(),
                    expected: describe_index(unique, &columns),
                    found: describe_index(found.unique, &found.columns),
                    found_name: found.name.clone(),
                });
            }
            continue;
        }
        if let Some(position) = (0..live.indexes.len())
            .filter(free)
            .find(|&position| shape(&live.indexes[position]))
        {
            claimed[position] = true;
            let found = &live.indexes[position].name;
            // SQLite names a unique constraint's index itself.
            if dialect.keeps_constraint_names() || kind == ConstraintKind::Index {
                out.warnings.push(Difference::NameMismatch {
                    table,
                    kind,
                    expected: name.to_owned(),
                    found: found.clone(),
                });
            }
            continue;
        }
        // The same columns in another shape: what is there instead.
        let mut sorted_wanted: Vec<String> = columns.iter().map(|c| case.fold(c)).collect();
        sorted_wanted.sort();
        let other = (0..live.indexes.len()).filter(free).find(|&position| {
            let mut found: Vec<String> = live.indexes[position]
                .columns
                .iter()
                .map(|c| case.fold(c))
                .collect();
            found.sort();
            found == sorted_wanted
        });
        match other {
            Some(position) => {
                claimed[position] = true;
                let found = &live.indexes[position];
                out.errors.push(Difference::IndexMismatch {
                    table,
                    name: name.to_owned(),
                    expected: describe_index(unique, &columns),
                    found: format!(
                        "{} named `{}`",
                        describe_index(found.unique, &found.columns),
                        found.name
                    ),
                    found_name: found.name.clone(),
                });
            }
            None if kind == ConstraintKind::Unique => out.errors.push(Difference::MissingUnique {
                table,
                name: name.to_owned(),
                columns,
            }),
            None => out.errors.push(Difference::MissingIndex {
                table,
                name: name.to_owned(),
                columns,
                unique,
            }),
        }
    }
    for (position, found) in live.indexes.iter().enumerate() {
        // MySQL and MariaDB index every foreign key, under its name.
        let backs_a_key = live.foreign_keys.iter().any(|key| {
            key.name
                .as_deref()
                .is_some_and(|name| case.eq(name, &found.name))
                && same_strings(case, &key.columns, &found.columns)
        });
        if !claimed[position] && !backs_a_key {
            out.warnings.push(Difference::ExtraIndex {
                table,
                name: found.name.clone(),
                columns: found.columns.clone(),
                unique: found.unique,
            });
        }
    }
}

/// `(customer_id) -> customer (id) ON DELETE CASCADE ON UPDATE NO ACTION`
fn describe_live_key(key: &LiveForeignKey) -> String {
    format!(
        "({}) -> {}{} ({}) ON DELETE {} ON UPDATE {}",
        key.columns.join(", "),
        key.referred_schema
            .as_deref()
            .map_or_else(String::new, |schema| format!("{schema}.")),
        key.referred_table,
        key.referred_columns.join(", "),
        key.on_delete,
        key.on_update
    )
}

fn describe_model_key(key: &ResolvedForeignKey, dialect: Dialect) -> String {
    format!(
        "({}) -> {} ({}) ON DELETE {} ON UPDATE {}",
        key.column.name,
        key.referred_table.qualified_name(),
        key.referred_column.name,
        dialect.effective_action(key.on_delete),
        dialect.effective_action(key.on_update)
    )
}

fn compare_foreign_keys(
    schema: &ResolvedTable,
    live: &LiveTable,
    catalog: &Catalog,
    dialect: Dialect,
    out: &mut Out<'_>,
) {
    let table = schema.table;
    let (tables, columns) = (catalog.table_case, catalog.column_case);
    let mut claimed = vec![false; live.foreign_keys.len()];
    for key in &schema.foreign_keys {
        let referred_schema = dialect.schema_of(key.referred_table);
        let points_right = |found: &LiveForeignKey| {
            found.referred_columns.len() == 1
                && columns.eq(&found.referred_columns[0], key.referred_column.name)
                && tables.eq(&found.referred_table, key.referred_table.name)
                && match (referred_schema, found.referred_schema.as_deref()) {
                    (Some(a), Some(b)) => tables.eq(a, b),
                    // The default schema, or SQLite, which has none.
                    (None, Some(b)) => catalog
                        .default_schema
                        .as_deref()
                        .is_none_or(|default| tables.eq(default, b)),
                    (None, None) => true,
                    (Some(_), None) => false,
                }
        };
        let same_actions = |found: &LiveForeignKey| {
            dialect.same_action(key.on_delete, found.on_delete)
                && dialect.same_action(key.on_update, found.on_update)
        };
        // The live keys from the same column.
        let from_column = (0..live.foreign_keys.len()).filter(|&position| {
            let found = &live.foreign_keys[position];
            !claimed[position]
                && found.columns.len() == 1
                && columns.eq(&found.columns[0], key.column.name)
        });
        let candidates: Vec<usize> = from_column.collect();
        let exact = candidates.iter().copied().find(|&position| {
            points_right(&live.foreign_keys[position]) && same_actions(&live.foreign_keys[position])
        });
        let chosen = exact.or_else(|| {
            candidates.iter().copied().find(|&position| {
                live.foreign_keys[position]
                    .name
                    .as_deref()
                    .is_some_and(|name| columns.eq(name, &key.name))
            })
        });
        let chosen = chosen.or_else(|| candidates.first().copied());
        let Some(position) = chosen else {
            out.errors.push(Difference::MissingForeignKey {
                table,
                name: key.name.clone(),
                column: key.column,
                referred_table: key.referred_table,
                referred_column: key.referred_column,
            });
            continue;
        };
        claimed[position] = true;
        let found = &live.foreign_keys[position];
        if exact.is_none() {
            out.errors.push(Difference::ForeignKeyMismatch {
                table,
                name: key.name.clone(),
                expected: describe_model_key(key, dialect),
                found: describe_live_key(found),
                found_name: found.name.clone(),
            });
        } else if let Some(name) = &found.name
            && !columns.eq(name, &key.name)
        {
            out.warnings.push(Difference::NameMismatch {
                table,
                kind: ConstraintKind::ForeignKey,
                expected: key.name.clone(),
                found: name.clone(),
            });
        }
    }
    for (position, found) in live.foreign_keys.iter().enumerate() {
        if !claimed[position] {
            out.warnings.push(Difference::ExtraForeignKey {
                table,
                name: found.name.clone(),
                description: describe_live_key(found),
            });
        }
    }
}

fn compare_checks(
    schema: &ResolvedTable,
    live: &LiveTable,
    case: Case,
    dialect: Dialect,
    out: &mut Out<'_>,
) {
    let table = schema.table;
    let mut claimed = vec![false; live.checks.len()];
    for check in &schema.checks {
        match live.checks.iter().position(|found| {
            found
                .name
                .as_deref()
                .is_some_and(|name| case.eq(name, &check.name))
        }) {
            Some(position) => claimed[position] = true,
            None => out.errors.push(Difference::MissingCheck {
                table,
                name: check.name.clone(),
                expr: check.expr(),
            }),
        }
    }
    for (position, found) in live.checks.iter().enumerate() {
        // MariaDB's own check behind a JSON column is the column's type.
        let json = dialect.stores_json_as_checked_text()
            && table.columns.iter().any(|column| {
                column.sql_type == crate::def::SqlType::Json
                    && is_json_check(&found.expr, column.name, case)
            });
        if !claimed[position] && !json {
            out.warnings.push(Difference::ExtraCheck {
                table,
                name: found.name.clone(),
                expr: found.expr.clone(),
            });
        }
    }
}

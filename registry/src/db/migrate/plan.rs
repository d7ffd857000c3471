//! From the comparison `verify` makes to the steps that remove each
//! difference, in an order the database accepts.

use crate::db::migrate::{HeldBack, Plan, PlanOptions, Step, StepKind};
use crate::db::verify::{Difference, compare};
use crate::def::{ColumnDef, EnumType, TableDef};
use crate::naming::ConstraintKind;
use crate::registry::Registry;
use crate::schema::ResolvedTable;
use crate::sql::catalog::{Catalog, LiveTable};
use crate::sql::ddl::{Ddl, Dialect, TableDdl};
use crate::sql::dialect::{ColumnChange, ColumnSql};

/// Where a step goes. Foreign keys are dropped before anything they point
/// at changes and added once everything exists.
struct Phase;

impl Phase {
    /// Declared renames first: every other step names the new names.
    const RENAMES: u8 = 0;
    const DROP_KEYS: u8 = 1;
    const DROP_CONSTRAINTS: u8 = 2;
    const DROP_TABLES: u8 = 3;
    const TYPES: u8 = 4;
    const CREATE_TABLES: u8 = 5;
    const COLUMNS: u8 = 6;
    const DROP_COLUMNS: u8 = 7;
    const CONSTRAINTS: u8 = 8;
    /// Indexes no model has go once the model's exist: MySQL refuses to
    /// drop the last index a foreign key can use.
    const DROP_EXTRA_INDEXES: u8 = 9;
    const ADD_KEYS: u8 = 10;
}

/// The plan for `metadata` against `catalog`.
pub(crate) fn plan(
    registry: &Registry,
    metadata: &'static str,
    ddl: &Ddl<'_>,
    catalog: &Catalog,
    options: PlanOptions,
) -> Plan {
    let dialect = ddl.dialect();
    let order: Vec<&ResolvedTable> = ddl.tables().iter().map(TableDdl::resolved).collect();
    // The database as it is once the declared renames ran: the rest of the
    // plan is computed against that.
    let (after_renames, renames) = declared_renames(ddl, catalog);
    let catalog = &after_renames;
    let verification = compare(registry, metadata, &order, catalog, dialect);
    let mut planner = Planner {
        dialect,
        catalog,
        options,
        steps: renames,
        held_back: Vec::new(),
    };
    for difference in verification.differences() {
        if let Difference::EnumTypeMismatch {
            table,
            enum_type,
            found,
            ..
        } = difference
        {
            planner.enum_type(table, enum_type, found.as_deref());
        }
    }
    for table_ddl in ddl.tables() {
        let table = table_ddl.table();
        let differences: Vec<&Difference> = verification
            .differences()
            .iter()
            .filter(|difference| {
                !matches!(difference, Difference::EnumTypeMismatch { .. })
                    && difference
                        .table()
                        .is_some_and(|of| core::ptr::eq(of, table))
                    && !matches!(difference, Difference::TableOfOtherMetadata { .. })
            })
            .collect();
        if differences.is_empty() {
            continue;
        }
        if differences
            .iter()
            .any(|difference| matches!(difference, Difference::MissingTable { .. }))
        {
            planner.create_table(table_ddl);
            continue;
        }
        // The comparison found it, so it is there.
        let Some(live) = catalog.table(dialect.schema_of(table), table.name) else {
            continue;
        };
        if !dialect.alters_in_place() && needs_rebuild(table_ddl.resolved(), &differences) {
            let rebuilt = planner.rebuild(table_ddl, live, &differences);
            if !rebuilt {
                // Held back: what SQLite can do in place still runs.
                let simple: Vec<&Difference> = differences
                    .iter()
                    .copied()
                    .filter(|difference| !needs_rebuild(table_ddl.resolved(), &[difference]))
                    .collect();
                planner.table(table_ddl, live, &simple);
            }
            continue;
        }
        planner.table(table_ddl, live, &differences);
    }
    for difference in verification.differences() {
        if let Difference::UnknownTable { schema, name } = difference {
            let quoted = match schema {
                Some(schema) if dialect != Dialect::Sqlite => {
                    format!("{}.{}", dialect.quote(schema), dialect.quote(name))
                }
                _ => dialect.quote(name),
            };
            planner.push(Step {
                kind: StepKind::DropTable,
                table: None,
                description: format!(
                    "drop table `{}`",
                    crate::ident::qualified_name(schema.as_deref(), name)
                ),
                statements: vec![format!("DROP TABLE {quoted}")],
                loses_data: Some(format!(
                    "no model describes table `{name}`: dropping it deletes its rows"
                )),
                phase: Phase::DROP_TABLES,
            });
        }
    }
    let mut steps = planner.steps;
    steps.sort_by_key(|step| step.phase);
    Plan {
        metadata,
        dialect,
        steps,
        held_back: planner.held_back,
    }
}

/// The renames the models declare (`renamed_from`) that the database
/// needs — a table under its old name and none under the new, a column
/// likewise — as steps, and the catalog as it is once they ran (the
/// database renames the references in keys and indexes itself).
#[allow(clippy::too_many_lines)] // tables, then their columns, each renamed everywhere
fn declared_renames(ddl: &Ddl<'_>, catalog: &Catalog) -> (Catalog, Vec<Step>) {
    let dialect = ddl.dialect();
    let mut view = catalog.clone();
    let mut steps = Vec::new();
    let table_case = catalog.table_case;
    let claimed = |name: &str| {
        ddl.tables()
            .iter()
            .any(|other| table_case.eq(other.table().name, name))
    };
    for table_ddl in ddl.tables() {
        let table = table_ddl.table();
        let schema = dialect.schema_of(table);
        if let Some(old) = table.renamed_from
            && view.table(schema, table.name).is_none()
            && !claimed(old)
            && let Some(at) = view.position(schema, old)
        {
            let live_name = view.tables[at].name.clone();
            let old_quoted = match schema {
                Some(schema) => format!("{}.{}", dialect.quote(schema), dialect.quote(&live_name)),
                None => dialect.quote(&live_name),
            };
            steps.push(Step {
                kind: StepKind::RenameTable,
                table: Some(table),
                description: format!(
                    "rename table `{live_name}` to `{}`, as the model declares",
                    table.qualified_name()
                ),
                statements: vec![format!(
                    "ALTER TABLE {old_quoted} RENAME TO {}",
                    dialect.quote(table.name)
                )],
                loses_data: None,
                phase: Phase::RENAMES,
            });
            table.name.clone_into(&mut view.tables[at].name);
            let case = view.table_case;
            for live in &mut view.tables {
                for key in &mut live.foreign_keys {
                    if case.eq(&key.referred_table, &live_name) {
                        table.name.clone_into(&mut key.referred_table);
                    }
                }
            }
            view.sort();
        }
        let Some(at) = view.position(schema, table.name) else {
            continue;
        };
        for column in table.columns {
            let Some(old) = column.renamed_from else {
                continue;
            };
            let case = view.column_case;
            let live = &view.tables[at];
            let has_new = live
                .columns
                .iter()
                .any(|found| case.eq(&found.name, column.name));
            let Some(found) = live
                .columns
                .iter()
                .position(|found| case.eq(&found.name, old))
            else {
                continue;
            };
            if has_new || table.columns.iter().any(|other| case.eq(other.name, old)) {
                continue;
            }
            let old_name = live.columns[found].name.clone();
            steps.push(Step {
                kind: StepKind::RenameColumn,
                table: Some(table),
                description: format!(
                    "rename column `{}.{old_name}` to `{}`, as the model declares",
                    table.qualified_name(),
                    column.name
                ),
                statements: vec![format!(
                    "ALTER TABLE {} RENAME COLUMN {} TO {}",
                    table.quoted_name(dialect),
                    dialect.quote(&old_name),
                    dialect.quote(column.name)
                )],
                loses_data: None,
                phase: Phase::RENAMES,
            });
            let rename = |name: &mut String| {
                if case.eq(name, &old_name) {
                    column.name.clone_into(name);
                }
            };
            let live = &mut view.tables[at];
            rename(&mut live.columns[found].name);
            if let Some(key) = &mut live.primary_key {
                key.columns.iter_mut().for_each(rename);
            }
            for index in &mut live.indexes {
                index.columns.iter_mut().for_each(rename);
            }
            for key in &mut live.foreign_keys {
                key.columns.iter_mut().for_each(rename);
            }
            let table_case = view.table_case;
            for other in &mut view.tables {
                for key in &mut other.foreign_keys {
                    if table_case.eq(&key.referred_table, table.name) {
                        key.referred_columns.iter_mut().for_each(rename);
                    }
                }
            }
        }
    }
    (view, steps)
}

/// Whether SQLite must rebuild the table: anything beyond columns it can
/// add and indexes it can create and drop.
fn needs_rebuild(schema: &ResolvedTable, differences: &[&Difference]) -> bool {
    differences.iter().any(|difference| match difference {
        Difference::MissingColumn { column, .. } => !sqlite_can_add(schema, column),
        Difference::MissingIndex { .. } => false,
        // The index behind a unique constraint goes with the table only.
        Difference::ExtraIndex { name, .. } => name.starts_with("sqlite_autoindex_"),
        Difference::IndexMismatch {
            name, found_name, ..
        } => {
            found_name.starts_with("sqlite_autoindex_")
                || schema.uniques.iter().any(|unique| unique.name == *name)
        }
        Difference::NameMismatch { kind, .. } => *kind != ConstraintKind::Index,
        _ => true,
    })
}

/// What `ALTER TABLE ... ADD COLUMN` accepts on SQLite: no key, no unique,
/// no reference, and a constant default when `NOT NULL`.
fn sqlite_can_add(schema: &ResolvedTable, column: &ColumnDef) -> bool {
    let constant = |default: &str| {
        let upper = default.trim().to_ascii_uppercase();
        !upper.starts_with('(') && !upper.starts_with("CURRENT_") && upper != "NULL"
    };
    !column.primary_key
        && column.references.is_none()
        && !schema
            .uniques
            .iter()
            .any(|unique| unique.columns.iter().any(|of| core::ptr::eq(*of, column)))
        && (column.nullable || column.default.is_some_and(constant))
}

/// Whether a live type `found` holds every value of the model's
/// `expected` (integers and floats to wider ones, text to longer text):
/// then changing it loses nothing.
fn widens(found: &str, expected: &str) -> bool {
    fn rank(sql_type: &str) -> Option<(u8, u32)> {
        let lower = sql_type.trim().to_ascii_lowercase();
        let (base, length) = match lower.find('(') {
            Some(at) => (
                lower[..at].trim().to_owned(),
                lower[at + 1..]
                    .trim_end_matches(')')
                    .split(',')
                    .next()
                    .and_then(|n| n.trim().parse().ok()),
            ),
            None => (lower.clone(), None),
        };
        Some(match base.as_str() {
            "tinyint" => (0, 1),
            "smallint" | "int2" => (0, 2),
            "integer" | "int" | "int4" | "mediumint" => (0, 4),
            "bigint" | "int8" => (0, 8),
            "real" | "float" | "float4" => (1, 4),
            "double precision" | "double" | "float8" => (1, 8),
            "varchar" | "character varying" | "char" | "character" => (2, length.unwrap_or(0)),
            "text" | "longtext" | "mediumtext" => (2, u32::MAX),
            _ => return None,
        })
    }
    match (rank(found), rank(expected)) {
        (Some((a, from)), Some((b, to))) => a == b && from <= to,
        _ => false,
    }
}

struct Planner<'c> {
    dialect: Dialect,
    catalog: &'c Catalog,
    options: PlanOptions,
    steps: Vec<Step>,
    held_back: Vec<HeldBack>,
}

impl Planner<'_> {
    /// Plans `step`, or holds it back when it can lose data and that is
    /// not allowed.
    fn push(&mut self, step: Step) {
        match &step.loses_data {
            Some(reason) if !self.options.allow_destructive => {
                let reason = format!(
                    "{reason}; allow destructive changes (`PlanOptions::allow_destructive`) to include it"
                );
                self.held_back.push(HeldBack { step, reason });
            }
            _ => self.steps.push(step),
        }
    }

    /// Leaves `step` out, for `reason`, whatever the options.
    fn hold(&mut self, step: Step, reason: String) {
        self.held_back.push(HeldBack { step, reason });
    }

    fn quoted(&self, table: &TableDef) -> String {
        table.quoted_name(self.dialect)
    }

    fn column_sql(&self, schema: &ResolvedTable, column: &ColumnDef) -> ColumnSql {
        let identity = schema.is_identity(column);
        ColumnSql {
            name: self.dialect.quote(column.name),
            sql_type: self.dialect.column_type_of(column.sql_type, identity),
            nullable: column.nullable,
            default: column.default,
            identity: self.dialect.identity_clause().filter(|_| identity),
        }
    }

    fn step(
        kind: StepKind,
        table: &'static TableDef,
        description: String,
        statements: Vec<String>,
        phase: u8,
    ) -> Step {
        Step {
            kind,
            table: Some(table),
            description,
            statements,
            loses_data: None,
            phase,
        }
    }

    fn enum_type(
        &mut self,
        table: &'static TableDef,
        enum_type: &EnumType,
        found: Option<&[String]>,
    ) {
        let name = enum_type.type_name();
        let Some(found) = found else {
            let step = Self::step(
                StepKind::CreateEnumType,
                table,
                format!("create enum type `{name}`"),
                vec![crate::sql::ddl::create_type(enum_type)],
                Phase::TYPES,
            );
            self.push(step);
            return;
        };
        // New values go where the model has them, next to ones that exist.
        let values = enum_type.values();
        let mut position = 0;
        let keeps_order = found.iter().all(|value| {
            match values[position..].iter().position(|wanted| wanted == value) {
                Some(at) => {
                    position += at + 1;
                    true
                }
                None => false,
            }
        });
        let literal = |value: &str| format!("'{}'", value.replace('\'', "''"));
        let quoted = crate::sql::dialect::postgres::quote_type(name);
        let mut statements = Vec::new();
        let mut added = Vec::new();
        for (index, value) in values.iter().enumerate() {
            if found.iter().any(|have| have == value) {
                continue;
            }
            let anchor = match index.checked_sub(1) {
                Some(previous) => format!("AFTER {}", literal(values[previous])),
                None => match values
                    .iter()
                    .find(|other| found.iter().any(|have| have == *other))
                {
                    Some(next) => format!("BEFORE {}", literal(next)),
                    None => String::new(),
                },
            };
            statements.push(format!(
                "ALTER TYPE {quoted} ADD VALUE {} {anchor}",
                literal(value)
            ));
            added.push(*value);
        }
        let step = Self::step(
            StepKind::AddEnumValues,
            table,
            format!("add {} to enum type `{name}`", added.join(", ")),
            statements,
            Phase::TYPES,
        );
        if keeps_order && found.len() <= values.len() {
            self.push(step);
        } else {
            self.hold(
                step,
                format!(
                    "enum type `{name}` has values the model removed or reordered; PostgreSQL cannot drop an enum value: recreate the type by hand"
                ),
            );
        }
    }

    fn create_table(&mut self, table_ddl: &TableDdl<'_>) {
        let table = table_ddl.table();
        let mut statements = vec![table_ddl.create_table().to_owned()];
        statements.extend(table_ddl.create_indexes().iter().cloned());
        let step = Self::step(
            StepKind::CreateTable,
            table,
            format!("create table `{}`", table.qualified_name()),
            statements,
            Phase::CREATE_TABLES,
        );
        self.push(step);
        if !table_ddl.add_foreign_keys().is_empty() {
            let step = Self::step(
                StepKind::AddForeignKey,
                table,
                format!(
                    "add the foreign keys of `{}` that wait for every table",
                    table.qualified_name()
                ),
                table_ddl.add_foreign_keys().to_vec(),
                Phase::ADD_KEYS,
            );
            self.push(step);
        }
    }

    /// SQLite's procedure: the model's table under a new name, the rows
    /// copied, the old table dropped, the new one renamed, its indexes
    /// made again. Foreign keys are checked before the commit. Whether it
    /// was planned (else it was held back).
    fn rebuild(
        &mut self,
        table_ddl: &TableDdl<'_>,
        live: &LiveTable,
        differences: &[&Difference],
    ) -> bool {
        let table = table_ddl.table();
        let schema = table_ddl.resolved();
        let dialect = self.dialect;
        let case = self.catalog.column_case;
        let quoted = self.quoted(table);
        let staged = dialect.quote(&format!("{}__model_registry_new", table.name));
        let create = table_ddl.create_table();
        let prefix = format!("CREATE TABLE {quoted}");
        let create = match create.strip_prefix(&prefix) {
            Some(rest) => format!("CREATE TABLE {staged}{rest}"),
            None => create.replacen(&quoted, &staged, 1),
        };
        // The columns both have: the others get their defaults.
        let kept: Vec<String> = table
            .columns
            .iter()
            .filter(|column| {
                live.columns
                    .iter()
                    .any(|found| case.eq(&found.name, column.name))
            })
            .map(|column| dialect.quote(column.name))
            .collect();
        let mut statements = vec![
            create,
            format!(
                "INSERT INTO {staged} ({columns}) SELECT {columns} FROM {quoted}",
                columns = kept.join(", ")
            ),
            format!("DROP TABLE {quoted}"),
            format!("ALTER TABLE {staged} RENAME TO {quoted}"),
        ];
        statements.extend(table_ddl.create_indexes().iter().cloned());
        let reasons: Vec<String> = differences
            .iter()
            .map(|difference| {
                let details = difference.details();
                format!("{:?} {}", difference.kind(), details.objects.join(", "))
                    .trim_end()
                    .to_owned()
            })
            .collect();
        let mut step = Self::step(
            StepKind::RebuildTable,
            table,
            format!(
                "rebuild table `{}` as its model declares it, keeping its rows ({})",
                table.qualified_name(),
                reasons.join("; ")
            ),
            statements,
            Phase::COLUMNS,
        );
        let lost: Vec<String> = differences
            .iter()
            .filter_map(|difference| loss(difference))
            .collect();
        if !lost.is_empty() {
            step.loses_data = Some(lost.join("; "));
        }
        let unfillable: Vec<&str> = table
            .columns
            .iter()
            .filter(|column| {
                !column.nullable
                    && column.default.is_none()
                    && !schema.is_identity(column)
                    && !live
                        .columns
                        .iter()
                        .any(|found| case.eq(&found.name, column.name))
            })
            .map(|column| column.name)
            .collect();
        if !unfillable.is_empty() {
            self.hold(step, unfillable_reason(table, &unfillable));
            return false;
        }
        let held = self.held_back.len();
        self.push(step);
        self.held_back.len() == held
    }

    /// One table that `ALTER TABLE` changes in place (or SQLite's simple
    /// cases): a step per difference, a column's changes merged into one.
    #[allow(clippy::too_many_lines)] // one arm per kind of difference
    fn table(&mut self, table_ddl: &TableDdl<'_>, live: &LiveTable, differences: &[&Difference]) {
        let table = table_ddl.table();
        let schema = table_ddl.resolved();
        let dialect = self.dialect;
        let quoted = self.quoted(table);
        let table_schema = dialect.schema_of(table);
        // Column changes, merged per column in model order.
        let mut changes: Vec<(&'static ColumnDef, ColumnChange, Vec<String>)> = Vec::new();
        let mut column_steps = Vec::new();
        for difference in differences {
            match difference {
                Difference::MissingColumn { column, .. } => {
                    let sql = self.column_sql(schema, column);
                    let step = Self::step(
                        StepKind::AddColumn,
                        table,
                        format!("add column `{}.{}`", table.qualified_name(), column.name),
                        vec![format!(
                            "ALTER TABLE {quoted} ADD COLUMN {}",
                            sql.definition()
                        )],
                        Phase::COLUMNS,
                    );
                    if column.nullable || column.default.is_some() || schema.is_identity(column) {
                        self.push(step);
                    } else {
                        self.hold(step, unfillable_reason(table, &[column.name]));
                    }
                }
                Difference::ExtraColumn { column, .. } => {
                    let mut step = Self::step(
                        StepKind::DropColumn,
                        table,
                        format!("drop column `{}.{column}`", table.qualified_name()),
                        vec![format!(
                            "ALTER TABLE {quoted} DROP COLUMN {}",
                            dialect.quote(column)
                        )],
                        Phase::DROP_COLUMNS,
                    );
                    step.loses_data = loss(difference);
                    column_steps.push(step);
                }
                Difference::TypeMismatch {
                    column,
                    expected,
                    found,
                    ..
                } => {
                    let at = change_of(&mut changes, column);
                    changes[at].1.sql_type = true;
                    if !widens(found, expected) {
                        changes[at].2.push(format!(
                            "its type changes from {found} to {expected}, which may not hold every value"
                        ));
                    }
                }
                Difference::NullabilityMismatch {
                    column,
                    found_nullable,
                    ..
                } => {
                    let at = change_of(&mut changes, column);
                    changes[at].1.nullable = true;
                    if *found_nullable {
                        changes[at].2.push(
                            "it becomes NOT NULL, which fails if a row holds NULL there".to_owned(),
                        );
                    }
                }
                Difference::DefaultMismatch { column, .. } => {
                    let at = change_of(&mut changes, column);
                    changes[at].1.default = true;
                }
                Difference::IdentityMismatch {
                    column, expected, ..
                } => {
                    let at = change_of(&mut changes, column);
                    changes[at].1.identity = Some(*expected);
                }
                Difference::MissingIndex { name, .. } | Difference::MissingUnique { name, .. } => {
                    self.add_index(schema, name);
                }
                Difference::IndexMismatch {
                    name, found_name, ..
                } => {
                    let drop = Self::step(
                        StepKind::DropIndex,
                        table,
                        format!("drop index `{found_name}` of `{}`", table.qualified_name()),
                        dialect.drop_index(&quoted, table_schema, found_name),
                        Phase::DROP_CONSTRAINTS,
                    );
                    self.push(drop);
                    self.add_index(schema, name);
                }
                Difference::ExtraIndex { name, .. } => {
                    let step = Self::step(
                        StepKind::DropIndex,
                        table,
                        format!("drop index `{name}` of `{}`", table.qualified_name()),
                        dialect.drop_index(&quoted, table_schema, name),
                        Phase::DROP_EXTRA_INDEXES,
                    );
                    self.push(step);
                }
                Difference::MissingForeignKey { name, .. } => self.add_foreign_key(schema, name),
                Difference::ForeignKeyMismatch {
                    name, found_name, ..
                } => {
                    if let Some(found_name) = found_name {
                        self.drop_foreign_key(table, found_name);
                    }
                    self.add_foreign_key(schema, name);
                }
                Difference::ExtraForeignKey {
                    name: Some(name), ..
                } => self.drop_foreign_key(table, name),
                Difference::MissingCheck { name, .. } => self.add_check(schema, name),
                Difference::ExtraCheck {
                    name: Some(name), ..
                } => self.drop_check(table, name),
                Difference::PrimaryKeyMismatch { .. } => {
                    let found = live
                        .primary_key
                        .as_ref()
                        .map(|key| key.name.as_deref().unwrap_or_default());
                    let wanted = schema.primary_key().map(|key| {
                        let columns: Vec<String> = key
                            .columns()
                            .iter()
                            .map(|c| dialect.quote(c.name))
                            .collect();
                        (key.name(), columns)
                    });
                    let statements = dialect.set_primary_key(
                        &quoted,
                        found,
                        wanted
                            .as_ref()
                            .map(|(name, columns)| (*name, columns.as_slice())),
                    );
                    let step = Self::step(
                        StepKind::SetPrimaryKey,
                        table,
                        format!("set the primary key of `{}`", table.qualified_name()),
                        statements,
                        Phase::CONSTRAINTS,
                    );
                    self.push(step);
                }
                Difference::NameMismatch {
                    kind,
                    expected,
                    found,
                    ..
                } => self.rename(schema, *kind, expected, found),
                // Planned before the tables, or never (another metadata's).
                _ => {}
            }
        }
        for (column, change, losses) in changes {
            let sql = self.column_sql(schema, column);
            let mut step = Self::step(
                StepKind::AlterColumn,
                table,
                format!(
                    "alter column `{}.{}` to {}",
                    table.qualified_name(),
                    column.name,
                    sql.definition()
                ),
                dialect.alter_column(&quoted, &sql, change),
                Phase::COLUMNS,
            );
            if !losses.is_empty() {
                step.loses_data = Some(format!(
                    "column `{}.{}`: {}",
                    table.qualified_name(),
                    column.name,
                    losses.join("; ")
                ));
            }
            self.push(step);
        }
        for step in column_steps {
            self.push(step);
        }
    }

    /// Adds the model's index or unique constraint called `name`.
    fn add_index(&mut self, schema: &ResolvedTable, name: &str) {
        let table = schema.table;
        if let Some(statement) = self.create_index(schema, name) {
            let step = Self::step(
                StepKind::AddIndex,
                table,
                format!("add index `{name}` on `{}`", table.qualified_name()),
                vec![statement],
                Phase::CONSTRAINTS,
            );
            self.push(step);
        }
    }

    /// `CREATE [UNIQUE] INDEX` for the model's index or unique constraint
    /// called `name` (`None` when the model has none by that name, which a
    /// difference never names).
    fn create_index(&self, schema: &ResolvedTable, name: &str) -> Option<String> {
        let dialect = self.dialect;
        let (unique, columns) = match schema.indexes.iter().find(|index| index.name == name) {
            Some(index) => (index.unique, &index.columns),
            None => {
                let unique = schema.uniques.iter().find(|unique| unique.name == name)?;
                (true, &unique.columns)
            }
        };
        let columns: Vec<String> = columns.iter().map(|c| dialect.quote(c.name)).collect();
        Some(format!(
            "CREATE {}INDEX {} ON {} ({})",
            if unique { "UNIQUE " } else { "" },
            dialect.quote(name),
            self.quoted(schema.table),
            columns.join(", ")
        ))
    }

    fn add_foreign_key(&mut self, schema: &ResolvedTable, name: &str) {
        let dialect = self.dialect;
        let table = schema.table;
        let Some(key) = schema.foreign_keys.iter().find(|key| key.name == name) else {
            return;
        };
        let mut statement = format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
            self.quoted(table),
            dialect.quote(name),
            dialect.quote(key.column.name),
            key.referred_table.quoted_name(dialect),
            dialect.quote(key.referred_column.name)
        );
        if let Some(action) = key.on_delete {
            statement.push_str(" ON DELETE ");
            statement.push_str(action.as_sql());
        }
        if let Some(action) = key.on_update {
            statement.push_str(" ON UPDATE ");
            statement.push_str(action.as_sql());
        }
        let step = Self::step(
            StepKind::AddForeignKey,
            table,
            format!("add foreign key `{name}` on `{}`", table.qualified_name()),
            vec![statement],
            Phase::ADD_KEYS,
        );
        self.push(step);
    }

    fn drop_foreign_key(&mut self, table: &'static TableDef, name: &str) {
        let statement = self.dialect.drop_foreign_key(&self.quoted(table), name);
        let step = Self::step(
            StepKind::DropForeignKey,
            table,
            format!("drop foreign key `{name}` of `{}`", table.qualified_name()),
            vec![statement],
            Phase::DROP_KEYS,
        );
        self.push(step);
    }

    fn add_check(&mut self, schema: &ResolvedTable, name: &str) {
        let table = schema.table;
        let Some(check) = schema.checks.iter().find(|check| check.name == name) else {
            return;
        };
        let statement = format!(
            "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({})",
            self.quoted(table),
            self.dialect.quote(name),
            check.expr_in(self.dialect)
        );
        let step = Self::step(
            StepKind::AddCheck,
            table,
            format!("add check `{name}` on `{}`", table.qualified_name()),
            vec![statement],
            Phase::CONSTRAINTS,
        );
        self.push(step);
    }

    fn drop_check(&mut self, table: &'static TableDef, name: &str) {
        let statement = format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            self.quoted(table),
            self.dialect.quote(name)
        );
        let step = Self::step(
            StepKind::DropCheck,
            table,
            format!("drop check `{name}` of `{}`", table.qualified_name()),
            vec![statement],
            Phase::DROP_CONSTRAINTS,
        );
        self.push(step);
    }

    /// An index or constraint under the naming convention's name: renamed
    /// where the database can, else dropped and added again.
    fn rename(
        &mut self,
        schema: &ResolvedTable,
        kind: ConstraintKind,
        expected: &str,
        found: &str,
    ) {
        let dialect = self.dialect;
        let table = schema.table;
        let quoted = self.quoted(table);
        let description = format!(
            "rename `{found}` of `{}` to `{expected}`",
            table.qualified_name()
        );
        match kind {
            ConstraintKind::Index | ConstraintKind::Unique => {
                let mut statements =
                    vec![dialect.rename_index(&quoted, dialect.schema_of(table), found, expected)];
                if !dialect.alters_in_place() {
                    statements.extend(self.create_index(schema, expected));
                }
                let step = Self::step(
                    StepKind::Rename,
                    table,
                    description,
                    statements,
                    Phase::CONSTRAINTS,
                );
                self.push(step);
            }
            _ => match dialect.rename_constraint(&quoted, found, expected) {
                Some(statement) => {
                    let step = Self::step(
                        StepKind::Rename,
                        table,
                        description,
                        vec![statement],
                        Phase::CONSTRAINTS,
                    );
                    self.push(step);
                }
                None if kind == ConstraintKind::ForeignKey => {
                    self.drop_foreign_key(table, found);
                    self.add_foreign_key(schema, expected);
                }
                None if kind == ConstraintKind::Check => {
                    self.drop_check(table, found);
                    self.add_check(schema, expected);
                }
                None => {}
            },
        }
    }
}

/// Where the changes to `column` are in `changes`, added if missing.
fn change_of(
    changes: &mut Vec<(&'static ColumnDef, ColumnChange, Vec<String>)>,
    column: &'static ColumnDef,
) -> usize {
    match changes
        .iter()
        .position(|(of, ..)| core::ptr::eq(*of, column))
    {
        Some(at) => at,
        None => {
            changes.push((column, ColumnChange::default(), Vec::new()));
            changes.len() - 1
        }
    }
}

/// Why a difference's step can lose data, if it can.
fn loss(difference: &Difference) -> Option<String> {
    match difference {
        Difference::ExtraColumn { table, column, .. } => Some(format!(
            "no model has column `{}.{column}`: dropping it deletes its values",
            table.qualified_name()
        )),
        Difference::TypeMismatch {
            table,
            column,
            expected,
            found,
        } if !widens(found, expected) => Some(format!(
            "column `{}.{}` changes from {found} to {expected}, which may not hold every value",
            table.qualified_name(),
            column.name
        )),
        Difference::NullabilityMismatch {
            table,
            column,
            found_nullable: true,
        } => Some(format!(
            "column `{}.{}` becomes NOT NULL, which fails if a row holds NULL there",
            table.qualified_name(),
            column.name
        )),
        _ => None,
    }
}

fn unfillable_reason(table: &TableDef, columns: &[&str]) -> String {
    format!(
        "`{}` gains NOT NULL column{} {} without a default, which the rows already there cannot fill: give {} a `default`, or make the field an `Option`",
        table.qualified_name(),
        if columns.len() == 1 { "" } else { "s" },
        columns
            .iter()
            .map(|column| format!("`{column}`"))
            .collect::<Vec<_>>()
            .join(", "),
        if columns.len() == 1 { "it" } else { "them" },
    )
}

#[cfg(test)]
mod tests {
    use super::widens;

    #[test]
    fn widening_keeps_every_value() {
        assert!(widens("smallint", "bigint"));
        assert!(widens("integer", "bigint"));
        assert!(widens("varchar(20)", "varchar(80)"));
        assert!(widens("character varying(20)", "text"));
        assert!(widens("real", "double precision"));
        assert!(!widens("bigint", "integer"));
        assert!(!widens("varchar(80)", "varchar(20)"));
        assert!(!widens("text", "varchar(20)"));
        assert!(!widens("integer", "text"));
        assert!(!widens("jsonb", "json"));
    }
}

//! Migrations: the operations that bring a live database to its models,
//! computed from the same complete comparison `verify` makes, written as
//! SQL for the database's dialect, and applied under the schema lock.
//!
//! - [`Registry::plan`] reads the database and returns a [`Plan`]: ordered
//!   [`Step`]s (foreign keys dropped before what they point at and added
//!   after it), each with the statements it runs and the model that caused
//!   it, and the steps [held back](Plan::held_back) with the reason.
//! - Steps that can lose data — dropping a table or a column, narrowing a
//!   type, `NULL` to `NOT NULL` — are held back unless
//!   [`PlanOptions::allow_destructive`] allows them.
//! - [`Registry::migrate`] plans and applies in one go, under the metadata's
//!   schema lock: one transaction on PostgreSQL and SQLite; statement by
//!   statement on MySQL/MariaDB, whose DDL commits at once (a failure says
//!   exactly which statements ran).
//! - [`Plan::migration`] writes the plan as a file `sqlx migrate` and
//!   refinery read: `<version>_<description>.sql`, with a header listing
//!   what was held back and why.
//! - [`Registry::check_migrated`] is `alembic check`: a typed error when
//!   the plan is not empty, for a test or a CI job.
//!
//! SQLite alters little in place: a table that needs more than a new
//! nullable column or an index is rebuilt by SQLite's own procedure (a new
//! table, its rows copied, the old one dropped, the new one renamed, its
//! indexes made again, `foreign_key_check`), inside the transaction.

mod plan;

use core::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::db::apply::{Mode, apply};
use crate::db::error::DbError;
use crate::db::options::ApplyOptions;
use crate::db::pool::Database;
use crate::def::{MetadataName, TableDef};
use crate::diagnostic::{Diagnostic, count};
use crate::registry::Registry;
use crate::sql::ddl::Dialect;

pub(crate) use self::plan::plan;

/// What a [`Step`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StepKind {
    /// `CREATE TYPE ... AS ENUM` (PostgreSQL).
    CreateEnumType,
    /// `ALTER TYPE ... ADD VALUE` (PostgreSQL).
    AddEnumValues,
    /// A table renamed as its model declares (`renamed_from`).
    RenameTable,
    /// A column renamed as its model declares (`renamed_from`).
    RenameColumn,
    /// A table no model has (destructive).
    DropTable,
    /// A model's table the database lacks, with its indexes.
    CreateTable,
    /// A column the database lacks.
    AddColumn,
    /// A column's type, nullability, default or identity.
    AlterColumn,
    /// A column no model has (destructive).
    DropColumn,
    /// SQLite: the table made again as the model says, its rows kept.
    RebuildTable,
    /// The primary key dropped and added on the model's columns.
    SetPrimaryKey,
    /// An index or unique constraint the database lacks.
    AddIndex,
    /// An index or unique constraint no model has, or one made again.
    DropIndex,
    /// A foreign key the database lacks.
    AddForeignKey,
    /// A foreign key no model has, or one made again.
    DropForeignKey,
    /// A check constraint the database lacks.
    AddCheck,
    /// A check constraint no model has.
    DropCheck,
    /// An index or constraint renamed to the naming convention's name.
    Rename,
}

/// One operation of a [`Plan`]: what it does, why, and its SQL.
#[derive(Debug, Clone)]
pub struct Step {
    pub(crate) kind: StepKind,
    pub(crate) table: Option<&'static TableDef>,
    pub(crate) description: String,
    pub(crate) statements: Vec<String>,
    /// Why it can lose data, if it can.
    pub(crate) loses_data: Option<String>,
    /// Where it goes in the plan (see `plan::Phase`).
    pub(crate) phase: u8,
}

impl Step {
    /// What it does.
    pub fn kind(&self) -> StepKind {
        self.kind
    }

    /// The model that caused it (`None` for what no model describes).
    pub fn table(&self) -> Option<&'static TableDef> {
        self.table
    }

    /// What it does, in words: ``add column `order.note` ``.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The SQL it runs, in order.
    pub fn statements(&self) -> &[String] {
        &self.statements
    }

    /// Why it can lose data, when it can (a dropped column, a narrower
    /// type); `None` for a step that keeps every row and value.
    pub fn loses_data(&self) -> Option<&str> {
        self.loses_data.as_deref()
    }
}

/// A step left out of a [`Plan`], and why: one that can lose data without
/// [`PlanOptions::allow_destructive`], or one no SQL can make safely (a
/// table of another metadata, an enum value removed).
#[derive(Debug, Clone)]
pub struct HeldBack {
    pub(crate) step: Step,
    pub(crate) reason: String,
}

impl HeldBack {
    /// The step, as it would run.
    pub fn step(&self) -> &Step {
        &self.step
    }

    /// Why it was left out, and what decides it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// What [`Registry::plan`] may include.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    pub(crate) allow_destructive: bool,
}

impl PlanOptions {
    /// Only steps that keep every row and value (the default).
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether steps that can lose data (dropping a table or a column,
    /// narrowing a type, `NULL` to `NOT NULL`) are planned rather than held
    /// back.
    #[must_use]
    pub fn allow_destructive(mut self, allow: bool) -> Self {
        self.allow_destructive = allow;
        self
    }
}

/// The ordered steps that bring one metadata's database to its models.
#[derive(Debug, Clone)]
pub struct Plan {
    pub(crate) metadata: &'static str,
    pub(crate) dialect: Dialect,
    pub(crate) steps: Vec<Step>,
    pub(crate) held_back: Vec<HeldBack>,
}

impl Plan {
    /// The metadata.
    pub fn metadata(&self) -> &'static str {
        self.metadata
    }

    /// The dialect of its statements.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The steps, in the order they run.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// What was left out, and why.
    pub fn held_back(&self) -> &[HeldBack] {
        &self.held_back
    }

    /// Whether there is nothing to run. Steps may still be
    /// [held back](Self::held_back).
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Every statement, in order.
    pub fn statements(&self) -> Vec<&str> {
        self.steps
            .iter()
            .flat_map(|step| step.statements.iter().map(String::as_str))
            .collect()
    }

    /// The plan as a migration file named `<version>_<description>.sql`,
    /// the layout `sqlx migrate` and refinery read; `version` is, as
    /// `sqlx migrate add` makes it, the UTC time as `YYYYMMDDHHMMSS`.
    pub fn migration(&self, version: u64, description: &str) -> Migration {
        let description: String = description
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let mut sql = format!(
            "-- Migration of metadata `{}` ({}), made by model-registry.\n",
            self.metadata, self.dialect
        );
        if self.held_back.is_empty() {
            sql.push_str("-- Nothing was held back.\n");
        } else {
            sql.push_str("-- Held back (not in this file):\n");
            for held in &self.held_back {
                let _ = writeln!(
                    sql,
                    "--   {}: {}",
                    held.step.description,
                    held.reason.replace('\n', " ")
                );
            }
        }
        for step in &self.steps {
            let _ = write!(sql, "\n-- {}\n", step.description);
            for statement in &step.statements {
                sql.push_str(statement);
                sql.push_str(";\n");
            }
        }
        Migration {
            file_name: format!("{version}_{description}.sql"),
            sql,
        }
    }
}

/// A migration file: its name and its SQL.
#[derive(Debug, Clone)]
pub struct Migration {
    file_name: String,
    sql: String,
}

impl Migration {
    /// `<version>_<description>.sql`.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The SQL, with its header.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// Writes the file into `dir` (made if missing) and returns its path.
    ///
    /// # Errors
    ///
    /// The file system's, when the directory or the file cannot be written.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir.as_ref())?;
        let path = dir.as_ref().join(&self.file_name);
        std::fs::write(&path, &self.sql)?;
        Ok(path)
    }
}

/// The steps as a list, then what was held back.
impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.steps.is_empty() && self.held_back.is_empty() {
            return write!(
                f,
                "metadata `{}` ({}): the database matches its models; nothing to migrate",
                self.metadata, self.dialect
            );
        }
        writeln!(
            f,
            "metadata `{}` ({}): {} to run, {} held back",
            self.metadata,
            self.dialect,
            count(self.steps.len(), "step"),
            self.held_back.len()
        )?;
        for step in &self.steps {
            write!(f, "  + {}", step.description)?;
            if let Some(table) = step.table {
                write!(f, "  ({})", table.location)?;
            }
            writeln!(f)?;
        }
        for held in &self.held_back {
            writeln!(f, "  ? {}: {}", held.step.description, held.reason)?;
        }
        Ok(())
    }
}

/// A plan that is not empty, where none was expected:
/// [`Registry::check_migrated`]'s error.
#[derive(Debug, Clone)]
pub struct NotMigrated {
    plan: Plan,
}

impl NotMigrated {
    /// The plan that would bring the database to its models.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
}

impl fmt::Display for NotMigrated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.plan)?;
        let mut d = Diagnostic::error(
            f,
            format_args!(
                "the database of metadata `{}` is not migrated to its models: {} to run, {} held back",
                self.plan.metadata,
                count(self.plan.steps.len(), "step"),
                self.plan.held_back.len()
            ),
        )?;
        d.help("generate a migration from the plan (`Plan::migration`) and apply it, or apply it with `Registry::migrate`")
    }
}

impl std::error::Error for NotMigrated {}

impl Registry {
    /// The plan that brings `db` to the models of `metadata`: read from the
    /// catalog and compared as [`verify`](Self::verify) compares, nothing
    /// run.
    ///
    /// # Errors
    ///
    /// As `verify`.
    pub async fn plan<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        db: &impl Database,
        options: &PlanOptions,
    ) -> Result<Plan, DbError> {
        let metadata = self.declared_name(metadata)?;
        crate::db::apply::plan_only(self, metadata, db.pool(), db.dialect(), options).await
    }

    /// Plans as [`plan`](Self::plan) does and runs the plan, under the
    /// metadata's schema lock (`apply` options as for
    /// [`create_all_with`](Self::create_all_with)); returns what ran.
    ///
    /// # Errors
    ///
    /// As `create_all`: on MySQL/MariaDB a failed statement is
    /// [`DbError::PartiallyCreated`] listing the tables already changed.
    pub async fn migrate<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        db: &impl Database,
        options: &PlanOptions,
        apply_options: &ApplyOptions,
    ) -> Result<Plan, DbError> {
        let metadata = self.declared_name(metadata)?;
        let applied = apply(
            self,
            metadata,
            db.pool(),
            db.dialect(),
            Mode::Migrate(*options),
            apply_options,
        )
        .await?;
        Ok(applied.plan.unwrap_or_else(|| Plan {
            metadata,
            dialect: db.dialect(),
            steps: Vec::new(),
            held_back: Vec::new(),
        }))
    }

    /// `alembic check`: `Ok` when the database of `metadata` needs no
    /// migration step (held-back steps included), else the plan, as an
    /// error.
    ///
    /// # Errors
    ///
    /// [`DbError::NotMigrated`] with the plan, or as [`plan`](Self::plan).
    pub async fn check_migrated<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        db: &impl Database,
    ) -> Result<(), DbError> {
        let plan = self
            .plan(metadata, db, &PlanOptions::new().allow_destructive(true))
            .await?;
        if plan.is_empty() && plan.held_back.is_empty() {
            Ok(())
        } else {
            Err(DbError::NotMigrated(Box::new(NotMigrated { plan })))
        }
    }
}

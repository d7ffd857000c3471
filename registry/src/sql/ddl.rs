//! The DDL of one metadata — `CREATE TABLE`, `CREATE INDEX`, the
//! `use_alter` foreign keys and the matching drops — for SQLite, PostgreSQL
//! and MySQL/MariaDB, built with [sea-query](https://docs.rs/sea-query).
//!
//! Needs the `ddl` feature (implied by `sqlite`, `postgres` and `mysql`).
//!
//! ```rust,standalone_crate
//! model_registry::models!();
//! model_registry::metadata!(pub SHOP = "shop");
//!
//! #[derive(model_registry::Model)]
//! #[model(table = "order", metadata = crate::SHOP)]
//! pub struct Order {
//!     #[model(primary_key)]
//!     pub id: i64,
//!     #[model(column = "select")]
//!     pub select: Option<String>,
//! }
//!
//! fn main() {
//!     use model_registry::ddl::Dialect;
//!
//!     let registry = model_registry::registry();
//!     let statements = registry.create_statements("shop", Dialect::Postgres).unwrap();
//!     assert_eq!(
//!         statements,
//!         [r#"CREATE TABLE "order" ( "id" bigint NOT NULL, "select" text, CONSTRAINT "pk_order" PRIMARY KEY ("id") )"#]
//!     );
//!     let drops = registry.drop_statements("shop", Dialect::MySql).unwrap();
//!     assert_eq!(drops, ["DROP TABLE `order`"]);
//! }
//! ```
//!
//! # What is written, per dialect
//!
//! Tables come in [`Registry::creation_order`] (parents first); each
//! `CREATE TABLE` holds its columns (type, `NOT NULL`, the server default
//! verbatim), its named primary key, unique and check constraints, and its
//! foreign keys with their names and `ON DELETE`/`ON UPDATE`. Then:
//!
//! | | PostgreSQL | MySQL/MariaDB | SQLite |
//! |---|---|---|---|
//! | indexes | `CREATE [UNIQUE] INDEX` after every table | inside `CREATE TABLE` (`KEY`/`UNIQUE KEY`), as `SHOW CREATE TABLE` prints them | `CREATE [UNIQUE] INDEX` after every table |
//! | `use_alter` foreign keys | `ALTER TABLE ... ADD CONSTRAINT` once every table exists; dropped first by `ALTER TABLE ... DROP CONSTRAINT` | the same, with `DROP FOREIGN KEY` | inline in `CREATE TABLE`: SQLite cannot add a constraint to an existing table, and it does not check that the referenced table exists when a table is created |
//! | the primary key's name | `CONSTRAINT "pk_..."` | not written: MySQL always calls it `PRIMARY` | `CONSTRAINT "pk_..."` (SQLite keeps no constraint names in its catalog) |
//! | foreign-key names | `CONSTRAINT "fk_..."` | ``CONSTRAINT `fk_...` `` | not written (sea-query's SQLite writer omits them, and SQLite's catalog does not keep them) |
//! | a table's schema | `"schema"."table"`; the schema must exist | `` `schema`.`table` `` (a schema is a database); foreign keys to or `use_alter` keys from such a table are [`DdlError::Unsupported`] | ignored: SQLite's schemas are attached database files, which a pool cannot promise on every connection, so every table goes to `main`; two tables that become one name are [`DdlError::SqliteNameClash`] |
//!
//! Identifiers are always quoted, so names that are SQL keywords
//! (`order`, `select`) or contain spaces work everywhere.
//!
//! The column types (see [`Dialect::column_type`]):
//!
//! | [`SqlType`](crate::SqlType) | PostgreSQL | MySQL/MariaDB | SQLite |
//! |---|---|---|---|
//! | `SmallInt`, `Integer`, `BigInt` | `smallint`, `integer`, `bigint` | `smallint`, `int`, `bigint` | the portable spelling (`BIGINT`, ...) |
//! | `Real`, `Double` | `real`, `double precision` | `float`, `double` | `REAL`, `DOUBLE PRECISION` |
//! | `Decimal` | `numeric` | `decimal(65,30)` (a bare `DECIMAL` would be `DECIMAL(10,0)` and drop every fraction) | `DECIMAL` |
//! | `Boolean` | `boolean` | `bool` (`tinyint(1)`) | `BOOLEAN` |
//! | `Text`, `Varchar(n)` | `text`, `varchar(n)` | `longtext` (a Rust `String` has no 64 KiB limit), `varchar(n)` | `TEXT`, `VARCHAR(n)` |
//! | `Blob` | `bytea` | `longblob` | `BLOB` |
//! | `Date`, `Time` | `date`, `time` | `date`, `time(6)` | `DATE`, `TIME` |
//! | `Timestamp`, `TimestampTz` | `timestamp`, `timestamp with time zone` | `datetime(6)` for both: MySQL has no type that keeps a zone, store UTC | `TIMESTAMP`, `TIMESTAMP WITH TIME ZONE` |
//! | `Uuid` | `uuid` | `binary(16)`, what sqlx writes for a `Uuid` | `UUID` |
//! | `Json` | `jsonb` | `json` (MariaDB stores `longtext`) | `JSON` |
//! | `Custom(t)` | `t` | `t` | `t` |
//!
//! SQLite keeps the declared type as written, so it is written in the
//! portable spelling, which is also what `verify` expects to read back. Its
//! affinity rules apply to the stored values: a `JSON` column has NUMERIC
//! affinity, so a document that is just a number is stored as a number.

use core::fmt;

use sea_query::{
    Alias, Check as SeaCheck, ColumnDef as SeaColumn, ColumnType, Expr,
    ForeignKey as SeaForeignKey, ForeignKeyAction, Index as SeaIndex, IndexCreateStatement,
    SchemaName, Table, TableName,
};

use crate::def::{ColumnDef, MetadataName, ReferentialAction, TableDef};
use crate::diagnostic::{Diagnostic, blocks};
use crate::ident::compare_folded;
use crate::naming::ConstraintKind;
use crate::registry::Registry;
use crate::report::NameOwner;
use crate::schema::{ResolvedForeignKey, ResolvedTable};

pub use crate::sql::dialect::Dialect;

/// Why the DDL of a metadata cannot be written.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum DdlError {
    /// No `metadata!` declared this name in the registry.
    UnknownMetadata {
        /// The name asked for.
        metadata: String,
    },
    /// On SQLite, where this DDL puts every table in `main`, tables or
    /// indexes of different schemas end up with one name.
    SqliteNameClash {
        /// The name they share (compared ignoring ASCII case).
        name: String,
        /// The tables and indexes that have it.
        owners: Vec<NameOwner>,
    },
    /// A MySQL foreign key that would name a schema-qualified table (the
    /// referenced one, or for a `use_alter` key the one altered), which
    /// sea-query cannot write.
    Unsupported {
        /// The table.
        table: &'static TableDef,
        /// The foreign key's name.
        key: String,
        /// The table it refers to.
        referred_table: &'static TableDef,
    },
    /// More than one of the above: every one found, in creation order
    /// (name clashes first).
    Several(Vec<DdlError>),
}

impl fmt::Display for DdlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownMetadata { metadata } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!("no metadata `{metadata}` is declared in the registry"),
                )?;
                d.help(
                    "declare it with `model_registry::metadata!`, and check that the crate declaring it is linked",
                )
            }
            Self::SqliteNameClash { name, owners } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!("on SQLite, `{name}` names more than one table or index"),
                )?;
                for owner in owners {
                    owner.write_at(&mut d, &owner.table.qualified_name())?;
                }
                d.note("on SQLite this DDL puts every table in `main`, whatever its schema")?;
                d.help("give them distinct names, or put them in different metadata")
            }
            Self::Unsupported {
                table,
                key,
                referred_table,
            } => {
                let mut d = Diagnostic::error(
                    f,
                    format_args!(
                        "cannot write foreign key `{key}` (`{}` -> `{}`) for MySQL: it would name a table by its schema",
                        table.qualified_name(),
                        referred_table.qualified_name()
                    ),
                )?;
                d.at_model(table)?;
                d.note(
                    "sea-query, which writes the DDL, cannot write a schema-qualified table in a MySQL foreign key",
                )?;
                d.help(
                    "keep both tables in the connection's database (no `schema`), or add this key by hand",
                )
            }
            Self::Several(errors) => {
                blocks(f, errors)?;
                Diagnostic::error(
                    f,
                    format_args!(
                        "{} problems keep the DDL from being written; each is listed above",
                        errors.len()
                    ),
                )
                .map(drop)
            }
        }
    }
}

impl std::error::Error for DdlError {}

/// The DDL of one metadata in one dialect, table by table.
///
/// [`create_statements`](Self::create_statements) and
/// [`drop_statements`](Self::drop_statements) give the whole script;
/// [`tables`](Self::tables) gives each table's share, which is what
/// `create_all` runs for the tables that are missing.
#[derive(Debug, Clone)]
pub struct Ddl<'r> {
    dialect: Dialect,
    tables: Vec<TableDdl<'r>>,
}

/// The statements that create and drop one table.
#[derive(Debug, Clone)]
pub struct TableDdl<'r> {
    schema: &'r ResolvedTable,
    create_table: String,
    create_indexes: Vec<String>,
    add_foreign_keys: Vec<String>,
    drop_foreign_keys: Vec<String>,
    /// The name of the key each of `drop_foreign_keys` drops, in order.
    alter_key_names: Vec<String>,
    drop_table: String,
}

impl<'r> Ddl<'r> {
    /// The dialect the statements are written in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Every table, in creation order (parents first).
    pub fn tables(&self) -> &[TableDdl<'r>] {
        &self.tables
    }

    /// Every `CREATE TABLE` in creation order, then every `CREATE INDEX`,
    /// then every `ALTER TABLE ... ADD CONSTRAINT` of a `use_alter` key.
    pub fn create_statements(&self) -> Vec<String> {
        create_statements(&self.tables.iter().collect::<Vec<_>>())
    }

    /// The `use_alter` foreign keys dropped first, then every table in the
    /// reverse of creation order.
    pub fn drop_statements(&self) -> Vec<String> {
        drop_statements(&self.tables.iter().collect::<Vec<_>>(), |_, _| true)
    }
}

/// The statements that create `tables` (in creation order): every
/// `CREATE TABLE`, then every `CREATE INDEX`, then every `use_alter` key.
pub(crate) fn create_statements(tables: &[&TableDdl<'_>]) -> Vec<String> {
    let creates = tables.iter().map(|table| table.create_table.clone());
    let indexes = tables.iter().flat_map(|table| table.create_indexes.clone());
    let keys = tables
        .iter()
        .flat_map(|table| table.add_foreign_keys.clone());
    creates.chain(indexes).chain(keys).collect()
}

/// The statements that drop `tables` (in creation order): the `use_alter`
/// keys for which `key_exists(table, key name)`, then the tables in reverse.
pub(crate) fn drop_statements(
    tables: &[&TableDdl<'_>],
    key_exists: impl Fn(&TableDdl<'_>, &str) -> bool,
) -> Vec<String> {
    let keys = tables.iter().flat_map(|table| {
        table
            .alter_key_names
            .iter()
            .zip(&table.drop_foreign_keys)
            .filter(|(name, _)| key_exists(table, name))
            .map(|(_, drop)| drop.clone())
    });
    let drops = tables.iter().rev().map(|table| table.drop_table.clone());
    keys.chain(drops).collect()
}

impl<'r> TableDdl<'r> {
    /// The resolved table.
    pub fn resolved(&self) -> &'r ResolvedTable {
        self.schema
    }

    /// The model's descriptor.
    pub fn table(&self) -> &'static TableDef {
        self.schema.table
    }

    /// `CREATE TABLE`, with its constraints (and, on MySQL, its indexes).
    pub fn create_table(&self) -> &str {
        &self.create_table
    }

    /// `CREATE INDEX` for each index (empty on MySQL, where they are inline).
    pub fn create_indexes(&self) -> &[String] {
        &self.create_indexes
    }

    /// `ALTER TABLE ... ADD CONSTRAINT` for each `use_alter` foreign key
    /// (empty on SQLite, where they are inline).
    pub fn add_foreign_keys(&self) -> &[String] {
        &self.add_foreign_keys
    }

    /// `ALTER TABLE ... DROP CONSTRAINT` (`DROP FOREIGN KEY` on MySQL) for
    /// each `use_alter` foreign key, run before any table is dropped.
    pub fn drop_foreign_keys(&self) -> &[String] {
        &self.drop_foreign_keys
    }

    /// `DROP TABLE`.
    pub fn drop_table(&self) -> &str {
        &self.drop_table
    }
}

impl Registry {
    /// The DDL of the metadata called `metadata`, table by table.
    ///
    /// # Errors
    ///
    /// [`DdlError::UnknownMetadata`] if no such metadata is declared;
    /// [`DdlError::SqliteNameClash`] and [`DdlError::Unsupported`] for what
    /// the dialect cannot hold (see the [module documentation](crate::ddl)),
    /// or [`DdlError::Several`] listing every one when there are more.
    pub fn ddl<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        dialect: Dialect,
    ) -> Result<Ddl<'_>, DdlError> {
        if self.metadata_named(metadata).is_none() {
            return Err(DdlError::UnknownMetadata {
                metadata: metadata.metadata_name().to_owned(),
            });
        }
        let order = self.creation_order(metadata);
        // Every problem, not the first one.
        let mut errors = if dialect.one_namespace() {
            sqlite_name_clashes(&order)
        } else {
            Vec::new()
        };
        let mut tables = Vec::with_capacity(order.len());
        for schema in order {
            match table_ddl(schema, dialect) {
                Ok(table) => tables.push(table),
                Err(unsupported) => errors.extend(unsupported),
            }
        }
        match errors.len() {
            0 => Ok(Ddl { dialect, tables }),
            1 => Err(errors.remove(0)),
            _ => Err(DdlError::Several(errors)),
        }
    }

    /// The statements that create the metadata called `metadata`, in order:
    /// see [`Ddl::create_statements`].
    ///
    /// # Errors
    ///
    /// As [`ddl`](Self::ddl).
    pub fn create_statements<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        dialect: Dialect,
    ) -> Result<Vec<String>, DdlError> {
        Ok(self.ddl(metadata, dialect)?.create_statements())
    }

    /// The statements that drop the metadata called `metadata`, in order:
    /// see [`Ddl::drop_statements`].
    ///
    /// # Errors
    ///
    /// As [`ddl`](Self::ddl).
    pub fn drop_statements<M: MetadataName + ?Sized>(
        &self,
        metadata: &M,
        dialect: Dialect,
    ) -> Result<Vec<String>, DdlError> {
        Ok(self.ddl(metadata, dialect)?.drop_statements())
    }
}

/// On SQLite every table and index of the metadata lands in `main`: each
/// name more than one of them would have there.
fn sqlite_name_clashes(order: &[&ResolvedTable]) -> Vec<DdlError> {
    let mut names: Vec<(&str, &'static TableDef, Option<ConstraintKind>)> = Vec::new();
    for schema in order {
        names.push((schema.table.name, schema.table, None));
        for index in &schema.indexes {
            names.push((&index.name, schema.table, Some(ConstraintKind::Index)));
        }
    }
    names.sort_by(|a, b| compare_folded(a.0, b.0));
    names
        .chunk_by(|a, b| compare_folded(a.0, b.0).is_eq())
        .filter(|group| group.len() > 1)
        .map(|group| DdlError::SqliteNameClash {
            name: group[0].0.to_owned(),
            owners: group
                .iter()
                .map(|&(name, table, kind)| NameOwner {
                    table,
                    kind,
                    name: name.to_owned(),
                })
                .collect(),
        })
        .collect()
}

fn iden(name: &str) -> Alias {
    Alias::new(name)
}

/// The table's name as the dialect writes it.
fn table_name(table: &TableDef, dialect: Dialect) -> TableName {
    let schema = dialect
        .schema_of(table)
        .map(|schema| SchemaName(None, iden(schema).into()));
    TableName(schema, iden(table.name).into())
}

fn action(action: ReferentialAction) -> ForeignKeyAction {
    match action {
        ReferentialAction::Cascade => ForeignKeyAction::Cascade,
        ReferentialAction::SetNull => ForeignKeyAction::SetNull,
        ReferentialAction::SetDefault => ForeignKeyAction::SetDefault,
        ReferentialAction::Restrict => ForeignKeyAction::Restrict,
        ReferentialAction::NoAction => ForeignKeyAction::NoAction,
    }
}

/// One table's statements, or every key of it that cannot be written.
fn table_ddl(schema: &ResolvedTable, dialect: Dialect) -> Result<TableDdl<'_>, Vec<DdlError>> {
    let table = schema.table;
    let name = table_name(table, dialect);
    let mut create = Table::create();
    create.table(name.clone());

    for column in table.columns {
        let mut def = SeaColumn::new_with_type(
            iden(column.name),
            ColumnType::custom(dialect.column_type(column.sql_type)),
        );
        if !column.nullable {
            def.not_null();
        }
        if let Some(default) = column.default {
            def.default(Expr::cust(default));
        }
        create.col(&mut def);
    }

    if let Some(key) = &schema.primary_key {
        let mut index = SeaIndex::create();
        if dialect.names_primary_key() {
            index.name(key.name.as_str());
        }
        add_columns(&mut index, &key.columns);
        create.primary_key(&mut index);
    }
    for unique in &schema.uniques {
        let mut index = SeaIndex::create();
        index.unique().name(unique.name.as_str());
        add_columns(&mut index, &unique.columns);
        create.index(&mut index);
    }

    let mut create_indexes = Vec::new();
    for index in &schema.indexes {
        let mut statement = SeaIndex::create();
        statement.name(index.name.as_str());
        if index.unique {
            statement.unique();
        }
        add_columns(&mut statement, &index.columns);
        if dialect.indexes_inside_create_table() {
            create.index(&mut statement);
        } else {
            statement.table(name.clone());
            create_indexes.push(dialect.render(&statement));
        }
    }

    let mut add_foreign_keys = Vec::new();
    let mut drop_foreign_keys = Vec::new();
    let mut alter_key_names = Vec::new();
    let mut unsupported = Vec::new();
    for key in &schema.foreign_keys {
        let names_schema =
            key.referred_table.schema().is_some() || key.use_alter && table.schema().is_some();
        if names_schema && !dialect.foreign_keys_name_schemas() {
            unsupported.push(DdlError::Unsupported {
                table,
                key: key.name.clone(),
                referred_table: key.referred_table,
            });
            continue;
        }
        let mut statement = foreign_key(key, &name, dialect);
        if key.use_alter && dialect.adds_foreign_keys_later() {
            add_foreign_keys.push(dialect.render(&statement));
            let mut drop = SeaForeignKey::drop();
            drop.name(key.name.as_str()).table(name.clone());
            drop_foreign_keys.push(dialect.render(&drop));
            alter_key_names.push(key.name.clone());
        } else {
            create.foreign_key(&mut statement);
        }
    }

    for check in &schema.checks {
        create.check(SeaCheck::named(iden(&check.name), Expr::cust(check.expr)));
    }

    if !unsupported.is_empty() {
        return Err(unsupported);
    }
    let mut drop = Table::drop();
    drop.table(name);
    Ok(TableDdl {
        schema,
        create_table: dialect.render(&create),
        create_indexes,
        add_foreign_keys,
        drop_foreign_keys,
        alter_key_names,
        drop_table: dialect.render(&drop),
    })
}

fn add_columns(index: &mut IndexCreateStatement, columns: &[&'static ColumnDef]) {
    for column in columns {
        index.col(iden(column.name));
    }
}

fn foreign_key(
    key: &ResolvedForeignKey,
    table: &TableName,
    dialect: Dialect,
) -> sea_query::ForeignKeyCreateStatement {
    let mut statement = SeaForeignKey::create();
    statement
        .name(key.name.as_str())
        .from_tbl(table.clone())
        .from_col(iden(key.column.name))
        .to_tbl(table_name(key.referred_table, dialect))
        .to_col(iden(key.referred_column.name));
    if let Some(on_delete) = key.on_delete {
        statement.on_delete(action(on_delete));
    }
    if let Some(on_update) = key.on_update {
        statement.on_update(action(on_update));
    }
    statement
}

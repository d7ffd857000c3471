//! Each dialect's knowledge in one file, behind one trait: how a type is
//! spelled and how the catalog spells it back, what the DDL may write, and
//! the catalog queries (`read_catalog` in each file). Code elsewhere asks
//! the dialect; it never matches on it.

// The type read-back is for `verify`, which needs a driver.
#![cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]

use core::fmt;

use sea_query::SchemaStatementBuilder;

use crate::def::{SqlType, TableDef};

pub(crate) mod mysql;
pub(crate) mod postgres;
pub(crate) mod sqlite;

/// The SQL dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite 3.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL 8 and MariaDB 10.5 or later.
    MySql,
}

impl Dialect {
    /// This dialect's rules.
    fn rules(self) -> &'static dyn Rules {
        match self {
            Self::Sqlite => &sqlite::Sqlite,
            Self::Postgres => &postgres::Postgres,
            Self::MySql => &mysql::MySql,
        }
    }

    /// How a column of `sql_type` is declared in this dialect (see the
    /// [module documentation](crate::ddl) for the whole table).
    ///
    /// ```
    /// use model_registry::SqlType;
    /// use model_registry::ddl::Dialect;
    ///
    /// assert_eq!(Dialect::Postgres.column_type(SqlType::Varchar(80)), "varchar(80)");
    /// assert_eq!(Dialect::MySql.column_type(SqlType::Text), "longtext");
    /// assert_eq!(Dialect::Sqlite.column_type(SqlType::BigInt), "BIGINT");
    /// ```
    pub fn column_type(self, sql_type: SqlType) -> String {
        self.rules().column_type(sql_type)
    }

    /// The type as the database reports it for a column the DDL created.
    pub(crate) fn expected_type(self, sql_type: SqlType) -> String {
        self.rules().expected_type(sql_type)
    }

    /// Whether a column the catalog reports as `found` has `sql_type`.
    pub(crate) fn type_matches(self, sql_type: SqlType, found: &str) -> bool {
        self.rules().type_matches(sql_type, found)
    }

    /// The schema the DDL puts `table` in: its own, except where the
    /// dialect has no schemas (SQLite: every table goes to `main`).
    pub(crate) fn schema_of(self, table: &TableDef) -> Option<&'static str> {
        if self.rules().has_schemas() {
            table.schema()
        } else {
            None
        }
    }

    /// Whether the primary key's constraint name is written.
    pub(crate) fn names_primary_key(self) -> bool {
        self.rules().names_primary_key()
    }

    /// Whether indexes are written inside `CREATE TABLE` instead of as
    /// `CREATE INDEX`.
    pub(crate) fn indexes_inside_create_table(self) -> bool {
        self.rules().indexes_inside_create_table()
    }

    /// Whether `use_alter` foreign keys are added with `ALTER TABLE` once
    /// every table exists (else they are inline in `CREATE TABLE`).
    pub(crate) fn adds_foreign_keys_later(self) -> bool {
        self.rules().adds_foreign_keys_later()
    }

    /// Whether a foreign key can name a schema-qualified table.
    pub(crate) fn foreign_keys_name_schemas(self) -> bool {
        self.rules().foreign_keys_name_schemas()
    }

    /// Whether tables of every schema share one namespace (SQLite, where
    /// this DDL puts every table in `main`).
    pub(crate) fn one_namespace(self) -> bool {
        !self.rules().has_schemas()
    }

    /// A schema statement in this dialect's SQL.
    pub(crate) fn render(self, statement: &impl SchemaStatementBuilder) -> String {
        match self {
            Self::Sqlite => sqlite::render(statement),
            Self::Postgres => postgres::render(statement),
            Self::MySql => mysql::render(statement),
        }
    }

    /// `SQLite`, `PostgreSQL` or `MySQL/MariaDB` (one dialect, two servers;
    /// [`Verification::server`](crate::db::Verification::server) names the
    /// one a verification read).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
            Self::MySql => "MySQL/MariaDB",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What each dialect answers; one implementation per file.
pub(crate) trait Rules: Sync {
    /// How a column of `sql_type` is declared.
    fn column_type(&self, sql_type: SqlType) -> String;
    /// The type as the catalog reports it for a column the DDL created.
    fn expected_type(&self, sql_type: SqlType) -> String;
    /// Whether the catalog's `found` is `sql_type`.
    fn type_matches(&self, sql_type: SqlType, found: &str) -> bool;
    /// Whether tables live in schemas the DDL names.
    fn has_schemas(&self) -> bool;
    /// Whether the primary key's constraint name is written.
    fn names_primary_key(&self) -> bool;
    /// Whether indexes go inside `CREATE TABLE`.
    fn indexes_inside_create_table(&self) -> bool;
    /// Whether `use_alter` keys are added by `ALTER TABLE`.
    fn adds_foreign_keys_later(&self) -> bool;
    /// Whether a foreign key can name a schema-qualified table.
    fn foreign_keys_name_schemas(&self) -> bool;
}

/// Lower case, single spaces, no space next to a parenthesis or comma.
fn normalize(sql_type: &str) -> String {
    let lower = sql_type.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_ascii_whitespace().collect();
    words
        .join(" ")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" ,", ",")
        .replace(", ", ",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::def::SqlType;

    fn type_matches(dialect: Dialect, sql_type: SqlType, found: &str) -> bool {
        dialect.type_matches(sql_type, found)
    }

    fn expected_type(dialect: Dialect, sql_type: SqlType) -> String {
        dialect.expected_type(sql_type)
    }

    #[test]
    fn types_compare_per_dialect() {
        assert!(type_matches(Dialect::Sqlite, SqlType::BigInt, "BIGINT"));
        assert!(type_matches(
            Dialect::Sqlite,
            SqlType::Varchar(80),
            "varchar( 80 )"
        ));
        assert!(!type_matches(Dialect::Sqlite, SqlType::BigInt, "TEXT"));
        assert!(type_matches(
            Dialect::Postgres,
            SqlType::Varchar(80),
            "character varying(80)"
        ));
        assert!(type_matches(
            Dialect::Postgres,
            SqlType::TimestampTz,
            "timestamp with time zone"
        ));
        assert!(type_matches(
            Dialect::Postgres,
            SqlType::Custom("int8"),
            "bigint"
        ));
        assert!(type_matches(
            Dialect::Postgres,
            SqlType::Custom("NUMERIC(10, 2)"),
            "numeric(10,2)"
        ));
        assert!(!type_matches(Dialect::Postgres, SqlType::Integer, "bigint"));
        assert!(type_matches(Dialect::MySql, SqlType::BigInt, "bigint(20)"));
        assert!(type_matches(Dialect::MySql, SqlType::Integer, "int(11)"));
        assert!(type_matches(Dialect::MySql, SqlType::Boolean, "tinyint(1)"));
        assert!(!type_matches(
            Dialect::MySql,
            SqlType::Boolean,
            "tinyint(4)"
        ));
        assert!(type_matches(Dialect::MySql, SqlType::Json, "longtext"));
        assert!(type_matches(
            Dialect::MySql,
            SqlType::Decimal,
            "decimal(65,30)"
        ));
        assert!(type_matches(
            Dialect::MySql,
            SqlType::Custom("INTEGER"),
            "int(11)"
        ));
        assert!(!type_matches(Dialect::MySql, SqlType::Text, "varchar(10)"));
    }

    // PostgreSQL writes a time's precision before its zone.
    #[test]
    fn postgres_time_precision_goes_before_the_zone() {
        for (written, reported) in [
            ("timestamp(3)", "timestamp(3) without time zone"),
            ("time(6)", "time(6) without time zone"),
            ("timestamptz(3)", "timestamp(3) with time zone"),
            ("timetz(0)", "time(0) with time zone"),
            ("TIMESTAMP(3) WITH TIME ZONE", "timestamp(3) with time zone"),
            ("timestamp", "timestamp without time zone"),
            ("timestamp with time zone", "timestamp with time zone"),
        ] {
            assert!(
                type_matches(Dialect::Postgres, SqlType::Custom(written), reported),
                "{written}: expected {:?}",
                expected_type(Dialect::Postgres, SqlType::Custom(written))
            );
        }
    }
}

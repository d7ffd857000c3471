//! The database a metadata lives in, and which column types it cannot hold
//! the way sqlx reads and writes them. Plain data and `const fn`s, so that
//! a metadata that names its database refuses such a column at compile
//! time; the DDL and `bind` ask the same question at run time.

use core::fmt;

use crate::def::SqlType;

/// An SQL dialect: the database a metadata lives in (`metadata!(..., dialect
/// = Postgres)`), and the SQL the DDL writes.
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
    /// `SQLite`, `PostgreSQL` or `MySQL/MariaDB` (one dialect, two servers;
    /// `Verification::server` names the one a verification read).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
            Self::MySql => "MySQL/MariaDB",
        }
    }

    /// Why this database cannot hold a column of `sql_type` (NULL allowed
    /// or not) the way sqlx reads and writes it, with what to use instead;
    /// `None` when it can.
    pub const fn refusal(self, sql_type: SqlType, nullable: bool) -> Option<&'static str> {
        match (self, sql_type) {
            (Self::Postgres, SqlType::TinyInt) => Some(
                "PostgreSQL has no 1-byte integer, and sqlx sends an `i8` as its internal `\"char\"` type: use `i16`",
            ),
            (Self::Postgres, SqlType::Unsigned(_)) => Some(
                "PostgreSQL has no unsigned integers, and sqlx cannot send one: use the signed type one size up (`i16` for `u8`, `i32` for `u16`, `i64` for `u32`)",
            ),
            (Self::Sqlite, SqlType::Unsigned(64)) => Some(
                "SQLite's integers are signed 64-bit, and sqlx cannot store a `u64` in one: use `i64`",
            ),
            (Self::Sqlite, SqlType::Decimal) => Some(
                "SQLite has no decimal type, and sqlx cannot bind a `rust_decimal::Decimal` to it: store integer cents (`i64`), or the decimal's text in a `String`",
            ),
            (Self::MySql, SqlType::Enum(_)) if !nullable => Some(
                "sqlx 0.9 decodes a `#[derive(sqlx::Type)]` enum on MySQL/MariaDB only from a nullable `ENUM` column (it compares the column's flags, NOT NULL included, with its own), so every SELECT of this column would fail: make the field an `Option<_>`, or store a `String`",
            ),
            _ => None,
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

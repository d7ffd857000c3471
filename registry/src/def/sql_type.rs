//! Column SQL types, and the trait that maps a Rust field type to one.

use core::fmt;

/// The SQL type of a column, independent of the database.
///
/// The DDL writes each one in the dialect of the database it targets
/// (`BIGINT` everywhere, `BYTEA` on PostgreSQL and `BLOB` elsewhere, ...).
/// [`Custom`](SqlType::Custom) is written verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SqlType {
    /// 16-bit integer (`SMALLINT`).
    SmallInt,
    /// 32-bit integer (`INTEGER`).
    Integer,
    /// 64-bit integer (`BIGINT`).
    BigInt,
    /// 8-bit integer (`TINYINT`), from `i8`. PostgreSQL has none.
    TinyInt,
    /// An unsigned integer of this many bits (8, 16, 32 or 64), from `u8`,
    /// `u16`, `u32` and `u64`: `TINYINT UNSIGNED` and so on on
    /// MySQL/MariaDB. PostgreSQL has none; SQLite cannot hold a `u64`.
    Unsigned(u8),
    /// 32-bit float (`REAL`).
    Real,
    /// 64-bit float (`DOUBLE PRECISION`).
    Double,
    /// Exact decimal number (`NUMERIC`/`DECIMAL`).
    Decimal,
    /// `BOOLEAN`.
    Boolean,
    /// Text without a length limit (`TEXT`).
    Text,
    /// Text of at most this many characters (`VARCHAR(n)`), from
    /// `#[model(max_length = n)]`.
    Varchar(u32),
    /// Bytes (`BYTEA` on PostgreSQL, `BLOB` elsewhere).
    Blob,
    /// A calendar date.
    Date,
    /// A time of day.
    Time,
    /// A date and time without a time zone.
    Timestamp,
    /// A point in time, with a time zone.
    TimestampTz,
    /// A UUID.
    Uuid,
    /// A JSON document.
    Json,
    /// A type written verbatim, from `#[model(sql_type = "...")]`.
    Custom(&'static str),
    /// A Rust enum stored as one of its values' names, from
    /// `#[derive(ColumnType)]` on the enum (see [`EnumType`]).
    Enum(&'static EnumType),
}

impl SqlType {
    /// Whether the type is [`Varchar`](Self::Varchar) or [`Text`](Self::Text).
    pub const fn is_text(&self) -> bool {
        matches!(self, Self::Text | Self::Varchar(_))
    }
}

/// The portable spelling: `BIGINT`, `VARCHAR(255)`, or a custom type as written.
impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::SmallInt => "SMALLINT",
            Self::Integer => "INTEGER",
            Self::BigInt => "BIGINT",
            Self::TinyInt => "TINYINT",
            Self::Unsigned(bits) => {
                return f.write_str(match bits {
                    8 => "TINYINT UNSIGNED",
                    16 => "SMALLINT UNSIGNED",
                    32 => "INTEGER UNSIGNED",
                    _ => "BIGINT UNSIGNED",
                });
            }
            Self::Real => "REAL",
            Self::Double => "DOUBLE PRECISION",
            Self::Decimal => "DECIMAL",
            Self::Boolean => "BOOLEAN",
            Self::Text => "TEXT",
            Self::Varchar(length) => return write!(f, "VARCHAR({length})"),
            Self::Blob => "BLOB",
            Self::Date => "DATE",
            Self::Time => "TIME",
            Self::Timestamp => "TIMESTAMP",
            Self::TimestampTz => "TIMESTAMP WITH TIME ZONE",
            Self::Uuid => "UUID",
            Self::Json => "JSON",
            Self::Custom(custom) => custom,
            Self::Enum(enum_type) => return enum_type.fmt(f),
        };
        f.write_str(name)
    }
}

/// A Rust enum stored as text: the SQL side of `#[derive(ColumnType)]` on a
/// fieldless enum, which reads `#[derive(sqlx::Type)]`'s own attributes so
/// that the column is the one sqlx encodes and decodes the enum as.
///
/// - `#[sqlx(type_name = "text")]` (or `"varchar"`): the values are plain
///   text. PostgreSQL gets a column of exactly that type (sqlx refuses to
///   decode such an enum from any other); SQLite gets `TEXT`.
/// - Any other `type_name`, or none (sqlx then uses the enum's name): a
///   native enum. PostgreSQL gets `CREATE TYPE name AS ENUM (...)`, created
///   before the tables that use it, verified (values and their order), and
///   dropped after them; SQLite gets `TEXT`.
/// - MySQL/MariaDB always get `ENUM('a', 'b', ...)`, the only column sqlx
///   decodes a derived enum from there.
///
/// `#[model(check)]` on the enum adds a check constraint listing the values
/// to every column of the type, so that text storage refuses other values
/// too. Each value is the variant's name after sqlx's `rename_all` and
/// `rename`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct EnumType {
    rust_name: &'static str,
    type_name: &'static str,
    values: &'static [&'static str],
    native: bool,
    check: bool,
}

impl EnumType {
    /// What `#[derive(ColumnType)]` writes; not for direct use.
    #[doc(hidden)]
    pub const fn __new(
        rust_name: &'static str,
        type_name: &'static str,
        values: &'static [&'static str],
        native: bool,
        check: bool,
    ) -> Self {
        Self {
            rust_name,
            type_name,
            values,
            native,
            check,
        }
    }

    /// The Rust enum's name.
    pub fn rust_name(&self) -> &'static str {
        self.rust_name
    }

    /// The type sqlx names the values with: the native type's name, or
    /// `text`/`varchar`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The values, in declaration order.
    pub fn values(&self) -> &'static [&'static str] {
        self.values
    }

    /// Whether PostgreSQL stores it as a type of its own (`CREATE TYPE`).
    pub fn is_native(&self) -> bool {
        self.native
    }

    /// Whether each column of the type gets a check constraint listing
    /// the values (`#[model(check)]`).
    pub fn has_check(&self) -> bool {
        self.check
    }
}

/// `ENUM name ('a', 'b')` for a native type, `text ('a', 'b')` otherwise.
impl fmt::Display for EnumType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.native {
            write!(f, "ENUM {} (", self.type_name)?;
        } else {
            write!(f, "{} (", self.type_name)?;
        }
        write_values(f, self.values, ", ")?;
        f.write_str(")")
    }
}

/// `'a', 'b'`: each value as an SQL string literal.
pub(crate) fn write_values(
    f: &mut impl fmt::Write,
    values: &[&str],
    separator: &str,
) -> fmt::Result {
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            f.write_str(separator)?;
        }
        f.write_char('\'')?;
        for c in value.chars() {
            if c == '\'' {
                f.write_char('\'')?;
            }
            f.write_char(c)?;
        }
        f.write_char('\'')?;
    }
    Ok(())
}

/// A Rust type that can be stored in one column.
///
/// `#[derive(Model)]` asks every field's type for its [`SqlType`]. `Option<T>`
/// has the type of `T` (and the column is nullable). Types from `chrono`,
/// `time`, `uuid`, `serde_json` and `rust_decimal` are covered behind the
/// features of the same names (`json` for `serde_json`, `decimal` for
/// `rust_decimal`).
///
/// For a type this crate does not know, name the column's type on the field
/// with `#[model(sql_type = "...")]`, or implement the trait for your own
/// type:
///
/// ```
/// use model_registry::{ColumnType, SqlType};
///
/// struct Email(String);
///
/// impl ColumnType for Email {
///     const SQL_TYPE: SqlType = SqlType::Varchar(320);
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no SQL column type",
    label = "model-registry does not know which SQL type stores `{Self}`",
    note = "name the column's type on the field: `#[model(sql_type = \"...\")]`",
    note = "or leave the field out of the table: `#[model(skip)]`",
    note = "or implement `model_registry::ColumnType` for your own type; types from chrono, time, uuid, serde_json and rust_decimal need the model-registry features `chrono`, `time`, `uuid`, `json` and `decimal`"
)]
pub trait ColumnType {
    /// The SQL type that stores this Rust type.
    const SQL_TYPE: SqlType;
}

macro_rules! column_types {
    ($($rust:ty => $sql:ident,)*) => {
        $(
            impl ColumnType for $rust {
                const SQL_TYPE: SqlType = SqlType::$sql;
            }
        )*
    };
}

column_types! {
    bool => Boolean,
    i8 => TinyInt,
    i16 => SmallInt,
    i32 => Integer,
    i64 => BigInt,
    f32 => Real,
    f64 => Double,
    String => Text,
    str => Text,
    Box<str> => Text,
    Vec<u8> => Blob,
    Box<[u8]> => Blob,
}

// What sqlx encodes each unsigned integer as on MySQL/MariaDB.
impl ColumnType for u8 {
    const SQL_TYPE: SqlType = SqlType::Unsigned(8);
}
impl ColumnType for u16 {
    const SQL_TYPE: SqlType = SqlType::Unsigned(16);
}
impl ColumnType for u32 {
    const SQL_TYPE: SqlType = SqlType::Unsigned(32);
}
impl ColumnType for u64 {
    const SQL_TYPE: SqlType = SqlType::Unsigned(64);
}

impl<T: ColumnType + ?Sized> ColumnType for &T {
    const SQL_TYPE: SqlType = T::SQL_TYPE;
}

impl<T: ColumnType> ColumnType for Option<T> {
    const SQL_TYPE: SqlType = T::SQL_TYPE;
}

impl<const N: usize> ColumnType for [u8; N] {
    const SQL_TYPE: SqlType = SqlType::Blob;
}

#[cfg(feature = "chrono")]
column_types! {
    chrono::NaiveDate => Date,
    chrono::NaiveTime => Time,
    chrono::NaiveDateTime => Timestamp,
    chrono::DateTime<chrono::Utc> => TimestampTz,
    chrono::DateTime<chrono::FixedOffset> => TimestampTz,
}

#[cfg(feature = "time")]
column_types! {
    time::Date => Date,
    time::Time => Time,
    time::PrimitiveDateTime => Timestamp,
    time::OffsetDateTime => TimestampTz,
}

#[cfg(feature = "uuid")]
column_types! {
    uuid::Uuid => Uuid,
}

#[cfg(feature = "json")]
column_types! {
    serde_json::Value => Json,
}

// What `#[sqlx(json)]` decodes through, as a field type of its own.
#[cfg(all(
    feature = "json",
    any(feature = "sqlite", feature = "postgres", feature = "mysql")
))]
impl<T> ColumnType for sqlx::types::Json<T> {
    const SQL_TYPE: SqlType = SqlType::Json;
}

#[cfg(feature = "decimal")]
column_types! {
    rust_decimal::Decimal => Decimal,
}

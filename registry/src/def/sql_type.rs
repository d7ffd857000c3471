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
        };
        f.write_str(name)
    }
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

#[cfg(feature = "decimal")]
column_types! {
    rust_decimal::Decimal => Decimal,
}

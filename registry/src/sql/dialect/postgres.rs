//! PostgreSQL: how types are spelled and how `format_type` reads them
//! back, and the catalog queries. Quoted identifiers are compared exactly.

// The type read-back is for `verify`, which needs a driver.
#![cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]

use sea_query::{PostgresQueryBuilder, SchemaStatementBuilder};

use crate::def::SqlType;
use crate::sql::dialect::{Rules, normalize};

pub(crate) struct Postgres;

impl Rules for Postgres {
    fn column_type(&self, sql_type: SqlType) -> String {
        let name = match sql_type {
            SqlType::Custom(custom) => custom,
            SqlType::Varchar(length) => return format!("varchar({length})"),
            SqlType::SmallInt => "smallint",
            SqlType::Integer => "integer",
            SqlType::BigInt => "bigint",
            SqlType::Real => "real",
            SqlType::Double => "double precision",
            SqlType::Decimal => "numeric",
            SqlType::Boolean => "boolean",
            SqlType::Text => "text",
            SqlType::Blob => "bytea",
            SqlType::Date => "date",
            SqlType::Time => "time",
            SqlType::Timestamp => "timestamp",
            SqlType::TimestampTz => "timestamp with time zone",
            SqlType::Uuid => "uuid",
            SqlType::Json => "jsonb",
        };
        name.to_owned()
    }

    fn expected_type(&self, sql_type: SqlType) -> String {
        postgres_alias(&normalize(&self.column_type(sql_type)))
    }

    fn type_matches(&self, sql_type: SqlType, found: &str) -> bool {
        normalize(found) == normalize(&self.expected_type(sql_type))
    }

    fn has_schemas(&self) -> bool {
        true
    }

    fn names_primary_key(&self) -> bool {
        true
    }

    fn indexes_inside_create_table(&self) -> bool {
        false
    }

    fn adds_foreign_keys_later(&self) -> bool {
        true
    }

    fn foreign_keys_name_schemas(&self) -> bool {
        true
    }
}

pub(crate) fn render(statement: &impl SchemaStatementBuilder) -> String {
    statement.to_string(PostgresQueryBuilder)
}

/// PostgreSQL's `format_type` spelling of the common aliases. A time's
/// precision goes before its zone: `timestamp(3) without time zone`.
fn postgres_alias(sql_type: &str) -> String {
    let (base, rest) = match sql_type.find('(') {
        Some(at) => sql_type.split_at(at),
        None => (sql_type, ""),
    };
    let (modifier, tail) = match rest.find(')') {
        Some(end) => rest.split_at(end + 1),
        None => (rest, ""),
    };
    let (name, zone) = match base {
        "int" | "int4" => ("integer", ""),
        "int2" => ("smallint", ""),
        "int8" => ("bigint", ""),
        "float4" => ("real", ""),
        "float8" | "double" => ("double precision", ""),
        "bool" => ("boolean", ""),
        "decimal" => ("numeric", ""),
        "varchar" => ("character varying", ""),
        "char" | "bpchar" => ("character", ""),
        "timestamptz" => ("timestamp", " with time zone"),
        "timetz" => ("time", " with time zone"),
        // Without a zone written after the precision, which `tail` keeps.
        "timestamp" | "time" if tail.is_empty() => (base, " without time zone"),
        other => (other, ""),
    };
    format!("{name}{modifier}{zone}{tail}")
}

#[cfg(feature = "postgres")]
pub(crate) use self::catalog::{lock, lock_key, read_catalog};

/// The catalog queries, with the driver.
#[cfg(feature = "postgres")]
mod catalog {
    use sqlx::Row as _;

    use crate::ident::Case;
    use crate::sql::catalog::{Catalog, LiveColumn, LiveForeignKey, LiveIndex, Tables};

    /// Catalog queries per snapshot.
    pub(crate) const CATALOG_QUERIES: usize = 4;

    const PG_SYSTEM_SCHEMAS: &str =
        "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

    const PG_COLUMNS: &str = "SELECT n.nspname::text, c.relname::text, a.attname::text,
                format_type(a.atttypid, a.atttypmod), a.attnotnull
           FROM pg_catalog.pg_class AS c
           JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
           LEFT JOIN pg_catalog.pg_attribute AS a
                  ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE c.relkind IN ('r', 'p') AND ";

    /// Four queries: the default schema, every column, every index (with the
    /// ones behind primary keys and unique constraints), every foreign key.
    pub(crate) async fn read_catalog(
        conn: &mut sqlx::PgConnection,
    ) -> Result<Catalog, sqlx::Error> {
        let default_schema: Option<String> = sqlx::query_scalar("SELECT current_schema()::text")
            .fetch_one(&mut *conn)
            .await?;
        let mut tables = Tables::default();

        let columns = format!("{PG_COLUMNS}{PG_SYSTEM_SCHEMAS} ORDER BY 1, 2, a.attnum");
        for row in sqlx::query(sqlx::AssertSqlSafe(columns))
            .fetch_all(&mut *conn)
            .await?
        {
            let table = tables.get(Some(row.try_get(0)?), row.try_get(1)?);
            let name: Option<String> = row.try_get(2)?;
            if let Some(name) = name {
                let sql_type: Option<String> = row.try_get(3)?;
                let not_null: Option<bool> = row.try_get(4)?;
                table.columns.push(LiveColumn {
                    name,
                    sql_type: sql_type.unwrap_or_default(),
                    nullable: !not_null.unwrap_or(false),
                });
            }
        }

        let indexes = format!(
            "SELECT n.nspname::text, t.relname::text, i.relname::text, x.indisunique,
                    ARRAY(SELECT a.attname::text
                            FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                            JOIN pg_catalog.pg_attribute AS a
                              ON a.attrelid = t.oid AND a.attnum = k.attnum
                           ORDER BY k.ord)
               FROM pg_catalog.pg_index AS x
               JOIN pg_catalog.pg_class AS t ON t.oid = x.indrelid
               JOIN pg_catalog.pg_class AS i ON i.oid = x.indexrelid
               JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
              WHERE {PG_SYSTEM_SCHEMAS}
              ORDER BY 1, 2, 3"
        );
        for row in sqlx::query(sqlx::AssertSqlSafe(indexes))
            .fetch_all(&mut *conn)
            .await?
        {
            let table = tables.get(Some(row.try_get(0)?), row.try_get(1)?);
            table.indexes.push(LiveIndex {
                name: row.try_get(2)?,
                unique: row.try_get(3)?,
                columns: row.try_get(4)?,
            });
        }

        let keys = format!(
            "SELECT n.nspname::text, t.relname::text, k.conname::text, rn.nspname::text, r.relname::text,
                    ARRAY(SELECT a.attname::text
                            FROM unnest(k.conkey) WITH ORDINALITY AS c(attnum, ord)
                            JOIN pg_catalog.pg_attribute AS a
                              ON a.attrelid = k.conrelid AND a.attnum = c.attnum
                           ORDER BY c.ord),
                    ARRAY(SELECT a.attname::text
                            FROM unnest(k.confkey) WITH ORDINALITY AS c(attnum, ord)
                            JOIN pg_catalog.pg_attribute AS a
                              ON a.attrelid = k.confrelid AND a.attnum = c.attnum
                           ORDER BY c.ord)
               FROM pg_catalog.pg_constraint AS k
               JOIN pg_catalog.pg_class AS t ON t.oid = k.conrelid
               JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
               JOIN pg_catalog.pg_class AS r ON r.oid = k.confrelid
               JOIN pg_catalog.pg_namespace AS rn ON rn.oid = r.relnamespace
              WHERE k.contype = 'f' AND {PG_SYSTEM_SCHEMAS}
              ORDER BY 1, 2, 3"
        );
        for row in sqlx::query(sqlx::AssertSqlSafe(keys))
            .fetch_all(&mut *conn)
            .await?
        {
            let table = tables.get(Some(row.try_get(0)?), row.try_get(1)?);
            table.foreign_keys.push(LiveForeignKey {
                name: Some(row.try_get(2)?),
                referred_schema: Some(row.try_get(3)?),
                referred_table: row.try_get(4)?,
                columns: row.try_get(5)?,
                referred_columns: row.try_get(6)?,
            });
        }
        // The DDL quotes every identifier, and PostgreSQL compares quoted
        // identifiers byte for byte: `Users` is not `users`.
        Ok(tables.into_catalog(
            default_schema,
            CATALOG_QUERIES,
            Case::Exact,
            Case::Exact,
            None,
        ))
    }

    /// Takes the transaction-scoped advisory lock of `metadata` (released
    /// at commit or rollback), waiting at most `timeout`. `Ok(false)` when
    /// the wait timed out: another session holds it.
    pub(crate) async fn lock(
        conn: &mut sqlx::PgConnection,
        metadata: &str,
        timeout: std::time::Duration,
    ) -> Result<bool, sqlx::Error> {
        let millis = timeout.as_millis().clamp(1, i32::MAX as u128);
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "SET LOCAL lock_timeout = {millis}"
        )))
        .execute(&mut *conn)
        .await?;
        let locked = sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(lock_key(metadata))
            .execute(&mut *conn)
            .await;
        match locked {
            // 55P03 lock_not_available: lock_timeout ran out.
            Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some("55P03") => {
                Ok(false)
            }
            Err(error) => Err(error),
            Ok(_) => {
                // The DDL that follows waits for table locks as it would
                // without us.
                sqlx::raw_sql("SET LOCAL lock_timeout TO DEFAULT")
                    .execute(&mut *conn)
                    .await?;
                Ok(true)
            }
        }
    }

    /// The advisory lock key of a metadata: the first 8 bytes of the
    /// crate's FNV hash of `model_registry schema <metadata>`.
    pub(crate) fn lock_key(metadata: &str) -> i64 {
        let hash = crate::ident::fnv(
            crate::ident::FNV_OFFSET,
            format!("model_registry schema {metadata}").as_bytes(),
            false,
        );
        #[allow(clippy::cast_possible_truncation)]
        let key = hash as u64;
        i64::from_ne_bytes(key.to_ne_bytes())
    }
}

//! MySQL and MariaDB: how types are spelled and how `COLUMN_TYPE` reads
//! them back, and the catalog queries. A schema is a database here.

// The type read-back is for `verify`, which needs a driver.
#![cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]

use sea_query::{MysqlQueryBuilder, SchemaStatementBuilder};

use crate::def::{EnumType, ReferentialAction, SqlType, write_values};
use crate::sql::dialect::{ColumnChange, ColumnSql, Rules, normalize};

pub(crate) struct MySql;

/// `enum('a','b')`, as `information_schema` prints it.
fn enum_column(enum_type: &EnumType) -> String {
    let mut out = String::from("enum(");
    let _ = write_values(&mut out, enum_type.values(), ",");
    out.push(')');
    out
}

impl Rules for MySql {
    fn column_type(&self, sql_type: SqlType) -> String {
        let name = match sql_type {
            SqlType::Custom(custom) => custom,
            // The only column sqlx decodes a derived enum from here.
            SqlType::Enum(enum_type) => return enum_column(enum_type),
            SqlType::Varchar(length) => return format!("varchar({length})"),
            SqlType::SmallInt => "smallint",
            SqlType::TinyInt => "tinyint",
            SqlType::Unsigned(8) => "tinyint unsigned",
            SqlType::Unsigned(16) => "smallint unsigned",
            SqlType::Unsigned(32) => "int unsigned",
            SqlType::Unsigned(_) => "bigint unsigned",
            SqlType::Integer => "int",
            SqlType::BigInt => "bigint",
            SqlType::Real => "float",
            SqlType::Double => "double",
            SqlType::Decimal => "decimal(65,30)",
            SqlType::Boolean => "bool",
            SqlType::Text => "longtext",
            SqlType::Blob => "longblob",
            SqlType::Date => "date",
            SqlType::Time => "time(6)",
            SqlType::Timestamp | SqlType::TimestampTz => "datetime(6)",
            SqlType::Uuid => "binary(16)",
            SqlType::Json => "json",
        };
        name.to_owned()
    }

    fn expected_type(&self, sql_type: SqlType) -> String {
        mysql_alias(&normalize(&self.column_type(sql_type)))
    }

    fn type_matches(&self, sql_type: SqlType, found: &str) -> bool {
        if let SqlType::Enum(enum_type) = sql_type {
            // The values compare exactly: their case and spaces are data.
            let found = found.trim();
            return found.len() > 4
                && found[..4].eq_ignore_ascii_case("enum")
                && found[4..] == enum_column(enum_type)[4..];
        }
        let found = strip_display_width(&normalize(found));
        let expected = normalize(&self.expected_type(sql_type));
        // MariaDB's JSON is `longtext` with a `json_valid` check.
        found == strip_display_width(&expected)
            || (sql_type == SqlType::Json && found == "longtext")
    }

    fn has_schemas(&self) -> bool {
        true
    }

    fn names_primary_key(&self) -> bool {
        // MySQL always calls it `PRIMARY`.
        false
    }

    fn indexes_inside_create_table(&self) -> bool {
        // As `SHOW CREATE TABLE` prints them.
        true
    }

    fn adds_foreign_keys_later(&self) -> bool {
        true
    }

    fn foreign_keys_name_schemas(&self) -> bool {
        // sea-query cannot write a schema-qualified table in a MySQL key.
        false
    }

    fn identity_clause(&self) -> Option<&'static str> {
        Some("AUTO_INCREMENT")
    }

    fn json_as_checked_text(&self) -> bool {
        true
    }

    fn normalize_default(&self, expr: &str) -> String {
        // MariaDB spells CURRENT_TIMESTAMP as a call, with the column's
        // precision, and keeps booleans as the integers they are.
        match expr {
            "true" => return "1".to_owned(),
            "false" => return "0".to_owned(),
            _ => {}
        }
        let (name, arguments) = match expr.find('(') {
            Some(open) if expr.ends_with(')') => (&expr[..open], &expr[open + 1..expr.len() - 1]),
            _ => return expr.to_owned(),
        };
        let precision = arguments.is_empty() || arguments.bytes().all(|byte| byte.is_ascii_digit());
        match name {
            "current_timestamp" | "now" | "localtimestamp" if precision => {
                "current_timestamp".to_owned()
            }
            "current_date" | "curdate" if arguments.is_empty() => "current_date".to_owned(),
            "current_time" | "curtime" if precision => "current_time".to_owned(),
            _ => expr.to_owned(),
        }
    }

    fn default_action(&self) -> ReferentialAction {
        ReferentialAction::Restrict
    }

    fn restrict_is_no_action(&self) -> bool {
        true
    }

    fn alter_column(&self, table: &str, column: &ColumnSql, _change: ColumnChange) -> Vec<String> {
        // The whole definition, whatever differs.
        vec![format!(
            "ALTER TABLE {table} MODIFY COLUMN {}",
            column.definition()
        )]
    }

    fn drop_index(&self, table: &str, _schema: Option<&str>, name: &str) -> Vec<String> {
        vec![format!(
            "ALTER TABLE {table} DROP INDEX {}",
            self.quote(name)
        )]
    }

    fn drop_foreign_key(&self, table: &str, name: &str) -> String {
        format!("ALTER TABLE {table} DROP FOREIGN KEY {}", self.quote(name))
    }

    fn set_primary_key(
        &self,
        table: &str,
        found: Option<&str>,
        wanted: Option<(&str, &[String])>,
    ) -> Vec<String> {
        // One statement: a foreign key may need the key's index throughout.
        let mut clauses = Vec::new();
        if found.is_some() {
            clauses.push("DROP PRIMARY KEY".to_owned());
        }
        if let Some((_, columns)) = wanted {
            clauses.push(format!("ADD PRIMARY KEY ({})", columns.join(", ")));
        }
        vec![format!("ALTER TABLE {table} {}", clauses.join(", "))]
    }

    fn rename_index(&self, table: &str, _schema: Option<&str>, from: &str, to: &str) -> String {
        format!(
            "ALTER TABLE {table} RENAME INDEX {} TO {}",
            self.quote(from),
            self.quote(to)
        )
    }

    fn quote_char(&self) -> char {
        '`'
    }
}

pub(crate) fn render(statement: &impl SchemaStatementBuilder) -> String {
    statement.to_string(MysqlQueryBuilder)
}

/// MySQL's `COLUMN_TYPE` spelling of the common aliases.
fn mysql_alias(sql_type: &str) -> String {
    match sql_type {
        "integer" => "int".to_owned(),
        "bool" | "boolean" => "tinyint(1)".to_owned(),
        "numeric" => "decimal".to_owned(),
        other => other
            .strip_prefix("numeric")
            .map_or_else(|| other.to_owned(), |rest| format!("decimal{rest}")),
    }
}

/// Integer display widths (`bigint(20)`) are MariaDB's decoration, except
/// `tinyint(1)`, which is how a boolean reads back.
fn strip_display_width(sql_type: &str) -> String {
    for integer in ["smallint", "mediumint", "bigint", "int", "tinyint"] {
        if let Some(rest) = sql_type.strip_prefix(integer)
            && let Some(rest) = rest.strip_prefix('(')
            && let Some(end) = rest.find(')')
            && rest[..end].bytes().all(|byte| byte.is_ascii_digit())
        {
            if integer == "tinyint" && &rest[..end] == "1" {
                return sql_type.to_owned();
            }
            return format!("{integer}{}", &rest[end + 1..]);
        }
    }
    sql_type.to_owned()
}

#[cfg(feature = "mysql")]
pub(crate) use self::catalog::{lock, lock_name, read_catalog, unlock};

/// The catalog queries, with the driver.
#[cfg(feature = "mysql")]
mod catalog {
    use sqlx::Row as _;

    use crate::ident::Case;
    use crate::sql::catalog::{
        Catalog, LiveCheck, LiveColumn, LiveForeignKey, LiveIndex, LiveKey, Tables, action,
    };

    /// Catalog queries per snapshot.
    pub(crate) const CATALOG_QUERIES: usize = 4;

    /// The default database, the server's name, and how it compares table
    /// names: `lower_case_table_names` 0 (most Linux servers) compares them
    /// byte for byte, 1 and 2 ignoring case. Column names always ignore
    /// case, Unicode case included. One query.
    async fn server_facts(
        conn: &mut sqlx::MySqlConnection,
    ) -> Result<(Option<String>, Option<&'static str>, Case), sqlx::Error> {
        let row = sqlx::query(
            "SELECT CAST(DATABASE() AS CHAR), CAST(VERSION() AS CHAR), \
             CAST(@@lower_case_table_names AS SIGNED)",
        )
        .fetch_one(&mut *conn)
        .await?;
        let version: String = row.try_get(1)?;
        let lower_case: i64 = row.try_get(2)?;
        let server = if version.contains("MariaDB") {
            "MariaDB"
        } else {
            "MySQL"
        };
        let table_case = if lower_case == 0 {
            Case::Exact
        } else {
            Case::Unicode
        };
        Ok((row.try_get(0)?, Some(server), table_case))
    }

    /// Four queries: the default database, then the columns, the indexes and
    /// the foreign keys of the default database and of `schemas`.
    #[allow(clippy::too_many_lines)] // four queries, one after another
    pub(crate) async fn read_catalog(
        conn: &mut sqlx::MySqlConnection,
        schemas: &[&str],
    ) -> Result<Catalog, sqlx::Error> {
        let (default_schema, server, table_case) = server_facts(conn).await?;
        let mut scanned: Vec<&str> = schemas.to_vec();
        if let Some(default) = &default_schema {
            scanned.push(default);
        }
        if scanned.is_empty() {
            return Ok(Tables::default().into_catalog(
                default_schema,
                CATALOG_QUERIES,
                table_case,
                Case::Unicode,
                server,
            ));
        }
        let placeholders = vec!["?"; scanned.len()].join(", ");
        // `times`: how many times the query lists the schemas.
        let bind_times = |sql: String, times: usize| {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for _ in 0..times {
                for schema in &scanned {
                    query = query.bind(*schema);
                }
            }
            query
        };
        let bind = |sql: String| bind_times(sql, 1);
        let mut tables = Tables::default();

        // Base tables only, as a semi-join: MariaDB 10.11 runs the same filter
        // written as a join as a nested loop over both materialized tables,
        // 630 ms of 757 for a database of 1,000 tables, against about 15 ms.
        let columns = format!(
            "SELECT CAST(c.TABLE_SCHEMA AS CHAR), CAST(c.TABLE_NAME AS CHAR), CAST(c.COLUMN_NAME AS CHAR),
                    CAST(c.COLUMN_TYPE AS CHAR), CAST(c.IS_NULLABLE AS CHAR),
                    CAST(c.COLUMN_DEFAULT AS CHAR), CAST(c.EXTRA AS CHAR)
               FROM information_schema.COLUMNS AS c
              WHERE c.TABLE_SCHEMA IN ({placeholders})
                AND (c.TABLE_SCHEMA, c.TABLE_NAME) IN (
                    SELECT t.TABLE_SCHEMA, t.TABLE_NAME
                      FROM information_schema.TABLES AS t
                     WHERE t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_SCHEMA IN ({placeholders}))
              ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION"
        );
        for row in bind_times(columns, 2).fetch_all(&mut *conn).await? {
            let table = tables.get(Some(row.try_get(0)?), row.try_get(1)?);
            let nullable: String = row.try_get(4)?;
            let default: Option<String> = row.try_get(5)?;
            let extra: Option<String> = row.try_get(6)?;
            table.columns.push(LiveColumn {
                name: row.try_get(2)?,
                sql_type: row.try_get(3)?,
                nullable: nullable == "YES",
                // MariaDB spells "no default" on a nullable column `NULL`.
                default: default.filter(|default| !default.eq_ignore_ascii_case("NULL")),
                identity: extra
                    .is_some_and(|extra| extra.to_ascii_lowercase().contains("auto_increment")),
            });
        }

        let indexes = format!(
            "SELECT CAST(TABLE_SCHEMA AS CHAR), CAST(TABLE_NAME AS CHAR), CAST(INDEX_NAME AS CHAR),
                    CAST(NON_UNIQUE AS SIGNED), CAST(COLUMN_NAME AS CHAR)
               FROM information_schema.STATISTICS
              WHERE TABLE_SCHEMA IN ({placeholders})
              ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
        );
        for row in bind(indexes).fetch_all(&mut *conn).await? {
            let table = tables.get(Some(row.try_get(0)?), row.try_get(1)?);
            let name: String = row.try_get(2)?;
            let non_unique: i64 = row.try_get(3)?;
            let column: Option<String> = row.try_get(4)?;
            let column = column.unwrap_or_else(|| "<expression>".to_owned());
            if name == "PRIMARY" {
                // MySQL calls every primary key `PRIMARY`: it has no name.
                table
                    .primary_key
                    .get_or_insert_with(|| LiveKey {
                        name: None,
                        columns: Vec::new(),
                    })
                    .columns
                    .push(column);
                continue;
            }
            match table.indexes.last_mut() {
                Some(index) if index.name == name => index.columns.push(column),
                _ => table.indexes.push(LiveIndex {
                    name,
                    columns: vec![column],
                    unique: non_unique == 0,
                }),
            }
        }

        // Foreign keys with their rules, then checks, in one query. MariaDB
        // names checks per table (a JSON column's `json_valid` check is
        // named after the column), MySQL per schema.
        let checks = if server == Some("MariaDB") {
            format!(
                "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE
                   FROM information_schema.CHECK_CONSTRAINTS
                  WHERE CONSTRAINT_SCHEMA IN ({placeholders})"
            )
        } else {
            format!(
                "SELECT tc.CONSTRAINT_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE
                   FROM information_schema.TABLE_CONSTRAINTS AS tc
                   JOIN information_schema.CHECK_CONSTRAINTS AS cc
                     ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
                    AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                  WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.CONSTRAINT_SCHEMA IN ({placeholders})"
            )
        };
        let keys = format!(
            "SELECT CAST(k.TABLE_SCHEMA AS CHAR), CAST(k.TABLE_NAME AS CHAR),
                    CAST(k.CONSTRAINT_NAME AS CHAR), 'f',
                    CAST(k.COLUMN_NAME AS CHAR), CAST(k.REFERENCED_TABLE_SCHEMA AS CHAR),
                    CAST(k.REFERENCED_TABLE_NAME AS CHAR), CAST(k.REFERENCED_COLUMN_NAME AS CHAR),
                    CAST(rc.DELETE_RULE AS CHAR), CAST(rc.UPDATE_RULE AS CHAR),
                    CAST(k.ORDINAL_POSITION AS SIGNED)
               FROM information_schema.KEY_COLUMN_USAGE AS k
               JOIN information_schema.REFERENTIAL_CONSTRAINTS AS rc
                 ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
                AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
                AND rc.TABLE_NAME = k.TABLE_NAME
              WHERE k.REFERENCED_TABLE_NAME IS NOT NULL AND k.TABLE_SCHEMA IN ({placeholders})
             UNION ALL
             SELECT CAST(ch.CONSTRAINT_SCHEMA AS CHAR), CAST(ch.TABLE_NAME AS CHAR),
                    CAST(ch.CONSTRAINT_NAME AS CHAR), 'c',
                    NULL, NULL, NULL, NULL, CAST(ch.CHECK_CLAUSE AS CHAR), NULL, 0
               FROM ({checks}) AS ch
              ORDER BY 1, 2, 4, 3, 11"
        );
        for row in bind_times(keys, 2).fetch_all(&mut *conn).await? {
            let table = tables.get(Some(row.try_get(0)?), row.try_get(1)?);
            let name: String = row.try_get(2)?;
            let kind: String = row.try_get(3)?;
            if kind == "c" {
                let expr: Option<String> = row.try_get(8)?;
                table.checks.push(LiveCheck {
                    name: Some(name),
                    expr: expr.unwrap_or_default(),
                });
                continue;
            }
            let column: String = row.try_get(4)?;
            let referred_column: String = row.try_get(7)?;
            match table.foreign_keys.last_mut() {
                Some(key) if key.name.as_deref() == Some(name.as_str()) => {
                    key.columns.push(column);
                    key.referred_columns.push(referred_column);
                }
                _ => {
                    let on_delete: Option<String> = row.try_get(8)?;
                    let on_update: Option<String> = row.try_get(9)?;
                    table.foreign_keys.push(LiveForeignKey {
                        name: Some(name),
                        columns: vec![column],
                        referred_schema: row.try_get(5)?,
                        referred_table: row.try_get(6)?,
                        referred_columns: vec![referred_column],
                        on_delete: action(on_delete.as_deref().unwrap_or("")),
                        on_update: action(on_update.as_deref().unwrap_or("")),
                    });
                }
            }
        }
        Ok(tables.into_catalog(
            default_schema,
            CATALOG_QUERIES,
            table_case,
            Case::Unicode,
            server,
        ))
    }

    /// Takes the named lock of `metadata` in the connection's database
    /// (`GET_LOCK`, held by the connection until [`unlock`]), waiting at
    /// most `timeout`. `Ok(None)` when the wait timed out; else the lock's
    /// name.
    pub(crate) async fn lock(
        conn: &mut sqlx::MySqlConnection,
        metadata: &str,
        timeout: std::time::Duration,
    ) -> Result<Option<String>, sqlx::Error> {
        let database: Option<String> = sqlx::query_scalar("SELECT CAST(DATABASE() AS CHAR)")
            .fetch_one(&mut *conn)
            .await?;
        let name = lock_name(database.as_deref().unwrap_or(""), metadata);
        let seconds = timeout.as_secs_f64().max(0.001);
        let got: Option<i64> = sqlx::query_scalar("SELECT GET_LOCK(?, ?)")
            .bind(&name)
            .bind(seconds)
            .fetch_one(&mut *conn)
            .await?;
        Ok((got == Some(1)).then_some(name))
    }

    /// Releases a lock taken by [`lock`].
    pub(crate) async fn unlock(
        conn: &mut sqlx::MySqlConnection,
        name: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT RELEASE_LOCK(?)")
            .bind(name)
            .execute(&mut *conn)
            .await
            .map(drop)
    }

    /// `model_registry:<database>:<metadata>`, or its hash when longer than
    /// the 64 characters a lock name may have. Lock names are server-wide,
    /// hence the database.
    pub(crate) fn lock_name(database: &str, metadata: &str) -> String {
        let name = format!("model_registry:{database}:{metadata}");
        if name.chars().count() <= 64 {
            return name;
        }
        let hash = crate::ident::fnv(crate::ident::FNV_OFFSET, name.as_bytes(), false);
        format!("model_registry:{hash:032x}")
    }
}

//! SQLite: how types are spelled and read back, which names are one name,
//! and the catalog query.
//!
//! SQLite keeps a column's declared type as written, so types are written
//! in the portable spelling ([`SqlType`]'s `Display`), which is also what the
//! catalog reads back. Identifiers compare ignoring ASCII case. Every table
//! goes to `main`: schemas are attached database files, which a pool cannot
//! promise on every connection.

// The type read-back is for `verify`, which needs a driver.
#![cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]

use sea_query::{SchemaStatementBuilder, SqliteQueryBuilder};

use crate::def::SqlType;
use crate::sql::dialect::{Rules, normalize};

pub(crate) struct Sqlite;

impl Rules for Sqlite {
    fn column_type(&self, sql_type: SqlType) -> String {
        match sql_type {
            SqlType::Enum(_) => "TEXT".to_owned(),
            _ => sql_type.to_string(),
        }
    }

    fn expected_type(&self, sql_type: SqlType) -> String {
        self.column_type(sql_type)
    }

    fn type_matches(&self, sql_type: SqlType, found: &str) -> bool {
        normalize(found) == normalize(&self.expected_type(sql_type))
    }

    fn has_schemas(&self) -> bool {
        false
    }

    fn names_primary_key(&self) -> bool {
        true
    }

    fn indexes_inside_create_table(&self) -> bool {
        false
    }

    fn adds_foreign_keys_later(&self) -> bool {
        false
    }

    fn foreign_keys_name_schemas(&self) -> bool {
        true
    }

    fn identity_type(&self) -> Option<&'static str> {
        // Exactly `INTEGER PRIMARY KEY` makes the column the rowid: SQLite
        // numbers it, and needs no index of its own for it.
        Some("INTEGER")
    }

    fn identity_clause(&self) -> Option<&'static str> {
        None
    }

    fn keeps_constraint_names(&self) -> bool {
        false
    }

    fn alters_in_place(&self) -> bool {
        false
    }

    fn drop_index(&self, _table: &str, _schema: Option<&str>, name: &str) -> Vec<String> {
        vec![format!("DROP INDEX {}", self.quote(name))]
    }

    fn rename_index(&self, _table: &str, _schema: Option<&str>, from: &str, _to: &str) -> String {
        // No RENAME INDEX: the caller makes the index again under its name.
        format!("DROP INDEX {}", self.quote(from))
    }
}

pub(crate) fn render(statement: &impl SchemaStatementBuilder) -> String {
    statement.to_string(SqliteQueryBuilder)
}

#[cfg(feature = "sqlite")]
pub(crate) use self::catalog::{
    busy_timeout, foreign_key_check, foreign_keys, read_catalog, set_busy_timeout, set_foreign_keys,
};

/// The catalog queries, with the driver.
#[cfg(feature = "sqlite")]
mod catalog {
    use std::collections::BTreeMap;

    use sqlx::Row as _;

    use crate::ident::Case;
    use crate::sql::catalog::{
        Catalog, LiveCheck, LiveColumn, LiveForeignKey, LiveIndex, LiveKey, Tables, action,
    };

    /// Catalog queries per snapshot.
    pub(crate) const CATALOG_QUERIES: usize = 1;

    // One row per column ('c'), index column ('i'), foreign-key column ('f')
    // and table ('s', its CREATE TABLE text, which alone holds the checks).
    const SQLITE_CATALOG: &str = r#"
    SELECT 'c' AS kind, m.name AS tbl, p.cid AS seq, p.name AS a, p.type AS b, p.dflt_value AS c,
           p."notnull" AS flag, p.pk AS d, NULL AS e
      FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
    UNION ALL
    SELECT 'i', m.name, ii.seqno, il.name, ii.name, il.origin, il."unique", NULL, NULL
      FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS il JOIN pragma_index_info(il.name) AS ii
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
    UNION ALL
    SELECT 'f', m.name, fk.seq, fk."from", fk."table", fk."to", fk.id, fk.on_update, fk.on_delete
      FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS fk
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
    UNION ALL
    SELECT 's', m.name, 0, m.sql, NULL, NULL, 0, NULL, NULL
      FROM sqlite_schema AS m
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
    ORDER BY 1, 2, 7, 3
    "#;

    /// One query: `sqlite_schema` joined with the pragma table-valued functions.
    pub(crate) async fn read_catalog(
        conn: &mut sqlx::SqliteConnection,
    ) -> Result<Catalog, sqlx::Error> {
        let rows = sqlx::query(SQLITE_CATALOG).fetch_all(&mut *conn).await?;
        let mut tables = Tables::default();
        // (table, index or key id) -> position in the table's list.
        let mut indexes: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut keys: BTreeMap<(String, i64), usize> = BTreeMap::new();
        // (table, position in the key, column) of primary-key columns.
        let mut primary: Vec<(String, i64, String)> = Vec::new();
        for row in rows {
            let kind: String = row.try_get(0)?;
            let table_name: String = row.try_get(1)?;
            let a: Option<String> = row.try_get(3)?;
            let b: Option<String> = row.try_get(4)?;
            let c: Option<String> = row.try_get(5)?;
            let flag: i64 = row.try_get(6)?;
            let table = tables.get(None, table_name.clone());
            match kind.as_str() {
                "c" => {
                    let key_position: i64 = row.try_get(7)?;
                    let name = a.unwrap_or_default();
                    if key_position > 0 {
                        primary.push((table_name, key_position, name.clone()));
                    }
                    table.columns.push(LiveColumn {
                        name,
                        sql_type: b.unwrap_or_default(),
                        nullable: flag == 0,
                        default: c,
                        identity: false,
                    });
                }
                "i" => {
                    // The primary key's own index is the key, read above.
                    if c.as_deref() == Some("pk") {
                        continue;
                    }
                    let name = a.unwrap_or_default();
                    let position =
                        *indexes
                            .entry((table_name, name.clone()))
                            .or_insert_with(|| {
                                table.indexes.push(LiveIndex {
                                    name,
                                    columns: Vec::new(),
                                    unique: flag != 0,
                                });
                                table.indexes.len() - 1
                            });
                    // An expression has no column name; it can match no model index.
                    table.indexes[position]
                        .columns
                        .push(b.unwrap_or_else(|| "<expression>".to_owned()));
                }
                "f" => {
                    let on_update: Option<String> = row.try_get(7)?;
                    let on_delete: Option<String> = row.try_get(8)?;
                    let position = *keys.entry((table_name, flag)).or_insert_with(|| {
                        table.foreign_keys.push(LiveForeignKey {
                            name: None,
                            columns: Vec::new(),
                            referred_schema: None,
                            referred_table: b.clone().unwrap_or_default(),
                            referred_columns: Vec::new(),
                            on_delete: action(on_delete.as_deref().unwrap_or("")),
                            on_update: action(on_update.as_deref().unwrap_or("")),
                        });
                        table.foreign_keys.len() - 1
                    });
                    let key = &mut table.foreign_keys[position];
                    key.columns.push(a.unwrap_or_default());
                    // `to` is NULL when the key names no column (the parent's
                    // primary key); the DDL always names it.
                    key.referred_columns.push(c.unwrap_or_default());
                }
                _ => table.checks = checks_in(a.as_deref().unwrap_or("")),
            }
        }
        primary.sort();
        for run in primary.chunk_by(|a, b| a.0 == b.0) {
            let table = tables.get(None, run[0].0.clone());
            let columns: Vec<String> = run.iter().map(|(_, _, column)| column.clone()).collect();
            // A single INTEGER key column is the rowid: SQLite numbers it.
            if let [only] = columns.as_slice()
                && let Some(column) = table.columns.iter_mut().find(|c| &c.name == only)
                && column.sql_type.eq_ignore_ascii_case("INTEGER")
            {
                column.identity = true;
            }
            table.primary_key = Some(LiveKey {
                name: None,
                columns,
            });
        }
        // SQLite compares identifiers ignoring ASCII case only.
        Ok(tables.into_catalog(None, CATALOG_QUERIES, Case::Ascii, Case::Ascii, None))
    }

    /// The named check constraints of a `CREATE TABLE` text: SQLite keeps
    /// checks nowhere else. Finds `CONSTRAINT <name> CHECK (<expr>)` with the
    /// name quoted or bare; an unnamed `CHECK` has no name to match by.
    pub(crate) fn checks_in(sql: &str) -> Vec<LiveCheck> {
        let mut checks = Vec::new();
        let upper = sql.to_ascii_uppercase();
        let mut from = 0;
        while let Some(found) = upper[from..].find("CONSTRAINT") {
            let start = from + found + "CONSTRAINT".len();
            from = start;
            let rest = sql[start..].trim_start();
            let (name, after) = match rest.chars().next() {
                Some(quote @ ('"' | '`' | '[')) => {
                    let close = if quote == '[' { ']' } else { quote };
                    let Some(end) = rest[1..].find(close) else {
                        break;
                    };
                    (rest[1..=end].to_owned(), &rest[end + 2..])
                }
                _ => {
                    let end = rest
                        .find(|c: char| c.is_whitespace() || c == '(')
                        .unwrap_or(rest.len());
                    (rest[..end].to_owned(), &rest[end..])
                }
            };
            let after = after.trim_start();
            if !after.to_ascii_uppercase().starts_with("CHECK") {
                continue;
            }
            let body = after["CHECK".len()..].trim_start();
            let mut depth = 0_usize;
            let mut end = None;
            for (index, c) in body.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = Some(index);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let expr = end.map_or(body, |end| &body[1..end]);
            checks.push(LiveCheck {
                name: Some(name),
                expr: expr.trim().to_owned(),
            });
        }
        checks
    }

    /// The connection's busy timeout, in milliseconds.
    pub(crate) async fn busy_timeout(
        conn: &mut sqlx::SqliteConnection,
    ) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&mut *conn)
            .await
    }

    /// Sets how long a statement waits for another connection's write lock
    /// (the wait of `BEGIN IMMEDIATE`).
    pub(crate) async fn set_busy_timeout(
        conn: &mut sqlx::SqliteConnection,
        millis: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "PRAGMA busy_timeout = {millis}"
        )))
        .execute(&mut *conn)
        .await
        .map(drop)
    }

    /// Whether the connection enforces foreign keys.
    pub(crate) async fn foreign_keys(
        conn: &mut sqlx::SqliteConnection,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await
    }

    /// Turns foreign key enforcement on or off; outside a transaction only,
    /// as SQLite ignores it inside one (a table rebuild needs it off).
    pub(crate) async fn set_foreign_keys(
        conn: &mut sqlx::SqliteConnection,
        on: bool,
    ) -> Result<(), sqlx::Error> {
        let sql = if on {
            "PRAGMA foreign_keys = ON"
        } else {
            "PRAGMA foreign_keys = OFF"
        };
        sqlx::raw_sql(sql).execute(&mut *conn).await.map(drop)
    }

    /// `PRAGMA foreign_key_check`: each row that references nothing, as
    /// `table (rowid n) -> parent`.
    pub(crate) async fn foreign_key_check(
        conn: &mut sqlx::SqliteConnection,
    ) -> Result<Vec<String>, sqlx::Error> {
        use sqlx::Row as _;
        let rows = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *conn)
            .await?;
        rows.iter()
            .map(|row| {
                let table: String = row.try_get(0)?;
                let rowid: Option<i64> = row.try_get(1)?;
                let parent: String = row.try_get(2)?;
                Ok(format!(
                    "{table} (rowid {}) -> {parent}",
                    rowid.map_or_else(|| "?".to_owned(), |id| id.to_string())
                ))
            })
            .collect()
    }
}

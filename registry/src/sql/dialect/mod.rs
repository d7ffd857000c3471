//! Each dialect's knowledge in one file, behind one trait: how a type is
//! spelled and how the catalog spells it back, what the DDL may write, and
//! the catalog queries (`read_catalog` in each file). Code elsewhere asks
//! the dialect; it never matches on it.

// The type read-back is for `verify`, which needs a driver.
#![cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]

use sea_query::SchemaStatementBuilder;

use crate::def::{ReferentialAction, SqlType, TableDef};

pub(crate) mod mysql;
pub(crate) mod postgres;
pub(crate) mod sqlite;

pub use crate::def::Dialect;

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

    /// `name` quoted as an identifier of this dialect, the way the DDL
    /// quotes it: `"..."`, or `` `...` `` on MySQL/MariaDB, the quote
    /// character doubled inside.
    ///
    /// ```
    /// use model_registry::ddl::Dialect;
    ///
    /// assert_eq!(Dialect::Postgres.quote("user name"), r#""user name""#);
    /// assert_eq!(Dialect::MySql.quote("select"), "`select`");
    /// ```
    pub fn quote(self, name: &str) -> String {
        self.rules().quote(name)
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

    /// How the DDL declares a column: its type, which an identity column
    /// may replace (SQLite's rowid alias is exactly `INTEGER`).
    pub(crate) fn column_type_of(self, sql_type: SqlType, identity: bool) -> String {
        match self.rules().identity_type().filter(|_| identity) {
            Some(identity) => identity.to_owned(),
            None => self.column_type(sql_type),
        }
    }

    /// What makes a column an identity, after its type and `NOT NULL`.
    pub(crate) fn identity_clause(self) -> Option<&'static str> {
        self.rules().identity_clause()
    }

    /// The type the catalog reports for a column the DDL created.
    pub(crate) fn expected_column_type(self, sql_type: SqlType, identity: bool) -> String {
        match self.rules().identity_type().filter(|_| identity) {
            Some(identity) => identity.to_owned(),
            None => self.expected_type(sql_type),
        }
    }

    /// Whether a column the catalog reports as `found` is what the DDL
    /// writes for `sql_type`.
    pub(crate) fn type_matches_column(
        self,
        sql_type: SqlType,
        identity: bool,
        found: &str,
    ) -> bool {
        match self.rules().identity_type().filter(|_| identity) {
            Some(identity) => normalize(found) == normalize(identity),
            None => self.type_matches(sql_type, found),
        }
    }

    /// Whether `found` is the text type this database stores `sql_type`
    /// (JSON) as, which only a `json_valid` check makes JSON (MariaDB).
    pub(crate) fn json_is_checked_text(self, sql_type: SqlType, found: &str) -> bool {
        sql_type == SqlType::Json
            && self.stores_json_as_checked_text()
            && normalize(found) == "longtext"
    }

    /// Whether JSON columns are `longtext` with a `json_valid` check
    /// (MariaDB), so that check is the column's type, not a constraint.
    pub(crate) fn stores_json_as_checked_text(self) -> bool {
        self.rules().json_as_checked_text()
    }

    /// A server default as this database spells it back, comparable: casts,
    /// letter case outside quotes and surrounding parentheses aside.
    pub(crate) fn normalize_default(self, expr: &str) -> String {
        let expr = self.rules().normalize_default(&normalize_expr(expr));
        // A number in any spelling the column's scale gives it (`0.00`).
        match expr.trim_matches('\'').parse::<f64>() {
            Ok(number) if !expr.is_empty() => format!("{number}"),
            _ => expr,
        }
    }

    /// Whether `ALTER TABLE` can change columns, keys and checks in place;
    /// SQLite rebuilds the table instead.
    pub(crate) fn alters_in_place(self) -> bool {
        self.rules().alters_in_place()
    }

    /// The statements that make a column what the model says.
    pub(crate) fn alter_column(
        self,
        table: &str,
        column: &ColumnSql,
        change: ColumnChange,
    ) -> Vec<String> {
        self.rules().alter_column(table, column, change)
    }

    /// Drops an index or a unique constraint.
    pub(crate) fn drop_index(self, table: &str, schema: Option<&str>, name: &str) -> Vec<String> {
        self.rules().drop_index(table, schema, name)
    }

    /// Drops a foreign key.
    pub(crate) fn drop_foreign_key(self, table: &str, name: &str) -> String {
        self.rules().drop_foreign_key(table, name)
    }

    /// Replaces the primary key.
    pub(crate) fn set_primary_key(
        self,
        table: &str,
        found: Option<&str>,
        wanted: Option<(&str, &[String])>,
    ) -> Vec<String> {
        self.rules().set_primary_key(table, found, wanted)
    }

    /// Renames an index.
    pub(crate) fn rename_index(
        self,
        table: &str,
        schema: Option<&str>,
        from: &str,
        to: &str,
    ) -> String {
        self.rules().rename_index(table, schema, from, to)
    }

    /// Renames a constraint, where the database can.
    pub(crate) fn rename_constraint(self, table: &str, from: &str, to: &str) -> Option<String> {
        self.rules().rename_constraint(table, from, to)
    }

    /// What a key's action is when the model gives none.
    pub(crate) fn effective_action(self, action: Option<ReferentialAction>) -> ReferentialAction {
        action.unwrap_or(self.rules().default_action())
    }

    /// Whether the model's action and the catalog's are the same behaviour.
    pub(crate) fn same_action(
        self,
        model: Option<ReferentialAction>,
        live: ReferentialAction,
    ) -> bool {
        let model = self.effective_action(model);
        model == live || self.rules().restrict_is_no_action() && both_restrict(model, live)
    }

    /// Whether the catalog keeps the names of unique constraints and
    /// foreign keys (SQLite names their indexes itself, and keeps no key
    /// names).
    pub(crate) fn keeps_constraint_names(self) -> bool {
        self.rules().keeps_constraint_names()
    }

    /// Why this database cannot hold a column of `sql_type` as sqlx reads
    /// and writes it, with what to use instead.
    pub(crate) fn refuses(self, sql_type: SqlType, nullable: bool) -> Option<&'static str> {
        self.refusal(sql_type, nullable)
    }

    /// Whether enums of `#[derive(ColumnType)]` can be types of their own,
    /// created before the tables (PostgreSQL's `CREATE TYPE ... AS ENUM`).
    pub(crate) fn has_enum_types(self) -> bool {
        self == Self::Postgres
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
    /// The type an identity column is declared with instead of its own.
    fn identity_type(&self) -> Option<&'static str> {
        None
    }
    /// What makes a column an identity, after its type.
    fn identity_clause(&self) -> Option<&'static str>;
    /// Whether JSON is stored as `longtext` with a `json_valid` check.
    fn json_as_checked_text(&self) -> bool {
        false
    }
    /// A default, already normalized by [`normalize_expr`], in this
    /// database's own spelling rules.
    fn normalize_default(&self, expr: &str) -> String {
        expr.to_owned()
    }
    /// What a key's action is when none is given.
    fn default_action(&self) -> ReferentialAction {
        ReferentialAction::NoAction
    }
    /// Whether `RESTRICT` and `NO ACTION` behave alike.
    fn restrict_is_no_action(&self) -> bool {
        false
    }
    /// Whether constraint names are kept.
    fn keeps_constraint_names(&self) -> bool {
        true
    }
    /// Whether `ALTER TABLE` can change columns, keys and checks in place
    /// (else the table is rebuilt: SQLite).
    fn alters_in_place(&self) -> bool {
        true
    }
    /// The statements that make `column` of `table` (quoted) what the
    /// model says, given what differs.
    fn alter_column(&self, table: &str, column: &ColumnSql, change: ColumnChange) -> Vec<String> {
        let _ = (table, column, change);
        Vec::new()
    }
    /// Drops index (or unique constraint) `name` of `table` (quoted), in
    /// `schema` if the table has one.
    fn drop_index(&self, table: &str, schema: Option<&str>, name: &str) -> Vec<String>;
    /// Drops foreign key `name` of `table` (quoted).
    fn drop_foreign_key(&self, table: &str, name: &str) -> String {
        format!("ALTER TABLE {table} DROP CONSTRAINT {}", self.quote(name))
    }
    /// Replaces the primary key of `table` (quoted): drops the one it
    /// has (`Some` of its name, empty where the database keeps none), adds
    /// `wanted` (name, quoted columns).
    fn set_primary_key(
        &self,
        table: &str,
        found: Option<&str>,
        wanted: Option<(&str, &[String])>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(name) = found {
            out.push(format!(
                "ALTER TABLE {table} DROP CONSTRAINT {}",
                self.quote(name)
            ));
        }
        if let Some((name, columns)) = wanted {
            out.push(format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} PRIMARY KEY ({})",
                self.quote(name),
                columns.join(", ")
            ));
        }
        out
    }
    /// Renames index `from` of `table` (quoted) to `to`.
    fn rename_index(&self, table: &str, schema: Option<&str>, from: &str, to: &str) -> String;
    /// Renames constraint `from` of `table` to `to`, where the database can.
    fn rename_constraint(&self, table: &str, from: &str, to: &str) -> Option<String> {
        let _ = (table, from, to);
        None
    }
    /// The character identifiers are quoted with.
    fn quote_char(&self) -> char {
        '"'
    }
    /// `name` quoted as an identifier.
    fn quote(&self, name: &str) -> String {
        crate::ident::quoted(self.quote_char(), name)
    }
}

/// A column as the model declares it, in one dialect's SQL.
pub(crate) struct ColumnSql {
    /// The quoted name.
    pub(crate) name: String,
    /// The type, as the DDL writes it.
    pub(crate) sql_type: String,
    pub(crate) nullable: bool,
    pub(crate) default: Option<&'static str>,
    /// The identity clause, when the column is the table's identity and
    /// the dialect has one.
    pub(crate) identity: Option<&'static str>,
}

impl ColumnSql {
    /// `"name" type NOT NULL DEFAULT x IDENTITY`, as in `CREATE TABLE`.
    pub(crate) fn definition(&self) -> String {
        let mut out = format!("{} {}", self.name, self.sql_type);
        if !self.nullable {
            out.push_str(" NOT NULL");
        }
        if let Some(default) = self.default {
            out.push_str(" DEFAULT ");
            out.push_str(default);
        }
        if let Some(identity) = self.identity {
            out.push(' ');
            out.push_str(identity);
        }
        out
    }
}

/// What differs between a live column and the model's.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ColumnChange {
    pub(crate) sql_type: bool,
    pub(crate) nullable: bool,
    pub(crate) default: bool,
    /// `Some(true)` to add the identity, `Some(false)` to drop it.
    pub(crate) identity: Option<bool>,
}

fn both_restrict(a: ReferentialAction, b: ReferentialAction) -> bool {
    let restrictive = |action| {
        matches!(
            action,
            ReferentialAction::Restrict | ReferentialAction::NoAction
        )
    };
    restrictive(a) && restrictive(b)
}

/// An SQL expression comparable across spellings: outer parentheses off,
/// letter case folded and whitespace collapsed outside quoted text.
pub(crate) fn normalize_expr(expr: &str) -> String {
    let mut expr = expr.trim();
    while let Some(inner) = expr
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
    {
        // Only when the parentheses wrap the whole: `(a) + (b)` stays.
        let mut depth = 0_i32;
        let wraps = inner.chars().all(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth >= 0
        });
        if !wraps {
            break;
        }
        expr = inner.trim();
    }
    let mut out = String::with_capacity(expr.len());
    let mut quoted = false;
    let mut space = false;
    for c in expr.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        if !quoted && c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(if quoted { c } else { c.to_ascii_lowercase() });
    }
    out
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

//! What a live database holds, as the dialects' catalog queries read it
//! (`sql::dialect::*::read_catalog`): a fixed number of queries whatever the
//! number of tables. (sea-schema's discovery was set aside because it issues
//! several queries per table.)

use std::collections::BTreeMap;

use crate::def::ReferentialAction;
use crate::ident::Case;

/// Tables that migration tools keep for themselves (sqlx's `Migrator`,
/// refinery, sea-orm, Alembic, diesel): neither compared nor dropped.
pub(crate) const BOOKKEEPING: [&str; 5] = [
    "_sqlx_migrations",
    "refinery_schema_history",
    "seaql_migrations",
    "alembic_version",
    "__diesel_schema_migrations",
];

/// Every table of the database (outside the system schemas).
#[derive(Debug, Default, Clone)]
pub(crate) struct Catalog {
    /// Where unqualified names go: PostgreSQL's `current_schema()`, MySQL's
    /// `DATABASE()`; `None` on SQLite, whose schemas are ignored.
    pub(crate) default_schema: Option<String>,
    pub(crate) tables: Vec<LiveTable>,
    pub(crate) queries: usize,
    /// How the database compares schema and table names.
    pub(crate) table_case: Case,
    /// How it compares column (and index and constraint) names.
    pub(crate) column_case: Case,
    /// The server's own name when it differs from the dialect's (MariaDB).
    pub(crate) server: Option<&'static str>,
    /// PostgreSQL's enum types in the default schema, by name.
    pub(crate) enum_types: Vec<LiveEnum>,
}

/// A type created with `CREATE TYPE ... AS ENUM`: its values in order.
#[derive(Debug, Clone)]
pub(crate) struct LiveEnum {
    pub(crate) name: String,
    pub(crate) values: Vec<String>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct LiveTable {
    pub(crate) schema: Option<String>,
    pub(crate) name: String,
    pub(crate) columns: Vec<LiveColumn>,
    /// The primary key, if the table has one.
    pub(crate) primary_key: Option<LiveKey>,
    /// Indexes other than the primary key's, unique constraints' included.
    pub(crate) indexes: Vec<LiveIndex>,
    pub(crate) foreign_keys: Vec<LiveForeignKey>,
    pub(crate) checks: Vec<LiveCheck>,
}

#[derive(Debug, Clone)]
pub(crate) struct LiveColumn {
    pub(crate) name: String,
    pub(crate) sql_type: String,
    pub(crate) nullable: bool,
    /// The server default as the catalog spells it.
    pub(crate) default: Option<String>,
    /// Whether the database numbers new rows itself: an identity column,
    /// `AUTO_INCREMENT`, a `serial`, or SQLite's rowid alias.
    pub(crate) identity: bool,
}

/// A primary key: its name where the database keeps one, and its columns
/// in key order.
#[derive(Debug, Clone)]
pub(crate) struct LiveKey {
    pub(crate) name: Option<String>,
    pub(crate) columns: Vec<String>,
}

/// An index, or the index behind a unique constraint.
#[derive(Debug, Clone)]
pub(crate) struct LiveIndex {
    pub(crate) name: String,
    pub(crate) columns: Vec<String>,
    pub(crate) unique: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct LiveForeignKey {
    /// `None` on SQLite, which keeps no names.
    pub(crate) name: Option<String>,
    pub(crate) columns: Vec<String>,
    pub(crate) referred_schema: Option<String>,
    pub(crate) referred_table: String,
    pub(crate) referred_columns: Vec<String>,
    pub(crate) on_delete: ReferentialAction,
    pub(crate) on_update: ReferentialAction,
}

/// A check constraint.
#[derive(Debug, Clone)]
pub(crate) struct LiveCheck {
    /// `None` for a check written without `CONSTRAINT name`.
    pub(crate) name: Option<String>,
    pub(crate) expr: String,
}

/// `CASCADE`, `SET NULL`, … as a catalog spells it (`NO ACTION` for
/// anything else).
pub(crate) fn action(spelled: &str) -> ReferentialAction {
    match spelled.to_ascii_uppercase().as_str() {
        "CASCADE" | "C" => ReferentialAction::Cascade,
        "SET NULL" | "N" => ReferentialAction::SetNull,
        "SET DEFAULT" | "D" => ReferentialAction::SetDefault,
        "RESTRICT" | "R" => ReferentialAction::Restrict,
        _ => ReferentialAction::NoAction,
    }
}

impl Catalog {
    /// The enum type called `name` in the default schema (names compared
    /// exactly, as PostgreSQL compares quoted ones).
    pub(crate) fn enum_type(&self, name: &str) -> Option<&LiveEnum> {
        self.enum_types.iter().find(|found| found.name == name)
    }

    /// The table `schema.name`, names compared as the database compares
    /// them (`None` stands for the default schema).
    pub(crate) fn table(&self, schema: Option<&str>, name: &str) -> Option<&LiveTable> {
        self.position(schema, name).map(|index| &self.tables[index])
    }

    /// Sorts the tables again after a name changed.
    pub(crate) fn sort(&mut self) {
        let case = self.table_case;
        self.tables.sort_by(|a, b| {
            case.compare_schemas(a.schema.as_deref(), b.schema.as_deref())
                .then_with(|| case.compare(&a.name, &b.name))
        });
    }

    /// Where [`table`](Self::table) is in `tables`: a binary search, since
    /// `create_all` and `verify` look up every model's table.
    pub(crate) fn position(&self, schema: Option<&str>, name: &str) -> Option<usize> {
        let schema = schema.or(self.default_schema.as_deref());
        self.tables
            .binary_search_by(|table| {
                self.table_case
                    .compare_schemas(table.schema.as_deref(), schema)
                    .then_with(|| self.table_case.compare(&table.name, name))
            })
            .ok()
    }
}

/// Groups rows into tables keyed by (schema, name), in a stable order.
#[derive(Default)]
pub(crate) struct Tables(BTreeMap<(Option<String>, String), LiveTable>);

impl Tables {
    pub(crate) fn get(&mut self, schema: Option<String>, name: String) -> &mut LiveTable {
        self.0
            .entry((schema.clone(), name.clone()))
            .or_insert_with(|| LiveTable {
                schema,
                name,
                ..LiveTable::default()
            })
    }

    /// The catalog, its tables in the order `Catalog::position` searches:
    /// `table_case`'s.
    pub(crate) fn into_catalog(
        self,
        default_schema: Option<String>,
        queries: usize,
        table_case: Case,
        column_case: Case,
        server: Option<&'static str>,
    ) -> Catalog {
        let mut tables: Vec<LiveTable> = self.0.into_values().collect();
        tables.sort_by(|a, b| {
            table_case
                .compare_schemas(a.schema.as_deref(), b.schema.as_deref())
                .then_with(|| table_case.compare(&a.name, &b.name))
        });
        Catalog {
            default_schema,
            tables,
            queries,
            table_case,
            column_case,
            server,
            enum_types: Vec::new(),
        }
    }
}

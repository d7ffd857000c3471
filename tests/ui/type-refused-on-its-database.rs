// A metadata that names its database refuses, at compile time and at the
// field, a column type that database cannot hold the way sqlx reads and
// writes it: `i8` and unsigned integers on PostgreSQL, an enum that is not
// an `Option` on MySQL/MariaDB, a decimal on SQLite.
model_registry::models!();
model_registry::metadata!(pub PLATFORM = "platform", dialect = Postgres);
model_registry::metadata!(pub LEGACY = "legacy", dialect = MySql);
model_registry::metadata!(pub LOCAL = "local", dialect = Sqlite);

#[derive(model_registry::ColumnType)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum Status {
    Pending,
    Sent,
}

pub struct Cents;
impl model_registry::ColumnType for Cents {
    const SQL_TYPE: model_registry::SqlType = model_registry::SqlType::Decimal;
}

#[derive(model_registry::Model)]
#[model(table = "counters", metadata = crate::PLATFORM)]
pub struct Counter {
    #[model(primary_key)]
    pub id: i64,
    pub small: i8,
    pub hits: Option<u32>,
    // Fine on PostgreSQL.
    pub status: Status,
}

#[derive(model_registry::Model)]
#[model(table = "messages", metadata = crate::LEGACY)]
pub struct Message {
    #[model(primary_key)]
    pub id: i64,
    pub status: Status,
    // Fine: nullable.
    pub previous: Option<Status>,
    // Fine on MySQL/MariaDB.
    pub hits: u32,
}

#[derive(model_registry::Model)]
#[model(table = "prices", metadata = crate::LOCAL)]
pub struct Price {
    #[model(primary_key)]
    pub id: i64,
    pub amount: Cents,
}

fn main() {}

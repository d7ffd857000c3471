// A struct that also derives `sqlx::FromRow` writes each name once: sqlx's
// own attributes name the columns when `#[model]` is silent, so the table
// has exactly the columns sqlx reads.
model_registry::models!();

pub struct Settings;
pub struct Counter;

#[derive(model_registry::Model)]
#[model(table = "accounts")]
#[sqlx(rename_all = "camelCase")]
pub struct Account {
    #[model(primary_key)]
    pub account_id: i64,
    pub display_name: String,
    #[sqlx(rename = "E-Mail")]
    pub email: Option<String>,
    #[sqlx(skip)]
    pub cached: Vec<String>,
    // Stored as JSON by sqlx: no `ColumnType` needed.
    #[sqlx(json)]
    pub settings: Settings,
    // Decoded as an i64, then converted.
    #[sqlx(try_from = "i64")]
    pub visits: Counter,
    // `#[model]` and sqlx agree.
    #[model(column = "lastSeen")]
    pub last_seen: Option<i64>,
    #[sqlx(default)]
    pub r#type: String,
}

macro_rules! cased {
    ($name:ident, $table:literal, $pattern:literal) => {
        #[derive(model_registry::Model)]
        #[model(table = $table)]
        #[sqlx(rename_all = $pattern)]
        pub struct $name {
            #[model(primary_key)]
            pub user_id: i64,
            pub created_at_utc: i64,
        }
    };
}

cased!(Lower, "lower", "lowercase");
cased!(Upper, "upper", "UPPERCASE");
cased!(Snake, "snake", "snake_case");
cased!(Screaming, "screaming", "SCREAMING_SNAKE_CASE");
cased!(Kebab, "kebab", "kebab-case");
cased!(Camel, "camel", "camelCase");
cased!(Pascal, "pascal", "PascalCase");

fn main() {
    use model_registry::{Model, SqlType};
    let names = |table: &model_registry::TableDef| -> Vec<&str> {
        table.columns().iter().map(|column| column.name()).collect()
    };
    assert_eq!(
        names(Account::TABLE),
        ["accountId", "displayName", "E-Mail", "settings", "visits", "lastSeen", "type"]
    );
    assert_eq!(Account::TABLE.column("settings").unwrap().sql_type(), SqlType::Json);
    assert_eq!(Account::TABLE.column("visits").unwrap().sql_type(), SqlType::BigInt);
    // heck's conversions, as sqlx applies them.
    assert_eq!(names(Lower::TABLE), ["user_id", "created_at_utc"]);
    assert_eq!(names(Upper::TABLE), ["USER_ID", "CREATED_AT_UTC"]);
    assert_eq!(names(Snake::TABLE), ["user_id", "created_at_utc"]);
    assert_eq!(names(Screaming::TABLE), ["USER_ID", "CREATED_AT_UTC"]);
    assert_eq!(names(Kebab::TABLE), ["user-id", "created-at-utc"]);
    assert_eq!(names(Camel::TABLE), ["userId", "createdAtUtc"]);
    assert_eq!(names(Pascal::TABLE), ["UserId", "CreatedAtUtc"]);
    model_registry::registry();
}

// `#[model(column)]` and sqlx's name for the field disagree: sqlx would read
// a column the table does not have.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
#[sqlx(rename_all = "camelCase")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(column = "email")]
    #[sqlx(rename = "email_address")]
    pub email: String,
    #[model(column = "display_name")]
    pub display_name: String,
}

fn main() {}

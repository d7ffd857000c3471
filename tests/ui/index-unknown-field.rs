// `index(...)` and `unique(...)` name Rust fields; a name that is not a
// field gets a suggestion, and a column name points to its field.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
#[model(index(emial), unique(email_address, tenant))]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(column = "email_address")]
    pub email: String,
    pub tenant: i64,
}

fn main() {}

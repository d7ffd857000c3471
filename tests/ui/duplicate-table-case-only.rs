// SQLite and case-insensitive MySQL see one table here.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "Users")]
pub struct LegacyUser {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {}

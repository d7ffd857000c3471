model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users", table = "accounts")]
#[model(schema = "a")]
#[model(schema = "b")]
pub struct User {
    #[model(primary_key, primary_key)]
    #[model(column = "a", column = "b")]
    pub id: i64,
}

fn main() {}

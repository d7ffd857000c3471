model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users\"; DROP TABLE users; --", schema = "app's")]
pub struct User {
    #[model(primary_key, column = "`id`")]
    pub id: i64,
}

fn main() {}

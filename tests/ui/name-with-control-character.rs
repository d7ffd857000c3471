model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users\0")]
pub struct User {
    #[model(primary_key, column = "line\nbreak")]
    pub id: i64,
}

fn main() {}

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "", schema = "")]
pub struct User {
    #[model(primary_key, column = "")]
    pub id: i64,
}

fn main() {}

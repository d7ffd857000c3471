model_registry::models!();

#[derive(model_registry::Model)]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(schema = "app")]
pub struct Account {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {}

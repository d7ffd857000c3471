// `model_registry::models!();` is missing from the crate root.
#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {}

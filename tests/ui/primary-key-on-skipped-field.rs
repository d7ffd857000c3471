model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(skip, primary_key)]
    pub cache_key: u64,
    #[model(skip, column = "cached")]
    pub cached: bool,
}

fn main() {}

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key, auto_increment = true)]
    pub id: i64,
    #[model(auto_increment = false)]
    pub rank: i32,
    #[model(auto_increment)]
    pub other: i32,
}

fn main() {}

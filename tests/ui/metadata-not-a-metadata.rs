model_registry::models!();

pub const PLATFORM: &str = "platform";

#[derive(model_registry::Model)]
#[model(table = "users", metadata = crate::PLATFORM)]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {}

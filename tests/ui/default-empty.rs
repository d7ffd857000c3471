// A server default is an SQL expression; an empty one is a mistake.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(default = "")]
    pub created_at: i64,
    #[model(default = " ")]
    pub status: String,
    #[model(default = 0)]
    pub visits: i64,
}

fn main() {}

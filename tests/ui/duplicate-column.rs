model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(column = "id")]
    pub legacy_id: i64,
    pub email: String,
    #[model(column = "EMAIL")]
    pub email_upper: String,
}

fn main() {}

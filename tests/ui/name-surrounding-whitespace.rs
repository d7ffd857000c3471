model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users ", schema = " app")]
pub struct User {
    #[model(primary_key, column = "\tid")]
    pub id: i64,
}

fn main() {}

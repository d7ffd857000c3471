model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = 5, schema = b"app", metadata = "platform", crate = "model_registry")]
pub struct User {
    #[model(primary_key = true)]
    pub id: i64,
    #[model(column = email_address)]
    pub email: String,
    #[model(column)]
    pub name: String,
    #[model(skip = "yes")]
    pub cache: Vec<u8>,
}

#[derive(model_registry::Model)]
#[model(table = "accounts"suffix, metadata)]
pub struct Account {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {}

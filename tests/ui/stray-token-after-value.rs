// A stray token after a value is reported where it stands, and the keys
// after it are still read: no false "does not name its table", no false
// "applies to a foreign key", and a misspelled key after it is still caught.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(schema = "audit" "extra", table = "users", metdata = crate::X)]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(on_delete = "cascade" x, references = "accounts.id")]
    pub account_id: i64,
}

fn main() {}

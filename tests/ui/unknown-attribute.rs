model_registry::models!();

#[derive(model_registry::Model)]
#[model(tabel = "users", primary_key, nme = "x")]
pub struct User {
    #[model(primary_key, colum = "user_id", table = "x")]
    pub id: i64,
}

fn main() {}

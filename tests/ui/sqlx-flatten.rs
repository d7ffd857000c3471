// `#[sqlx(flatten)]` reads columns through another struct the derive cannot
// see.
model_registry::models!();

pub struct Address {
    pub street: String,
}

#[derive(model_registry::Model)]
#[model(table = "customers")]
pub struct Customer {
    #[model(primary_key)]
    pub id: i64,
    #[sqlx(flatten)]
    pub address: Address,
}

fn main() {}

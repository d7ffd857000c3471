// `references = Type` must name a model; anything else is reported on the
// path, once.
model_registry::models!();

pub struct Customer {
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "orders")]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = Customer)]
    pub customer_id: i64,
    #[model(references = String)]
    pub note_id: i64,
}

fn main() {}

// `set null` writes NULL into the column, so the column must accept it.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "orders")]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = "customers.id", on_delete = "set null")]
    pub customer_id: i64,
    #[model(references = "coupons.code", on_update = "Set Null")]
    pub coupon_code: String,
}

fn main() {}

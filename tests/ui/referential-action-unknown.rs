// The actions are `cascade`, `set null`, `set default`, `restrict` and
// `no action`, in any ASCII case; a near miss gets a suggestion.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "orders")]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = "customers.id", on_delete = "cascde", on_update = "SET_NULL")]
    pub customer_id: Option<i64>,
    #[model(references = "coupons.id", on_delete = "delete")]
    pub coupon_id: i64,
}

fn main() {}

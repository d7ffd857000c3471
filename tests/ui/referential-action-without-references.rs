// `on_delete`, `on_update` and `use_alter` describe a foreign key: without
// `references` on the field they mean nothing.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "orders")]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    #[model(on_delete = "cascade", on_update = "restrict")]
    pub customer_id: i64,
    #[model(use_alter)]
    pub parent_id: Option<i64>,
    // A misspelled `references` is reported once, not once more per key.
    #[model(refrences = "coupons.id", on_delete = "cascade")]
    pub coupon_id: i64,
}

fn main() {}

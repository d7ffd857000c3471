// Several mistakes in the schema attributes of one model: each is reported
// once, in one build, and neither the uses of the model nor a valid model
// that references it add errors of their own.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "orders", index(custmer), check(name = "positive"))]
pub struct Order {
    #[model(primary_key, unique)]
    pub id: i64,
    #[model(references = "customers", on_delete = "cascde")]
    pub customer: i64,
    #[model(sql_type = "", max_length = 20)]
    pub number: String,
    #[model(on_update = "cascade")]
    pub coupon: i64,
    #[model(refrences = Order)]
    pub parent: Option<i64>,
}

#[derive(model_registry::Model)]
#[model(table = "order_lines")]
pub struct OrderLine {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = Order, on_delete = "cascade")]
    pub order: i64,
}

fn main() {
    use model_registry::Model;
    let _ = Order::TABLE.name();
    let _ = OrderLine::TABLE.indexes();
}

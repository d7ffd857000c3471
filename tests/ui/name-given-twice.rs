// Names given to a model's indexes and unique constraints, and its table's
// name, are one namespace: each clash is reported at the later name.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(
    table = "orders",
    index(customer_id, name = "ix_x"),
    index(placed_at, name = "IX_X"),
    unique(customer_id, placed_at, name = "ix_x"),
    unique(placed_at, name = "Orders")
)]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub placed_at: i64,
}

fn main() {}

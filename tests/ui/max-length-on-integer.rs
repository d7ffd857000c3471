// Only text has a length: `max_length` on another type fails the build at
// the attribute.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "products")]
pub struct Product {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 10)]
    pub stock: i32,
}

fn main() {}

// Only text has a length: `max_length` on another type fails the build at
// the attribute, for every such field.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "products")]
pub struct Product {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 10)]
    pub stock: i32,
    #[model(max_length = 20)]
    pub weight: f64,
    #[model(max_length = 30)]
    pub name: String,
}

fn main() {}

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "pairs")]
pub struct Pair(i64, String);

#[derive(model_registry::Model)]
#[model(table = "markers")]
pub struct Marker;

fn main() {}

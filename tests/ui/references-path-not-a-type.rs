// `references = ...` names a type: a constant or an unknown name is
// reported once, by rustc, at the path.
model_registry::models!();

pub const LIMIT: i64 = 5;

#[derive(model_registry::Model)]
#[model(table = "orders")]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = LIMIT)]
    pub a: i64,
    #[model(references = Missing)]
    pub b: i64,
}

fn main() {}

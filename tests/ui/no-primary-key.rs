model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "events")]
pub struct Event {
    pub id: i64,
    pub payload: String,
}

#[derive(model_registry::Model)]
#[model(table = "empty")]
pub struct Empty {}

fn main() {}

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "statuses")]
pub enum Status {
    Active,
    Blocked,
}

fn main() {}

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "numbers")]
pub union Number {
    pub int: i64,
    pub float: f64,
}

fn main() {}

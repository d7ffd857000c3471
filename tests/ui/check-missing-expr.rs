// A check constraint needs both its name and its SQL condition.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "payments")]
#[model(check(name = "positive_amount"))]
#[model(check(expr = "amount > 0"))]
#[model(check())]
#[model(check)]
pub struct Payment {
    #[model(primary_key)]
    pub id: i64,
    pub amount: i64,
}

fn main() {}

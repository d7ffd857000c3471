// A field type the library cannot map to an SQL type is reported on the
// type, with the three ways out.
model_registry::models!();

pub struct Money(pub i128);

#[derive(model_registry::Model)]
#[model(table = "payments")]
pub struct Payment {
    #[model(primary_key)]
    pub id: i64,
    pub amount: Money,
}

fn main() {}

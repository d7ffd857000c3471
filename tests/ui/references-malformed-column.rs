// A column named by text is "table.column" or "schema.table.column", each
// part a valid name.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "orders")]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = "customers")]
    pub a: i64,
    #[model(references = "db.shop.customers.id")]
    pub b: i64,
    #[model(references = "customers.")]
    pub c: i64,
    #[model(references = ".customers.id")]
    pub d: i64,
    #[model(references = "customers.i\"d")]
    pub e: i64,
    #[model(references = "")]
    pub f: i64,
    #[model(references = 5)]
    pub g: i64,
}

fn main() {}

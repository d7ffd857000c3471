// `max_length` is a length from 1 to u32::MAX, and does not combine with
// `sql_type`, which already says the whole type.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 0)]
    pub a: String,
    #[model(max_length = 4294967296)]
    pub b: String,
    #[model(max_length = 255, sql_type = "VARCHAR(255)")]
    pub c: String,
    #[model(max_length = "255")]
    pub d: String,
    #[model(max_length = 255u32)]
    pub e: String,
    #[model(max_length)]
    pub f: String,
}

fn main() {}

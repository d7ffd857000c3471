// `renamed_from` is the previous name: the current one, or an empty one,
// is a mistake.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "writers", renamed_from = "writers")]
pub struct Writer {
    #[model(primary_key)]
    pub id: i64,
    #[model(renamed_from = "")]
    pub full_name: String,
}

fn main() {}

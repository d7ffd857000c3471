model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "wrappers")]
pub struct Wrapper<T> {
    #[model(primary_key)]
    pub id: i64,
    pub value: T,
}

#[derive(model_registry::Model)]
#[model(table = "borrowed")]
pub struct Borrowed<'a> {
    #[model(primary_key)]
    pub id: &'a str,
}

fn main() {}

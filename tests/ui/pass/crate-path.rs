// A crate that re-exports model_registry can point the derive at its own path.
model_registry::models!();

mod facade {
    pub use model_registry as registry;
}

#[derive(model_registry::Model)]
#[model(table = "users", crate = crate::facade::registry)]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {
    assert_eq!(model_registry::registry().tables().len(), 1);
}

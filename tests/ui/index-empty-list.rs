// An index or unique constraint covers at least one field.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users", index(), unique(name = "uq_users_nothing"))]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {}

//! Version 1.0.0 of one model crate; a binary that links both versions
//! defines `users` twice.

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    pub email: String,
}

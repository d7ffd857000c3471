// A field listed twice in one index or unique constraint is a mistake.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users", index(tenant, email, tenant), unique(email, r#email))]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    pub email: String,
    pub tenant: i64,
}

fn main() {}

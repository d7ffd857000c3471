// A single-column primary key is unique and indexed already. (One column of
// a composite key is neither, so there `unique` and `index` are accepted.)
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key, unique)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "accounts")]
pub struct Account {
    #[model(index, primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "memberships")]
pub struct Membership {
    #[model(primary_key)]
    pub user_id: i64,
    #[model(primary_key, index)]
    pub group_id: i64,
}

fn main() {}

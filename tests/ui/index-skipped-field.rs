// A skipped field has no column, so no index or unique constraint can
// include it.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users", index(email, cached_score), unique(cached_score))]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    pub email: String,
    #[model(skip)]
    pub cached_score: f64,
}

fn main() {}

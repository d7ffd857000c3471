// Several mistakes in one model, and uses of it elsewhere: each mistake is
// reported once, and the uses add no errors of their own.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(tabel = "users", schema = "")]
pub struct User {
    pub id: i64,
    #[model(colum = "email")]
    pub email: String,
}

fn main() {
    use model_registry::Model;
    let _ = User::TABLE.name();
}

// A single integer primary key auto-increments unless it says otherwise.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "codes")]
pub struct Code {
    #[model(primary_key, auto_increment = false)]
    pub id: i32,
}

#[derive(model_registry::Model)]
#[model(table = "tags")]
pub struct Tag {
    #[model(primary_key, max_length = 20)]
    pub name: String,
}

fn main() {
    use model_registry::Model;
    let registry = model_registry::registry();
    let identity = |table| registry.resolved(table).unwrap().identity().map(|c| c.name());
    assert_eq!(identity(User::TABLE), Some("id"));
    assert_eq!(identity(Code::TABLE), None);
    assert!(!Code::TABLE.columns()[0].auto_increment());
    assert_eq!(identity(Tag::TABLE), None);
}

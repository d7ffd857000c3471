// The list keys take lists, the field keys take none; names in them follow
// the name rules, and one check name is used once.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users", index, unique = "email")]
#[model(index("email"), unique(email, nmae = "x"), index(email, name = ""))]
#[model(unique(email, name = "uq \"quoted\""), index(email, name = "ix", name = "iy"))]
#[model(check(name = "valid_email", expr = "email LIKE '%@%'", exp = "x"))]
#[model(check(name = "Valid_Email", expr = "email <> ''"))]
#[model(check(name = "", expr = " "))]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(index(email), unique = true)]
    pub email: String,
    #[model(check(name = "x", expr = "y"))]
    pub name: String,
}

fn main() {}

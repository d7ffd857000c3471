// One macro invoked twice with the same table: the two labels point at the
// table literal of each invocation.
model_registry::models!();

macro_rules! model {
    ($name:ident, $table:literal) => {
        #[derive(model_registry::Model)]
        #[model(table = $table)]
        pub struct $name {
            #[model(primary_key)]
            pub id: i64,
        }
    };
}

model!(User, "users");
model!(Account, "users");

fn main() {}

// A table name that reaches the derive through a `macro_rules!` fragment
// (`literal`, `expr` or `tt`) is the literal it holds.
model_registry::models!();

macro_rules! model_literal {
    ($name:ident, $table:literal) => {
        #[derive(model_registry::Model)]
        #[model(table = $table)]
        pub struct $name {
            #[model(primary_key, max_length = 40)]
            pub id: String,
        }
    };
}

macro_rules! model_expr {
    ($name:ident, $table:expr, $length:expr) => {
        #[derive(model_registry::Model)]
        #[model(table = $table)]
        pub struct $name {
            #[model(primary_key, max_length = $length)]
            pub id: String,
        }
    };
}

macro_rules! model_tt {
    ($name:ident, $table:tt) => {
        #[derive(model_registry::Model)]
        #[model(table = $table)]
        pub struct $name {
            #[model(primary_key)]
            pub id: i64,
        }
    };
}

model_literal!(Users, "users");
model_expr!(Orders, "orders", 12);
model_tt!(Items, "items");

fn main() {
    use model_registry::Model;
    assert_eq!(Users::TABLE.name(), "users");
    assert_eq!(Orders::TABLE.name(), "orders");
    assert_eq!(
        Orders::TABLE.columns()[0].sql_type(),
        model_registry::SqlType::Varchar(12)
    );
    assert_eq!(Items::TABLE.name(), "items");
    assert_eq!(model_registry::registry().tables().len(), 3);
}

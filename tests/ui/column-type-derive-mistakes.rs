// `#[derive(ColumnType)]` stores a fieldless enum's variant names: a
// variant with fields, two variants stored as one value, an unknown
// `#[model]` key and a struct are each refused, all in one build.
#[derive(model_registry::ColumnType)]
#[sqlx(rename_all = "lowercase")]
#[model(values_check)]
pub enum Shape {
    Circle(f64),
    Square { side: f64 },
    Point,
    #[sqlx(rename = "point")]
    Dot,
}

#[derive(model_registry::ColumnType)]
pub struct NotAnEnum {
    pub value: String,
}

#[derive(model_registry::ColumnType)]
pub enum Empty {}

fn main() {}

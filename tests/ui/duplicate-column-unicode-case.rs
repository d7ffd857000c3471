// MariaDB compares column names ignoring case, Unicode case included: it
// would refuse this table (`Duplicate column name 'É'`).
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "words")]
pub struct Word {
    #[model(primary_key)]
    pub id: i64,
    #[model(column = "é")]
    pub lower: String,
    #[model(column = "É")]
    pub upper: String,
}

fn main() {}

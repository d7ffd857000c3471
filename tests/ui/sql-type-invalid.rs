// `sql_type` is written verbatim into DDL: it must say something, on one line.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "payments")]
pub struct Payment {
    #[model(primary_key)]
    pub id: i64,
    #[model(sql_type = "")]
    pub a: i64,
    #[model(sql_type = "  ")]
    pub b: i64,
    #[model(sql_type = "NUMERIC(20,\n0)")]
    pub c: i64,
    #[model(sql_type = NUMERIC)]
    pub d: i64,
}

fn main() {}

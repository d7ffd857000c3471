// A skipped field has no column, so no key that describes a column applies.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "users")]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    #[model(
        skip,
        sql_type = "TEXT",
        max_length = 10,
        default = "''",
        unique,
        index,
        references = "accounts.id",
        on_delete = "cascade",
        on_update = "cascade",
        use_alter
    )]
    pub cache: String,
}

fn main() {}

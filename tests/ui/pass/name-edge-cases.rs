// Accepted: exactly 63 bytes, non-ASCII names, SQL keywords and raw
// identifiers (quoting them is the SQL layer's job), raw string literals.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "a_table_name_that_is_exactly_sixty_three_bytes_long_xxxxxxxxxxx")]
pub struct Long {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "ünïcödé_tàblé", schema = "schéma")]
pub struct Unicode {
    #[model(primary_key, column = "clé")]
    pub key: i64,
    pub größe: i32,
}

#[derive(model_registry::Model)]
#[model(table = r"select")]
pub struct Keywords {
    #[model(primary_key)]
    pub r#type: i64,
    #[model(column = "from")]
    pub from_: String,
    pub r#where: Option<String>,
}

fn main() {
    use model_registry::Model;
    assert_eq!(Long::TABLE.name().len(), 63);
    assert_eq!(Unicode::TABLE.column("größe").unwrap().rust_type(), "i32");
    let columns: Vec<&str> = Keywords::TABLE.columns().iter().map(|c| c.name()).collect();
    assert_eq!(columns, ["type", "from", "where"]);
    assert_eq!(Keywords::TABLE.name(), "select");
    assert_eq!(model_registry::registry().tables().len(), 3);
}

// `renamed_from` records a table's and a column's previous names, which a
// migration renames instead of dropping and adding.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "writers", renamed_from = "authors")]
pub struct Writer {
    #[model(primary_key)]
    pub id: i64,
    #[model(renamed_from = "name")]
    pub full_name: String,
    pub bio: Option<String>,
}

fn main() {
    use model_registry::Model;
    let table = Writer::TABLE;
    assert_eq!(table.renamed_from(), Some("authors"));
    let renamed: Vec<_> = table.columns().iter().map(|c| c.renamed_from()).collect();
    assert_eq!(renamed, [None, Some("name"), None]);
}

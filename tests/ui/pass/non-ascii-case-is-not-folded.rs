// Only ASCII case is folded: `é`/`É` and `ß`/`SS` are distinct tables for
// the compile-time key (no E0119 here) and for the startup check alike.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "é")]
pub struct Lower {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "É")]
pub struct Upper {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "straße")]
pub struct Street {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "STRASSE")]
pub struct StreetUpper {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {
    let registry = model_registry::check().expect("four distinct tables");
    assert_eq!(registry.tables().len(), 4);
    let path = |name: &str| registry.table("default", name).unwrap().type_path();
    assert!(path("é").ends_with("::Lower"));
    assert!(path("É").ends_with("::Upper"));
    assert!(path("STRASSE").ends_with("::StreetUpper"));
    // ASCII letters around them still fold.
    assert!(path("STRAßE").ends_with("::Street"));
}

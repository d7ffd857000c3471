// The same table name in two metadata is two tables in two databases.
model_registry::models!();
model_registry::metadata!(pub PLATFORM = "platform");
model_registry::metadata!(pub USER_DATA = "user_data");

#[derive(model_registry::Model)]
#[model(table = "oauth2_tokens", metadata = crate::PLATFORM)]
pub struct PlatformToken {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "oauth2_tokens", metadata = crate::USER_DATA)]
pub struct UserToken {
    #[model(primary_key)]
    pub id: i64,
}

// And the same name in two schemas of one metadata.
#[derive(model_registry::Model)]
#[model(table = "oauth2_tokens", metadata = crate::USER_DATA, schema = "archive")]
pub struct ArchivedUserToken {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {
    let registry = model_registry::registry();
    assert_eq!(registry.tables().len(), 3);
    assert!(registry.table("platform", "oauth2_tokens").is_some());
    assert!(registry.table("user_data", "oauth2_tokens").is_some());
    assert!(registry.table_in_schema("user_data", Some("archive"), "oauth2_tokens").is_some());
}

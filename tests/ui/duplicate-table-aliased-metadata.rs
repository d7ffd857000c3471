// The metadata is named through different paths and a `use ... as` alias:
// still one metadata, still one table.
model_registry::models!();

pub mod db {
    model_registry::metadata!(pub PLATFORM = "platform");
}

mod a {
    use crate::db::PLATFORM as Platform;

    #[derive(model_registry::Model)]
    #[model(table = "oauth2_tokens", metadata = Platform)]
    pub struct Token {
        #[model(primary_key)]
        pub id: i64,
    }
}

mod b {
    #[derive(model_registry::Model)]
    #[model(table = "oauth2_tokens", metadata = crate::db::PLATFORM)]
    pub struct OAuthToken {
        #[model(primary_key)]
        pub id: i64,
    }
}

fn main() {}

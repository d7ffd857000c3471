// The "already defined for this MetaData instance" failure, caught by
// `cargo check`: two structs in two modules claim one table.
model_registry::models!();

mod models {
    #[derive(model_registry::Model)]
    #[model(table = "intent_feedback")]
    pub struct IntentFeedback {
        #[model(primary_key)]
        pub id: i64,
    }
}

mod routers {
    pub mod feedback {
        #[derive(model_registry::Model)]
        #[model(table = "intent_feedback")]
        pub struct Feedback {
            #[model(primary_key)]
            pub id: i64,
        }
    }
}

fn main() {}

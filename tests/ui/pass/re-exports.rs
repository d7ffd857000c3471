// One model reached through several paths and names registers one table:
// the Python "imported through two paths" failure cannot happen.
model_registry::models!();

mod models {
    #[derive(model_registry::Model)]
    #[model(table = "intent_feedback")]
    pub struct IntentFeedback {
        #[model(primary_key)]
        pub id: i64,
    }
}

pub use models::IntentFeedback;

mod api {
    pub use crate::models::IntentFeedback as Feedback;
}

mod routers {
    pub use super::api::Feedback;
    pub use crate::IntentFeedback as Again;
}

fn main() {
    use model_registry::Model;
    let registry = model_registry::registry();
    assert_eq!(registry.tables().len(), 1);
    assert!(std::ptr::eq(routers::Feedback::TABLE, routers::Again::TABLE));
    assert!(registry.contains(api::Feedback::TABLE));
}

//! The user-data database: customers and what they send us.

model_registry::models!();

model_registry::metadata!(
    /// The user-data database.
    pub USER_DATA = "user_data"
);

/// A customer.
#[derive(model_registry::Model)]
#[model(table = "customers", metadata = crate::USER_DATA)]
pub struct Customer {
    /// Primary key.
    #[model(primary_key)]
    pub id: i64,
    /// Display name.
    #[model(max_length = 200)]
    pub name: String,
    /// Sign-in address, one account each.
    #[model(max_length = 320, unique)]
    pub email: String,
}

/// Feedback on an answer, keyed by customer and message.
#[derive(model_registry::Model)]
#[model(table = "intent_feedback", metadata = crate::USER_DATA)]
pub struct IntentFeedback {
    /// Part of the composite primary key; the customer who sent it.
    #[model(primary_key, references = Customer, on_delete = "cascade")]
    pub customer_id: i64,
    /// Part of the composite primary key.
    #[model(primary_key)]
    pub message_id: i64,
    /// The feedback, stored in column `feedback_text`.
    #[model(column = "feedback_text")]
    pub text: String,
    /// An optional note from support.
    pub note: Option<String>,
    /// Computed in memory, never stored.
    #[model(skip)]
    pub score: f32,
}

/// The same table name as the platform's `oauth2_tokens`, but in another
/// database: a different table, so no conflict.
#[derive(model_registry::Model)]
#[model(table = "oauth2_tokens", metadata = crate::USER_DATA)]
pub struct ThirdPartyToken {
    /// Primary key.
    #[model(primary_key)]
    pub id: i64,
    /// The provider that issued it.
    pub provider: String,
}

//! The platform database: OAuth tokens and their monitoring.

model_registry::models!();

model_registry::metadata!(
    /// The platform database: authentication and monitoring.
    pub PLATFORM = "platform"
);

/// An OAuth token issued to a user.
#[derive(model_registry::Model)]
#[model(table = "oauth2_tokens", metadata = crate::PLATFORM)]
pub struct OAuthToken {
    /// Primary key.
    #[model(primary_key)]
    pub id: i64,
    /// The owner; looked up by owner, so indexed.
    #[model(max_length = 64, index)]
    pub user_id: String,
    /// When the token stops working; `None` for tokens that never expire.
    pub expires_at: Option<i64>,
}

/// A background task that watches a token; it must live on the platform
/// database, next to the tokens it watches.
#[derive(model_registry::Model)]
#[model(table = "oauth_token_monitoring_tasks", metadata = crate::PLATFORM)]
pub struct OAuthTokenMonitoringTask {
    /// Primary key.
    #[model(primary_key)]
    pub id: i64,
    /// The watched token; its tasks go when it goes.
    #[model(references = OAuthToken, on_delete = "cascade", index)]
    pub token_id: i64,
    /// The last failure, if the last run failed.
    pub last_error: Option<String>,
}

//! The models of the example service: its tables and its rows. The
//! service (`src/main.rs`) and its `schema` command (`src/bin/schema.rs`)
//! both link them.

use chrono::{DateTime, Utc};
use model_registry::{ColumnType, Model};
use serde::{Deserialize, Serialize};

model_registry::models!();
model_registry::metadata!(
    /// The service's one database.
    pub SERVICE = "service"
);

/// A customer account.
#[derive(Model, sqlx::FromRow, Debug, Clone, PartialEq)]
#[model(table = "accounts", metadata = crate::SERVICE)]
pub struct Account {
    /// Numbered by the database.
    #[model(primary_key)]
    pub id: i64,
    /// Unique; sqlx reads the column `email_address`, and so does the table.
    #[model(unique, max_length = 320)]
    #[sqlx(rename = "email_address")]
    pub email: String,
    /// Optional.
    pub display_name: Option<String>,
    /// A cache the service fills itself: neither a column nor read by sqlx.
    #[sqlx(skip)]
    pub unread: usize,
}

/// Where a notification is: a PostgreSQL enum type, `TEXT` on SQLite.
#[derive(ColumnType, sqlx::Type, Debug, Clone, Copy, PartialEq)]
#[sqlx(type_name = "notification_status", rename_all = "snake_case")]
pub enum NotificationStatus {
    /// Not sent yet.
    Pending,
    /// Delivered.
    Sent,
    /// Given up on.
    Failed,
}

/// What a notification says, stored as JSON.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Payload {
    /// The subject line.
    pub subject: String,
    /// Links to show.
    pub links: Vec<String>,
}

/// A notification to an account.
#[derive(Model, sqlx::FromRow, Debug, Clone, PartialEq)]
#[model(table = "notifications", metadata = crate::SERVICE)]
pub struct Notification {
    /// Numbered by the database.
    #[model(primary_key)]
    pub id: i64,
    /// The account; its notifications go with it.
    #[model(references = Account, on_delete = "cascade", index)]
    pub account_id: i64,
    /// Where it is.
    pub status: NotificationStatus,
    /// What it says.
    #[sqlx(json)]
    pub payload: Payload,
    /// When it was sent, if it was.
    pub sent_at: Option<DateTime<Utc>>,
}

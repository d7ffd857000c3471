//! A consistent program: models in this crate and in a linked crate, the same
//! table name in two metadata, a schema, and models re-exported under other
//! names. The registry builds, and every lookup finds what was defined.

#![allow(missing_docs)]

use fixture_warehouse::PredictiveModel;
use model_registry::{DEFAULT, Model};

model_registry::models!();
model_registry::metadata!(pub PLATFORM = "platform");
model_registry::metadata!(pub AUDIT = "audit", schema = "audit");

pub mod models {
    #[derive(model_registry::Model)]
    #[model(table = "intent_feedback", metadata = crate::PLATFORM)]
    pub struct IntentFeedback {
        #[model(primary_key)]
        pub id: i64,
        pub text: String,
        pub note: Option<String>,
    }

    #[derive(model_registry::Model)]
    #[model(table = "intent_feedback")]
    pub struct DefaultIntentFeedback {
        #[model(primary_key)]
        pub id: i64,
    }

    #[derive(model_registry::Model)]
    #[model(table = "events", metadata = crate::AUDIT)]
    pub struct AuditEvent {
        #[model(primary_key)]
        pub id: i64,
        #[model(column = "type")]
        pub r#type: String,
    }
}

// The Python failure: one model reached through several import paths.
pub use models::IntentFeedback;
pub mod api {
    pub use crate::models::IntentFeedback as Feedback;
}
pub mod routers {
    pub use super::api::Feedback;
    pub use crate::IntentFeedback;
}

#[test]
fn the_registry_builds() {
    let registry = model_registry::check().unwrap();
    let names: Vec<String> = registry
        .tables()
        .iter()
        .map(|table| format!("{}:{}", table.metadata(), table.qualified_name()))
        .collect();
    assert_eq!(
        names,
        [
            "audit:audit.events",
            "default:intent_feedback",
            "default:predictive_models",
            "default:warehouse.fact_sales",
            "platform:intent_feedback",
        ]
    );
    let metadata: Vec<&str> = registry.metadata_names().collect();
    assert_eq!(metadata, ["audit", "default", "platform"]);
}

#[test]
fn re_exports_register_nothing() {
    let registry = model_registry::registry();
    assert!(core::ptr::eq(api::Feedback::TABLE, IntentFeedback::TABLE));
    assert!(core::ptr::eq(
        routers::Feedback::TABLE,
        routers::IntentFeedback::TABLE
    ));
    assert!(registry.contains(routers::Feedback::TABLE));
    assert_eq!(registry.tables_in("platform").len(), 1);
}

#[test]
fn lookups() {
    let registry = model_registry::registry();
    let platform = registry.table("platform", "intent_feedback").unwrap();
    assert!(core::ptr::eq(platform, IntentFeedback::TABLE));
    let default = registry.table("default", "INTENT_FEEDBACK").unwrap();
    assert!(core::ptr::eq(default, models::DefaultIntentFeedback::TABLE));

    // `table` looks in the metadata's default schema; `table_in_schema` anywhere.
    let audit = registry.table("audit", "events").unwrap();
    assert_eq!(audit.schema(), Some("audit"));
    assert!(registry.table("default", "fact_sales").is_none());
    let fact = registry
        .table_in_schema("default", Some("warehouse"), "fact_sales")
        .unwrap();
    assert_eq!(fact.type_path(), "fixture_warehouse::FactSale");

    assert!(registry.table("nowhere", "events").is_none());
    assert!(registry.tables_in("nowhere").is_empty());
    assert_eq!(
        registry.metadata_named("audit").unwrap().schema(),
        Some("audit")
    );
    assert_eq!(PLATFORM.tables().len(), 1);
    assert_eq!(DEFAULT.tables().len(), 3);
    assert!(registry.contains(PredictiveModel::TABLE));
}

#[test]
fn descriptors_record_everything() {
    let table = IntentFeedback::TABLE;
    assert_eq!(table.name(), "intent_feedback");
    assert_eq!(table.metadata().name(), "platform");
    assert_eq!(table.schema(), None);
    assert_eq!(table.type_path(), "clean_startup::models::IntentFeedback");
    let location = table.location();
    assert_eq!(location.crate_name(), "model-registry");
    assert_eq!(location.crate_version(), env!("CARGO_PKG_VERSION"));
    assert_eq!(location.file(), "registry/../tests/clean_startup.rs");
    assert_eq!((location.line(), location.column()), (17, 16));

    let columns: Vec<(&str, &str, &str, bool, bool)> = table
        .columns()
        .iter()
        .map(|c| {
            (
                c.name(),
                c.field(),
                c.rust_type(),
                c.is_nullable(),
                c.is_primary_key(),
            )
        })
        .collect();
    assert_eq!(
        columns,
        [
            ("id", "id", "i64", false, true),
            ("text", "text", "String", false, false),
            ("note", "note", "Option<String>", true, false),
        ]
    );
    let event = models::AuditEvent::TABLE;
    assert_eq!(event.column("TYPE").unwrap().field(), "type");
    assert_eq!(event.qualified_name(), "audit.events");
}

#[test]
fn display_lists_every_metadata_and_table() {
    let text = model_registry::registry().to_string();
    assert!(
        text.starts_with("metadata `audit`, schema `audit` (1 table)\n  audit.events  id*+, type  clean_startup::models::AuditEvent"),
        "{text}"
    );
    assert!(text.contains("\n  intent_feedback  id*+, text, note?  clean_startup::models::IntentFeedback (model-registry 0.1.0, registry/../tests/clean_startup.rs:17:16)\n"), "{text}");
}

#[cfg(feature = "serde")]
#[test]
fn the_registry_serializes_in_its_sorted_order() {
    let json = serde_json::to_value(model_registry::registry()).unwrap();
    let metadata = json["metadata"].as_array().unwrap();
    let names: Vec<&str> = metadata
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["audit", "default", "platform"]);
    let platform = &metadata[2];
    assert_eq!(platform["path"], "clean_startup::PLATFORM");
    let table = &platform["tables"][0];
    assert_eq!(table["name"], "intent_feedback");
    assert_eq!(table["type_path"], "clean_startup::models::IntentFeedback");
    assert_eq!(table["location"]["crate"], "model-registry");
    assert_eq!(table["columns"][2]["rust_type"], "Option<String>");
    assert_eq!(table["columns"][2]["nullable"], true);
}

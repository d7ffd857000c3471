// One model takes the metadata's default schema, the other names the same
// schema: the same table.
model_registry::models!();
model_registry::metadata!(pub AUDIT = "audit", schema = "audit");

#[derive(model_registry::Model)]
#[model(table = "events", metadata = crate::AUDIT)]
pub struct Event {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "events", metadata = crate::AUDIT, schema = "AUDIT")]
pub struct AuditEvent {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {}

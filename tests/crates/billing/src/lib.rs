//! Billing models. With `fixture-crm` it forms the "two sources of truth" story:
//! both crates define `customers` and `invoices`, and both declare `platform`.

model_registry::models!();
model_registry::metadata!(pub PLATFORM = "platform");

#[derive(model_registry::Model)]
#[model(table = "customers")]
pub struct Customer {
    #[model(primary_key)]
    pub id: i64,
    pub name: String,
}

#[derive(model_registry::Model)]
#[model(table = "invoices")]
pub struct Invoice {
    #[model(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub paid_at: Option<String>,
}

#[derive(model_registry::Model)]
#[model(table = "billing_accounts", metadata = crate::PLATFORM)]
pub struct BillingAccount {
    #[model(primary_key)]
    pub id: i64,
}

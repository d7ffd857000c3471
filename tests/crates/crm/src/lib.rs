//! CRM models: a second source of truth for `customers` and `invoices`
//! (spelled `Invoices` here), and a second declaration of `platform`.

model_registry::models!();
model_registry::metadata!(pub PLATFORM = "platform");

pub mod accounts {
    #[derive(model_registry::Model)]
    #[model(table = "customers")]
    pub struct Customer {
        #[model(primary_key)]
        pub id: i64,
        pub email: String,
    }
}

#[derive(model_registry::Model)]
#[model(table = "Invoices")]
pub struct Invoice {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "contacts", metadata = crate::PLATFORM)]
pub struct Contact {
    #[model(primary_key)]
    pub id: i64,
}

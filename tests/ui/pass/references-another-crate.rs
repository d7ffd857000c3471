// A model in another crate is referenced by its path like any other type.
use model_registry::{ForeignKeyTarget, Model};

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "payments")]
pub struct Payment {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = fixture_billing::Invoice, on_delete = "restrict")]
    pub invoice_id: i64,
}

fn main() {
    let key = Payment::TABLE.column("invoice_id").unwrap().references().unwrap();
    match key.target() {
        ForeignKeyTarget::Model(target) => {
            assert!(core::ptr::eq(*target, fixture_billing::Invoice::TABLE));
            assert_eq!(target.name(), "invoices");
        }
        other => panic!("{other}"),
    }
    assert!(model_registry::registry().table("default", "invoices").is_some());
}

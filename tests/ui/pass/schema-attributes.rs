// Every schema attribute on fields and on the struct, read back from the
// descriptors exactly as written.
use model_registry::{ForeignKeyTarget, Model, ReferentialAction, SqlType};

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "customers")]
pub struct Customer {
    #[model(primary_key)]
    pub id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "coupons", schema = "shop")]
pub struct Coupon {
    #[model(primary_key)]
    pub code: String,
}

#[derive(model_registry::Model)]
#[model(table = "currencies")]
pub struct Currency {
    #[model(primary_key)]
    pub code: String,
}

/// A field type with no `ColumnType`: `sql_type` names the column's type.
pub struct Money(pub i128);

#[derive(model_registry::Model)]
#[model(table = "orders", schema = "shop")]
#[model(index(customer, created_at), unique(customer, number, name = "uq_order_number"))]
#[model(index(status, name = "ix_orders_by_status"))]
#[model(check(name = "positive_amount", expr = "amount > 0"))]
#[model(check(expr = "number <> ''", name = "number_not_empty"))]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = Customer, on_delete = "cascade", on_update = "NO ACTION")]
    pub customer: i64,
    #[model(references = "shop.coupons.code", on_delete = "SET NULL", use_alter)]
    pub coupon: Option<String>,
    #[model(references = "currencies.code")]
    pub currency: String,
    #[model(max_length = 32, unique)]
    pub number: String,
    #[model(sql_type = "NUMERIC(20, 0)")]
    pub amount: Money,
    #[model(default = "CURRENT_TIMESTAMP", column = "created", index)]
    pub created_at: i64,
    #[model(index, unique, default = "'pending'", max_length = 16)]
    pub status: String,
    #[model(skip)]
    pub cached_total: Option<Money>,
}

fn main() {
    let table = Order::TABLE;
    let column = |name| table.column(name).unwrap();

    assert_eq!(column("number").sql_type(), SqlType::Varchar(32));
    assert_eq!(column("amount").sql_type(), SqlType::Custom("NUMERIC(20, 0)"));
    assert_eq!(column("id").sql_type(), SqlType::BigInt);
    assert_eq!(column("created").default(), Some("CURRENT_TIMESTAMP"));
    assert_eq!(column("status").default(), Some("'pending'"));
    assert_eq!(column("id").default(), None);

    let customer = column("customer").references().unwrap();
    match customer.target() {
        ForeignKeyTarget::Model(target) => assert!(core::ptr::eq(*target, Customer::TABLE)),
        other => panic!("{other}"),
    }
    assert_eq!(customer.on_delete(), Some(ReferentialAction::Cascade));
    assert_eq!(customer.on_update(), Some(ReferentialAction::NoAction));
    assert!(!customer.use_alter());

    let coupon = column("coupon").references().unwrap();
    match coupon.target() {
        ForeignKeyTarget::Column { schema, table, column } => {
            assert_eq!((*schema, *table, *column), (Some("shop"), "coupons", "code"));
        }
        other => panic!("{other}"),
    }
    assert_eq!(coupon.on_delete(), Some(ReferentialAction::SetNull));
    assert_eq!(coupon.on_update(), None);
    assert!(coupon.use_alter());
    assert_eq!(coupon.target().to_string(), "shop.coupons.code");

    let currency = column("currency").references().unwrap();
    assert_eq!(currency.target().to_string(), "currencies.code");
    assert_eq!(currency.on_delete(), None);
    assert!(column("number").references().is_none());
    assert_eq!(table.foreign_keys().count(), 3);

    // Field-level entries first, in field order, then the struct's.
    let indexes: Vec<_> = table
        .indexes()
        .iter()
        .map(|index| (index.name(), index.columns(), index.is_unique()))
        .collect();
    assert_eq!(
        indexes,
        [
            (None, &["created"][..], false),
            (None, &["status"][..], true),
            (None, &["customer", "created"][..], false),
            (Some("ix_orders_by_status"), &["status"][..], false),
        ]
    );
    let uniques: Vec<_> = table
        .uniques()
        .iter()
        .map(|unique| (unique.name(), unique.columns()))
        .collect();
    assert_eq!(
        uniques,
        [
            (None, &["number"][..]),
            (Some("uq_order_number"), &["customer", "number"][..]),
        ]
    );
    let checks: Vec<_> = table.checks().iter().map(|check| (check.name(), check.expr())).collect();
    assert_eq!(
        checks,
        [("positive_amount", "amount > 0"), ("number_not_empty", "number <> ''")]
    );

    assert!(Customer::TABLE.indexes().is_empty());
    assert!(Customer::TABLE.uniques().is_empty());
    assert!(Customer::TABLE.checks().is_empty());
    // The startup check resolves every key and name: all of this is valid.
    let registry = model_registry::registry();
    assert_eq!(registry.tables().len(), 4);
    let schema = registry.resolved(Order::TABLE).unwrap();
    let keys: Vec<&str> = schema.foreign_keys().iter().map(|key| key.name()).collect();
    assert_eq!(
        keys,
        [
            "fk_orders_customer_customers",
            "fk_orders_coupon_coupons",
            "fk_orders_currency_currencies",
        ]
    );
}

//! The schema half of the startup check, on definitions built by hand (as
//! the derive would write them): foreign keys across databases or to
//! nothing, key type mismatches, name collisions, foreign-key cycles, and
//! what a clean set resolves to.

use model_registry::__private::{check, column, foreign_key, index, metadata, table, unique};
use model_registry::{
    ColumnDef, ConstraintKind, ForeignKeyTarget, Location, Metadata, NamingConvention, Problem,
    ProblemKind, ReferentialAction, Registry, SqlType, TableDef,
};

const fn at(line: u32) -> Location {
    Location::new(Some("app"), Some("0.1.0"), "src/models.rs", line, 12)
}

static PLATFORM: Metadata = metadata(
    "platform",
    None,
    NamingConvention::DEFAULT,
    "app::PLATFORM",
    at(1),
);
static USER_DATA: Metadata = metadata(
    "user_data",
    None,
    NamingConvention::DEFAULT,
    "app::USER_DATA",
    at(2),
);

const fn id() -> ColumnDef {
    column("id", "id", "i64", SqlType::BigInt, false, true, None, None)
}

const fn plain(name: &'static str, sql_type: SqlType) -> ColumnDef {
    column(name, name, "i64", sql_type, false, false, None, None)
}

// Macros, not `const fn`s: a column points to its foreign key, which must
// be `'static`, as it is where the expansion lands, in a static's initializer.
macro_rules! to_model {
    ($name:expr, $target:expr, $use_alter:expr) => {
        column(
            $name,
            $name,
            "i64",
            SqlType::BigInt,
            false,
            false,
            None,
            Some(&foreign_key(
                ForeignKeyTarget::Model($target),
                Some(ReferentialAction::Cascade),
                None,
                $use_alter,
            )),
        )
    };
}

macro_rules! to_column {
    ($name:expr, $sql_type:expr, $table_name:expr, $column_name:expr) => {
        column(
            $name,
            $name,
            "i32",
            $sql_type,
            false,
            false,
            None,
            Some(&foreign_key(
                ForeignKeyTarget::Column {
                    schema: None,
                    table: $table_name,
                    column: $column_name,
                },
                None,
                None,
                false,
            )),
        )
    };
}

// A clean platform schema: customers <- orders (fk, index, unique).
static CUSTOMERS: TableDef = table(
    &PLATFORM,
    None,
    "customers",
    &[id(), plain("email", SqlType::Text)],
    &[],
    &[unique(None, &["email"])],
    &[],
    "app::Customer",
    at(10),
);
static ORDERS: TableDef = table(
    &PLATFORM,
    None,
    "orders",
    &[id(), to_model!("customer_id", &CUSTOMERS, false)],
    &[index(None, &["customer_id"], false)],
    &[],
    &[check("positive_id", "id > 0")],
    "app::Order",
    at(20),
);

fn report(tables: &[&'static TableDef]) -> String {
    let err = Registry::from_definitions(tables, &[&PLATFORM, &USER_DATA])
        .expect_err("these definitions have problems");
    err.to_string()
}

#[test]
fn a_clean_schema_resolves_every_name_and_key() {
    let registry = Registry::from_definitions(&[&ORDERS, &CUSTOMERS], &[&PLATFORM, &USER_DATA])
        .expect("no problems");
    let orders = registry.resolved(&ORDERS).unwrap();
    assert_eq!(orders.primary_key().unwrap().name(), "pk_orders");
    assert_eq!(orders.indexes()[0].name(), "ix_orders_customer_id");
    assert_eq!(orders.checks()[0].name(), "ck_orders_positive_id");
    let key = &orders.foreign_keys()[0];
    assert_eq!(key.name(), "fk_orders_customer_id_customers");
    assert_eq!(key.referred_table().name(), "customers");
    assert_eq!(key.referred_column().name(), "id");
    assert_eq!(key.on_delete(), Some(ReferentialAction::Cascade));
    let customers = registry.resolved(&CUSTOMERS).unwrap();
    assert_eq!(customers.uniques()[0].name(), "uq_customers_email");
    let names: Vec<(ConstraintKind, &str)> = orders.constraint_names().collect();
    assert_eq!(
        names,
        [
            (ConstraintKind::PrimaryKey, "pk_orders"),
            (ConstraintKind::Index, "ix_orders_customer_id"),
            (
                ConstraintKind::ForeignKey,
                "fk_orders_customer_id_customers"
            ),
            (ConstraintKind::Check, "ck_orders_positive_id"),
        ]
    );
    let order: Vec<&str> = registry
        .creation_order("platform")
        .iter()
        .map(|schema| schema.table().name())
        .collect();
    assert_eq!(order, ["customers", "orders"]);
    assert!(registry.creation_order("user_data").is_empty());
}

static INVOICES: TableDef = table(
    &USER_DATA,
    None,
    "invoices",
    &[id(), to_model!("customer_id", &CUSTOMERS, false)],
    &[],
    &[],
    &[],
    "app::Invoice",
    at(30),
);

#[test]
fn a_foreign_key_into_another_database_names_both_metadata() {
    assert_eq!(
        report(&[&CUSTOMERS, &INVOICES]),
        "\
error: foreign key `invoices.customer_id` crosses from metadata `user_data` to metadata `platform`: `customers` lives in another database
  --> app::Invoice (app 0.1.0, src/models.rs:30:12)
  --> app::Customer (app 0.1.0, src/models.rs:10:12)
  = help: a foreign key can only point at a table in its own database: put both models in one metadata, or drop `references` and keep the link in application code

error: the model registry has 1 problem (2 table definitions and 2 metadata checked)"
    );
}

static BY_NAME_ELSEWHERE: TableDef = table(
    &USER_DATA,
    None,
    "refunds",
    &[
        id(),
        to_column!("customer_id", SqlType::BigInt, "customers", "id"),
    ],
    &[],
    &[],
    &[],
    "app::Refund",
    at(40),
);

static TO_NOTHING: TableDef = table(
    &PLATFORM,
    None,
    "shipments",
    &[
        id(),
        to_column!("carrier_id", SqlType::BigInt, "carriers", "id"),
        to_column!("customer_id", SqlType::BigInt, "customers", "uid"),
        to_column!("order_id", SqlType::Integer, "orders", "id"),
    ],
    &[],
    &[],
    &[],
    "app::Shipment",
    at(50),
);

static COMPOSITE: TableDef = table(
    &PLATFORM,
    None,
    "order_lines",
    &[
        id(),
        column(
            "line",
            "line",
            "i32",
            SqlType::Integer,
            false,
            true,
            None,
            None,
        ),
    ],
    &[],
    &[],
    &[],
    "app::OrderLine",
    at(60),
);

static TO_COMPOSITE: TableDef = table(
    &PLATFORM,
    None,
    "returns",
    &[id(), to_model!("line_id", &COMPOSITE, false)],
    &[],
    &[],
    &[],
    "app::Return",
    at(70),
);

#[test]
fn every_broken_foreign_key_is_reported_at_once() {
    let text = report(&[
        &CUSTOMERS,
        &ORDERS,
        &BY_NAME_ELSEWHERE,
        &TO_NOTHING,
        &COMPOSITE,
        &TO_COMPOSITE,
    ]);
    assert_eq!(
        text,
        "\
error: foreign key `returns.line_id` references `app::OrderLine`, which has no single-column primary key
  --> app::Return (app 0.1.0, src/models.rs:70:12)
  = help: give the referenced model one `#[model(primary_key)]` field, or reference a column by name: `references = \"table.column\"`

error: foreign key `shipments.carrier_id` references `carriers.id`, but metadata `platform` has no table `carriers`
  --> app::Shipment (app 0.1.0, src/models.rs:50:12)
  = help: check the spelling, and that the crate defining the table is linked; `references = ModelType` lets the compiler check the target

error: foreign key `shipments.customer_id` references `customers.uid`, but that table has no column `uid`
  --> app::Shipment (app 0.1.0, src/models.rs:50:12)
  = help: check the spelling, and that the crate defining the table is linked; `references = ModelType` lets the compiler check the target

error: foreign key `shipments.order_id` is INTEGER, but the column it references, `orders.id`, is BIGINT
  --> app::Shipment (app 0.1.0, src/models.rs:50:12)
  --> app::Order (app 0.1.0, src/models.rs:20:12)
  = help: give `order_id` the Rust type of `id` (`i64`), or the same `sql_type`

error: foreign key `refunds.customer_id` crosses from metadata `user_data` to metadata `platform`: `customers` lives in another database
  --> app::Refund (app 0.1.0, src/models.rs:40:12)
  --> app::Customer (app 0.1.0, src/models.rs:10:12)
  = help: a foreign key can only point at a table in its own database: put both models in one metadata, or drop `references` and keep the link in application code

error: the model registry has 5 problems (6 table definitions and 2 metadata checked)"
    );
}

// `ix_orders_customer_id` is also a table; `Uq_Customers_Email` differs from
// the generated `uq_customers_email` only in case.
static CLASHING_TABLE: TableDef = table(
    &PLATFORM,
    None,
    "ix_orders_customer_id",
    &[id()],
    &[index(Some("Uq_Customers_Email"), &["id"], true)],
    &[],
    &[],
    "app::Clash",
    at(80),
);

#[test]
fn names_shared_by_tables_indexes_and_constraints_are_reported() {
    assert_eq!(
        report(&[&CUSTOMERS, &ORDERS, &CLASHING_TABLE]),
        "\
error: name `ix_orders_customer_id` is used 2 times in metadata `platform`
  --> table `ix_orders_customer_id`: app::Clash (app 0.1.0, src/models.rs:80:12)
  --> index `ix_orders_customer_id` on `orders`: app::Order (app 0.1.0, src/models.rs:20:12)
  = help: tables, indexes and constraints share one namespace per schema: give one a `name = \"...\"`, or change the metadata's naming convention

error: name `uq_customers_email` is used 2 times in metadata `platform`
  --> unique constraint `uq_customers_email` on `customers`: app::Customer (app 0.1.0, src/models.rs:10:12)
  --> index `Uq_Customers_Email` on `ix_orders_customer_id`: app::Clash (app 0.1.0, src/models.rs:80:12)
  = note: names are compared ignoring ASCII case, as SQLite and MariaDB compare them, and on their first 63 bytes, all that PostgreSQL keeps
  = help: tables, indexes and constraints share one namespace per schema: give one a `name = \"...\"`, or change the metadata's naming convention

error: the model registry has 2 problems (3 table definitions and 2 metadata checked)"
    );
}

// a -> b -> c -> a, and c -> c (a self-reference is fine).
static CYCLE_A: TableDef = table(
    &PLATFORM,
    None,
    "a",
    &[id(), to_model!("b_id", &CYCLE_B, false)],
    &[],
    &[],
    &[],
    "app::A",
    at(90),
);
static CYCLE_B: TableDef = table(
    &PLATFORM,
    None,
    "b",
    &[id(), to_model!("c_id", &CYCLE_C, false)],
    &[],
    &[],
    &[],
    "app::B",
    at(91),
);
static CYCLE_C: TableDef = table(
    &PLATFORM,
    None,
    "c",
    &[
        id(),
        to_model!("a_id", &CYCLE_A, false),
        to_model!("parent_id", &CYCLE_C, false),
    ],
    &[],
    &[],
    &[],
    "app::C",
    at(92),
);
// The same cycle, broken by `use_alter` on one key.
static ALTER_A: TableDef = table(
    &USER_DATA,
    None,
    "a",
    &[id(), to_model!("b_id", &ALTER_B, true)],
    &[],
    &[],
    &[],
    "app::AlterA",
    at(93),
);
static ALTER_B: TableDef = table(
    &USER_DATA,
    None,
    "b",
    &[id(), to_model!("a_id", &ALTER_A, false)],
    &[],
    &[],
    &[],
    "app::AlterB",
    at(94),
);

#[test]
fn a_foreign_key_cycle_is_spelled_out_unless_one_key_is_use_alter() {
    assert_eq!(
        report(&[&CYCLE_C, &CYCLE_A, &CYCLE_B, &ALTER_A, &ALTER_B]),
        "\
error: foreign keys form a cycle in metadata `platform`: `a.b_id` -> `b`, `b.c_id` -> `c`, `c.a_id` -> `a`
  --> app::A (app 0.1.0, src/models.rs:90:12)
  --> app::B (app 0.1.0, src/models.rs:91:12)
  --> app::C (app 0.1.0, src/models.rs:92:12)
  = help: no order creates these tables one after another; add `use_alter` to one of the keys (`#[model(references = ..., use_alter)]`) so it is added once the tables exist

error: the model registry has 1 problem (5 table definitions and 2 metadata checked)"
    );

    let registry = Registry::from_definitions(&[&ALTER_A, &ALTER_B], &[&PLATFORM, &USER_DATA])
        .expect("use_alter breaks the cycle");
    let order: Vec<&str> = registry
        .creation_order("user_data")
        .iter()
        .map(|schema| schema.table().name())
        .collect();
    // `a` waits for nobody (its key to `b` is added afterwards); `b` waits for `a`.
    assert_eq!(order, ["a", "b"]);
}

#[test]
fn duplicate_tables_do_not_also_report_their_names_as_collisions() {
    static COPY: TableDef = table(
        &PLATFORM,
        None,
        "orders",
        &[id(), to_model!("customer_id", &CUSTOMERS, false)],
        &[index(None, &["customer_id"], false)],
        &[],
        &[],
        "app::copy::Order",
        at(99),
    );
    let err = Registry::from_definitions(&[&CUSTOMERS, &ORDERS, &COPY], &[&PLATFORM])
        .expect_err("orders is defined twice");
    let kinds: Vec<ProblemKind> = err.problems().iter().map(Problem::kind).collect();
    assert_eq!(kinds, [ProblemKind::DuplicateTable]);
}

#[test]
fn long_generated_names_are_shortened_and_still_distinct() {
    static LONG: TableDef = table(
        &PLATFORM,
        None,
        "a_table_name_that_is_long_enough_to_need_shortening_later",
        &[
            id(),
            plain("first_column_with_a_long_name", SqlType::BigInt),
            plain("second_column_with_a_long_name", SqlType::BigInt),
        ],
        &[
            index(None, &["first_column_with_a_long_name"], false),
            index(None, &["second_column_with_a_long_name"], false),
        ],
        &[],
        &[],
        "app::Long",
        at(100),
    );
    let registry = Registry::from_definitions(&[&LONG], &[&PLATFORM]).expect("no problems");
    let schema = registry.resolved(&LONG).unwrap();
    let names: Vec<&str> = schema
        .indexes()
        .iter()
        .map(model_registry::ResolvedIndex::name)
        .collect();
    assert!(names.iter().all(|name| name.len() == 63), "{names:?}");
    assert_ne!(names[0], names[1]);
    assert!(names[0].starts_with("ix_a_table_name_that_is_long_enough_to_need_shortening_"));
}

#[test]
fn hand_built_mistakes_the_macros_would_refuse_are_reported_too() {
    static NAMELESS: Metadata = metadata(
        "nameless",
        None,
        NamingConvention::DEFAULT.ix("ix"),
        "app::NAMELESS",
        at(110),
    );
    static GHOST_INDEX: TableDef = table(
        &NAMELESS,
        None,
        "ghosts",
        &[id()],
        &[index(Some("ix_ghosts_name"), &["name"], false)],
        &[],
        &[],
        "app::Ghost",
        at(111),
    );
    let err =
        Registry::from_definitions(&[&GHOST_INDEX], &[&NAMELESS]).expect_err("both are mistakes");
    assert_eq!(
        err.to_string(),
        "\
error: the `ix` template of metadata `nameless`'s naming convention, `ix`, cannot name an index
  --> app::NAMELESS (app 0.1.0, src/models.rs:110:12)
  = help: see `NamingConvention` for the tokens each kind may use; `metadata!` checks this at compile time

error: an index on `ghosts` names column `name`, which the table does not have
  --> app::Ghost (app 0.1.0, src/models.rs:111:12)
  = help: name one of the table's columns; `#[derive(Model)]` checks this at compile time, so this descriptor was built by hand

error: the model registry has 2 problems (1 table definition and 1 metadata checked)"
    );
}

static CATEGORY: TableDef = table(
    &PLATFORM,
    None,
    "categories",
    &[id(), to_model!("parent_id", &CATEGORY, false)],
    &[],
    &[],
    &[],
    "app::Category",
    at(120),
);

// `{:?}` used to follow `references` into the referenced model's
// descriptor, and so forever around a self-reference or a cycle: a stack
// overflow that aborted the process.
#[test]
fn debug_of_self_referencing_and_cyclic_models_names_the_reference() {
    let category = format!("{CATEGORY:?}");
    assert!(
        category.contains("target: Model(app::Category)"),
        "{category}"
    );
    let cycle = format!("{CYCLE_A:#?}");
    assert!(cycle.contains("Model(\n"), "{cycle}");
    assert!(cycle.contains("app::B"), "{cycle}");

    // A self-reference is no cycle: the registry accepts it, and every
    // Debug of what holds the model terminates too.
    let registry = Registry::from_definitions(&[&CATEGORY], &[&PLATFORM]).unwrap();
    let resolved = format!("{:?}", registry.resolved(&CATEGORY).unwrap());
    assert!(resolved.contains("referred_table"), "{resolved}");
    let report =
        Registry::from_definitions(&[&CYCLE_A, &CYCLE_B, &CYCLE_C], &[&PLATFORM]).unwrap_err();
    assert!(format!("{report:#?}").contains("ForeignKeyCycle"));
}

static ACCENTS: TableDef = table(
    &PLATFORM,
    None,
    "accents",
    &[
        id(),
        plain("é", SqlType::Text),
        plain("É", SqlType::Text),
        plain("e", SqlType::Text),
    ],
    &[],
    &[],
    &[],
    "app::Accents",
    at(130),
);

// Names any supported database takes for one are one name: MariaDB refuses
// columns `é` and `É` in one table.
#[test]
fn columns_that_differ_only_in_unicode_case_are_one_column() {
    let report = Registry::from_definitions(&[&ACCENTS], &[&PLATFORM]).unwrap_err();
    assert_eq!(
        report.to_string(),
        "error: `é` and `É` name one column of `accents`
  --> app::Accents (app 0.1.0, src/models.rs:130:12)
  = note: MariaDB compares column names ignoring case, Unicode case included
  = help: give each column a name of its own; `#[derive(Model)]` checks this at compile time, so this descriptor was built by hand

error: the model registry has 1 problem (1 table definition and 1 metadata checked)"
    );
}

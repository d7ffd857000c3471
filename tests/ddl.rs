//! The DDL of a representative metadata, statement by statement, per
//! dialect: keywords and spaces in names, a composite key, unique
//! constraints and indexes, a check, a default, foreign keys with actions, a
//! `use_alter` cycle, and a schema.

#[path = "common/shop.rs"]
mod shop;

use model_registry::__private as p;
use model_registry::ddl::{DdlError, Dialect};
use model_registry::{ForeignKeyTarget, Metadata, NamingConvention, Registry, SqlType, TableDef};

fn assert_statements(metadata: &str, dialect: Dialect, creates: &[&str], drops: &[&str]) {
    let registry = shop::registry();
    assert_eq!(
        registry.create_statements(metadata, dialect).unwrap(),
        creates,
        "create {metadata} in {dialect}"
    );
    assert_eq!(
        registry.drop_statements(metadata, dialect).unwrap(),
        drops,
        "drop {metadata} in {dialect}"
    );
}

#[test]
fn sqlite_shop() {
    assert_statements(
        "shop",
        Dialect::Sqlite,
        &[
            r#"CREATE TABLE "customer" ( "id" BIGINT NOT NULL, "user name" VARCHAR(80) NOT NULL, "email" VARCHAR(255), "best_order_id" BIGINT, CONSTRAINT "pk_customer" PRIMARY KEY ("id"), CONSTRAINT "uq_customer_user name" UNIQUE ("user name"), FOREIGN KEY ("best_order_id") REFERENCES "order" ("id") ON DELETE SET NULL )"#,
            r#"CREATE TABLE "order" ( "id" BIGINT NOT NULL, "customer_id" BIGINT NOT NULL, "select" TEXT, "total" INTEGER NOT NULL DEFAULT (0), CONSTRAINT "pk_order" PRIMARY KEY ("id"), FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "ck_order_total_positive" CHECK (total >= 0) )"#,
            r#"CREATE TABLE "order line" ( "order_id" BIGINT NOT NULL, "line" INTEGER NOT NULL, "quantity" INTEGER NOT NULL, CONSTRAINT "pk_order line" PRIMARY KEY ("order_id", "line"), FOREIGN KEY ("order_id") REFERENCES "order" ("id") ON DELETE CASCADE, CONSTRAINT "ck_order line_quantity_positive" CHECK (quantity > 0) )"#,
            r#"CREATE UNIQUE INDEX "ix_customer_email" ON "customer" ("email")"#,
            r#"CREATE INDEX "ix_order_customer_id_total" ON "order" ("customer_id", "total")"#,
        ],
        &[
            r#"DROP TABLE "order line""#,
            r#"DROP TABLE "order""#,
            r#"DROP TABLE "customer""#,
        ],
    );
}

#[test]
fn sqlite_archive() {
    assert_statements(
        "archive",
        Dialect::Sqlite,
        &[
            r#"CREATE TABLE "archived_order" ( "id" BIGINT NOT NULL, "archived_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT (CURRENT_TIMESTAMP), CONSTRAINT "pk_archived_order" PRIMARY KEY ("id") )"#,
            r#"CREATE INDEX "ix_archived_order_archived_at" ON "archived_order" ("archived_at")"#,
        ],
        &[r#"DROP TABLE "archived_order""#],
    );
}

#[test]
fn postgresql_shop() {
    assert_statements(
        "shop",
        Dialect::Postgres,
        &[
            r#"CREATE TABLE "customer" ( "id" bigint NOT NULL, "user name" varchar(80) NOT NULL, "email" varchar(255), "best_order_id" bigint, CONSTRAINT "pk_customer" PRIMARY KEY ("id"), CONSTRAINT "uq_customer_user name" UNIQUE ("user name") )"#,
            r#"CREATE TABLE "order" ( "id" bigint NOT NULL, "customer_id" bigint NOT NULL, "select" text, "total" integer NOT NULL DEFAULT (0), CONSTRAINT "pk_order" PRIMARY KEY ("id"), CONSTRAINT "fk_order_customer_id_customer" FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "ck_order_total_positive" CHECK (total >= 0) )"#,
            r#"CREATE TABLE "order line" ( "order_id" bigint NOT NULL, "line" integer NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "pk_order line" PRIMARY KEY ("order_id", "line"), CONSTRAINT "fk_order line_order_id_order" FOREIGN KEY ("order_id") REFERENCES "order" ("id") ON DELETE CASCADE, CONSTRAINT "ck_order line_quantity_positive" CHECK (quantity > 0) )"#,
            r#"CREATE UNIQUE INDEX "ix_customer_email" ON "customer" ("email")"#,
            r#"CREATE INDEX "ix_order_customer_id_total" ON "order" ("customer_id", "total")"#,
            r#"ALTER TABLE "customer" ADD CONSTRAINT "fk_customer_best_order_id_order" FOREIGN KEY ("best_order_id") REFERENCES "order" ("id") ON DELETE SET NULL"#,
        ],
        &[
            r#"ALTER TABLE "customer" DROP CONSTRAINT "fk_customer_best_order_id_order""#,
            r#"DROP TABLE "order line""#,
            r#"DROP TABLE "order""#,
            r#"DROP TABLE "customer""#,
        ],
    );
}

#[test]
fn postgresql_archive() {
    assert_statements(
        "archive",
        Dialect::Postgres,
        &[
            r#"CREATE TABLE "archive"."archived_order" ( "id" bigint NOT NULL, "archived_at" timestamp with time zone NOT NULL DEFAULT (CURRENT_TIMESTAMP), CONSTRAINT "pk_archived_order" PRIMARY KEY ("id") )"#,
            r#"CREATE INDEX "ix_archived_order_archived_at" ON "archive"."archived_order" ("archived_at")"#,
        ],
        &[r#"DROP TABLE "archive"."archived_order""#],
    );
}

#[test]
fn mysql_shop() {
    assert_statements(
        "shop",
        Dialect::MySql,
        &[
            "CREATE TABLE `customer` ( `id` bigint NOT NULL, `user name` varchar(80) NOT NULL, `email` varchar(255), `best_order_id` bigint, PRIMARY KEY (`id`), UNIQUE KEY `uq_customer_user name` (`user name`), UNIQUE KEY `ix_customer_email` (`email`) )",
            "CREATE TABLE `order` ( `id` bigint NOT NULL, `customer_id` bigint NOT NULL, `select` longtext, `total` int NOT NULL DEFAULT (0), PRIMARY KEY (`id`), KEY `ix_order_customer_id_total` (`customer_id`, `total`), CONSTRAINT `fk_order_customer_id_customer` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT `ck_order_total_positive` CHECK (total >= 0) )",
            "CREATE TABLE `order line` ( `order_id` bigint NOT NULL, `line` int NOT NULL, `quantity` int NOT NULL, PRIMARY KEY (`order_id`, `line`), CONSTRAINT `fk_order line_order_id_order` FOREIGN KEY (`order_id`) REFERENCES `order` (`id`) ON DELETE CASCADE, CONSTRAINT `ck_order line_quantity_positive` CHECK (quantity > 0) )",
            "ALTER TABLE `customer` ADD CONSTRAINT `fk_customer_best_order_id_order` FOREIGN KEY (`best_order_id`) REFERENCES `order` (`id`) ON DELETE SET NULL",
        ],
        &[
            "ALTER TABLE `customer` DROP FOREIGN KEY `fk_customer_best_order_id_order`",
            "DROP TABLE `order line`",
            "DROP TABLE `order`",
            "DROP TABLE `customer`",
        ],
    );
}

#[test]
fn mysql_archive() {
    assert_statements(
        "archive",
        Dialect::MySql,
        &[
            "CREATE TABLE `archive`.`archived_order` ( `id` bigint NOT NULL, `archived_at` datetime(6) NOT NULL DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (`id`), KEY `ix_archived_order_archived_at` (`archived_at`) )",
        ],
        &["DROP TABLE `archive`.`archived_order`"],
    );
}

#[test]
fn the_table_by_table_view_matches_the_script() {
    let ddl = shop::registry().ddl("shop", Dialect::Postgres).unwrap();
    let names: Vec<&str> = ddl.tables().iter().map(|t| t.table().name()).collect();
    assert_eq!(names, ["customer", "order", "order line"]);
    let customer = &ddl.tables()[0];
    assert_eq!(customer.create_indexes().len(), 1);
    assert_eq!(customer.add_foreign_keys().len(), 1);
    assert_eq!(customer.drop_foreign_keys().len(), 1);
    assert_eq!(customer.drop_table(), r#"DROP TABLE "customer""#);
}

#[test]
fn an_unknown_metadata_is_an_error_not_an_empty_script() {
    let error = shop::registry()
        .create_statements("shpo", Dialect::Sqlite)
        .unwrap_err();
    assert!(matches!(&error, DdlError::UnknownMetadata { metadata } if metadata == "shpo"));
    assert_eq!(
        error.to_string(),
        "error: no metadata `shpo` is declared in the registry\n  \
         = help: declare it with `model_registry::metadata!`, and check that the crate declaring it is linked"
    );
}

static TWO_SCHEMAS: Metadata = p::metadata(
    "two_schemas",
    None,
    NamingConvention::DEFAULT,
    "tests::TWO_SCHEMAS",
    p::location!(),
);
use shop::ID;
static SALES_ITEMS: TableDef = p::table(
    &TWO_SCHEMAS,
    Some("sales"),
    "items",
    &ID,
    &[],
    &[],
    &[],
    "sales::Item",
    p::location!(),
);
static STOCK_ITEMS: TableDef = p::table(
    &TWO_SCHEMAS,
    Some("stock"),
    "Items",
    &ID,
    &[],
    &[],
    &[],
    "stock::Item",
    p::location!(),
);
static STOCK_LINKS: TableDef = p::table(
    &TWO_SCHEMAS,
    Some("stock"),
    "links",
    &[p::column(
        "id",
        "id",
        "i64",
        SqlType::BigInt,
        false,
        true,
        None,
        Some(p::foreign_key(
            ForeignKeyTarget::Column {
                schema: Some("sales"),
                table: "items",
                column: "id",
            },
            None,
            None,
            false,
        )),
    )],
    &[],
    &[],
    &[],
    "stock::Link",
    p::location!(),
);

#[test]
fn what_a_dialect_cannot_hold_is_a_typed_error() {
    let registry =
        Registry::from_definitions(&[&SALES_ITEMS, &STOCK_ITEMS, &STOCK_LINKS], &[&TWO_SCHEMAS])
            .unwrap();
    let postgres = registry
        .create_statements("two_schemas", Dialect::Postgres)
        .unwrap();
    assert_eq!(
        postgres[2],
        r#"CREATE TABLE "stock"."links" ( "id" bigint NOT NULL, CONSTRAINT "pk_links" PRIMARY KEY ("id"), CONSTRAINT "fk_links_id_items" FOREIGN KEY ("id") REFERENCES "sales"."items" ("id") )"#
    );

    let sqlite = registry.ddl("two_schemas", Dialect::Sqlite).unwrap_err();
    let DdlError::SqliteNameClash { name, owners } = &sqlite else {
        panic!("{sqlite:?}");
    };
    assert_eq!(name, "items");
    assert_eq!(owners.len(), 2);
    assert!(
        sqlite.to_string().starts_with(
            "error: on SQLite, `items` names more than one table or index\n  --> table `sales.items`: sales::Item ("
        ),
        "{sqlite}"
    );
    assert!(sqlite.to_string().contains(
        "  = note: on SQLite this DDL puts every table in `main`, whatever its schema\n"
    ));

    let mysql = registry.ddl("two_schemas", Dialect::MySql).unwrap_err();
    let DdlError::Unsupported {
        table,
        key,
        referred_table,
    } = &mysql
    else {
        panic!("{mysql:?}");
    };
    assert_eq!(table.name(), "links");
    assert_eq!(key, "fk_links_id_items");
    assert_eq!(referred_table.qualified_name(), "sales.items");
    assert!(
        mysql.to_string().starts_with(
            "error: cannot write foreign key `fk_links_id_items` (`stock.links` -> `sales.items`) for MySQL: it would name a table by its schema\n"
        ),
        "{mysql}"
    );
    assert!(mysql.to_string().ends_with(
        "  = help: keep both tables in the connection's database (no `schema`), or add this key by hand"
    ));
}

#[test]
fn column_types_per_dialect() {
    use SqlType::*;
    let cases = [
        (BigInt, "BIGINT", "bigint", "bigint"),
        (Integer, "INTEGER", "integer", "int"),
        (Double, "DOUBLE PRECISION", "double precision", "double"),
        (Decimal, "DECIMAL", "numeric", "decimal(65,30)"),
        (Boolean, "BOOLEAN", "boolean", "bool"),
        (Text, "TEXT", "text", "longtext"),
        (Varchar(12), "VARCHAR(12)", "varchar(12)", "varchar(12)"),
        (Blob, "BLOB", "bytea", "longblob"),
        (Time, "TIME", "time", "time(6)"),
        (Timestamp, "TIMESTAMP", "timestamp", "datetime(6)"),
        (
            TimestampTz,
            "TIMESTAMP WITH TIME ZONE",
            "timestamp with time zone",
            "datetime(6)",
        ),
        (Uuid, "UUID", "uuid", "binary(16)"),
        (Json, "JSON", "jsonb", "json"),
        (Custom("citext"), "citext", "citext", "citext"),
    ];
    for (sql_type, sqlite, postgres, mysql) in cases {
        assert_eq!(Dialect::Sqlite.column_type(sql_type), sqlite);
        assert_eq!(Dialect::Postgres.column_type(sql_type), postgres);
        assert_eq!(Dialect::MySql.column_type(sql_type), mysql);
    }
}

#[test]
fn every_name_clash_on_sqlite_is_reported_at_once() {
    static SALES_LINKS: TableDef = p::table(
        &TWO_SCHEMAS,
        Some("sales"),
        "links",
        &ID,
        &[],
        &[],
        &[],
        "sales::Link",
        p::location!(),
    );
    static STOCK_LINKS_ONLY: TableDef = p::table(
        &TWO_SCHEMAS,
        Some("stock"),
        "LINKS",
        &ID,
        &[],
        &[],
        &[],
        "stock::LinkOnly",
        p::location!(),
    );
    let registry = Registry::from_definitions(
        &[&SALES_ITEMS, &STOCK_ITEMS, &SALES_LINKS, &STOCK_LINKS_ONLY],
        &[&TWO_SCHEMAS],
    )
    .unwrap();
    let error = registry.ddl("two_schemas", Dialect::Sqlite).unwrap_err();
    let DdlError::Several(errors) = &error else {
        panic!("{error:?}");
    };
    let names: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            DdlError::SqliteNameClash { name, .. } => name.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["items", "links"]);
    assert!(
        error
            .to_string()
            .ends_with("error: 2 problems keep the DDL from being written; each is listed above"),
        "{error}"
    );
}

const fn key_to(schema: &'static str, table: &'static str) -> model_registry::ForeignKeyDef {
    p::foreign_key(
        ForeignKeyTarget::Column {
            schema: Some(schema),
            table,
            column: "id",
        },
        None,
        None,
        false,
    )
}

static STOCK_PAIRS: TableDef = p::table(
    &TWO_SCHEMAS,
    Some("stock"),
    "pairs",
    &[
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "a_id",
            "a_id",
            "i64",
            SqlType::BigInt,
            false,
            false,
            None,
            Some(key_to("sales", "items")),
        ),
        p::column(
            "b_id",
            "b_id",
            "i64",
            SqlType::BigInt,
            false,
            false,
            None,
            Some(key_to("stock", "Items")),
        ),
    ],
    &[],
    &[],
    &[],
    "stock::Pair",
    p::location!(),
);

#[test]
fn every_key_mysql_cannot_write_is_reported_not_the_first() {
    let registry =
        Registry::from_definitions(&[&SALES_ITEMS, &STOCK_ITEMS, &STOCK_PAIRS], &[&TWO_SCHEMAS])
            .unwrap();
    let error = registry.ddl("two_schemas", Dialect::MySql).unwrap_err();
    let DdlError::Several(errors) = &error else {
        panic!("{error:?}");
    };
    let keys: Vec<(&str, String)> = errors
        .iter()
        .map(|error| match error {
            DdlError::Unsupported {
                table,
                key,
                referred_table,
            } => {
                assert_eq!(table.name(), "pairs");
                (key.as_str(), referred_table.qualified_name())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("fk_pairs_a_id_items", "sales.items".to_owned()),
            ("fk_pairs_b_id_Items", "stock.Items".to_owned())
        ]
    );
}

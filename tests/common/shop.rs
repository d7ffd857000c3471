//! A representative schema, built by hand with the `__private` constructors
//! (the derive does not write keys and constraints yet):
//!
//! - metadata `shop`: `customer` and `order` reference each other (the
//!   customer's key is `use_alter`), `order line` has a composite key; the
//!   names include SQL keywords (`order`, `select`) and spaces (`user name`,
//!   `order line`); a unique constraint, an index, a unique index, a check,
//!   a server default and foreign keys with actions.
//! - metadata `audit`: one table, `audit_event`.
//! - metadata `broken`: three tables; the third one's check is not SQL, so
//!   creating it fails after the first two.
//! - metadata `archive`, schema `archive`: one table and an index, to show
//!   schema-qualified names.
//! - metadata `cased` (in [`cased_registry`] only): table `Users` with
//!   column `Slug`, to show that a live database is matched by its own
//!   identifier rules.

#![allow(dead_code, unreachable_pub)]

use model_registry::__private as p;
use model_registry::{
    ForeignKeyTarget, Metadata, NamingConvention, ReferentialAction, Registry, SqlType, TableDef,
};

pub static SHOP: Metadata = p::metadata(
    "shop",
    None,
    NamingConvention::DEFAULT,
    "tests::SHOP",
    p::location!(),
);
pub static AUDIT: Metadata = p::metadata(
    "audit",
    None,
    NamingConvention::DEFAULT,
    "tests::AUDIT",
    p::location!(),
);
pub static BROKEN: Metadata = p::metadata(
    "broken",
    None,
    NamingConvention::DEFAULT,
    "tests::BROKEN",
    p::location!(),
);
pub static ARCHIVE: Metadata = p::metadata(
    "archive",
    Some("archive"),
    NamingConvention::DEFAULT,
    "tests::ARCHIVE",
    p::location!(),
);

pub static CASED: Metadata = p::metadata(
    "cased",
    None,
    NamingConvention::DEFAULT,
    "tests::CASED",
    p::location!(),
);

const fn target(table: &'static str, column: &'static str) -> ForeignKeyTarget {
    ForeignKeyTarget::Column {
        schema: None,
        table,
        column,
    }
}

pub static CUSTOMER: TableDef = p::table(
    &SHOP,
    None,
    "customer",
    &[
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "user name",
            "user_name",
            "String",
            SqlType::Varchar(80),
            false,
            false,
            None,
            None,
        ),
        p::column(
            "email",
            "email",
            "Option<String>",
            SqlType::Varchar(255),
            true,
            false,
            None,
            None,
        ),
        p::column(
            "best_order_id",
            "best_order_id",
            "Option<i64>",
            SqlType::BigInt,
            true,
            false,
            None,
            Some(&p::foreign_key(
                target("order", "id"),
                Some(ReferentialAction::SetNull),
                None,
                true,
            )),
        ),
    ],
    &[p::index(None, &["email"], true)],
    &[p::unique(None, &["user name"])],
    &[],
    "shop::Customer",
    p::location!(),
);

pub static ORDER: TableDef = p::table(
    &SHOP,
    None,
    "order",
    &[
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "customer_id",
            "customer_id",
            "i64",
            SqlType::BigInt,
            false,
            false,
            None,
            Some(&p::foreign_key(
                target("customer", "id"),
                Some(ReferentialAction::Cascade),
                Some(ReferentialAction::NoAction),
                false,
            )),
        ),
        p::column(
            "select",
            "select",
            "Option<String>",
            SqlType::Text,
            true,
            false,
            None,
            None,
        ),
        p::column(
            "total",
            "total",
            "i32",
            SqlType::Integer,
            false,
            false,
            Some("0"),
            None,
        ),
    ],
    &[p::index(None, &["customer_id", "total"], false)],
    &[],
    &[p::check("total_positive", "total >= 0")],
    "shop::Order",
    p::location!(),
);

pub static ORDER_LINE: TableDef = p::table(
    &SHOP,
    None,
    "order line",
    &[
        p::column(
            "order_id",
            "order_id",
            "i64",
            SqlType::BigInt,
            false,
            true,
            None,
            Some(&p::foreign_key(
                target("order", "id"),
                Some(ReferentialAction::Cascade),
                None,
                false,
            )),
        ),
        p::column(
            "line",
            "line",
            "i32",
            SqlType::Integer,
            false,
            true,
            None,
            None,
        ),
        p::column(
            "quantity",
            "quantity",
            "i32",
            SqlType::Integer,
            false,
            false,
            None,
            None,
        ),
    ],
    &[],
    &[],
    &[p::check("quantity_positive", "quantity > 0")],
    "shop::OrderLine",
    p::location!(),
);

pub static AUDIT_EVENT: TableDef = p::table(
    &AUDIT,
    None,
    "audit_event",
    &[
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "message",
            "message",
            "String",
            SqlType::Text,
            false,
            false,
            None,
            None,
        ),
    ],
    &[],
    &[],
    &[],
    "audit::AuditEvent",
    p::location!(),
);

/// A lone `id BIGINT` primary key, for hand-built tables.
pub static ID: [model_registry::ColumnDef; 1] = [p::column(
    "id",
    "id",
    "i64",
    SqlType::BigInt,
    false,
    true,
    None,
    None,
)];

const fn plain(
    name: &'static str,
    type_path: &'static str,
    checks: &'static [model_registry::CheckDef],
) -> TableDef {
    p::table(
        &BROKEN,
        None,
        name,
        &ID,
        &[],
        &[],
        checks,
        type_path,
        p::location!(),
    )
}

pub static BROKEN_A: TableDef = plain("broken_a", "broken::A", &[]);
pub static BROKEN_B: TableDef = plain("broken_b", "broken::B", &[]);
pub static BROKEN_C: TableDef = plain(
    "broken_c",
    "broken::C",
    &[p::check("nonsense", "this is not SQL at all ((")],
);

pub static ARCHIVED_ORDER: TableDef = p::table(
    &ARCHIVE,
    None,
    "archived_order",
    &[
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "archived_at",
            "archived_at",
            "DateTime<Utc>",
            SqlType::TimestampTz,
            false,
            false,
            Some("CURRENT_TIMESTAMP"),
            None,
        ),
    ],
    &[p::index(None, &["archived_at"], false)],
    &[],
    &[],
    "archive::ArchivedOrder",
    p::location!(),
);

pub static CASED_USERS: TableDef = p::table(
    &CASED,
    None,
    "Users",
    &[
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "Slug",
            "slug",
            "String",
            SqlType::Text,
            false,
            false,
            None,
            None,
        ),
    ],
    &[],
    &[],
    &[],
    "cased::Users",
    p::location!(),
);

/// Every table and metadata above, checked.
pub fn registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::from_definitions(
            &[
                &CUSTOMER,
                &ORDER,
                &ORDER_LINE,
                &AUDIT_EVENT,
                &BROKEN_A,
                &BROKEN_B,
                &BROKEN_C,
                &ARCHIVED_ORDER,
            ],
            &[&SHOP, &AUDIT, &BROKEN, &ARCHIVE],
        )
        .unwrap_or_else(|report| panic!("{report}"))
    })
}

/// Metadata `cased` alone.
pub fn cased_registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::from_definitions(&[&CASED_USERS], &[&CASED])
            .unwrap_or_else(|report| panic!("{report}"))
    })
}

/// Metadata `many`: `count` plain tables `t000`, `t001`, … (an `id` key and
/// three columns each), for operations long enough to interrupt.
pub fn many_registry(count: usize) -> &'static Registry {
    use model_registry::ColumnDef;
    static MANY: Metadata = p::metadata(
        "many",
        None,
        NamingConvention::DEFAULT,
        "tests::MANY",
        p::location!(),
    );
    static COLUMNS: [ColumnDef; 4] = [
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "name",
            "name",
            "String",
            SqlType::Text,
            false,
            false,
            None,
            None,
        ),
        p::column(
            "score",
            "score",
            "f64",
            SqlType::Double,
            true,
            false,
            None,
            None,
        ),
        p::column("at", "at", "i64", SqlType::BigInt, true, false, None, None),
    ];
    let tables: Vec<&'static TableDef> = (0..count)
        .map(|n| {
            let name: &'static str = Box::leak(format!("t{n:03}").into_boxed_str());
            let table: &'static TableDef = Box::leak(Box::new(p::table(
                &MANY,
                None,
                name,
                &COLUMNS,
                &[],
                &[],
                &[],
                "many::T",
                p::location!(),
            )));
            table
        })
        .collect();
    Box::leak(Box::new(
        Registry::from_definitions(&tables, &[&MANY]).unwrap_or_else(|report| panic!("{report}")),
    ))
}

/// Metadata `documents` alone: one table with a JSON column.
pub fn json_registry() -> &'static Registry {
    static DOCUMENTS: Metadata = p::metadata(
        "documents",
        None,
        NamingConvention::DEFAULT,
        "tests::DOCUMENTS",
        p::location!(),
    );
    static DOCUMENT: TableDef = p::table(
        &DOCUMENTS,
        None,
        "document",
        &[
            p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
            p::column(
                "body",
                "body",
                "Value",
                SqlType::Json,
                false,
                false,
                None,
                None,
            ),
        ],
        &[],
        &[],
        &[],
        "documents::Document",
        p::location!(),
    );
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::from_definitions(&[&DOCUMENT], &[&DOCUMENTS])
            .unwrap_or_else(|report| panic!("{report}"))
    })
}

/// Metadata `types`: one table with a column of every SQL type, nullable
/// and not, with defaults of several kinds, and a keyword for a name.
/// Without `decimal`, the decimal column is left out (SQLite refuses it).
pub fn every_type_registry(decimal: bool) -> Registry {
    use model_registry::ColumnDef;
    static TYPES: Metadata = p::metadata(
        "types",
        None,
        NamingConvention::DEFAULT,
        "tests::TYPES",
        p::location!(),
    );
    const fn col(
        name: &'static str,
        sql_type: SqlType,
        nullable: bool,
        default: Option<&'static str>,
    ) -> ColumnDef {
        p::column(name, name, "T", sql_type, nullable, false, default, None)
    }
    const INDEXES: &[model_registry::IndexDef] = &[p::index(None, &["day", "at"], false)];
    const UNIQUES: &[model_registry::UniqueDef] = &[p::unique(None, &["short text"])];
    const CHECKS: &[model_registry::CheckDef] = &[p::check("small_positive", "small >= 0")];
    let all: [ColumnDef; 20] = [
        p::column("id", "id", "i32", SqlType::Integer, false, true, None, None),
        col("small", SqlType::SmallInt, false, Some("0")),
        col("big", SqlType::BigInt, true, None),
        col("real", SqlType::Real, true, None),
        col("double", SqlType::Double, false, Some("1.5")),
        col("decimal", SqlType::Decimal, true, None),
        col("flag", SqlType::Boolean, false, Some("FALSE")),
        col("text", SqlType::Text, true, None),
        col("short text", SqlType::Varchar(40), false, Some("'none'")),
        col("bytes", SqlType::Blob, true, None),
        col("day", SqlType::Date, true, None),
        col("time", SqlType::Time, true, None),
        col("at", SqlType::Timestamp, true, None),
        col(
            "created",
            SqlType::TimestampTz,
            false,
            Some("CURRENT_TIMESTAMP"),
        ),
        col("uuid", SqlType::Uuid, true, None),
        col("document", SqlType::Json, true, None),
        col("money", SqlType::Custom("NUMERIC(12, 2)"), false, Some("0")),
        col("select", SqlType::Text, true, None),
        col("order", SqlType::Integer, true, None),
        col("ratio", SqlType::Double, true, None),
    ];
    let columns: Vec<ColumnDef> = all
        .into_iter()
        .filter(|column| decimal || column.sql_type() != SqlType::Decimal)
        .collect();
    let columns: &'static [ColumnDef] = Box::leak(columns.into_boxed_slice());
    let table: &'static TableDef = Box::leak(Box::new(p::table(
        &TYPES,
        None,
        "every type",
        columns,
        INDEXES,
        UNIQUES,
        CHECKS,
        "types::EveryType",
        p::location!(),
    )));
    Registry::from_definitions(&[table], &[&TYPES]).unwrap_or_else(|report| panic!("{report}"))
}

/// Metadata `integers`: one table with a nullable column of each integer
/// type sqlx can bind on `dialect` (`i8` and unsigned ones where it can).
pub fn integer_registry(unsigned: bool, tiny: bool, u64_too: bool) -> Registry {
    use model_registry::ColumnDef;
    static INTEGERS: Metadata = p::metadata(
        "integers",
        None,
        NamingConvention::DEFAULT,
        "tests::INTEGERS",
        p::location!(),
    );
    let mut columns: Vec<ColumnDef> = vec![
        p::column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        p::column(
            "i16",
            "i16",
            "Option<i16>",
            SqlType::SmallInt,
            true,
            false,
            None,
            None,
        ),
        p::column(
            "i32",
            "i32",
            "Option<i32>",
            SqlType::Integer,
            true,
            false,
            None,
            None,
        ),
        p::column(
            "i64",
            "i64",
            "Option<i64>",
            SqlType::BigInt,
            true,
            false,
            None,
            None,
        ),
    ];
    if tiny {
        columns.push(p::column(
            "i8",
            "i8",
            "Option<i8>",
            SqlType::TinyInt,
            true,
            false,
            None,
            None,
        ));
    }
    if unsigned {
        for (name, bits) in [("u8", 8), ("u16", 16), ("u32", 32)] {
            columns.push(p::column(
                name,
                name,
                "Option<u..>",
                SqlType::Unsigned(bits),
                true,
                false,
                None,
                None,
            ));
        }
        if u64_too {
            columns.push(p::column(
                "u64",
                "u64",
                "Option<u64>",
                SqlType::Unsigned(64),
                true,
                false,
                None,
                None,
            ));
        }
    }
    let columns: &'static [ColumnDef] = Box::leak(columns.into_boxed_slice());
    let table: &'static TableDef = Box::leak(Box::new(p::table(
        &INTEGERS,
        None,
        "integers",
        columns,
        &[],
        &[],
        &[],
        "integers::Integers",
        p::location!(),
    )));
    Registry::from_definitions(&[table], &[&INTEGERS]).unwrap_or_else(|report| panic!("{report}"))
}

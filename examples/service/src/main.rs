//! An example service whose structs are both its tables (model-registry)
//! and its rows (sqlx): every name is written once, on the struct.
//!
//! ```text
//! cargo run -p service                                   # SQLite, in memory
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!     cargo run -p service -- --drop                     # PostgreSQL, dropped before and after
//! ```
//!
//! It checks the registry, binds its one metadata to `DATABASE_URL`,
//! creates the tables (and on PostgreSQL the enum type first), inserts
//! rows with queries built from the models' quoted names, reads them back
//! with `query_as` into the same structs, and verifies the database.

use std::error::Error;

use chrono::DateTime;
use model_registry::Model;
use model_registry::ddl::Dialect;

use service::{Account, Notification, NotificationStatus, Payload, SERVICE};

/// `$1, $2, …` on PostgreSQL, `?, ?, …` elsewhere: one per column.
fn placeholders(dialect: Dialect, count: usize) -> String {
    let each = (1..=count).map(|n| match dialect {
        Dialect::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    });
    each.collect::<Vec<_>>().join(", ")
}

/// `INSERT INTO "table" ("a", "b") VALUES ($1, $2)`: every column of `M`.
fn insert<M: Model>(dialect: Dialect) -> String {
    let table = M::TABLE;
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table.quoted_name(dialect),
        table.quoted_columns(dialect),
        placeholders(dialect, table.columns().len())
    )
}

/// The rows the service writes, then reads back.
fn rows() -> (Vec<Account>, Vec<Notification>) {
    let accounts = vec![
        Account {
            id: 1,
            email: "ada@example.com".to_owned(),
            display_name: Some("Ada".to_owned()),
            unread: 0,
        },
        Account {
            id: 2,
            email: "grace@example.com".to_owned(),
            display_name: None,
            unread: 0,
        },
    ];
    let notifications = vec![
        Notification {
            id: 1,
            account_id: 1,
            status: NotificationStatus::Sent,
            payload: Payload {
                subject: "Welcome".to_owned(),
                links: vec!["https://example.com/start".to_owned()],
            },
            sent_at: DateTime::from_timestamp(1_790_000_000, 0),
        },
        Notification {
            id: 2,
            account_id: 2,
            status: NotificationStatus::Pending,
            payload: Payload {
                subject: "Your invoice".to_owned(),
                links: Vec::new(),
            },
            sent_at: None,
        },
    ];
    (accounts, notifications)
}

/// Inserts the rows, reads them back and checks they are the same. The
/// pool types differ per database, hence a macro.
macro_rules! write_and_read {
    ($pool:expr, $dialect:expr) => {{
        let (pool, dialect) = ($pool, $dialect);
        let (accounts, notifications) = rows();
        for account in &accounts {
            sqlx::query(sqlx::AssertSqlSafe(insert::<Account>(dialect)))
                .bind(account.id)
                .bind(&account.email)
                .bind(&account.display_name)
                .execute(pool)
                .await?;
        }
        for notification in &notifications {
            sqlx::query(sqlx::AssertSqlSafe(insert::<Notification>(dialect)))
                .bind(notification.id)
                .bind(notification.account_id)
                .bind(notification.status)
                .bind(sqlx::types::Json(&notification.payload))
                .bind(notification.sent_at)
                .execute(pool)
                .await?;
        }
        let order = |table: &model_registry::TableDef| {
            format!(
                "{} ORDER BY {}",
                table.select_all(dialect),
                dialect.quote("id")
            )
        };
        let read_accounts: Vec<Account> =
            sqlx::query_as(sqlx::AssertSqlSafe(order(Account::TABLE)))
                .fetch_all(pool)
                .await?;
        let read_notifications: Vec<Notification> =
            sqlx::query_as(sqlx::AssertSqlSafe(order(Notification::TABLE)))
                .fetch_all(pool)
                .await?;
        assert_eq!(read_accounts, accounts);
        assert_eq!(read_notifications, notifications);
        // One row by a column: its name from the model's constant.
        let by_email = format!(
            "{} WHERE {} = {}",
            Account::TABLE.select_all(dialect),
            dialect.quote(Account::COLUMN_EMAIL),
            placeholders(dialect, 1)
        );
        let grace: Account = sqlx::query_as(sqlx::AssertSqlSafe(by_email))
            .bind("grace@example.com")
            .fetch_one(pool)
            .await?;
        assert_eq!(grace, accounts[1]);
        println!("== read back");
        for account in &read_accounts {
            println!("{account:?}");
        }
        for notification in &read_notifications {
            println!("{notification:?}");
        }
    }};
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    // The startup check: every table linked into the binary, at once.
    let registry = model_registry::check().map_err(ToString::to_string)?;
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".to_owned());
    let drop_after = std::env::args().skip(1).any(|arg| arg == "--drop");
    let (pool, dialect) = if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&url).await?;
        (model_registry::db::Pool::from(pool), Dialect::Postgres)
    } else {
        // One connection: an in-memory database lives as long as it does.
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await?;
        (model_registry::db::Pool::from(pool), Dialect::Sqlite)
    };
    let database = registry.bind([(&SERVICE, pool.clone())])?;

    if drop_after {
        // A clean slate, whatever an earlier run left behind.
        database.drop_all().await?;
    }
    println!("== create_all on {dialect}");
    for created in database.create_all().await? {
        println!("{created}");
    }
    match &pool {
        model_registry::db::Pool::Postgres(pool) => write_and_read!(pool, dialect),
        model_registry::db::Pool::Sqlite(pool) => write_and_read!(pool, dialect),
        _ => unreachable!("connected above"),
    }
    println!("== verify");
    for verification in database.verify().await? {
        println!("{verification}");
        // Warnings (tables of other programs, say) leave the service working.
        if verification.errors().next().is_some() {
            return Err(verification.to_string().into());
        }
    }
    // What CI asks of a deployed database: nothing left to migrate.
    database.check_migrated().await?;
    println!("== check_migrated: nothing to migrate");
    if drop_after {
        println!("== drop_all");
        for dropped in database.drop_all().await? {
            println!("{dropped}");
        }
    }
    Ok(())
}

//! The embedded quick start: two SQLite databases, one per metadata, with
//! their models in two crates.
//!
//! Run it with `cargo run -p quickstart`. It checks the registry, binds
//! `platform` and `user_data` to their own database files, creates every
//! table (`create_all`), verifies both databases against the models, prints
//! the registry, and then drops a table by hand to show `verify` catching it.
//! `-- --json` prints the registry as JSON instead (the shape a CI job can
//! diff).

// A model crate that the code never names is not linked, and its tables are
// silently absent; this makes forgetting one a build error.
#![deny(unused_crate_dependencies)]

use std::error::Error;
use std::path::{Path, PathBuf};

// Naming the crates links them (and their models) into the binary.
use example_platform_models::PLATFORM;
use example_user_data_models::{IntentFeedback, USER_DATA};
use model_registry::Model;
use sqlx::SqlitePool;
use sqlx::sqlite::SqliteConnectOptions;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let json = std::env::args().skip(1).any(|arg| arg == "--json");
    // The startup check: every table linked into the binary, at once.
    let registry = match model_registry::check() {
        Ok(registry) => registry,
        Err(report) => {
            if json {
                println!("{}", to_json(report));
            }
            eprintln!("{report}");
            std::process::exit(1);
        }
    };
    if json {
        println!("{}", to_json(registry));
        return Ok(());
    }

    let dir = Scratch::new()?;
    let platform = open(&dir.0.join("platform.db")).await?;
    let user_data = open(&dir.0.join("user_data.db")).await?;

    // Each metadata is one database: bind them all at once. Binding a
    // metadata twice, or leaving one unbound, is refused here.
    let databases = model_registry::db::bind([
        (&PLATFORM, platform.clone()),
        (&USER_DATA, user_data.clone()),
    ])?;

    println!("== create_all");
    for created in databases.create_all().await? {
        println!("{created}");
    }
    println!("== create_all again (checkfirst: nothing to do)");
    for created in databases.create_all().await? {
        println!("{created}");
    }
    println!("== verify");
    for verification in databases.verify().await? {
        println!("{verification}");
    }

    println!("== the registry");
    println!("{registry}");

    // Someone drops a table by hand; the next verify says so, with the
    // model that defines it.
    println!("== DROP TABLE intent_feedback on the user_data database, then verify");
    sqlx::query("DROP TABLE intent_feedback")
        .execute(&user_data)
        .await?;
    let verification = USER_DATA.verify(&user_data).await?;
    println!("{verification}");
    let missing: Vec<&str> = verification
        .errors()
        .filter_map(model_registry::db::Difference::table)
        .map(model_registry::TableDef::name)
        .collect();
    assert_eq!(
        missing,
        [IntentFeedback::TABLE.name()],
        "verify must see the dropped table"
    );

    platform.close().await;
    user_data.close().await;
    Ok(())
}

async fn open(file: &Path) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true);
    SqlitePool::connect_with(options).await
}

/// A fresh directory for the two database files, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Self> {
        let dir =
            std::env::temp_dir().join(format!("model-registry-quickstart-{}", std::process::id()));
        // A directory left by an earlier run with the same id is stale.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn to_json(value: &impl serde::Serialize) -> String {
    // Serializing these types only writes strings, numbers and booleans.
    serde_json::to_string_pretty(value).expect("the registry serializes to JSON")
}

// `cargo test -p quickstart` fails with the full report if the registry has a problem.
model_registry::registry_test!();

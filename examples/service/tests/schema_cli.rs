//! The `schema` command of the example service, end to end: its output,
//! its JSON and its exit codes, on SQLite (and on PostgreSQL, ignored by
//! default, failing when the server is unreachable).

#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("mr_schema_cli_{name}_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `schema args…` with `DATABASE_URL` set to `url` (or unset).
fn schema(url: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_schema"));
    command.args(args).env_remove("DATABASE_URL");
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    command.output().unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn show(output: &Output) -> String {
    format!(
        "exit {}\n--- stdout\n{}\n--- stderr\n{}",
        code(output),
        stdout(output),
        stderr(output)
    )
}

/// The whole life of a database: empty, verified (1), planned, a file
/// written, applied, verified clean (0), checked (0).
fn lifecycle(url: &str, dir: &Path) {
    let verify = schema(Some(url), &["verify"]);
    assert_eq!(code(&verify), 1, "{}", show(&verify));
    assert!(
        stdout(&verify).contains("does not exist"),
        "{}",
        show(&verify)
    );

    let check = schema(Some(url), &["migrate", "check"]);
    assert_eq!(code(&check), 1, "{}", show(&check));
    assert!(
        stderr(&check).contains("is not migrated"),
        "{}",
        show(&check)
    );

    let plan = schema(Some(url), &["plan", "--json"]);
    assert_eq!(code(&plan), 0, "{}", show(&plan));
    let plans: serde_json::Value = serde_json::from_str(&stdout(&plan)).unwrap();
    let kinds: Vec<&str> = plans[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["kind"].as_str().unwrap())
        .filter(|kind| *kind != "create_enum_type")
        .collect();
    assert_eq!(kinds, ["create_table", "create_table"], "{}", show(&plan));
    assert_eq!(plans[0]["metadata"], "service");
    // Progress goes to stderr, so stdout stays JSON.
    assert!(
        stderr(&plan).contains("... planning `service`"),
        "{}",
        show(&plan)
    );

    let migrations = dir.join("migrations");
    let generate = schema(
        Some(url),
        &[
            "migrate",
            "generate",
            "create service",
            "--dir",
            migrations.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&generate), 0, "{}", show(&generate));
    let files: Vec<String> = std::fs::read_dir(&migrations)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("_create_service.sql"), "{files:?}");

    let apply = schema(Some(url), &["migrate", "apply"]);
    assert_eq!(code(&apply), 0, "{}", show(&apply));
    assert!(
        stderr(&apply).contains("under its schema lock"),
        "{}",
        show(&apply)
    );

    let verify = schema(Some(url), &["verify", "--json"]);
    assert_eq!(code(&verify), 0, "{}", show(&verify));
    let verifications: serde_json::Value = serde_json::from_str(&stdout(&verify)).unwrap();
    assert_eq!(verifications[0]["clean"], true, "{}", show(&verify));

    let check = schema(Some(url), &["migrate", "check"]);
    assert_eq!(code(&check), 0, "{}", show(&check));
    assert!(
        stdout(&check).contains("nothing to migrate"),
        "{}",
        show(&check)
    );
}

#[test]
fn sqlite_lifecycle() {
    let dir = Scratch::new("sqlite");
    let url = format!("sqlite:{}", dir.0.join("service.db").display());
    lifecycle(&url, &dir.0);
}

#[test]
#[ignore = "needs PostgreSQL at 127.0.0.1:5432 (CI runs --include-ignored)"]
fn postgres_lifecycle() {
    let server = std::env::var("MR_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let name = format!("mr_schema_cli_{}", std::process::id());
    let psql = |sql: &str| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let admin = sqlx::PgPool::connect(&format!("{server}/test"))
                .await
                .unwrap_or_else(|error| {
                    panic!("cannot connect to PostgreSQL at {server}: {error}")
                });
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
        });
    };
    let drop = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
    psql(&drop);
    psql(&format!(r#"CREATE DATABASE "{name}""#));
    let dir = Scratch::new("postgres");
    let result = std::panic::catch_unwind(|| lifecycle(&format!("{server}/{name}"), &dir.0));
    psql(&drop);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn check_json_and_ddl_need_no_database() {
    let check = schema(None, &["check"]);
    assert_eq!(code(&check), 0, "{}", show(&check));
    assert!(stdout(&check).contains("accounts"), "{}", show(&check));

    let json = schema(None, &["json"]);
    assert_eq!(code(&json), 0, "{}", show(&json));
    let registry: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert!(registry.is_object(), "{}", show(&json));

    let ddl = schema(None, &["ddl", "--dialect", "postgres"]);
    assert_eq!(code(&ddl), 0, "{}", show(&ddl));
    assert!(
        stdout(&ddl)
            .contains("CREATE TYPE notification_status AS ENUM ('pending', 'sent', 'failed');"),
        "{}",
        show(&ddl)
    );
}

#[test]
fn mistakes_have_their_exit_codes() {
    // The command line: 2.
    let unknown = schema(None, &["vrify"]);
    assert_eq!(code(&unknown), 2, "{}", show(&unknown));
    let metadata = schema(None, &["ddl", "--dialect", "sqlite", "--metadata", "nope"]);
    assert_eq!(code(&metadata), 2, "{}", show(&metadata));
    assert!(
        stderr(&metadata).contains("no metadata `nope`"),
        "{}",
        show(&metadata)
    );
    // No database URL, or one this program cannot open: 4.
    let missing = schema(None, &["verify"]);
    assert_eq!(code(&missing), 4, "{}", show(&missing));
    assert!(
        stderr(&missing).contains("set DATABASE_URL, or pass --database service=URL"),
        "{}",
        show(&missing)
    );
    let scheme = schema(Some("oracle://db"), &["verify"]);
    assert_eq!(code(&scheme), 4, "{}", show(&scheme));
    // Every URL problem at once: a `--database` for no metadata, one
    // without `=`, and the metadata still without a database.
    let flags = schema(
        None,
        &[
            "verify",
            "--database",
            "nope=sqlite::memory:",
            "--database",
            "sqlite::memory:",
        ],
    );
    assert_eq!(code(&flags), 4, "{}", show(&flags));
    for says in [
        "--database nope=sqlite::memory:: no metadata `nope` is declared",
        "--database sqlite::memory:: write it as NAME=URL",
        "no database for metadata `service`",
    ] {
        assert!(stderr(&flags).contains(says), "{says:?}\n{}", show(&flags));
    }
    // A database that is not there: 3.
    let dir = Scratch::new("unreachable");
    let unreachable = schema(
        None,
        &[
            "verify",
            "--database",
            &format!(
                "service=sqlite:{}?mode=ro",
                dir.0.join("missing/nowhere.db").display()
            ),
        ],
    );
    assert_eq!(code(&unreachable), 3, "{}", show(&unreachable));
}

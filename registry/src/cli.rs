//! A command line over the program's own linked models (feature `cli`).
//!
//! A service adds one file, `src/bin/schema.rs`:
//!
//! ```rust,ignore
//! use my_models as _; // link the crates that define models
//!
//! fn main() -> std::process::ExitCode {
//!     model_registry::cli::main()
//! }
//! ```
//!
//! and gets, over every model linked into that binary:
//!
//! | command | what it does |
//! |---|---|
//! | `schema check` | the startup check: the registry, or every problem |
//! | `schema json` | the registry as JSON |
//! | `schema ddl --dialect postgres` | the `CREATE` statements of each metadata |
//! | `schema verify` | each database against its models |
//! | `schema plan` | the migration each database needs, and what is held back |
//! | `schema migrate generate <name>` | that plan as `migrations/<version>_<name>.sql` |
//! | `schema migrate apply` | runs the plan, under the schema lock |
//! | `schema migrate check` | fails when a database needs a migration (`alembic check`) |
//!
//! `--metadata NAME` limits a command to one metadata; `--allow-destructive`
//! lets `plan` and `migrate` drop and narrow; `--json` prints JSON (`check`,
//! `verify`, `plan`).
//!
//! **Databases.** With one metadata that has tables, its URL is
//! `DATABASE_URL`. With several, each metadata's is
//! `DATABASE_URL_<NAME>`, its name in upper case with every other character
//! than a letter or a digit as `_` (`user_data` → `DATABASE_URL_USER_DATA`).
//! `--database NAME=URL` overrides either. The scheme picks the driver
//! (`sqlite:`, `postgres://`, `mysql://` or `mariadb://`), which must be
//! one of the crate features the program enables.
//!
//! **Exit codes.** 0: done, nothing wrong. 1: the command found something
//! — registry problems (`check`), differences that are errors (`verify`),
//! a database that needs a migration (`migrate check`). 2: the command line
//! itself is wrong. 3: a database failed (unreachable, a statement
//! refused, the lock not had in time). 4: a database URL is missing or
//! names a driver this program was built without, or a `--database` names
//! no metadata (every such problem is listed).

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::db::migrate::{Plan, PlanOptions};
use crate::db::{ApplyOptions, DbError, Pool};
use crate::def::Metadata;
use crate::registry::Registry;
use crate::sql::ddl::Dialect;

/// Exit code: the command found something (see the module documentation).
const FOUND: u8 = 1;
/// Exit code: the command line is wrong (clap's own for its errors).
const USAGE: u8 = 2;
/// Exit code: a database failed.
const DATABASE: u8 = 3;
/// Exit code: a database URL is missing or its driver is not built in.
const CONFIGURATION: u8 = 4;

/// Runs the command line of `std::env::args_os()`: see the
/// [module documentation](self).
pub fn main() -> ExitCode {
    main_from(std::env::args_os())
}

/// Runs the command line `args` (the program's name first).
pub fn main_from<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(USAGE));
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(DATABASE);
        }
    };
    match runtime.block_on(run(&matches)) {
        Ok(code) => ExitCode::from(code),
        Err(Failure { code, message }) => {
            eprintln!("{message}");
            ExitCode::from(code)
        }
    }
}

struct Failure {
    code: u8,
    message: String,
}

impl From<DbError> for Failure {
    fn from(error: DbError) -> Self {
        let code = match &error {
            DbError::NotMigrated(_) => FOUND,
            _ => DATABASE,
        };
        Self {
            code,
            message: error.to_string(),
        }
    }
}

fn command() -> Command {
    let metadata = Arg::new("metadata")
        .long("metadata")
        .value_name("NAME")
        .help("only this metadata");
    let json = Arg::new("json")
        .long("json")
        .action(ArgAction::SetTrue)
        .help("print JSON");
    let destructive = Arg::new("allow-destructive")
        .long("allow-destructive")
        .action(ArgAction::SetTrue)
        .help(
            "plan steps that can lose data (dropped tables and columns, narrower types, NOT NULL)",
        );
    Command::new("schema")
        .about("The tables of this program's models: check, DDL, verify, plan and migrate")
        .subcommand_required(true)
        .arg(
            Arg::new("database")
                .long("database")
                .value_name("NAME=URL")
                .action(ArgAction::Append)
                .global(true)
                .help("the database of metadata NAME (else DATABASE_URL, or DATABASE_URL_<NAME>)"),
        )
        .subcommand(
            Command::new("check")
                .about("the startup check: the registry, or every problem")
                .arg(json.clone()),
        )
        .subcommand(Command::new("json").about("the registry as JSON"))
        .subcommand(
            Command::new("ddl")
                .about("the CREATE statements of each metadata")
                .arg(
                    Arg::new("dialect")
                        .long("dialect")
                        .required(true)
                        .value_parser(["sqlite", "postgres", "mysql"]),
                )
                .arg(metadata.clone()),
        )
        .subcommand(
            Command::new("verify")
                .about("each database against its models")
                .arg(metadata.clone())
                .arg(json.clone()),
        )
        .subcommand(
            Command::new("plan")
                .about("the migration each database needs")
                .arg(metadata.clone())
                .arg(destructive.clone())
                .arg(json),
        )
        .subcommand(
            Command::new("migrate")
                .about("write, apply or check migrations")
                .subcommand_required(true)
                .subcommand(
                    Command::new("generate")
                        .about("write each plan as migrations/<version>_<name>.sql")
                        .arg(Arg::new("name").required(true))
                        .arg(
                            Arg::new("dir")
                                .long("dir")
                                .default_value("migrations")
                                .help("where the files go (one subdirectory per metadata when there are several)"),
                        )
                        .arg(metadata.clone())
                        .arg(destructive.clone()),
                )
                .subcommand(
                    Command::new("apply")
                        .about("run each plan, under the schema lock")
                        .arg(metadata.clone())
                        .arg(destructive),
                )
                .subcommand(
                    Command::new("check")
                        .about("fail when a database needs a migration")
                        .arg(metadata),
                ),
        )
}

async fn run(matches: &ArgMatches) -> Result<u8, Failure> {
    let registry = match crate::check() {
        Ok(registry) => registry,
        Err(report) => {
            if let Some(("check", args)) = matches.subcommand()
                && args.get_flag("json")
            {
                println!("{}", json(report));
            }
            return Err(Failure {
                code: FOUND,
                message: report.to_string(),
            });
        }
    };
    let databases: Vec<String> = matches
        .get_many::<String>("database")
        .map(|values| values.cloned().collect())
        .unwrap_or_default();
    match matches.subcommand() {
        Some(("check", args)) => {
            if args.get_flag("json") {
                println!("{}", json(registry));
            } else {
                println!("{registry}");
            }
            Ok(0)
        }
        Some(("json", _)) => {
            println!("{}", json(registry));
            Ok(0)
        }
        Some(("ddl", args)) => {
            let dialect = match args.get_one::<String>("dialect").map(String::as_str) {
                Some("postgres") => Dialect::Postgres,
                Some("mysql") => Dialect::MySql,
                _ => Dialect::Sqlite,
            };
            for metadata in chosen(registry, args)? {
                let statements = registry
                    .create_statements(metadata.name(), dialect)
                    .map_err(|error| Failure {
                        code: FOUND,
                        message: error.to_string(),
                    })?;
                println!("-- metadata `{}` ({dialect})", metadata.name());
                for statement in statements {
                    println!("{statement};");
                }
            }
            Ok(0)
        }
        Some(("verify", args)) => verify(registry, args, &databases).await,
        Some(("plan", args)) => plan(registry, args, &databases).await,
        Some(("migrate", args)) => match args.subcommand() {
            Some(("generate", args)) => generate(registry, args, &databases).await,
            Some(("apply", args)) => apply(registry, args, &databases).await,
            Some(("check", args)) => {
                for (metadata, pool) in connect_all(registry, args, &databases).await? {
                    progress(format_args!("checking `{}`", metadata.name()));
                    registry.check_migrated(metadata.name(), &pool).await?;
                    println!("metadata `{}`: nothing to migrate", metadata.name());
                }
                Ok(0)
            }
            _ => unreachable!("clap requires a subcommand"),
        },
        _ => unreachable!("clap requires a subcommand"),
    }
}

async fn verify(
    registry: &Registry,
    args: &ArgMatches,
    databases: &[String],
) -> Result<u8, Failure> {
    let mut verifications = Vec::new();
    for (metadata, pool) in connect_all(registry, args, databases).await? {
        progress(format_args!("verifying `{}`", metadata.name()));
        verifications.push(registry.verify(metadata.name(), &pool).await?);
    }
    if args.get_flag("json") {
        println!("{}", json(&verifications));
    } else {
        for verification in &verifications {
            println!("{verification}\n");
        }
    }
    let errors = verifications
        .iter()
        .any(|verification| verification.errors().next().is_some());
    Ok(if errors { FOUND } else { 0 })
}

fn plan_options(args: &ArgMatches) -> PlanOptions {
    PlanOptions::new().allow_destructive(args.get_flag("allow-destructive"))
}

async fn plans(
    registry: &Registry,
    args: &ArgMatches,
    databases: &[String],
) -> Result<Vec<(&'static Metadata, Plan)>, Failure> {
    let options = plan_options(args);
    let mut plans = Vec::new();
    for (metadata, pool) in connect_all(registry, args, databases).await? {
        progress(format_args!("planning `{}`", metadata.name()));
        plans.push((
            metadata,
            registry.plan(metadata.name(), &pool, &options).await?,
        ));
    }
    Ok(plans)
}

async fn plan(registry: &Registry, args: &ArgMatches, databases: &[String]) -> Result<u8, Failure> {
    let plans = plans(registry, args, databases).await?;
    if args.get_flag("json") {
        let plans: Vec<&Plan> = plans.iter().map(|(_, plan)| plan).collect();
        println!("{}", json(&plans));
    } else {
        for (_, plan) in &plans {
            println!("{plan}");
        }
    }
    Ok(0)
}

async fn generate(
    registry: &Registry,
    args: &ArgMatches,
    databases: &[String],
) -> Result<u8, Failure> {
    let name = args
        .get_one::<String>("name")
        .map_or("migration", String::as_str);
    let dir = std::path::PathBuf::from(
        args.get_one::<String>("dir")
            .map_or("migrations", String::as_str),
    );
    let plans = plans(registry, args, databases).await?;
    let several = plans.len() > 1;
    let version = utc_version();
    for (metadata, plan) in plans {
        if plan.is_empty() {
            println!(
                "metadata `{}`: nothing to migrate; no file written",
                metadata.name()
            );
            for held in plan.held_back() {
                println!("  ? {}: {}", held.step().description(), held.reason());
            }
            continue;
        }
        let target = if several {
            dir.join(metadata.name())
        } else {
            dir.clone()
        };
        let path = plan
            .migration(version, name)
            .write_to(&target)
            .map_err(|error| Failure {
                code: DATABASE,
                message: format!(
                    "error: cannot write the migration into {}: {error}",
                    target.display()
                ),
            })?;
        println!("metadata `{}`: wrote {}", metadata.name(), path.display());
        print!("{plan}");
    }
    Ok(0)
}

async fn apply(
    registry: &Registry,
    args: &ArgMatches,
    databases: &[String],
) -> Result<u8, Failure> {
    let options = plan_options(args);
    for (metadata, pool) in connect_all(registry, args, databases).await? {
        progress(format_args!(
            "migrating `{}` (under its schema lock)",
            metadata.name()
        ));
        let plan = registry
            .migrate(metadata.name(), &pool, &options, &ApplyOptions::default())
            .await?;
        println!("{plan}");
    }
    Ok(0)
}

/// `--metadata NAME`, or every metadata that has tables.
fn chosen(registry: &Registry, args: &ArgMatches) -> Result<Vec<&'static Metadata>, Failure> {
    let with_tables = registry
        .metadata()
        .filter(|metadata| !registry.tables_in(metadata.name()).is_empty());
    match args.get_one::<String>("metadata") {
        Some(name) => match registry.metadata_named(name.as_str()) {
            Some(metadata) => Ok(vec![metadata]),
            None => Err(Failure {
                code: USAGE,
                message: format!(
                    "error: no metadata `{name}` is declared; the program has {}",
                    registry
                        .metadata()
                        .map(|metadata| format!("`{}`", metadata.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        },
        None => Ok(with_tables.collect()),
    }
}

/// The environment variable of `metadata`'s URL when there are several.
fn variable(metadata: &str) -> String {
    let name: String = metadata
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("DATABASE_URL_{name}")
}

async fn connect_all(
    registry: &Registry,
    args: &ArgMatches,
    databases: &[String],
) -> Result<Vec<(&'static Metadata, Pool)>, Failure> {
    let chosen = chosen(registry, args)?;
    let single = registry
        .metadata()
        .filter(|metadata| !registry.tables_in(metadata.name()).is_empty())
        .count()
        == 1;
    // Every problem with the URLs at once, before connecting to any.
    let mut problems = Vec::new();
    for entry in databases {
        match entry.split_once('=') {
            Some((name, _)) if registry.metadata_named(name).is_some() => {}
            Some((name, _)) => problems.push(format!(
                "error: --database {entry}: no metadata `{name}` is declared"
            )),
            None => problems.push(format!(
                "error: --database {entry}: write it as NAME=URL, NAME a metadata"
            )),
        }
    }
    let mut urls = Vec::new();
    for metadata in chosen {
        let flag = databases.iter().find_map(|entry| {
            entry
                .split_once('=')
                .filter(|(name, _)| *name == metadata.name())
                .map(|(_, url)| url.to_owned())
        });
        let name = if single {
            "DATABASE_URL".to_owned()
        } else {
            variable(metadata.name())
        };
        match flag.or_else(|| std::env::var(&name).ok()) {
            Some(url) => urls.push((metadata, url)),
            None => problems.push(format!(
                "error: no database for metadata `{}`: set {name}, or pass --database {}=URL",
                metadata.name(),
                metadata.name()
            )),
        }
    }
    if !problems.is_empty() {
        return Err(Failure {
            code: CONFIGURATION,
            message: problems.join("\n"),
        });
    }
    let mut pools = Vec::new();
    for (metadata, url) in urls {
        progress(format_args!("connecting `{}`", metadata.name()));
        pools.push((metadata, connect(&url).await?));
    }
    Ok(pools)
}

async fn connect(url: &str) -> Result<Pool, Failure> {
    let missing = |feature: &str| Failure {
        code: CONFIGURATION,
        message: format!(
            "error: {url} needs the `{feature}` feature of model-registry, which this program was built without"
        ),
    };
    let failed = |error: sqlx::Error| Failure {
        code: DATABASE,
        message: format!("error: cannot connect to {url}: {error}"),
    };
    if url.starts_with("sqlite:") {
        #[cfg(feature = "sqlite")]
        {
            use core::str::FromStr as _;
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
                .map_err(failed)?
                .create_if_missing(true);
            let pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .map_err(failed)?;
            return Ok(Pool::from(pool));
        }
        #[cfg(not(feature = "sqlite"))]
        return Err(missing("sqlite"));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        #[cfg(feature = "postgres")]
        return Ok(Pool::from(
            sqlx::PgPool::connect(url).await.map_err(failed)?,
        ));
        #[cfg(not(feature = "postgres"))]
        return Err(missing("postgres"));
    }
    if url.starts_with("mysql://") || url.starts_with("mariadb://") {
        #[cfg(feature = "mysql")]
        return Ok(Pool::from(
            sqlx::MySqlPool::connect(&url.replacen("mariadb://", "mysql://", 1))
                .await
                .map_err(failed)?,
        ));
        #[cfg(not(feature = "mysql"))]
        return Err(missing("mysql"));
    }
    let _ = (missing, failed);
    Err(Failure {
        code: CONFIGURATION,
        message: format!(
            "error: {url} is not a database URL this program knows: it starts with sqlite:, postgres://, mysql:// or mariadb://"
        ),
    })
}

/// One line on stderr, so stdout stays the result.
fn progress(what: core::fmt::Arguments<'_>) {
    eprintln!("... {what}");
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}

/// The UTC time as `YYYYMMDDHHMMSS`, the version `sqlx migrate add` uses.
fn utc_version() -> u64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    let (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    ((year * 100 + month) * 100 + day) * 1_000_000 + hour * 10_000 + minute * 100 + second
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions_are_utc_timestamps() {
        let version = super::utc_version();
        assert!(
            (20_260_101_000_000..21_000_000_000_000).contains(&version),
            "{version}"
        );
    }

    #[test]
    fn several_metadata_name_their_variables() {
        assert_eq!(super::variable("user_data"), "DATABASE_URL_USER_DATA");
        assert_eq!(super::variable("billing-v2"), "DATABASE_URL_BILLING_V2");
    }
}

//! Prints every table linked into this program, grouped by database.
//!
//! Run it with `cargo run -p quickstart`; add `-- --json` for the registry as
//! JSON (the shape a CI job can diff).

// A model crate that the code never names is not linked, and its tables are
// silently absent; this makes forgetting one a build error.
#![deny(unused_crate_dependencies)]

// Naming the crates links them (and their models) into the binary.
use example_platform_models::{OAuthToken, PLATFORM};
use example_user_data_models as _;
use model_registry::Model;

fn main() {
    let json = std::env::args().skip(1).any(|arg| arg == "--json");
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
        return;
    }

    println!("{registry}");

    let token = OAuthToken::TABLE;
    println!(
        "`{}` lives in `{}`, defined by {} at {}",
        token.name(),
        token.metadata(),
        token.type_path(),
        token.location()
    );
    println!(
        "the platform database has {} tables",
        PLATFORM.tables().len()
    );
}

fn to_json(value: &impl serde::Serialize) -> String {
    // Serializing these types only writes strings, numbers and booleans.
    serde_json::to_string_pretty(value).expect("the registry serializes to JSON")
}

// `cargo test -p quickstart` fails with the full report if the registry has a problem.
model_registry::registry_test!();

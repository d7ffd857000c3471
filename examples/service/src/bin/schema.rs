//! `cargo run -p service --bin schema -- <command>`: check, DDL, verify,
//! plan and migrate the service's tables (see `model_registry::cli`).

// Naming the crate links its models.
use service as _;

fn main() -> std::process::ExitCode {
    model_registry::cli::main()
}

//! SQL: each dialect's knowledge in its own file (`dialect/`), the DDL a
//! metadata is created with (`ddl`), and what a live database's catalog
//! holds (`catalog`).

#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
pub(crate) mod catalog;
pub mod ddl;
pub(crate) mod dialect;
mod query;

//! What models declare: the `'static` descriptors `#[derive(Model)]` and
//! `metadata!` write — tables, columns, constraints, metadata, SQL types and
//! source locations. Everything here is plain data, read by the rest of the
//! crate and never computed at run time.

mod column;
mod constraint;
mod dialect;
mod location;
mod metadata;
mod sql_type;
mod table;

pub use self::column::ColumnDef;
pub use self::constraint::{
    CheckDef, ForeignKeyDef, ForeignKeyTarget, IndexDef, ReferentialAction, UniqueDef,
};
pub use self::dialect::Dialect;
pub use self::location::Location;
pub use self::metadata::{Metadata, MetadataName};
pub(crate) use self::sql_type::write_values;
pub use self::sql_type::{ColumnType, EnumType, SqlType};
pub use self::table::{Model, TableDef};

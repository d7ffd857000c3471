//! `Serialize` for what `verify` found (features `serde` and a driver).

use core::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::db::verify::difference::write_difference;
use crate::db::{Difference, DifferenceKind, Severity, Verification};

/// `{"metadata", "dialect", "server", "tables", "catalog_queries", "clean",
/// "errors", "warnings", "differences": [...], "message"}`, the differences
/// errors first, in table order.
impl Serialize for Verification {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let differences: Vec<Item<'_>> = self
            .differences()
            .iter()
            .map(|difference| Item {
                difference,
                metadata: self.metadata(),
            })
            .collect();
        let mut out = serializer.serialize_struct("Verification", 10)?;
        out.serialize_field("metadata", self.metadata())?;
        out.serialize_field("dialect", self.dialect().name())?;
        out.serialize_field("server", self.server())?;
        out.serialize_field("tables", &self.tables)?;
        out.serialize_field("catalog_queries", &self.catalog_queries())?;
        out.serialize_field("clean", &self.is_clean())?;
        out.serialize_field("errors", &self.errors().count())?;
        out.serialize_field("warnings", &self.warnings().count())?;
        out.serialize_field("differences", &differences)?;
        out.serialize_field("message", &self.to_string())?;
        out.end()
    }
}

/// `{"kind", "severity", "table", "model", "location", "objects",
/// "expected", "found", "message"}`: `table` the table's qualified name,
/// `model` the type path and `location` where it is defined (null for a
/// table no model describes), `objects` the columns, indexes or
/// constraints it names.
struct Item<'a> {
    difference: &'a Difference,
    metadata: &'static str,
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let difference = self.difference;
        let details = difference.details();
        let table = difference.table();
        let mut out = serializer.serialize_struct("Difference", 9)?;
        out.serialize_field("kind", kind_name(difference.kind()))?;
        out.serialize_field(
            "severity",
            match difference.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
        )?;
        let table_name = match difference {
            Difference::UnknownTable { .. } | Difference::TableOfOtherMetadata { .. } => {
                details.objects.first().cloned()
            }
            _ => table.map(crate::TableDef::qualified_name),
        };
        out.serialize_field("table", &table_name)?;
        out.serialize_field("model", &table.map(crate::TableDef::type_path))?;
        out.serialize_field("location", &table.map(crate::TableDef::location))?;
        out.serialize_field("objects", &details.objects)?;
        out.serialize_field("expected", &details.expected)?;
        out.serialize_field("found", &details.found)?;
        out.serialize_field(
            "message",
            &Message {
                difference,
                metadata: self.metadata,
            }
            .to_string(),
        )?;
        out.end()
    }
}

struct Message<'a> {
    difference: &'a Difference,
    metadata: &'static str,
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_difference(f, self.difference, self.metadata)
    }
}

/// The `"kind"` of a serialized difference: the kind in snake case, stable
/// across versions.
fn kind_name(kind: DifferenceKind) -> &'static str {
    match kind {
        DifferenceKind::MissingTable => "missing_table",
        DifferenceKind::MissingColumn => "missing_column",
        DifferenceKind::TypeMismatch => "type_mismatch",
        DifferenceKind::NullabilityMismatch => "nullability_mismatch",
        DifferenceKind::MissingIndex => "missing_index",
        DifferenceKind::MissingUnique => "missing_unique",
        DifferenceKind::MissingForeignKey => "missing_foreign_key",
        DifferenceKind::ExtraColumn => "extra_column",
        DifferenceKind::TableOfOtherMetadata => "table_of_other_metadata",
        DifferenceKind::UnknownTable => "unknown_table",
        DifferenceKind::DefaultMismatch => "default_mismatch",
        DifferenceKind::IdentityMismatch => "identity_mismatch",
        DifferenceKind::PrimaryKeyMismatch => "primary_key_mismatch",
        DifferenceKind::IndexMismatch => "index_mismatch",
        DifferenceKind::ForeignKeyMismatch => "foreign_key_mismatch",
        DifferenceKind::MissingCheck => "missing_check",
        DifferenceKind::EnumTypeMismatch => "enum_type_mismatch",
        DifferenceKind::ExtraIndex => "extra_index",
        DifferenceKind::ExtraForeignKey => "extra_foreign_key",
        DifferenceKind::ExtraCheck => "extra_check",
        DifferenceKind::NameMismatch => "name_mismatch",
    }
}

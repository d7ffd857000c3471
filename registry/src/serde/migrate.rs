//! `Serialize` for migration plans (features `serde` and a driver).

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::db::migrate::{HeldBack, Plan, Step, StepKind};

/// `{"metadata", "dialect", "empty", "steps": [...], "held_back": [...],
/// "message"}`, the steps in the order they run.
impl Serialize for Plan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Plan", 6)?;
        out.serialize_field("metadata", self.metadata())?;
        out.serialize_field("dialect", self.dialect().name())?;
        out.serialize_field("empty", &self.is_empty())?;
        out.serialize_field("steps", self.steps())?;
        out.serialize_field("held_back", self.held_back())?;
        out.serialize_field("message", &self.to_string())?;
        out.end()
    }
}

/// `{"kind", "table", "model", "location", "description", "statements",
/// "loses_data"}`: `table`, `model` and `location` are null for what no
/// model describes, `loses_data` null for a step that keeps every value.
impl Serialize for Step {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let table = self.table();
        let mut out = serializer.serialize_struct("Step", 7)?;
        out.serialize_field("kind", kind_name(self.kind()))?;
        out.serialize_field("table", &table.map(crate::TableDef::qualified_name))?;
        out.serialize_field("model", &table.map(crate::TableDef::type_path))?;
        out.serialize_field("location", &table.map(crate::TableDef::location))?;
        out.serialize_field("description", self.description())?;
        out.serialize_field("statements", self.statements())?;
        out.serialize_field("loses_data", &self.loses_data())?;
        out.end()
    }
}

/// `{"step": {...}, "reason"}`.
impl Serialize for HeldBack {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("HeldBack", 2)?;
        out.serialize_field("step", self.step())?;
        out.serialize_field("reason", self.reason())?;
        out.end()
    }
}

/// The `"kind"` of a serialized step: the kind in snake case, stable across
/// versions.
fn kind_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::CreateEnumType => "create_enum_type",
        StepKind::AddEnumValues => "add_enum_values",
        StepKind::RenameTable => "rename_table",
        StepKind::RenameColumn => "rename_column",
        StepKind::DropTable => "drop_table",
        StepKind::CreateTable => "create_table",
        StepKind::AddColumn => "add_column",
        StepKind::AlterColumn => "alter_column",
        StepKind::DropColumn => "drop_column",
        StepKind::RebuildTable => "rebuild_table",
        StepKind::SetPrimaryKey => "set_primary_key",
        StepKind::AddIndex => "add_index",
        StepKind::DropIndex => "drop_index",
        StepKind::AddForeignKey => "add_foreign_key",
        StepKind::DropForeignKey => "drop_foreign_key",
        StepKind::AddCheck => "add_check",
        StepKind::DropCheck => "drop_check",
        StepKind::Rename => "rename",
    }
}

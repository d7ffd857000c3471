//! `Serialize` for the registry and the report (feature `serde`).
//!
//! Written by hand rather than derived: the JSON is an interface (CI jobs
//! diff it), so its shape is spelled out here, and the crate stays free of
//! `serde_derive`. Everything is emitted in the registry's sorted order.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::{
    ColumnDef, Location, Metadata, Problem, ProblemKind, ReferentialAction, Registry, Report,
    ResolvedCheck, ResolvedForeignKey, ResolvedTable, TableDef,
};

#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
mod migrate;
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
mod verify;

/// `{"metadata": [{"name", "schema", "path", "location", "tables": [...]}]}`,
/// metadata sorted by name, tables by schema then name.
impl Serialize for Registry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let metadata: Vec<MetadataWithTables<'_>> = self
            .metadata()
            .map(|metadata| MetadataWithTables {
                metadata,
                tables: self.tables_in(metadata.name()),
                registry: self,
            })
            .collect();
        let mut out = serializer.serialize_struct("Registry", 1)?;
        out.serialize_field("metadata", &metadata)?;
        out.end()
    }
}

struct MetadataWithTables<'a> {
    metadata: &'static Metadata,
    tables: &'a [&'static TableDef],
    registry: &'a Registry,
}

impl Serialize for MetadataWithTables<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tables: Vec<Resolved<'_>> = self
            .tables
            .iter()
            .map(|table| Resolved {
                table,
                resolved: self.registry.resolved(table),
            })
            .collect();
        let mut out = serializer.serialize_struct("Metadata", 5)?;
        serialize_metadata_fields::<S>(&mut out, self.metadata)?;
        out.serialize_field("tables", &tables)?;
        out.end()
    }
}

/// A table with what the startup check resolved: `TableDef`'s fields, then
/// `"identity"` (the column the database numbers, or null),
/// `"primary_key"` (`{"name", "columns"}` or null), `"indexes"`
/// (`{"name", "columns", "unique"}`), `"uniques"` (`{"name", "columns"}`),
/// `"foreign_keys"` (`{"name", "column", "referred_table",
/// "referred_column", "on_delete", "on_update", "use_alter"}`, the actions
/// as the DDL writes them or null) and `"checks"` (`{"name", "expr"}`), with
/// their final names.
struct Resolved<'a> {
    table: &'static TableDef,
    resolved: Option<&'a ResolvedTable>,
}

impl Serialize for Resolved<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Table", 12)?;
        serialize_table_fields::<S>(&mut out, self.table)?;
        let resolved = self.resolved;
        out.serialize_field(
            "identity",
            &resolved
                .and_then(ResolvedTable::identity)
                .map(ColumnDef::name),
        )?;
        out.serialize_field(
            "primary_key",
            &resolved
                .and_then(ResolvedTable::primary_key)
                .map(|key| Named {
                    name: key.name(),
                    columns: key.columns().iter().map(|column| column.name()).collect(),
                    unique: None,
                }),
        )?;
        let indexes: Vec<Named<'_>> = resolved
            .map(ResolvedTable::indexes)
            .unwrap_or_default()
            .iter()
            .map(|index| Named {
                name: index.name(),
                columns: index.columns().iter().map(|column| column.name()).collect(),
                unique: Some(index.is_unique()),
            })
            .collect();
        out.serialize_field("indexes", &indexes)?;
        let uniques: Vec<Named<'_>> = resolved
            .map(ResolvedTable::uniques)
            .unwrap_or_default()
            .iter()
            .map(|unique| Named {
                name: unique.name(),
                columns: unique
                    .columns()
                    .iter()
                    .map(|column| column.name())
                    .collect(),
                unique: None,
            })
            .collect();
        out.serialize_field("uniques", &uniques)?;
        let keys: Vec<Key<'_>> = resolved
            .map(ResolvedTable::foreign_keys)
            .unwrap_or_default()
            .iter()
            .map(Key)
            .collect();
        out.serialize_field("foreign_keys", &keys)?;
        let checks: Vec<Check<'_>> = resolved
            .map(ResolvedTable::checks)
            .unwrap_or_default()
            .iter()
            .map(Check)
            .collect();
        out.serialize_field("checks", &checks)?;
        out.end()
    }
}

/// `{"name", "columns"}`, with `"unique"` for an index.
struct Named<'a> {
    name: &'a str,
    columns: Vec<&'static str>,
    unique: Option<bool>,
}

impl Serialize for Named<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Named", 3)?;
        out.serialize_field("name", self.name)?;
        out.serialize_field("columns", &self.columns)?;
        if let Some(unique) = self.unique {
            out.serialize_field("unique", &unique)?;
        }
        out.end()
    }
}

struct Key<'a>(&'a ResolvedForeignKey);

impl Serialize for Key<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let key = self.0;
        let mut out = serializer.serialize_struct("ForeignKey", 7)?;
        out.serialize_field("name", key.name())?;
        out.serialize_field("column", key.column().name())?;
        out.serialize_field("referred_table", &key.referred_table().qualified_name())?;
        out.serialize_field("referred_column", key.referred_column().name())?;
        out.serialize_field("on_delete", &key.on_delete().map(ReferentialAction::as_sql))?;
        out.serialize_field("on_update", &key.on_update().map(ReferentialAction::as_sql))?;
        out.serialize_field("use_alter", &key.use_alter())?;
        out.end()
    }
}

struct Check<'a>(&'a ResolvedCheck);

impl Serialize for Check<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Check", 2)?;
        out.serialize_field("name", self.0.name())?;
        out.serialize_field("expr", &self.0.expr())?;
        out.end()
    }
}

fn serialize_metadata_fields<S: Serializer>(
    out: &mut S::SerializeStruct,
    metadata: &Metadata,
) -> Result<(), S::Error> {
    out.serialize_field("name", metadata.name())?;
    out.serialize_field("schema", &metadata.schema())?;
    out.serialize_field("path", metadata.path())?;
    out.serialize_field("location", metadata.location())
}

/// `{"name", "schema", "path", "location"}`
impl Serialize for Metadata {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Metadata", 4)?;
        serialize_metadata_fields::<S>(&mut out, self)?;
        out.end()
    }
}

/// `{"metadata", "schema", "name", "type_path", "location", "columns"}`; the
/// schema is the effective one (the model's, else the metadata's).
impl Serialize for TableDef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Table", 6)?;
        serialize_table_fields::<S>(&mut out, self)?;
        out.end()
    }
}

fn serialize_table_fields<S: Serializer>(
    out: &mut S::SerializeStruct,
    table: &TableDef,
) -> Result<(), S::Error> {
    out.serialize_field("metadata", table.metadata().name())?;
    out.serialize_field("schema", &table.schema())?;
    out.serialize_field("name", table.name())?;
    out.serialize_field("type_path", table.type_path())?;
    out.serialize_field("location", table.location())?;
    out.serialize_field("columns", table.columns())
}

/// `{"name", "field", "rust_type", "sql_type", "nullable", "primary_key",
/// "default", "references"}`; `references` is the target as written
/// (`"app::Customer"` or `"customers.id"`), or null.
impl Serialize for ColumnDef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Column", 8)?;
        out.serialize_field("name", self.name())?;
        out.serialize_field("field", self.field())?;
        out.serialize_field("rust_type", self.rust_type())?;
        out.serialize_field("sql_type", &self.sql_type().to_string())?;
        out.serialize_field("nullable", &self.is_nullable())?;
        out.serialize_field("primary_key", &self.is_primary_key())?;
        out.serialize_field("default", &self.default())?;
        out.serialize_field(
            "references",
            &self.references().map(|key| key.target().to_string()),
        )?;
        out.end()
    }
}

/// `{"crate", "version", "file", "line", "column"}`
impl Serialize for Location {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Location", 5)?;
        out.serialize_field("crate", self.crate_name())?;
        out.serialize_field("version", self.crate_version())?;
        out.serialize_field("file", self.file())?;
        out.serialize_field("line", &self.line())?;
        out.serialize_field("column", &self.column())?;
        out.end()
    }
}

/// The `"kind"` of a serialized problem: the kind in snake case.
fn kind_name(kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::DuplicateTable => "duplicate_table",
        ProblemKind::DuplicateMetadata => "duplicate_metadata",
        ProblemKind::UndeclaredMetadata => "undeclared_metadata",
        ProblemKind::ForeignKeyAcrossMetadata => "foreign_key_across_metadata",
        ProblemKind::UnknownForeignKeyTarget => "unknown_foreign_key_target",
        ProblemKind::ForeignKeyTypeMismatch => "foreign_key_type_mismatch",
        ProblemKind::NameCollision => "name_collision",
        ProblemKind::ForeignKeyCycle => "foreign_key_cycle",
        ProblemKind::UnknownColumn => "unknown_column",
        ProblemKind::DuplicateColumn => "duplicate_column",
        ProblemKind::InvalidNamingConvention => "invalid_naming_convention",
    }
}

/// `{"path", "location"}`: one place a schema problem involves.
struct Definition {
    path: &'static str,
    location: &'static Location,
}

impl Serialize for Definition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Definition", 2)?;
        out.serialize_field("path", self.path)?;
        out.serialize_field("location", self.location)?;
        out.end()
    }
}

/// `{"problems": [...], "tables_checked", "metadata_checked"}`
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Report", 3)?;
        out.serialize_field("problems", self.problems())?;
        out.serialize_field("tables_checked", &self.tables_checked())?;
        out.serialize_field("metadata_checked", &self.metadata_checked())?;
        out.end()
    }
}

/// `{"kind": "duplicate_table", "metadata", "schema", "table", "definitions"}`,
/// `{"kind": "duplicate_metadata", "name", "declarations"}`,
/// `{"kind": "undeclared_metadata", "metadata", "tables"}`, or for the schema
/// problems `{"kind": "name_collision", "definitions": [{"path", "location"}]}`
/// (and so on), plus `"message"`: the problem's text as `Display` prints it.
impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let message = self.to_string();
        let message = message.as_str();
        match self {
            Self::DuplicateTable {
                metadata,
                schema,
                table,
                definitions,
            } => {
                let mut out = serializer.serialize_struct("Problem", 6)?;
                out.serialize_field("kind", kind_name(self.kind()))?;
                out.serialize_field("metadata", metadata)?;
                out.serialize_field("schema", schema)?;
                out.serialize_field("table", table)?;
                out.serialize_field("definitions", definitions)?;
                out.serialize_field("message", message)?;
                out.end()
            }
            Self::DuplicateMetadata { name, declarations } => {
                let mut out = serializer.serialize_struct("Problem", 4)?;
                out.serialize_field("kind", kind_name(self.kind()))?;
                out.serialize_field("name", name)?;
                out.serialize_field("declarations", declarations)?;
                out.serialize_field("message", message)?;
                out.end()
            }
            Self::UndeclaredMetadata { metadata, tables } => {
                let mut out = serializer.serialize_struct("Problem", 4)?;
                out.serialize_field("kind", kind_name(self.kind()))?;
                out.serialize_field("metadata", metadata)?;
                out.serialize_field("tables", tables)?;
                out.serialize_field("message", message)?;
                out.end()
            }
            // The schema problems: what they are, where, and the text. Named
            // one by one, so a new problem does not serialize until it is
            // placed here or given fields of its own.
            Self::ForeignKeyAcrossMetadata { .. }
            | Self::UnknownForeignKeyTarget { .. }
            | Self::ForeignKeyTypeMismatch { .. }
            | Self::NameCollision { .. }
            | Self::ForeignKeyCycle { .. }
            | Self::UnknownColumn { .. }
            | Self::DuplicateColumn { .. }
            | Self::InvalidNamingConvention { .. } => {
                let definitions: Vec<Definition> = self
                    .locations()
                    .into_iter()
                    .map(|(path, location)| Definition { path, location })
                    .collect();
                let mut out = serializer.serialize_struct("Problem", 3)?;
                out.serialize_field("kind", kind_name(self.kind()))?;
                out.serialize_field("definitions", &definitions)?;
                out.serialize_field("message", message)?;
                out.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::__private::{column, metadata, table};
    use crate::{ColumnDef, Location, Metadata, NamingConvention, Registry, SqlType, TableDef};

    fn leak<T>(value: T) -> &'static T {
        Box::leak(Box::new(value))
    }

    const COLUMNS: &[ColumnDef] = &[
        column("id", "id", "i64", SqlType::BigInt, false, true, None, None),
        column(
            "note",
            "note",
            "Option<String>",
            SqlType::Text,
            true,
            false,
            None,
            None,
        ),
    ];

    fn here(line: u32) -> Location {
        Location::new(Some("app"), Some("0.1.0"), "src/lib.rs", line, 12)
    }

    #[test]
    fn the_registry_as_json() {
        let audit: &'static Metadata = leak(metadata(
            "audit",
            Some("audit"),
            NamingConvention::DEFAULT,
            "app::AUDIT",
            here(3),
        ));
        let events: &'static TableDef = leak(table(
            audit,
            None,
            "events",
            COLUMNS,
            &[],
            &[],
            &[],
            "app::Event",
            here(9),
        ));
        let registry = Registry::from_definitions(&[events], &[audit]).unwrap();
        assert_eq!(
            serde_json::to_string(&registry).unwrap(),
            concat!(
                r#"{"metadata":[{"name":"audit","schema":"audit","path":"app::AUDIT","#,
                r#""location":{"crate":"app","version":"0.1.0","file":"src/lib.rs","line":3,"column":12},"#,
                r#""tables":[{"metadata":"audit","schema":"audit","name":"events","type_path":"app::Event","#,
                r#""location":{"crate":"app","version":"0.1.0","file":"src/lib.rs","line":9,"column":12},"#,
                r#""columns":[{"name":"id","field":"id","rust_type":"i64","sql_type":"BIGINT","nullable":false,"#,
                r#""primary_key":true,"default":null,"references":null},"#,
                r#"{"name":"note","field":"note","rust_type":"Option<String>","sql_type":"TEXT","nullable":true,"#,
                r#""primary_key":false,"default":null,"references":null}],"#,
                r#""identity":"id","primary_key":{"name":"pk_events","columns":["id"]},"#,
                r#""indexes":[],"uniques":[],"foreign_keys":[],"checks":[]}]}]}"#,
            )
        );
    }

    #[test]
    fn the_report_as_json() {
        let default: &'static Metadata = leak(metadata(
            "default",
            None,
            NamingConvention::DEFAULT,
            "m::DEFAULT",
            here(1),
        ));
        let a: &'static TableDef = leak(table(
            default,
            None,
            "users",
            COLUMNS,
            &[],
            &[],
            &[],
            "a::User",
            here(5),
        ));
        let b: &'static TableDef = leak(table(
            default,
            None,
            "Users",
            COLUMNS,
            &[],
            &[],
            &[],
            "b::User",
            here(6),
        ));
        let report = Registry::from_definitions(&[b, a], &[default]).unwrap_err();
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["tables_checked"], 2);
        assert_eq!(json["metadata_checked"], 1);
        let problem = &json["problems"][0];
        assert_eq!(problem["kind"], "duplicate_table");
        assert_eq!(problem["table"], "users");
        assert_eq!(problem["schema"], serde_json::Value::Null);
        assert_eq!(problem["definitions"][0]["type_path"], "a::User");
        assert_eq!(problem["definitions"][1]["name"], "Users");
        assert_eq!(problem["definitions"][1]["location"]["line"], 6);
        assert_eq!(
            problem["message"],
            report.problems()[0].to_string().trim_end()
        );
    }
}

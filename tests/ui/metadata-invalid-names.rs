// The metadata's name and default schema are constant expressions, so they
// are checked by const assertions that name the metadata.
model_registry::metadata!(pub NAMELESS = "");
model_registry::metadata!(pub EMPTY_SCHEMA = "a", schema = "");
model_registry::metadata!(
    pub LONG_SCHEMA = "b",
    schema = "a_schema_name_that_is_exactly_sixty_four_bytes_long_xxxxxxxxxxxx"
);
model_registry::metadata!(pub QUOTED_SCHEMA = "c", schema = concat!("app", "\""));
model_registry::metadata!(pub CONTROL_SCHEMA = "d", schema = "app\0");
model_registry::metadata!(pub SPACED_SCHEMA = "e", schema = "app ");

fn main() {}

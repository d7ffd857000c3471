// PostgreSQL keeps 63 bytes of an identifier: 64 is refused, 63 accepted.
model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "a_table_name_that_is_exactly_sixty_four_bytes_long_xxxxxxxxxxxxx")]
pub struct TooLong {
    #[model(primary_key)]
    pub a_field_name_that_is_far_too_long_to_be_a_column_in_postgresql_at_all: i64,
    #[model(column = "é_a_column_of_sixty_four_bytes_because_é_takes_two_bytes_xxxx")]
    pub unicode: String,
}

#[derive(model_registry::Model)]
#[model(table = "a_table_name_that_is_exactly_sixty_three_bytes_long_xxxxxxxxxxx")]
pub struct JustRight {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {}

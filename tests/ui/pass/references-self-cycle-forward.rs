// Foreign keys between statics: a model referring to itself, two models
// referring to each other (the cycle broken at creation with `use_alter`),
// and a model referring to one defined further down the file.
use model_registry::{ForeignKeyTarget, Model, TableDef};

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "employees")]
pub struct Employee {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = Self, on_delete = "set null")]
    pub manager_id: Option<i64>,
    // Forward: `Department` is defined below.
    #[model(references = Department)]
    pub department_id: i64,
}

#[derive(model_registry::Model)]
#[model(table = "departments")]
pub struct Department {
    #[model(primary_key)]
    pub id: i64,
    // The cycle: departments -> employees -> departments.
    #[model(references = crate::Employee, use_alter)]
    pub head_id: Option<i64>,
}

mod nested {
    #[derive(model_registry::Model)]
    #[model(table = "teams")]
    pub struct Team {
        #[model(primary_key)]
        pub id: i64,
        #[model(references = super::Department, on_delete = "Cascade")]
        pub department_id: i64,
        #[model(references = Self)]
        pub parent_id: Option<i64>,
    }
}

fn target(table: &'static TableDef, column: &str) -> &'static TableDef {
    match table.column(column).unwrap().references().unwrap().target() {
        ForeignKeyTarget::Model(target) => target,
        other => panic!("{column} references {other}"),
    }
}

fn main() {
    assert!(core::ptr::eq(target(Employee::TABLE, "manager_id"), Employee::TABLE));
    assert!(core::ptr::eq(target(Employee::TABLE, "department_id"), Department::TABLE));
    assert!(core::ptr::eq(target(Department::TABLE, "head_id"), Employee::TABLE));
    assert!(core::ptr::eq(target(nested::Team::TABLE, "parent_id"), nested::Team::TABLE));
    assert!(core::ptr::eq(target(nested::Team::TABLE, "department_id"), Department::TABLE));

    let head = Department::TABLE.column("head_id").unwrap().references().unwrap();
    assert!(head.use_alter());
    // Round the cycle and back, through the statics alone.
    let round_trip = target(target(Department::TABLE, "head_id"), "department_id");
    assert_eq!(round_trip.name(), "departments");
    // A model target displays as the model's type path.
    let manager = Employee::TABLE.column("manager_id").unwrap().references().unwrap();
    assert!(manager.target().to_string().ends_with("::Employee"));
    assert_eq!(model_registry::registry().tables().len(), 3);
}

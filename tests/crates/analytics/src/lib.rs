//! One of three copies of `PredictiveModel`, re-exported through several
//! paths (which registers nothing more).

model_registry::models!();

pub mod models {
    #[derive(model_registry::Model)]
    #[model(table = "predictive_models")]
    pub struct PredictiveModel {
        #[model(primary_key)]
        pub id: i64,
        pub name: String,
    }
}

pub use models::PredictiveModel;
pub mod prelude {
    pub use crate::models::PredictiveModel as Model;
}

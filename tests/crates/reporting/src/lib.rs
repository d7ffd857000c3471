//! The second copy of `PredictiveModel`, nested like `models/core.rs`.

model_registry::models!();

pub mod models {
    pub mod core {
        #[derive(model_registry::Model)]
        #[model(table = "predictive_models")]
        pub struct PredictiveModel {
            #[model(primary_key)]
            pub id: i64,
        }
    }
}

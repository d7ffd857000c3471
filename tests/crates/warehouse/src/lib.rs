//! The third copy of `PredictiveModel`, next to tables of its own.

model_registry::models!();

#[derive(model_registry::Model)]
#[model(table = "predictive_models")]
pub struct PredictiveModel {
    #[model(primary_key)]
    pub id: i64,
    pub accuracy: Option<f64>,
}

#[derive(model_registry::Model)]
#[model(table = "fact_sales", schema = "warehouse")]
pub struct FactSale {
    #[model(primary_key)]
    pub id: i64,
}

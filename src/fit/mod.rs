//! Fitting: code that learns a model from data, kept apart from the stages that apply the model.

pub mod cluster;
pub mod layout;
pub mod plausibility;
#[cfg(test)]
mod repair_suite;

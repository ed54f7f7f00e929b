//! Fitting: code that learns a model from data, kept apart from the stages that apply the model.

pub mod plausibility;

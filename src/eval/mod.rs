//! Measuring a dataset against a truth written by reading its documents.

pub mod records;

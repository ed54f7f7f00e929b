//! The front ends: one per format, each turning a document into the shared block list.

pub mod bank;
pub mod dom;
pub mod html;
pub mod lenient;
pub mod markdown;
pub mod notebook;
pub mod rst;
pub mod text;

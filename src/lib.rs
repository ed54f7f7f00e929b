//! qclean: turns messy, scraped Python interview-question documents into one canonical,
//! validated dataset.
//!
//! The stages live in [`stages`]; [`commands`] is the thin layer that reads and writes files for
//! the command line.

pub mod built_in;
pub mod card;
pub mod cli;
pub mod columns;
pub mod commands;
pub mod error;
pub mod eval;
pub mod fit;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod report_page;
pub mod settings;
pub mod stages;
pub mod synth;
pub mod text;

//! The command line: arguments only, no behaviour.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "qclean",
    version,
    about = "Turns scraped Python interview-question documents into one canonical, validated dataset"
)]
pub struct Cli {
    /// No progress bars or summary on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode and repair one text: mojibake, smart quotes, dashes in code, entities, invisibles.
    Repair {
        /// The file to repair; `-` or nothing reads stdin.
        file: Option<PathBuf>,
        /// List every fix on stderr: line, kind, before -> after.
        #[arg(long)]
        explain: bool,
        /// Read one JSON string per line and write one repaired JSON string per line.
        #[arg(long)]
        jsonl: bool,
    },
    /// Run the pipeline: decode, repair, split, validate and write the dataset.
    Run {
        /// Folder of raw documents.
        #[arg(long, default_value = "raw")]
        input: PathBuf,
        /// Folder the dataset is written to.
        #[arg(long, default_value = "clean")]
        output: PathBuf,
        /// Folder holding the JSON Schemas and the taxonomy.
        #[arg(long, default_value = "schema")]
        schema: PathBuf,
    },
}

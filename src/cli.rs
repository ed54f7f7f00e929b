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
    /// No progress bars or summary on stderr (problems are still reported).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Worker threads for the per-document stages and clustering; 0 uses every core. The output
    /// is the same whatever the number.
    #[arg(long, global = true, default_value_t = 0)]
    pub threads: usize,
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
        /// Also label every fenced code block and restore lost Python indentation where a parser
        /// agrees; a text without fences is taken as one Python block.
        #[arg(long)]
        code: bool,
    },
    /// Run the pipeline: decode, repair, split, tag, cluster, validate and write the dataset.
    Run {
        /// Folder of raw documents, or one document.
        #[arg(long, default_value = "raw")]
        input: PathBuf,
        /// Folder the dataset is written to.
        #[arg(long, default_value = "clean")]
        output: PathBuf,
        /// Folder holding the JSON Schemas, the taxonomy and the clustering lexicon.
        #[arg(long, default_value = "schema")]
        schema: PathBuf,
        /// The reviewers' decisions, applied before clustering.
        #[arg(long, default_value = "review/decisions.jsonl")]
        decisions: PathBuf,
        /// Write an empty dataset when the input holds no document (without it such a run
        /// refuses to replace a dataset).
        #[arg(long)]
        allow_empty: bool,
    },
    /// Run the pipeline over a folder of documents and score its records against a truth written
    /// by reading them: per document, the questions found word for word and the answers that
    /// start right (see tests/data/realdocs/README.md).
    Score {
        /// Folder of documents.
        input: PathBuf,
        /// The truth: one JSON object per expected question.
        #[arg(long)]
        truth: PathBuf,
        /// Folder of the settings (schemas, cues, taxonomy, models) [default: ./schema when it
        /// exists, else the copy built into the binary].
        #[arg(long)]
        schema: Option<PathBuf>,
        /// List up to N expected questions no record matched, per document.
        #[arg(long, default_value_t = 0)]
        show: usize,
        /// Print the table as Markdown.
        #[arg(long)]
        markdown: bool,
    },
    /// Review the flagged pairs of a dataset: interactively, or with --list / --decide.
    Review {
        /// The dataset folder written by `run`.
        #[arg(long, default_value = "clean")]
        output: PathBuf,
        /// The decisions file that `run` reads.
        #[arg(long, default_value = "review/decisions.jsonl")]
        decisions: PathBuf,
        /// Print the flagged pairs as JSON Lines, most uncertain first.
        #[arg(long, conflicts_with = "decide")]
        list: bool,
        /// Record one decision: two record ids and `same` or `different`.
        #[arg(long, num_args = 3, value_names = ["ID", "ID", "DECISION"])]
        decide: Option<Vec<String>>,
    },
    /// Generate a synthetic corpus for scale tests: documents in DIR/raw, truth in DIR/truth.jsonl.
    GenCorpus {
        /// How many questions to write.
        #[arg(long, default_value_t = 10_000)]
        questions: usize,
        /// The folder to create.
        #[arg(long)]
        out: PathBuf,
        /// Seed: the same seed gives the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// `seeds`: reworded variants of the questions of `--from` (few distinct questions).
        /// `web`: distinct questions from frames, a Python vocabulary and contexts, a fifth of
        /// them asked again reworded; the truth gives each question its group.
        #[arg(long, value_enum, default_value_t = Shape::Seeds)]
        shape: Shape,
        /// The documents whose questions the corpus is built from.
        #[arg(long, default_value = "raw")]
        from: PathBuf,
        /// Folder holding the schemas and rules.
        #[arg(long, default_value = "schema")]
        schema: PathBuf,
        /// Delete what the folder holds first (without it, a folder that is not empty is refused).
        #[arg(long)]
        replace: bool,
    },
    /// Fit the near-duplicate scorer on labelled pairs and write its model file.
    Calibrate {
        /// The seed documents.
        #[arg(long, default_value = "raw")]
        from: PathBuf,
        /// The hand-labelled duplicates of the seed documents.
        #[arg(long, default_value = "tests/data/truth/seed-duplicates.json")]
        labels: PathBuf,
        /// Reviewers' decisions: each one labels its pair.
        #[arg(long, default_value = "review/decisions.jsonl")]
        decisions: PathBuf,
        /// Questions in the generated web-shaped set.
        #[arg(long, default_value_t = 150_000)]
        web: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long, default_value = "schema")]
        schema: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "schema/cluster-model.json")]
        out: PathBuf,
    },
    /// Learn where the statements of flat Python go from indented Python (writes
    /// schema/indent-model.json; rebuild to use it).
    CalibrateCode {
        /// Folders of Python source (for example the standard library, /usr/lib/python3.11).
        #[arg(required = true)]
        from: Vec<PathBuf>,
        /// The held-out snippets; their modules are left out of the fit.
        #[arg(long, default_value = "tests/data/code/stdlib-snippets.py.txt")]
        hold_out: PathBuf,
        #[arg(long, default_value = "schema/indent-model.json")]
        out: PathBuf,
        /// Write every function with a nested block of the held-out modules (those directly in
        /// the first folder) to this file, and stop: the larger held-out test set.
        #[arg(long)]
        write_held_out: Option<PathBuf>,
    },
    /// Fit repair's plausibility model on correct text in many languages (writes
    /// schema/plausibility-model.json; rebuild to use it) and print what repair does to correct
    /// and damaged text, on the tune part and on the held-out part.
    CalibrateRepair {
        /// The correct-text corpus: part, language, catalogue and line, tab-separated.
        #[arg(long, default_value = "tests/data/text/correct.tsv")]
        corpus: PathBuf,
        #[arg(long, default_value = "schema/plausibility-model.json")]
        out: PathBuf,
    },
    /// Write report.html into the dataset folder: counts, charts and the flagged pairs side by side.
    Report {
        /// The dataset folder written by `run`.
        #[arg(long, default_value = "clean")]
        output: PathBuf,
        /// The decisions file the page's copied commands write to.
        #[arg(long, default_value = "review/decisions.jsonl")]
        decisions: PathBuf,
    },
}

/// The shape of a generated corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    Seeds,
    Web,
}

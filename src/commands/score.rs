//! `qclean score`: runs the pipeline over a folder of documents and scores its records against a
//! truth written by reading them, question by question (see [`crate::eval::records`]).

use super::Outcome;
use crate::error::{Error, Result};
use crate::eval::records::{self, Scores};
use std::io::Write;
use std::path::Path;

/// What to score and how to show it.
pub struct Plan<'a> {
    pub input: &'a Path,
    pub truth: &'a Path,
    /// The settings folder; `None`: `./schema` when it exists, else the built-in copy.
    pub schema: Option<&'a Path>,
    /// Expected questions no record matched, listed up to this many per document.
    pub show: usize,
    /// The table as Markdown (for BENCHMARKS.md).
    pub markdown: bool,
}

/// Scores the folder; the table goes to `out`.
pub fn run(plan: &Plan, out: &mut dyn Write) -> Result<Outcome> {
    let truth_text = super::read_text(plan.truth)?;
    let truth = records::read_truth(&truth_text).map_err(|message| Error::BadConfig {
        path: plan.truth.to_path_buf(),
        message,
    })?;
    let settings = match plan.schema {
        Some(dir) => crate::settings::Settings::read(dir)?,
        None if Path::new("schema").is_dir() => {
            crate::settings::Settings::read(Path::new("schema"))?
        }
        None => crate::settings::Settings::built_in(),
    };
    let (sources, _) = super::run::read_sources(plan.input)?;
    let dataset = crate::pipeline::run(&sources, &settings, &[], &crate::pipeline::Silent)
        .map_err(|e| Error::InvalidRow {
            message: e.to_string(),
        })?;
    let scores = records::score(&dataset.records, &truth);
    let missing: Vec<&str> = scores
        .files
        .iter()
        .map(|f| f.file.as_str())
        .filter(|f| !sources.iter().any(|s| s.name == *f))
        .collect();
    let text = if plan.markdown {
        markdown(&scores)
    } else {
        table(&scores, plan.show)
    };
    let write = |e| Error::Write {
        path: "<stdout>".into(),
        cause: e,
    };
    out.write_all(text.as_bytes()).map_err(write)?;
    for f in &missing {
        writeln!(out, "not in {}: {f}", plan.input.display()).map_err(write)?;
    }
    Ok(if missing.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

fn table(scores: &Scores, show: usize) -> String {
    let mut s = format!(
        "{:50} {:>7} {:>8} {:>6} {:>8}\n",
        "file", "records", "expected", "exact", "answers"
    );
    for f in &scores.files {
        s += &format!(
            "{:50} {:7} {:8} {:6} {:>4}/{:<3}\n",
            truncate(&f.file, 50),
            f.records,
            f.expected,
            f.exact,
            f.answers_right,
            f.answers_expected
        );
        for m in f.missed.iter().take(show) {
            s += &format!("    not matched: {}\n", truncate(m, 100));
        }
    }
    s + &scores.summary() + "\n"
}

fn markdown(scores: &Scores) -> String {
    let mut s = String::from(
        "| document | records | expected | exact text | answers start right |\n|---|---:|---:|---:|---:|\n",
    );
    for f in &scores.files {
        s += &format!(
            "| {} | {} | {} | {} | {}/{} |\n",
            f.file, f.records, f.expected, f.exact, f.answers_right, f.answers_expected
        );
    }
    s + "\n" + &scores.summary() + "\n"
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

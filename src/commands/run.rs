//! `qclean run`: the whole pipeline over a folder, written to the dataset folder.

use super::Outcome;
use crate::error::{Error, Result};
use crate::output::{self, OutputFile};
use crate::pipeline::{self, Source};
use crate::stages::validate::Validators;
use std::io::Write;
use std::path::Path;

/// Reads the input folder, runs the pipeline, writes the dataset.
pub fn run(
    input: &Path,
    output_dir: &Path,
    schema: &Path,
    quiet: bool,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let validators = load_validators(schema)?;
    let (sources, skipped) = read_sources(input)?;
    let dataset = pipeline::run(&sources, &validators).map_err(|e| Error::InvalidRow {
        message: e.to_string(),
    })?;
    let files = [
        OutputFile {
            path: output_dir.join("records.jsonl"),
            bytes: output::jsonl(&dataset.records),
        },
        OutputFile {
            path: output_dir.join("rejects.jsonl"),
            bytes: output::jsonl(&dataset.rejects),
        },
        OutputFile {
            path: output_dir.join("report.json"),
            bytes: output::json(&dataset.report),
        },
    ];
    output::write_all(output_dir, &files)?;
    let totals = &dataset.report.totals;
    if !quiet {
        let rejects: usize = totals.rejects.values().sum();
        writeln!(
            err,
            "qclean: {} files ({} bytes), {} records, {} rejects -> {}",
            totals.files,
            totals.bytes,
            totals.records,
            rejects,
            output_dir.display()
        )
        .ok();
        for name in &skipped {
            writeln!(err, "qclean: skipped {name} (not a regular file)").ok();
        }
        for file in dataset.report.files.iter().filter(|f| f.encoding == "none") {
            let why = file
                .findings
                .first()
                .map(|f| f.detail.as_str())
                .unwrap_or("");
            writeln!(err, "qclean: {}: {why}", input.join(&file.file).display()).ok();
        }
    }
    Ok(if totals.files_refused > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

fn load_validators(schema: &Path) -> Result<Validators> {
    let read = |name: &str| -> Result<serde_json::Value> {
        let path = schema.join(name);
        let bytes = super::read_file(&path)?;
        serde_json::from_slice(&bytes).map_err(|e| Error::BadConfig {
            path: path.clone(),
            message: e.to_string(),
        })
    };
    Validators::build(&read("record.schema.json")?, &read("reject.schema.json")?).map_err(
        |message| Error::BadConfig {
            path: schema.to_path_buf(),
            message,
        },
    )
}

/// The regular files under `input`, by name, with their names relative to it. Symbolic links and
/// hidden files are skipped (a link could lead out of the input folder).
fn read_sources(input: &Path) -> Result<(Vec<Source>, Vec<String>)> {
    if !input.is_dir() {
        return Err(Error::Read {
            path: input.to_path_buf(),
            cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
        });
    }
    let mut sources = Vec::new();
    let mut skipped = Vec::new();
    let mut stack = vec![(input.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|cause| Error::Read {
            path: dir.clone(),
            cause,
        })?;
        for entry in entries {
            let entry = entry.map_err(|cause| Error::Read {
                path: dir.clone(),
                cause,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let relative = format!("{prefix}{name}");
            let kind = entry.file_type().map_err(|cause| Error::Read {
                path: entry.path(),
                cause,
            })?;
            if kind.is_dir() {
                stack.push((entry.path(), format!("{relative}/")));
            } else if kind.is_file() {
                let bytes = super::read_file(&entry.path())?;
                sources.push(Source {
                    name: relative,
                    bytes,
                });
            } else {
                skipped.push(relative);
            }
        }
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    skipped.sort();
    Ok((sources, skipped))
}

//! `qclean run`: the whole pipeline over a folder, written to the dataset folder.

use super::progress::Bars;
use super::{decisions, Outcome};
use crate::card;
use crate::error::{Error, Result};
use crate::output::{self, OutputFile};
use crate::pipeline::{self, Dataset, Progress, Settings, Source};
use std::io::Write;
use std::path::Path;

/// Where `run` reads and writes.
pub struct RunPaths<'a> {
    pub input: &'a Path,
    pub output: &'a Path,
    pub schema: &'a Path,
    pub decisions: &'a Path,
    /// Write an empty dataset when the input holds no document.
    pub allow_empty: bool,
}

/// Reads the input folder and the decisions, runs the pipeline, writes the dataset.
pub fn run(paths: &RunPaths, quiet: bool, err: &mut dyn Write) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let settings = load_settings(paths.schema)?;
    let decisions = decisions::read(paths.decisions)?;
    let (sources, skipped) = read_sources(paths.input)?;
    if sources.is_empty() && !paths.allow_empty {
        keep_existing_dataset(paths)?;
    }
    let bars = Bars::new(quiet);
    let dataset =
        pipeline::run(&sources, &settings, &decisions, &bars).map_err(|e| Error::InvalidRow {
            message: e.to_string(),
        })?;
    bars.stage("write", 0);
    output::write_all(paths.output, &dataset_files(paths, &dataset, &settings))?;
    bars.finish();
    summary(paths, &dataset, &skipped, started.elapsed(), quiet, err);
    let empty = dataset.report.totals.files == 0;
    if empty {
        writeln!(err, "qclean: {}: no documents found", paths.input.display()).ok();
    }
    let refused = empty || dataset.report.totals.files_refused > 0;
    let unread = dataset.report.unread_documents().next().is_some();
    Ok(if refused || unread {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// Refuses an input with no document when the output folder holds a dataset: a wrong --input
/// must not wipe it.
fn keep_existing_dataset(paths: &RunPaths) -> Result<()> {
    let existing = paths.output.join("records.jsonl");
    if existing.is_file() {
        let records = super::read_text(&existing)
            .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count())
            .unwrap_or(0);
        return Err(Error::EmptyInput {
            input: paths.input.to_path_buf(),
            output: paths.output.to_path_buf(),
            records,
        });
    }
    Ok(())
}

/// Every file of the dataset folder, written in one swap.
fn dataset_files<'a>(
    paths: &RunPaths,
    dataset: &'a Dataset,
    settings: &Settings,
) -> [OutputFile<'a>; 9] {
    let report = output::json(&dataset.report);
    [
        OutputFile {
            path: paths.output.join("records.jsonl"),
            write: output::jsonl(&dataset.records),
        },
        OutputFile {
            path: paths.output.join("rejects.jsonl"),
            write: output::jsonl(&dataset.rejects),
        },
        OutputFile {
            path: paths.output.join("clusters.jsonl"),
            write: output::jsonl(&dataset.clusters),
        },
        OutputFile {
            path: paths.output.join("questions.jsonl"),
            write: output::jsonl(&dataset.questions),
        },
        OutputFile {
            path: paths.output.join("questions.csv"),
            write: output::questions_csv(&dataset.questions),
        },
        OutputFile::bytes(paths.output.join("report.json"), report),
        OutputFile::bytes(
            paths.output.join("README.md"),
            card::dataset_card(
                &dataset.report,
                dataset.questions.len(),
                settings.cluster.model.merge,
                settings.cluster.model.flag,
            )
            .into_bytes(),
        ),
        OutputFile::bytes(
            paths.output.join("datapackage.json"),
            output::json(&card::data_package(dataset.questions.len())),
        ),
        // The page goes in the same swap: it is never older than the data beside it.
        OutputFile::bytes(
            paths.output.join("report.html"),
            page(paths, dataset).into_bytes(),
        ),
    ]
}

/// The report page of a dataset just built.
fn page(paths: &RunPaths, dataset: &Dataset) -> String {
    let mut selection = crate::report_page::Selection::default();
    for c in &dataset.clusters {
        selection.add(c);
    }
    let needed = selection.finish();
    let records = dataset
        .records
        .iter()
        .filter(|r| needed.contains(&r.id))
        .map(|r| (r.id.clone(), r.clone()))
        .collect();
    crate::report_page::report_html(
        &dataset.report,
        &selection,
        &records,
        &crate::report_page::command_flags(paths.output, paths.decisions),
    )
}

/// The summary line (unless `quiet`), then the problems the user must see (always).
fn summary(
    paths: &RunPaths,
    dataset: &Dataset,
    skipped: &[String],
    elapsed: std::time::Duration,
    quiet: bool,
    err: &mut dyn Write,
) {
    if !quiet {
        summary_line(paths, dataset, elapsed, err);
    }
    problems(paths, dataset, skipped, err);
}

/// What the run made, and the decisions it applied.
fn summary_line(
    paths: &RunPaths,
    dataset: &Dataset,
    elapsed: std::time::Duration,
    err: &mut dyn Write,
) {
    let totals = &dataset.report.totals;
    let clusters = &dataset.report.clusters;
    let rejects: usize = totals.rejects.values().sum();
    writeln!(
        err,
        "qclean: {} files ({} bytes) -> {} records, {} questions in {} clusters ({} merged), {} pairs flagged for review, {} rejects; {:.1} s -> {}",
        totals.files,
        totals.bytes,
        totals.records,
        dataset.questions.len(),
        clusters.clusters,
        clusters.by_status.get("merged").copied().unwrap_or(0),
        clusters.flagged_pairs,
        rejects,
        elapsed.as_secs_f64(),
        paths.output.display()
    )
    .ok();
    let d = &clusters.decisions;
    let not_applied = d.orphaned.len() + d.conflicting.len();
    if d.applied + not_applied > 0 {
        writeln!(
            err,
            "qclean: {} decisions applied, {not_applied} not ({} name records not in this run, {} `same` kept apart by a `different`) from {}",
            d.applied,
            d.orphaned.len(),
            d.conflicting.len(),
            paths.decisions.display()
        )
        .ok();
    }
}

/// The files skipped, refused or not read in full, and the decisions not applied.
fn problems(paths: &RunPaths, dataset: &Dataset, skipped: &[String], err: &mut dyn Write) {
    for name in skipped {
        writeln!(err, "qclean: skipped {name} (not a regular file)").ok();
    }
    for file in dataset.report.files.iter().filter(|f| f.encoding == "none") {
        let why = file
            .findings
            .first()
            .map(|f| f.detail.as_str())
            .unwrap_or("");
        writeln!(
            err,
            "qclean: {}: {why}",
            paths.input.join(&file.file).display()
        )
        .ok();
    }
    for (file, finding) in dataset.report.unread_documents() {
        writeln!(
            err,
            "qclean: {}: {}: {}",
            paths.input.join(file).display(),
            finding.kind,
            finding.detail
        )
        .ok();
    }
    let decisions = &dataset.report.clusters.decisions;
    for line in &decisions.orphaned {
        writeln!(
            err,
            "qclean: {}:{line}: decision kept, but its records are not in this run",
            paths.decisions.display()
        )
        .ok();
    }
    for line in &decisions.conflicting {
        writeln!(
            err,
            "qclean: {}:{line}: `same` not applied: a `different` decision keeps these apart",
            paths.decisions.display()
        )
        .ok();
    }
}

/// The settings of the schema folder.
pub fn load_settings(schema: &Path) -> Result<Settings> {
    Settings::read(schema)
}

/// The regular files under `input`, by name, with their names relative to it. Symbolic links and
/// hidden files are skipped (a link could lead out of the input folder).
pub fn read_sources(input: &Path) -> Result<(Vec<Source>, Vec<String>)> {
    // One document: named by its file name.
    if input.is_file() {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = super::read_file(input)?;
        return Ok((vec![Source { name, bytes }], Vec::new()));
    }
    if !input.is_dir() {
        return Err(Error::Read {
            path: input.to_path_buf(),
            cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        });
    }
    let mut sources = Vec::new();
    let mut skipped = Vec::new();
    // Hidden files and folders are passed over; links are not followed (they are skipped).
    let walk = walkdir::WalkDir::new(input)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|e| Error::Read {
            path: e.path().unwrap_or(input).to_path_buf(),
            cause: e.into(),
        })?;
        let relative = entry
            .path()
            .strip_prefix(input)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let kind = entry.file_type();
        if kind.is_file() {
            let bytes = super::read_file(entry.path())?;
            sources.push(Source {
                name: relative,
                bytes,
            });
        } else if !kind.is_dir() {
            skipped.push(relative);
        }
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    skipped.sort();
    Ok((sources, skipped))
}

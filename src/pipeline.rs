//! The pipeline, in the order of the mission. Each document goes decode -> repair -> split ->
//! code -> tag (in parallel); all records then go through cluster, and every row through
//! validate before anything is written.
//!
//! No I/O here: sources come in as bytes, the dataset goes out as values.

use crate::model::{FileReport, Question, Record, Reject, RejectReason};
use crate::report;
pub use crate::report::{ClusterCounts, Report, TagCounts, Totals};
pub use crate::settings::Settings;
use crate::stages::cluster::{self, Cluster, Decision, Pair};
use crate::stages::tag;
use crate::stages::validate::{Invalid, Row};
use crate::stages::{code, decode, repair, split};
use rayon::prelude::*;

/// Where the pipeline says how far it is; the command line draws progress bars, others pass
/// [`Silent`].
pub trait Progress: Sync {
    /// A stage begins; `total` units of work (0 when unknown).
    fn stage(&self, _name: &str, _total: u64) {}
    /// `n` more units are done.
    fn advance(&self, _n: u64) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

/// One input file: its name relative to the input folder, and its bytes.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Everything a run produces, ready to be written.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub records: Vec<Record>,
    pub rejects: Vec<Reject>,
    pub clusters: Vec<Cluster>,
    pub questions: Vec<Question>,
    /// Pairs left for review, most uncertain first.
    pub flagged: Vec<Pair>,
    pub report: Report,
}

/// What one document gave.
struct Processed {
    records: Vec<Record>,
    rejects: Vec<Reject>,
    report: FileReport,
}

/// Which entities repair decodes in a document of this format: an HTML page's parser decodes its
/// own; Markdown and reStructuredText are written by hand, where an entity outside code means its
/// character; any other text only when it shows it was scraped from HTML.
fn entities_for(format: split::Format, text: &str) -> repair::Entities {
    match format {
        split::Format::Html => repair::Entities::Keep,
        split::Format::Markdown | split::Format::Rst => repair::Entities::OutsideCode,
        _ => repair::Entities::for_plain_text(text),
    }
}

/// One document through the per-document stages: decode, repair, split, code, tag.
fn process(source: &Source, settings: &Settings) -> Processed {
    let mut report = FileReport {
        file: source.name.clone(),
        bytes: source.bytes.len() as u64,
        ..FileReport::default()
    };
    // 1. decode: a file that is not text is one reject, with its reason.
    let decoded = match decode::decode(&source.bytes) {
        Ok(decoded) => decoded,
        Err(refusal) => {
            report::refused(&mut report, &refusal.reason);
            let reject = Reject {
                file: source.name.clone(),
                line: 1,
                line_end: 1,
                text: refusal.reason,
                reason: RejectReason::NotText,
            };
            return Processed {
                records: Vec::new(),
                rejects: vec![reject],
                report,
            };
        }
    };
    report.encoding = decoded.encoding.clone();
    report.findings = decoded.findings;
    // 2. repair, told how the document's format treats entities.
    let told = repair::Settings {
        model: &settings.plausibility,
        entities: entities_for(split::format::detect(&decoded.text), &decoded.text),
    };
    let repaired = repair::repair_with(&decoded.text, &told);
    // 3. split
    let split = split::split(
        &split::Document {
            file: &source.name,
            text: &repaired.text,
            mojibake_lines: &repaired.mojibake_lines(),
        },
        &settings.cues,
    );
    report::count_split(&mut report, &repaired.text, &split, &repaired.fixes);
    // 4. code in the answers
    let mut records = split.records;
    report.code = code::fix_answers(&mut records, &settings.indent);
    // 5. tag: per record, so it runs with the per-document stages.
    tag::apply_to_document(&mut records, &settings.tags);
    Processed {
        records,
        rejects: split.rejects,
        report,
    }
}

/// Runs the pipeline over the sources (in the order given: callers sort them) and validates
/// every row. The first invalid row stops the run.
pub fn run(
    sources: &[Source],
    settings: &Settings,
    decisions: &[Decision],
    progress: &dyn Progress,
) -> Result<Dataset, Invalid> {
    let mut records = Vec::new();
    let mut rejects = Vec::new();
    let mut files = Vec::new();
    let mut totals = Totals::default();
    // 1-5. decode, repair, split, code, tag: documents in parallel, results in input order.
    progress.stage("read", sources.len() as u64);
    let processed: Vec<Processed> = sources
        .par_iter()
        .map(|source| {
            let p = process(source, settings);
            progress.advance(1);
            p
        })
        .collect();
    for processed in processed {
        report::add_to_totals(&mut totals, &processed.report);
        records.extend(processed.records);
        rejects.extend(processed.rejects);
        files.push(processed.report);
    }
    // 6. cluster: the one stage that sees every record; then one question per cluster.
    progress.stage("cluster", 0);
    let clustering = cluster::cluster(&records, &settings.cluster, decisions);
    cluster::label(&mut records, &clustering);
    let questions = cluster::questions::questions(&records, &clustering.clusters);
    // 7. validate every row before anything is written (in parallel; the first bad row in
    // output order is the one reported).
    let rows = records.len() + rejects.len() + questions.len() + clustering.clusters.len();
    progress.stage("validate", rows as u64);
    let v = &settings.validators;
    check_all(&records, progress, |r| {
        v.check(
            Row::Record,
            r,
            format_args!("{} ({}:{})", r.id, r.file, r.line),
        )
    })?;
    check_all(&rejects, progress, |r| {
        v.check(Row::Reject, r, format_args!("{}:{}", r.file, r.line))
    })?;
    check_all(&questions, progress, |q| v.check(Row::Question, q, &q.id))?;
    check_all(&clustering.clusters, progress, |c| {
        v.check(Row::Cluster, c, &c.id)
    })?;
    let report = Report {
        schema_version: 1,
        totals,
        clusters: ClusterCounts::of(&clustering),
        tags: TagCounts::of(&records),
        files,
    };
    Ok(Dataset {
        records,
        rejects,
        clusters: clustering.clusters,
        questions,
        flagged: clustering.flagged,
        report,
    })
}

/// Checks every row in parallel; the error is the first failing row's, in row order.
fn check_all<T: Sync>(
    rows: &[T],
    progress: &dyn Progress,
    check: impl Fn(&T) -> Result<(), Invalid> + Sync,
) -> Result<(), Invalid> {
    let first_bad = rows
        .par_chunks(1024)
        .enumerate()
        .filter_map(|(k, chunk)| {
            let bad = chunk.iter().find_map(|row| check(row).err());
            progress.advance(chunk.len() as u64);
            bad.map(|e| (k, e))
        })
        .min_by_key(|(k, _)| *k);
    match first_bad {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

//! The pipeline, in the order of the mission. One document goes decode -> repair -> split; the
//! whole corpus then goes through validation. Cluster and tag slot in between split and validate.
//!
//! No I/O here: sources come in as bytes, the dataset goes out as values.

use crate::model::{FileReport, Finding, Record, Reject, RejectReason};
use crate::stages::validate::{Invalid, Validators};
use crate::stages::{decode, repair, split};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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
    pub report: Report,
}

/// `report.json`: counts per stage and per file. No clock, no absolute paths.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub totals: Totals,
    pub files: Vec<FileReport>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub files: usize,
    pub files_refused: usize,
    pub bytes: u64,
    pub lines: usize,
    pub fixes: BTreeMap<String, usize>,
    pub records: usize,
    pub rejects: BTreeMap<String, usize>,
}

/// What one document gave.
struct Processed {
    records: Vec<Record>,
    rejects: Vec<Reject>,
    report: FileReport,
}

/// Decode, repair and split one document.
fn process(source: &Source) -> Processed {
    let mut report = FileReport {
        file: source.name.clone(),
        bytes: source.bytes.len() as u64,
        ..FileReport::default()
    };
    // 1. decode
    let decoded = match decode::decode(&source.bytes) {
        Ok(decoded) => decoded,
        Err(refusal) => {
            report.encoding = "none".into();
            report.layout = "none".into();
            report.findings.push(Finding {
                line: None,
                kind: "not-text".into(),
                detail: refusal.reason.clone(),
            });
            report
                .rejects
                .insert(RejectReason::NotText.name().into(), 1);
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
    // 2. repair
    let repaired = repair::repair(&decoded.text);
    let mojibake_lines: BTreeSet<usize> = repaired
        .fixes
        .iter()
        .filter(|f| f.kind == crate::model::FixKind::Mojibake)
        .map(|f| f.line)
        .collect();
    // 3. split
    let split = split::split(&split::Document {
        file: &source.name,
        text: &repaired.text,
        mojibake_lines: &mojibake_lines,
    });
    report.lines = repaired.text.lines().count();
    report.layout = split.layout.name().into();
    for fix in repaired.fixes.iter().chain(&split.fixes) {
        *report.fixes.entry(fix.kind.name().into()).or_insert(0) += 1;
    }
    report.records = split.records.len();
    for reject in &split.rejects {
        *report
            .rejects
            .entry(reject.reason.name().into())
            .or_insert(0) += 1;
    }
    Processed {
        records: split.records,
        rejects: split.rejects,
        report,
    }
}

/// Runs the pipeline over the sources (in the order given: callers sort them) and validates
/// every row. The first invalid row stops the run.
pub fn run(sources: &[Source], validators: &Validators) -> Result<Dataset, Invalid> {
    let mut records = Vec::new();
    let mut rejects = Vec::new();
    let mut files = Vec::new();
    let mut totals = Totals::default();
    for source in sources {
        let processed = process(source);
        totals.files += 1;
        totals.bytes += processed.report.bytes;
        totals.lines += processed.report.lines;
        totals.records += processed.report.records;
        if processed.report.encoding == "none" {
            totals.files_refused += 1;
        }
        for (kind, n) in &processed.report.fixes {
            *totals.fixes.entry(kind.clone()).or_insert(0) += n;
        }
        for (reason, n) in &processed.report.rejects {
            *totals.rejects.entry(reason.clone()).or_insert(0) += n;
        }
        records.extend(processed.records);
        rejects.extend(processed.rejects);
        files.push(processed.report);
    }
    // 6. validate
    for record in &records {
        validators.record(
            record,
            &format!("{} ({}:{})", record.id, record.file, record.line),
        )?;
    }
    for reject in &rejects {
        validators.reject(reject, &format!("{}:{}", reject.file, reject.line))?;
    }
    Ok(Dataset {
        records,
        rejects,
        report: Report {
            schema_version: 1,
            totals,
            files,
        },
    })
}

//! `report.json`: what a run did, counted per stage and per file. No clock, no absolute paths.
//! The pipeline fills it; the page, the card and the summary read it.

use crate::model::{FileReport, Finding, Record, RejectReason};
use crate::stages::cluster::{Clustering, DecisionReport};
use crate::stages::split::Split;
use serde::Serialize;
use std::collections::BTreeMap;

/// `report.json`: counts per stage and per file. No clock, no absolute paths.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub totals: Totals,
    pub clusters: ClusterCounts,
    pub tags: TagCounts,
    pub files: Vec<FileReport>,
}

impl Report {
    /// Documents whose questions were not found, or found only in part: each such finding with
    /// its file.
    pub fn unread_documents(&self) -> impl Iterator<Item = (&str, &Finding)> {
        self.files.iter().flat_map(|f| {
            f.findings
                .iter()
                .filter(|x| x.is_unread())
                .map(move |x| (f.file.as_str(), x))
        })
    }
}

/// How the records were tagged: counts by topic, level and where each came from.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct TagCounts {
    pub topics: BTreeMap<String, usize>,
    pub topic_sources: BTreeMap<String, usize>,
    pub levels: BTreeMap<String, usize>,
    pub level_sources: BTreeMap<String, usize>,
}

impl TagCounts {
    pub fn of(records: &[Record]) -> TagCounts {
        let name = |v: serde_json::Value| v.as_str().unwrap_or("none").to_string();
        let mut counts = TagCounts::default();
        for r in records {
            *counts
                .topics
                .entry(r.topic.clone().unwrap_or_else(|| "none".into()))
                .or_insert(0) += 1;
            *counts
                .topic_sources
                .entry(name(serde_json::json!(r.topic_source)))
                .or_insert(0) += 1;
            *counts
                .levels
                .entry(name(serde_json::json!(r.level)))
                .or_insert(0) += 1;
            *counts
                .level_sources
                .entry(name(serde_json::json!(r.level_source)))
                .or_insert(0) += 1;
        }
        counts
    }
}

/// What clustering did.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct ClusterCounts {
    pub clusters: usize,
    pub by_status: BTreeMap<String, usize>,
    pub candidate_pairs: usize,
    pub flagged_pairs: usize,
    pub decisions: DecisionReport,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Totals {
    pub files: usize,
    pub files_refused: usize,
    pub bytes: u64,
    pub lines: usize,
    pub fixes: BTreeMap<String, usize>,
    pub records: usize,
    pub rejects: BTreeMap<String, usize>,
}

impl ClusterCounts {
    /// The counts of one clustering.
    pub fn of(clustering: &Clustering) -> ClusterCounts {
        let mut counts = ClusterCounts {
            clusters: clustering.clusters.len(),
            candidate_pairs: clustering.candidate_pairs,
            flagged_pairs: clustering.flagged.len(),
            decisions: clustering.decisions.clone(),
            ..ClusterCounts::default()
        };
        for c in &clustering.clusters {
            *counts.by_status.entry(c.status.name().into()).or_insert(0) += 1;
        }
        counts
    }
}

/// The report of a file that is not text: refused, with the reason.
pub fn refused(report: &mut FileReport, reason: &str) {
    report.encoding = "none".into();
    report.layout = "none".into();
    report.findings.push(Finding {
        line: None,
        kind: "not-text".into(),
        detail: reason.to_string(),
    });
    report
        .rejects
        .insert(RejectReason::NotText.name().into(), 1);
}

/// What the split of a document adds to its report: the layout, the roles, the fixes and rejects
/// by kind, and a finding when its questions were not found or were found only in part.
pub fn count_split(
    report: &mut FileReport,
    text: &str,
    split: &Split,
    repair_fixes: &[crate::model::Fix],
) {
    report.lines = text.lines().count();
    report.layout = split.layout.clone();
    report.format = split.format.name().into();
    report.roles = split.roles.clone();
    report.left_out = split.left_out;
    report.findings.extend(split.notes.iter().cloned());
    let text_lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    if split.records.is_empty() && text_lines > 0 {
        report.findings.push(Finding {
            line: None,
            kind: "no-questions".into(),
            detail: format!(
                "{text_lines} lines read as {}, but no question found ({} question-like blocks left out); if it holds questions, its layout is one qclean does not know yet",
                split.format.name(),
                split.left_out
            ),
        });
    } else if split.left_out >= 3 && split.left_out * 5 >= split.records.len() {
        report.findings.push(Finding {
            line: None,
            kind: "questions-left-out".into(),
            detail: format!(
                "{} question-like blocks were left out beside {} records taken; see rejects.jsonl for {}",
                split.left_out,
                split.records.len(),
                report.file
            ),
        });
    }
    for fix in repair_fixes.iter().chain(&split.fixes) {
        *report.fixes.entry(fix.kind.name().into()).or_insert(0) += 1;
    }
    report.records = split.records.len();
    for reject in &split.rejects {
        *report
            .rejects
            .entry(reject.reason.name().into())
            .or_insert(0) += 1;
    }
}

/// Adds one file's report to the totals.
pub fn add_to_totals(totals: &mut Totals, report: &FileReport) {
    totals.files += 1;
    totals.bytes += report.bytes;
    totals.lines += report.lines;
    totals.records += report.records;
    if report.encoding == "none" {
        totals.files_refused += 1;
    }
    for (kind, n) in &report.fixes {
        *totals.fixes.entry(kind.clone()).or_insert(0) += n;
    }
    for (reason, n) in &report.rejects {
        *totals.rejects.entry(reason.clone()).or_insert(0) += n;
    }
}

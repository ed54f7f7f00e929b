//! The pipeline, in the order of the mission. One document goes decode -> repair -> split; the
//! whole corpus then goes through validation. Cluster and tag slot in between split and validate.
//!
//! No I/O here: sources come in as bytes, the dataset goes out as values.

use crate::model::{FileReport, Finding, Flag, Question, Record, Reject, RejectReason, SourceRef};
use crate::stages::cluster::{self, Cluster, ClusterParams, Decision, DecisionReport, Pair};
use crate::stages::tag::{self, TagRules};
use crate::stages::validate::{Invalid, Row, Validators};
use crate::stages::{decode, repair, split};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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

/// What a run needs besides the sources, built once.
pub struct Settings {
    pub validators: Validators,
    pub tags: TagRules,
    pub cluster: ClusterParams,
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
    fn of(records: &[Record]) -> TagCounts {
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
        _ if repair::scraped_from_html(text) => repair::Entities::OutsideCode,
        _ => repair::Entities::Keep,
    }
}

/// Decode, repair, split and tag one document.
fn process(source: &Source, rules: &TagRules) -> Processed {
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
    // 2. repair, told how the document's format treats entities
    let settings = repair::Settings {
        entities: entities_for(split::format::detect(&decoded.text), &decoded.text),
        ..repair::Settings::default()
    };
    let repaired = repair::repair_with(&decoded.text, &settings);
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
    report.layout = split.layout.clone();
    report.format = split.format.name().into();
    report.roles = split.roles.clone();
    report.left_out = split.left_out;
    let text_lines = repaired
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
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
                source.name
            ),
        });
    }
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
    // Code in answers: every fence labelled, lost Python indentation restored where a parser agrees.
    let mut records = split.records;
    for record in &mut records {
        let Some(answer) = record.answer.as_deref() else {
            continue;
        };
        let (fixed, counts) = crate::stages::code::fix_blocks(answer);
        if counts.reindented > 0 {
            record.flags.push(crate::model::Flag::CodeReindented);
        }
        if counts.unparsed > 0 {
            record.flags.push(crate::model::Flag::CodeUnparsed);
        }
        record.flags.sort();
        record.flags.dedup();
        report.code.add(&counts);
        record.answer = Some(fixed);
    }
    // 5. tag: per record, so it runs with the per-document stages.
    tag::apply_to_document(&mut records, rules);
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
    // 1-3 and 5. decode, repair, split, tag: documents in parallel, results in input order.
    progress.stage("read", sources.len() as u64);
    let processed: Vec<Processed> = sources
        .par_iter()
        .map(|source| {
            let p = process(source, &settings.tags);
            progress.advance(1);
            p
        })
        .collect();
    for processed in processed {
        add_to_totals(&mut totals, &processed.report);
        records.extend(processed.records);
        rejects.extend(processed.rejects);
        files.push(processed.report);
    }
    // 4. cluster: the one stage that sees every record.
    progress.stage("cluster", 0);
    let clustering = cluster::cluster(&records, &settings.cluster, decisions);
    let needs_review: BTreeSet<&str> = clustering
        .flagged
        .iter()
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .collect();
    for (record, &c) in records.iter_mut().zip(&clustering.cluster_of) {
        let cluster = &clustering.clusters[c];
        record.cluster = Some(cluster.id.clone());
        record.canonical = Some(cluster.canonical == record.id);
        if needs_review.contains(record.id.as_str()) {
            record.flags.push(Flag::NeedsReview);
            record.flags.sort();
        }
    }
    let questions = questions(&records, &clustering.clusters);
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
    // 6. validate every row before anything is written (in parallel; the first bad row in
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
    let tags = TagCounts::of(&records);
    let report = Report {
        schema_version: 1,
        totals,
        clusters: counts,
        tags,
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

fn add_to_totals(totals: &mut Totals, report: &FileReport) {
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

/// One question per cluster: its canonical record, with every member's source, in source order.
fn questions(records: &[Record], clusters: &[Cluster]) -> Vec<Question> {
    let by_id: std::collections::HashMap<&str, &Record> =
        records.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut out: Vec<Question> = clusters
        .iter()
        .map(|c| {
            let canonical = by_id[c.canonical.as_str()];
            let mut others: Vec<&Record> = c
                .members
                .iter()
                .filter(|m| **m != c.canonical)
                .map(|m| by_id[m.as_str()])
                .collect();
            others.sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
            let sources = std::iter::once(canonical)
                .chain(others.iter().copied())
                .map(|r| SourceRef {
                    file: r.file.clone(),
                    line: r.line,
                })
                .collect();
            let members: Vec<&Record> = std::iter::once(canonical)
                .chain(others.iter().copied())
                .collect();
            let (topic, topic_source) = voted_topic(&members);
            let lowest = members
                .iter()
                .filter(|r| r.level.is_some())
                .min_by_key(|r| r.level);
            Question {
                id: canonical.id.clone(),
                question: canonical.question.clone(),
                answer: canonical.answer.clone(),
                level: lowest.and_then(|r| r.level),
                level_source: lowest.and_then(|r| r.level_source),
                topics: canonical
                    .topics
                    .iter()
                    .filter(|t| Some(*t) != topic.as_ref())
                    .cloned()
                    .collect(),
                topic,
                topic_source,
                flags: canonical.flags.clone(),
                cluster: c.id.clone(),
                sources,
                duplicates: others.iter().map(|r| r.id.clone()).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.sources[0].file.as_str(), a.sources[0].line)
            .cmp(&(b.sources[0].file.as_str(), b.sources[0].line))
    });
    out
}

/// The topic most members have; a tie goes to the canonical record's (listed first).
fn voted_topic(members: &[&Record]) -> (Option<String>, Option<crate::model::TopicSource>) {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for topic in members.iter().filter_map(|r| r.topic.as_deref()) {
        match counts.iter_mut().find(|(t, _)| *t == topic) {
            Some((_, n)) => *n += 1,
            None => counts.push((topic, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for &(topic, n) in &counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((topic, n));
        }
    }
    let Some((topic, _)) = best else {
        return (None, None);
    };
    let source = if members[0].topic.as_deref() == Some(topic) {
        members[0].topic_source
    } else {
        Some(crate::model::TopicSource::Votes)
    };
    (Some(topic.to_string()), source)
}

//! The record builder: the finder's questions become records, everything else a reject.

use super::blocks::Block;
use super::finder::{Finding, Found};
use super::{normalise, question, record_id, Cues, Document, Format, Split};
use crate::model::{Fix, Flag, Record, Reject, RejectReason};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The finder's questions become records, everything else a reject.
pub(super) fn split_blocks(
    doc: &Document,
    cues: &Cues,
    blocks: &[Block],
    format: Format,
    finding: Finding,
    cleaned: Vec<(String, bool)>,
) -> Split {
    let source: Vec<&str> = doc.text.split('\n').collect();
    let mut recorder = Recorder {
        doc,
        cues,
        title: finding.title.as_deref().map(question::clean_heading),
        seen: HashSet::new(),
        occurrences: HashMap::new(),
        records: Vec::with_capacity(finding.found.len()),
        fixes: Vec::new(),
        rejects: finding
            .rejects
            .iter()
            .map(|&(i, why)| (blocks[i].line, blocks[i].line_end, why))
            .collect(),
    };
    for (found, (question, number_repaired)) in finding.found.iter().zip(cleaned) {
        recorder.take(found, question, number_repaired);
    }
    let Recorder {
        title,
        mut records,
        mut rejects,
        fixes,
        ..
    } = recorder;
    drop_template_leads(&mut records);
    let markup = markup_lines(&source, &records, &rejects);
    rejects.extend(markup);
    Split {
        format,
        layout: "sections".into(),
        roles: finding.roles,
        left_out: finding.left_out,
        title,
        records,
        rejects: merge_spans(doc.file, &source, rejects),
        fixes,
        notes: Vec::new(),
    }
}

/// The finder's questions made records, one at a time, and what the making rejected.
struct Recorder<'a> {
    doc: &'a Document<'a>,
    cues: &'a Cues,
    title: Option<String>,
    /// A repeat is the same question with the same answer: a block pasted twice, in whatever
    /// section. With no answer, the section tells: `What is it?` under `Variable` and under
    /// `Scope` are two questions.
    seen: HashSet<(String, Option<String>, Vec<String>)>,
    occurrences: HashMap<String, usize>,
    records: Vec<Record>,
    fixes: Vec<Fix>,
    /// (line, last line, reason).
    rejects: Vec<(usize, usize, RejectReason)>,
}

impl Recorder<'_> {
    /// Makes a record of one question (cleaned as `question`), or rejects it as an artifact
    /// (nothing left of it) or a repeat.
    fn take(&mut self, found: &Found, question: String, number_repaired: bool) {
        let mut changes = Vec::new();
        let question = drop_controls(&question, &mut changes);
        let answer = found
            .answer
            .as_deref()
            .map(|a| drop_controls(a, &mut changes))
            .filter(|a| !a.trim().is_empty());
        if question.trim().is_empty() {
            self.rejects
                .push((found.line, found.line_end, RejectReason::Artifact));
            return;
        }
        self.fixes
            .extend(changes.into_iter().map(|(kind, before, after)| Fix {
                line: found.line,
                kind,
                before,
                after,
            }));
        let normalised = normalise(&question);
        let section = match answer {
            Some(_) => Vec::new(),
            None => found.section.clone(),
        };
        if !self
            .seen
            .insert((normalised.clone(), answer.clone(), section))
        {
            self.rejects
                .push((found.line, found.line_end, RejectReason::VerbatimRepeat));
            return;
        }
        let occurrence = self.occurrences.entry(normalised.clone()).or_insert(0);
        let mut record = new_record(
            self.doc,
            self.cues,
            RecordDraft {
                normalised: &normalised,
                occurrence: *occurrence,
                question,
                answer,
                line: found.line,
                line_end: found.line_end,
                number_repaired,
                from_title: found.from_title,
            },
        );
        *occurrence += 1;
        record.title = self.title.clone();
        record.section = found
            .section
            .iter()
            .map(|s| question::clean_heading(s))
            .collect();
        record.difficulty = found.difficulty.clone();
        record.cell = found.cell;
        self.records.push(record);
    }
}

/// A short first line that opens most answers of a document (`#### Python` in every
/// answer, `**Detailed Answer:**`) is the document's template, not what the author answered:
/// it is dropped from the answers. Its lines stay in the records' spans.
fn drop_template_leads(records: &mut [Record]) {
    fn lead(answer: &str) -> Option<&str> {
        let (first, rest) = answer.split_once('\n')?;
        let first = first.trim();
        (!rest.trim().is_empty()
            && !first.is_empty()
            && first.chars().count() <= 40
            && first.split_whitespace().count() <= 5
            && !first.starts_with("```"))
        .then_some(first)
    }
    let answered = records.iter().filter(|r| r.answer.is_some()).count();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for r in records.iter() {
        if let Some(l) = r.answer.as_deref().and_then(lead) {
            *counts.entry(l).or_default() += 1;
        }
    }
    let template: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n >= 3 && n * 2 >= answered)
        .map(|(l, _)| l.to_string())
        .collect();
    if template.is_empty() {
        return;
    }
    for r in records.iter_mut() {
        let Some(answer) = r.answer.as_deref() else {
            continue;
        };
        if lead(answer).is_some_and(|l| template.iter().any(|t| t == l)) {
            let rest = answer.split_once('\n').map_or("", |(_, rest)| rest);
            r.answer = Some(rest.trim_start_matches('\n').to_string());
        }
    }
}

/// Lines in no block (tags, JSON syntax, directives) are markup: accounted for, not lost.
fn markup_lines(
    source: &[&str],
    records: &[Record],
    rejects: &[(usize, usize, RejectReason)],
) -> Vec<(usize, usize, RejectReason)> {
    let mut covered = vec![false; source.len() + 2];
    let mut cover = |line: usize, end: usize| {
        for c in covered
            .iter_mut()
            .take(end.min(source.len()) + 1)
            .skip(line)
        {
            *c = true;
        }
    };
    for r in records {
        cover(r.line, r.line_end);
    }
    for &(line, end, _) in rejects {
        cover(line, end);
    }
    source
        .iter()
        .enumerate()
        .filter(|(i, l)| !covered[i + 1] && !l.trim().is_empty())
        .map(|(i, _)| (i + 1, i + 1, RejectReason::Markup))
        .collect()
}

/// Rejected spans in line order, consecutive spans with one reason joined, each with its text.
fn merge_spans(
    file: &str,
    source: &[&str],
    mut spans: Vec<(usize, usize, RejectReason)>,
) -> Vec<Reject> {
    spans.sort_by_key(|&(line, end, why)| (line, end, why));
    spans.dedup();
    let mut out: Vec<Reject> = Vec::new();
    for (line, end, reason) in spans {
        let end = end.min(source.len()).max(line);
        if let Some(last) = out.last_mut() {
            let gap_blank = (last.line_end + 1..line)
                .all(|l| source.get(l - 1).is_none_or(|s| s.trim().is_empty()));
            if last.reason == reason && line > last.line_end && gap_blank {
                for l in last.line_end + 1..=end {
                    last.text.push('\n');
                    last.text
                        .push_str(source.get(l - 1).map_or("", |s| s.trim_end()));
                }
                last.line_end = end;
                continue;
            }
            if line <= last.line_end && end <= last.line_end {
                // Inside a span already rejected (a block within a chrome block).
                continue;
            }
        }
        let text = (line..=end)
            .map(|l| source.get(l - 1).map_or("", |s| s.trim_end()))
            .collect::<Vec<_>>()
            .join("\n");
        out.push(Reject {
            file: file.to_string(),
            line,
            line_end: end,
            text,
            reason,
        });
    }
    out
}

/// What the finder and the cleaning know of a record when it is made.
pub(super) struct RecordDraft<'a> {
    normalised: &'a str,
    occurrence: usize,
    question: String,
    answer: Option<String>,
    line: usize,
    line_end: usize,
    number_repaired: bool,
    /// Found as a title rather than as a question (a slide title, a numbered heading).
    from_title: bool,
}

/// A record with its id and flags; title, section and the rest are the caller's to fill.
pub(super) fn new_record(doc: &Document, cues: &Cues, d: RecordDraft) -> Record {
    let mut flags = BTreeSet::new();
    if d.answer.is_none() {
        flags.insert(Flag::NoAnswer);
    }
    if d.answer.as_deref().is_some_and(looks_truncated) {
        flags.insert(Flag::TruncatedAnswer);
    }
    if d.number_repaired {
        flags.insert(Flag::NumberRepaired);
    }
    if d.from_title && !cues.is_question_like(&d.question) {
        flags.insert(Flag::QuestionFromTitle);
    }
    if doc
        .mojibake_lines
        .range(d.line..=d.line_end)
        .next()
        .is_some()
    {
        flags.insert(Flag::MojibakeRepaired);
    }
    Record::new(
        record_id(doc.file, d.normalised, d.occurrence),
        d.question,
        d.answer,
        doc.file.to_string(),
        (d.line, d.line_end),
        flags.into_iter().collect(),
    )
}

/// Control characters and U+FFFD have no place in the dataset's text: dropped, each counted.
pub(super) fn drop_controls(
    text: &str,
    changes: &mut Vec<(crate::model::FixKind, String, String)>,
) -> String {
    let unwanted = |c: char| (c.is_control() && !matches!(c, '\n' | '\t')) || c == '\u{fffd}';
    if !text.chars().any(unwanted) {
        return text.to_string();
    }
    text.chars()
        .filter(|&c| {
            let drop = unwanted(c);
            if drop {
                changes.push((
                    crate::model::FixKind::Control,
                    format!("U+{:04X}", c as u32),
                    String::new(),
                ));
            }
            !drop
        })
        .collect()
}

/// An answer that promises more than it gives: it ends on a colon.
fn looks_truncated(answer: &str) -> bool {
    answer.trim_end().ends_with(':')
}

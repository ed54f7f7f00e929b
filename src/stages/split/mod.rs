//! Stage 3, split: one repaired document to question records and rejected lines.
//!
//! Input: a [`Document`] (file name, repaired text, the lines where mojibake was repaired).
//! Output: [`Split`]: the layout recognised, the title, records with provenance (file, line span,
//! section path) and rejects with a reason.
//!
//! Guarantees: every non-blank line of the text is in a record's line span or in a reject; a
//! block pasted twice, or a title printed twice, is one record and the repeat is rejected as
//! `verbatim-repeat`; the same input always gives the same output.
//! Never does: look at the file name to decide anything, read files, tag or cluster.
//!
//! Two paths, one result. [`format::detect`] reads the format from the content. Structured
//! formats (Markdown, HTML, reStructuredText, notebooks, JSON, JSON Lines, CSV) go through their
//! front end in [`front`] to one block list ([`blocks`]) and the section-by-section question
//! finder ([`finder`]). Pasted text goes through the line model: [`lines::classify`] gives every
//! line a shape, [`layout::detect`] picks the layout, [`glue::unglue`] cuts glued titles on slide
//! pages, [`engine::assign_roles`] gives every line a role. Markdown is read both ways and the
//! reading that finds more questions wins (pasted chat exports are Markdown flattened to text);
//! the report says which.

pub mod answer;
pub mod blocks;
mod by_blocks;
mod by_lines;
pub mod cues;
pub mod engine;
pub mod finder;
pub mod format;
pub mod front;
pub mod glue;
pub mod layout;
pub mod lines;
pub mod question;

#[cfg(test)]
mod trap_tests;
#[cfg(test)]
pub mod truth_tests;

pub use crate::model::SectionRole;
use crate::model::{Finding, Fix, Flag, Record, Reject};
use by_blocks::split_blocks;
use by_lines::split_lines;
pub use cues::Cues;
pub use format::Format;
pub use layout::Layout;
use std::collections::{BTreeSet, HashSet};

/// A repaired document, ready to split.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The file's name relative to the input folder.
    pub file: &'a str,
    pub text: &'a str,
    /// Lines (1-based) in which the repair stage undid mojibake.
    pub mojibake_lines: &'a BTreeSet<usize>,
}

/// What split found in one document.
#[derive(Debug, Clone)]
pub struct Split {
    pub format: Format,
    /// How the questions were found: the line layout, or `sections` for the block finder.
    pub layout: String,
    /// The role chosen per section (block finder only).
    pub roles: Vec<SectionRole>,
    /// Question-like blocks that were not taken.
    pub left_out: usize,
    pub title: Option<String>,
    pub records: Vec<Record>,
    pub rejects: Vec<Reject>,
    /// Fixes made while formatting records (debris dropped, dashes in regrouped code).
    pub fixes: Vec<Fix>,
    /// What a front end had to take on trust to read the document (JSON that is not strict).
    pub notes: Vec<Finding>,
}

impl Split {
    /// The non-blank lines of `text` (1-based) in no record's span and no reject: the guarantee
    /// that nothing vanishes, as something a caller can check.
    pub fn lost_lines(&self, text: &str) -> Vec<usize> {
        let mut covered = BTreeSet::new();
        for (line, end) in self
            .records
            .iter()
            .map(|r| (r.line, r.line_end))
            .chain(self.rejects.iter().map(|r| (r.line, r.line_end)))
        {
            covered.extend(line..=end);
        }
        text.split('\n')
            .enumerate()
            .filter(|(i, l)| !l.trim().is_empty() && !covered.contains(&(i + 1)))
            .map(|(i, _)| i + 1)
            .collect()
    }
}

/// Splits one document. See the module header.
pub fn split(doc: &Document, cues: &Cues) -> Split {
    let format = format::detect(doc.text);
    // Markdown is read both ways; slide titles, which only the line model sees, settle it
    // before the blocks are read.
    let mut by_lines = (format == Format::Markdown).then(|| split_lines(doc, cues));
    if by_lines
        .as_ref()
        .is_some_and(|l| l.layout == Layout::DoubledTitles.name())
    {
        return Split {
            format,
            ..by_lines.take().expect("checked above")
        };
    }
    let mut lenient = Vec::new();
    let blocks = match format {
        Format::Text => None,
        Format::Markdown => Some(front::markdown::blocks(doc.text, cues)),
        Format::Html => Some(front::html::blocks(doc.text)),
        Format::Rst => Some(front::rst::blocks(doc.text)),
        Format::Notebook => front::notebook::blocks(doc.text, cues),
        Format::Json => front::bank::json_bank(doc.text).map(|(blocks, notes)| {
            lenient = notes;
            blocks
        }),
        Format::Yaml => front::bank::yaml_blocks(doc.text),
        Format::JsonLines => front::bank::jsonl_blocks(doc.text),
        Format::Csv => front::bank::csv_blocks(doc.text),
    };
    let Some(blocks) = blocks else {
        let mut lines = by_lines.unwrap_or_else(|| split_lines(doc, cues));
        lines.format = format;
        return lines;
    };
    let unfenced: Vec<usize> = blocks
        .iter()
        .filter(|b| b.unfenced)
        .map(|b| b.line)
        .collect();
    let blocks = blocks::split_bold_leads(blocks);
    let finding = finder::find(&blocks, cues);
    // Each question as its record will hold it, and whether its number was repaired: cleaned
    // once, for the comparison and for the records.
    let cleaned: Vec<(String, bool)> = finding
        .found
        .iter()
        .map(|f| question::clean_question(&cues.strip_question_label(&f.question), &[]))
        .collect();
    if let Some(mut lines) = by_lines {
        if prefer_lines(&lines, &finding, &cleaned, cues) {
            lines.format = format;
            return lines;
        }
    }
    let mut split = split_blocks(doc, cues, &blocks, format, finding, cleaned);
    split.notes = lenient
        .into_iter()
        .map(|(line, detail)| Finding {
            line,
            kind: "lenient-json".into(),
            detail,
        })
        .collect();
    if let Some(&first) = unfenced.first() {
        split.notes.push(Finding {
            line: Some(first),
            kind: "questions-in-code-fences".into(),
            detail: format!(
                "{} blocks inside code fences hold prose and numbered questions, not code; read as Markdown",
                unfenced.len()
            ),
        });
    }
    split
}

/// Markdown read both ways (slide titles were settled before): the line model wins when it
/// found clearly more questions. When most questions the blocks found came from
/// headings or from roles their sections fit well (structure the line model cannot see), the
/// line model has to be half as many again; when they did not (flattened Markdown, a paste: the
/// layouts the line model was built for), the blocks have to be a quarter ahead.
fn prefer_lines(
    by_lines: &Split,
    finding: &finder::Finding,
    cleaned: &[(String, bool)],
    cues: &Cues,
) -> bool {
    let confident = finding.found.iter().filter(|f| f.confident).count();
    let structured = confident > 0 && confident * 10 >= finding.found.len() * 6;
    let lines = || {
        by_lines.records.iter().map(|r| {
            (
                std::borrow::Cow::Borrowed(r.question.as_str()),
                r.answer.is_some(),
            )
        })
    };
    let l = score(lines(), by_lines.left_out, true, cues);
    // Scored on the questions as the records would hold them; the records are built only
    // for the reading that wins.
    let blocks = || {
        finding
            .found
            .iter()
            .zip(cleaned)
            .map(|(f, (q, _))| (std::borrow::Cow::Borrowed(q.as_str()), f.answer.is_some()))
    };
    if structured {
        l > score(blocks(), finding.left_out, false, cues) * 1.5
    } else {
        score(blocks(), finding.left_out, true, cues) <= l * 1.25
    }
}

/// How well a reading found questions: question-like records; the others count half against
/// when `titles_cost` (a title the line model takes for a question is usually a heading read
/// wrongly) and in full otherwise (titles the block finder took by their structure); less
/// unanswered repeats and contents entries (a contents list read as questions), less the
/// question-like blocks left out.
fn score<'a>(
    questions: impl Iterator<Item = (std::borrow::Cow<'a, str>, bool)>,
    left_out: usize,
    titles_cost: bool,
    cues: &Cues,
) -> f64 {
    let mut seen = HashSet::new();
    let mut s = 0.0;
    for (question, answered) in questions {
        let repeat = !seen.insert(normalise(&question)) && !answered;
        if repeat || question.contains("](#") {
            s -= 1.0;
        } else if cues.is_question_like(&question) {
            s += 1.0;
        } else if titles_cost {
            s -= 0.5;
        } else {
            s += 1.0;
        }
    }
    s - left_out as f64
}

/// What both paths know of a record when they make it.
struct RecordDraft<'a> {
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
fn new_record(doc: &Document, cues: &Cues, d: RecordDraft) -> Record {
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
fn drop_controls(text: &str, changes: &mut Vec<(crate::model::FixKind, String, String)>) -> String {
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

/// Lower-case words and code tokens, for identity and repeat checks only.
pub fn normalise(question: &str) -> String {
    question
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stable id: the same question in the same file keeps it when other lines or files change.
/// FNV-1a 64 over file, normalised question and occurrence (a hash that never changes between
/// versions or platforms, which std's hasher does not promise).
pub fn record_id(file: &str, normalised_question: &str, occurrence: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in file
        .bytes()
        .chain([0])
        .chain(normalised_question.bytes())
        .chain([0])
        .chain(occurrence.to_string().bytes())
    {
        hash ^= byte as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("q{hash:016x}")
}

/// An answer that promises more than it gives: it ends on a colon.
fn looks_truncated(answer: &str) -> bool {
    answer.trim_end().ends_with(':')
}

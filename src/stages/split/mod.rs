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
//! One path for every format. [`format::detect`] reads the format from the content; its front
//! end in [`front`] turns the document into one block list ([`blocks`]): Markdown, HTML,
//! reStructuredText, notebooks, JSON, JSON Lines, YAML and CSV by their structure, pasted text
//! by the shapes of its lines ([`front::text`]). The question finder ([`finder`]) reads the
//! blocks section by section, and one record builder makes the records. Markdown is also read
//! as pasted text (chat exports are Markdown flattened to text), and the reading that finds
//! more questions wins; the report says which.

pub mod blocks;
pub mod cues;
pub mod finder;
pub mod format;
pub mod front;
pub mod question;
mod records;

#[cfg(test)]
mod trap_tests;
#[cfg(test)]
pub mod truth_tests;

pub use crate::model::SectionRole;
use crate::model::{Finding, Fix, Record, Reject};
use blocks::Block;
pub use cues::Cues;
pub use format::Format;
use records::split_blocks;
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
    /// How the document was read: `sections` by its structure, `lines` as pasted text.
    pub layout: String,
    /// The role chosen per section.
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
    let mut notes = Vec::new();
    let blocks = match format {
        Format::Text => None,
        Format::Markdown => Some(front::markdown::blocks(doc.text, cues)),
        Format::Html => Some(front::html::blocks(doc.text)),
        Format::Rst => Some(front::rst::blocks(doc.text)),
        Format::Notebook => front::notebook::blocks(doc.text, cues),
        Format::Json => front::bank::json_bank(doc.text).map(|(blocks, lenient)| {
            notes.extend(lenient.into_iter().map(|(line, detail)| Finding {
                line,
                kind: "lenient-json".into(),
                detail,
            }));
            blocks
        }),
        Format::Yaml => front::bank::yaml_blocks(doc.text),
        Format::JsonLines => front::bank::jsonl_blocks(doc.text),
        Format::Csv => front::bank::csv_blocks(doc.text),
    };
    // Pasted text, a bank or notebook that did not parse, and Markdown (a second reading) are
    // read line by line.
    let lines = matches!(format, Format::Text | Format::Markdown)
        .then(|| front::text::blocks(doc.text, cues))
        .or_else(|| {
            blocks
                .is_none()
                .then(|| front::text::blocks(doc.text, cues))
        });
    let reading = blocks.map(|blocks| Reading::of(blocks, cues, "sections"));
    if let Some(text) = lines {
        let fixes = text.fixes;
        let by_lines = Reading::of(text.blocks, cues, "lines");
        // Slide titles are a shape only the lines show.
        let take = match &reading {
            None => true,
            Some(blocks) => text.slides || prefer_lines(&by_lines, blocks, cues),
        };
        if take {
            let mut split = by_lines.into_split(doc, cues, format);
            split
                .fixes
                .extend(fixes.into_iter().map(|(line, kind, before, after)| Fix {
                    line,
                    kind,
                    before,
                    after,
                }));
            split.notes.extend(notes);
            return split;
        }
    }
    let reading = reading.expect("a structured format gave blocks");
    let unfenced: Vec<usize> = reading
        .blocks
        .iter()
        .filter(|b| b.unfenced)
        .map(|b| b.line)
        .collect();
    let mut split = reading.into_split(doc, cues, format);
    split.notes.extend(notes);
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

/// One reading of a document: its blocks, the finder's questions, each question as its
/// record will hold it and whether its number was repaired (cleaned once, for the comparison
/// and for the records).
struct Reading {
    blocks: Vec<Block>,
    finding: finder::Finding,
    cleaned: Vec<(String, bool)>,
    how: &'static str,
}

impl Reading {
    fn of(blocks: Vec<Block>, cues: &Cues, how: &'static str) -> Reading {
        let blocks = blocks::split_bold_leads(blocks);
        let finding = finder::find(&blocks, cues);
        let cleaned = finding
            .found
            .iter()
            .map(|f| question::clean_question(&cues.strip_question_label(&f.question)))
            .collect();
        Reading {
            blocks,
            finding,
            cleaned,
            how,
        }
    }

    fn into_split(self, doc: &Document, cues: &Cues, format: Format) -> Split {
        let mut split = split_blocks(doc, cues, &self.blocks, format, self.finding, self.cleaned);
        split.layout = self.how.into();
        split
    }

    /// How well this reading found questions: question-like records; the others count half
    /// against when `titles_cost` (a title read as a question is usually a heading read
    /// wrongly) and in full otherwise; less unanswered repeats, contents entries (a contents
    /// list read as questions) and questions holding markup, less the question-like blocks left
    /// out.
    fn score(&self, titles_cost: bool, cues: &Cues) -> f64 {
        let mut seen = HashSet::new();
        let mut s = 0.0;
        for (f, (question, _)) in self.finding.found.iter().zip(&self.cleaned) {
            let repeat = !seen.insert(normalise(question)) && f.answer.is_none();
            if repeat || question.contains("](#") || holds_tag(question) {
                s -= 1.0;
            } else if cues.is_question_like(question) {
                s += 1.0;
            } else if titles_cost {
                s -= 0.5;
            } else {
                s += 1.0;
            }
        }
        s - self.finding.left_out as f64
    }
}

/// `<strong>2)</strong> What is …`: markup left in a question, the sign of a reading that did
/// not understand it.
fn holds_tag(question: &str) -> bool {
    question.match_indices('<').any(|(i, _)| {
        let rest = &question[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        name > 0 && rest[name..].starts_with(['>', ' ']) && rest[name..].contains('>')
    })
}

/// Markdown read both ways: the reading as pasted text wins when it found clearly more
/// questions. When most questions the Markdown reading found came from headings or from roles
/// their sections fit well (structure pasted text cannot show), the lines have to be half as
/// many again; when they did not (flattened Markdown, a paste), the blocks have to be a quarter
/// ahead.
fn prefer_lines(by_lines: &Reading, by_blocks: &Reading, cues: &Cues) -> bool {
    let found = &by_blocks.finding.found;
    let confident = found.iter().filter(|f| f.confident).count();
    let structured = confident > 0 && confident * 10 >= found.len() * 6;
    let l = by_lines.score(true, cues);
    if structured {
        l > by_blocks.score(false, cues) * 1.5
    } else {
        by_blocks.score(true, cues) <= l * 1.25
    }
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

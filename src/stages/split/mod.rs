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
use crate::model::{Fix, Flag, Record, Reject, RejectReason};
use answer::AnswerLine;
pub use cues::Cues;
use engine::Role;
pub use format::Format;
pub use layout::Layout;
use lines::{Line, Shape};
use std::collections::{BTreeSet, HashMap, HashSet};

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
}

/// A record being built from consecutive lines.
struct Draft {
    start: usize,
    end: usize,
    question: String,
    parts: Vec<String>,
    answer: Vec<AnswerLine>,
    section: Vec<String>,
    line_indices: Vec<usize>,
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
    let blocks = match format {
        Format::Text => None,
        Format::Markdown => Some(front::markdown::blocks(doc.text, cues)),
        Format::Html => Some(front::html::blocks(doc.text)),
        Format::Rst => Some(front::rst::blocks(doc.text)),
        Format::Notebook => front::notebook::blocks(doc.text, cues),
        Format::Json => front::bank::json_blocks(doc.text),
        Format::JsonLines => front::bank::jsonl_blocks(doc.text),
        Format::Csv => front::bank::csv_blocks(doc.text),
    };
    let Some(blocks) = blocks else {
        let mut lines = by_lines.unwrap_or_else(|| split_lines(doc, cues));
        lines.format = format;
        return lines;
    };
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
    split_blocks(doc, cues, &blocks, format, finding, cleaned)
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

/// The block path: the finder's questions become records, everything else a reject.
fn split_blocks(
    doc: &Document,
    cues: &Cues,
    blocks: &[blocks::Block],
    format: Format,
    finding: finder::Finding,
    cleaned: Vec<(String, bool)>,
) -> Split {
    let source: Vec<&str> = doc.text.split('\n').collect();
    let mut records = Vec::with_capacity(finding.found.len());
    let mut fixes = Vec::new();
    let mut rejects: Vec<(usize, usize, RejectReason)> = finding
        .rejects
        .iter()
        .map(|&(i, why)| (blocks[i].line, blocks[i].line_end, why))
        .collect();
    // A repeat is the same question with the same answer in the same section: `What is it?`
    // under `Variable` and under `Scope` are two questions.
    let mut seen: HashSet<(String, Option<String>, Vec<String>)> = HashSet::new();
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    let title = finding.title.as_deref().map(question::clean_heading);
    for (found, (question, number_repaired)) in finding.found.iter().zip(cleaned) {
        let mut changes = Vec::new();
        let question = drop_controls(&question, &mut changes);
        let answer = found
            .answer
            .as_deref()
            .map(|a| drop_controls(a, &mut changes))
            .filter(|a| !a.trim().is_empty());
        if question.trim().is_empty() {
            rejects.push((found.line, found.line_end, RejectReason::Artifact));
            continue;
        }
        fixes.extend(changes.into_iter().map(|(kind, before, after)| Fix {
            line: found.line,
            kind,
            before,
            after,
        }));
        let normalised = normalise(&question);
        if !seen.insert((normalised.clone(), answer.clone(), found.section.clone())) {
            rejects.push((found.line, found.line_end, RejectReason::VerbatimRepeat));
            continue;
        }
        let occurrence = occurrences.entry(normalised.clone()).or_insert(0);
        let mut record = new_record(
            doc,
            cues,
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
        record.title = title.clone();
        record.section = found
            .section
            .iter()
            .map(|s| question::clean_heading(s))
            .collect();
        record.difficulty = found.difficulty.clone();
        record.cell = found.cell;
        records.push(record);
    }
    // Lines in no block (tags, JSON syntax, directives) are markup: accounted for, not lost.
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
    for r in &records {
        cover(r.line, r.line_end);
    }
    for &(line, end, _) in &rejects {
        cover(line, end);
    }
    for (i, l) in source.iter().enumerate() {
        if !covered[i + 1] && !l.trim().is_empty() {
            rejects.push((i + 1, i + 1, RejectReason::Markup));
        }
    }
    Split {
        format,
        layout: "sections".into(),
        roles: finding.roles,
        left_out: finding.left_out,
        title,
        records,
        rejects: merge_spans(doc.file, &source, rejects),
        fixes,
    }
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

/// The line path (see the module header).
fn split_lines(doc: &Document, cues: &Cues) -> Split {
    let lines = lines::classify(doc.text);
    let layout = layout::detect(&lines, cues);
    let lines = if layout == Layout::DoubledTitles {
        glue::unglue(lines)
    } else {
        lines
    };
    let roles = engine::assign_roles(&lines, layout, cues);
    let mut builder = Builder {
        doc,
        cues,
        lines: &lines,
        layout,
        title: None,
        sections: Vec::new(),
        drafts: Vec::new(),
        current: None,
        rejects: Vec::new(),
        fixes: Vec::new(),
    };
    builder.walk(&roles);
    builder.finish()
}

struct Builder<'a> {
    doc: &'a Document<'a>,
    cues: &'a Cues,
    lines: &'a [Line],
    layout: Layout,
    title: Option<String>,
    sections: Vec<(usize, String)>,
    drafts: Vec<Draft>,
    current: Option<Draft>,
    rejects: Vec<(usize, RejectReason, String)>,
    fixes: Vec<Fix>,
}

impl<'a> Builder<'a> {
    fn walk(&mut self, roles: &[Role]) {
        let mut fenced = false;
        let mut lang: Option<String> = None;
        for (i, role) in roles.iter().enumerate() {
            let line = &self.lines[i];
            match &line.shape {
                Shape::LanguageLabel { lang: l } | Shape::CopyButton { lang: Some(l) } => {
                    lang = Some(l.clone())
                }
                Shape::Fence { lang: l } => {
                    fenced = !fenced;
                    if fenced {
                        lang = l.clone().or(lang.take());
                    } else {
                        lang = None;
                    }
                }
                _ => {}
            }
            match role {
                Role::Blank => {
                    if let Some(d) = self.current.as_mut() {
                        d.answer.push(AnswerLine {
                            text: String::new(),
                            fenced,
                            lang: None,
                        });
                    }
                }
                Role::Title => {
                    self.close();
                    self.title = Some(question::clean_heading(line.text()));
                    self.reject(i, RejectReason::Heading);
                }
                Role::Heading { text } => {
                    self.close();
                    let depth = match line.shape {
                        Shape::MarkdownHeading { depth, .. } => depth,
                        _ => 2,
                    };
                    while self.sections.last().is_some_and(|(d, _)| *d >= depth) {
                        self.sections.pop();
                    }
                    self.sections.push((depth, question::clean_heading(text)));
                    self.reject(i, RejectReason::Heading);
                }
                Role::QuestionStart { text } => {
                    self.close();
                    self.current = Some(Draft {
                        start: i,
                        end: i,
                        question: text.clone(),
                        parts: Vec::new(),
                        answer: Vec::new(),
                        section: self.sections.iter().map(|(_, s)| s.clone()).collect(),
                        line_indices: vec![i],
                    });
                }
                Role::QuestionPart { text } => {
                    if let Some(d) = self.current.as_mut() {
                        d.parts.push(text.clone());
                        d.end = i;
                        d.line_indices.push(i);
                    }
                }
                Role::AnswerLabel { rest } => {
                    if let Some(d) = self.current.as_mut() {
                        if !rest.is_empty() {
                            d.answer.push(AnswerLine {
                                text: rest.clone(),
                                fenced: false,
                                lang: None,
                            });
                        }
                        d.end = i;
                        d.line_indices.push(i);
                    }
                }
                Role::Answer => match self.current.as_mut() {
                    Some(d) => {
                        if !matches!(line.shape, Shape::Fence { .. }) {
                            d.answer.push(AnswerLine {
                                text: line.raw.clone(),
                                fenced,
                                lang: lang.clone(),
                            });
                        }
                        d.end = i;
                        d.line_indices.push(i);
                    }
                    None => self.reject(i, RejectReason::Boilerplate),
                },
                Role::Reject(reason) => {
                    if matches!(
                        reason,
                        RejectReason::Boilerplate | RejectReason::OrphanAnswer
                    ) {
                        self.close();
                    }
                    self.reject(i, *reason);
                }
            }
        }
        self.close();
    }

    fn reject(&mut self, i: usize, reason: RejectReason) {
        self.rejects
            .push((i, reason, self.lines[i].raw.trim_end().to_string()));
    }

    fn close(&mut self) {
        if let Some(d) = self.current.take() {
            self.drafts.push(d);
        }
    }

    fn finish(mut self) -> Split {
        let doc = self.doc;
        let mut records = Vec::with_capacity(self.drafts.len());
        let mut seen: HashSet<(String, Option<String>)> = HashSet::new();
        let mut occurrences: HashMap<String, usize> = HashMap::new();
        let drafts = std::mem::take(&mut self.drafts);
        for d in drafts {
            let (question, number_repaired) = question::clean_question(&d.question, &d.parts);
            let mut changes = Vec::new();
            let answer = answer::format(&d.answer, &mut changes)
                .map(|a| drop_controls(&a, &mut changes))
                .filter(|a| !a.trim().is_empty());
            let question = drop_controls(&question, &mut changes);
            if question.trim().is_empty() {
                for &i in &d.line_indices {
                    self.reject(i, RejectReason::Artifact);
                }
                continue;
            }
            let line_no = self.lines[d.start].no;
            self.fixes
                .extend(changes.into_iter().map(|(kind, before, after)| Fix {
                    line: line_no,
                    kind,
                    before,
                    after,
                }));
            let key = (normalise(&question), answer.clone());
            if !seen.insert(key) {
                for &i in &d.line_indices {
                    self.reject(i, RejectReason::VerbatimRepeat);
                }
                continue;
            }
            let normalised = normalise(&question);
            let occurrence = occurrences.entry(normalised.clone()).or_insert(0);
            let mut record = new_record(
                doc,
                self.cues,
                RecordDraft {
                    normalised: &normalised,
                    occurrence: *occurrence,
                    question,
                    answer,
                    line: self.lines[d.start].no,
                    line_end: self.lines[d.end].no,
                    number_repaired,
                    from_title: self.layout == Layout::DoubledTitles,
                },
            );
            *occurrence += 1;
            record.title = self.title.clone();
            record.section = d.section;
            records.push(record);
        }
        let rejects = merge_rejects(doc.file, self.lines, std::mem::take(&mut self.rejects));
        Split {
            format: Format::Text,
            layout: self.layout.name().into(),
            roles: Vec::new(),
            left_out: 0,
            title: self.title,
            records,
            rejects,
            fixes: self.fixes,
        }
    }
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

/// Consecutive rejected lines with the same reason become one reject (a run of lines).
fn merge_rejects(
    file: &str,
    lines: &[Line],
    mut raw: Vec<(usize, RejectReason, String)>,
) -> Vec<Reject> {
    raw.sort_by_key(|(i, _, _)| *i);
    let mut out: Vec<Reject> = Vec::new();
    let mut last_index: Option<usize> = None;
    for (i, reason, text) in raw {
        let no = lines[i].no;
        let adjacent = last_index.is_some_and(|j| lines[j + 1..i].iter().all(Line::is_blank));
        match out.last_mut() {
            Some(last) if adjacent && last.reason == reason && no >= last.line_end => {
                last.line_end = no;
                last.text.push('\n');
                last.text.push_str(&text);
            }
            _ => out.push(Reject {
                file: file.to_string(),
                line: no,
                line_end: no,
                text,
                reason,
            }),
        }
        last_index = Some(i);
    }
    out
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

//! The line path: every line of pasted text gets a role, and the roles become records.

use super::answer::{self, AnswerLine};
use super::engine::{self, Role};
use super::lines::{self, Line, Shape};
use super::{
    drop_controls, glue, layout, new_record, normalise, question, Cues, Document, Format, Layout,
    RecordDraft, Split,
};
use crate::model::{Fix, Reject, RejectReason};
use std::collections::{HashMap, HashSet};

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

/// Splits a document line by line (see the `split` module header).
pub(super) fn split_lines(doc: &Document, cues: &Cues) -> Split {
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

/// Records and rejects, built as the walk goes down the lines.
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
    /// Gives every line its place by its role.
    fn walk(&mut self, roles: &[Role]) {
        let mut code = Code::default();
        for (i, role) in roles.iter().enumerate() {
            code.follow(&self.lines[i].shape);
            self.take(i, role, &code);
        }
        self.close();
    }

    /// Gives line `i` its place by its role.
    fn take(&mut self, i: usize, role: &Role, code: &Code) {
        match role {
            Role::Blank => {
                if let Some(d) = self.current.as_mut() {
                    d.answer.push(AnswerLine {
                        text: String::new(),
                        fenced: code.fenced,
                        lang: None,
                    });
                }
            }
            Role::Title => {
                self.close();
                self.title = Some(question::clean_heading(self.lines[i].text()));
                self.reject(i, RejectReason::Heading);
            }
            Role::Heading { text } => self.heading(i, text),
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
                if let Some(d) = self.extend_to(i) {
                    d.parts.push(text.clone());
                }
            }
            Role::AnswerLabel { rest } => {
                if let Some(d) = self.extend_to(i) {
                    if !rest.is_empty() {
                        d.answer.push(AnswerLine {
                            text: rest.clone(),
                            fenced: false,
                            lang: None,
                        });
                    }
                }
            }
            Role::Answer => self.answer(i, code),
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

    /// A heading at line `i` closes the sections at its depth and deeper and opens its own.
    fn heading(&mut self, i: usize, text: &str) {
        self.close();
        let depth = match self.lines[i].shape {
            Shape::MarkdownHeading { depth, .. } => depth,
            _ => 2,
        };
        while self.sections.last().is_some_and(|(d, _)| *d >= depth) {
            self.sections.pop();
        }
        self.sections.push((depth, question::clean_heading(text)));
        self.reject(i, RejectReason::Heading);
    }

    /// An answer line joins the open question's answer (a fence line only extends its span);
    /// with no question open it is boilerplate.
    fn answer(&mut self, i: usize, code: &Code) {
        let line = &self.lines[i];
        match self.extend_to(i) {
            Some(d) => {
                if !matches!(line.shape, Shape::Fence { .. }) {
                    d.answer.push(AnswerLine {
                        text: line.raw.clone(),
                        fenced: code.fenced,
                        lang: code.lang.clone(),
                    });
                }
            }
            None => self.reject(i, RejectReason::Boilerplate),
        }
    }

    /// The open question, its span now reaching line `i`.
    fn extend_to(&mut self, i: usize) -> Option<&mut Draft> {
        let d = self.current.as_mut()?;
        d.end = i;
        d.line_indices.push(i);
        Some(d)
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
            notes: Vec::new(),
        }
    }
}

/// Where the walk stands in code: inside a fence or not, and the language a label or a fence
/// named.
#[derive(Default)]
struct Code {
    fenced: bool,
    lang: Option<String>,
}

impl Code {
    fn follow(&mut self, shape: &Shape) {
        match shape {
            Shape::LanguageLabel { lang: l } | Shape::CopyButton { lang: Some(l) } => {
                self.lang = Some(l.clone())
            }
            Shape::Fence { lang: l } => {
                self.fenced = !self.fenced;
                if self.fenced {
                    self.lang = l.clone().or(self.lang.take());
                } else {
                    self.lang = None;
                }
            }
            _ => {}
        }
    }
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

//! The walk down a document's headings: a heading that asks is a question with everything below
//! it for its answer; any other heading opens a section, and the blocks between headings are runs
//! for the roles to read.

use super::super::blocks::{Block, BlockKind};
use super::super::cues::Cues;
use super::answers::{found_of, take_answer};
use super::labels::{is_numbered, plain};
use super::runs::finish_run;
use super::{section_path, Doc, Finding};
use crate::model::RejectReason;

/// The walk, with what it carries from one heading to the next.
pub(super) struct Walk<'a> {
    doc: &'a Doc<'a>,
    title: Option<usize>,
    /// Per heading depth: numbered headings there are questions.
    numbered_depths: [bool; 8],
    /// Per heading depth: headings there title tasks.
    task_depths: [bool; 8],
    /// The headings above: (depth, text).
    sections: Vec<(u8, String)>,
    /// Below a closing heading (at this depth), where nothing is a question.
    closing: Option<u8>,
    /// The blocks since the last heading.
    run: Vec<usize>,
    finding: Finding,
}

impl<'a> Walk<'a> {
    pub(super) fn new(doc: &'a Doc<'a>, title: Option<usize>) -> Self {
        let mut finding = Finding::default();
        if let Some(t) = title {
            finding.title = Some(doc.blocks[t].text.clone());
            finding.rejects.push((t, RejectReason::Heading));
        }
        Walk {
            doc,
            title,
            numbered_depths: numbered_heading_depths(doc.blocks, title, doc.cues),
            task_depths: task_heading_depths(doc, title),
            sections: Vec::new(),
            closing: None,
            run: Vec::new(),
            finding,
        }
    }

    /// Reads the block at `i`; returns the index to read on from.
    pub(super) fn step(&mut self, i: usize) -> usize {
        let b = &self.doc.blocks[i];
        if Some(i) == self.title {
            return i + 1;
        }
        if !(b.is_heading() && b.details_depth == 0) {
            self.run.push(i);
            return i + 1;
        }
        finish_run(
            self.doc,
            &self.run,
            &self.sections,
            self.closing.is_some(),
            &mut self.finding,
        );
        self.run.clear();
        // A heading as high as the closing one ends it.
        if self.closing.is_some_and(|c| b.depth <= c) {
            self.closing = None;
        }
        let end = body_end(self.doc.blocks, i);
        if self.is_question_heading(i, end) && self.closing.is_none() {
            self.take_heading_question(i, end);
            return end;
        }
        self.open_section(i);
        i + 1
    }

    /// The last run, the title when no heading gave one, and the question-like blocks left out.
    pub(super) fn finish(mut self) -> Finding {
        finish_run(
            self.doc,
            &self.run,
            &self.sections,
            self.closing.is_some(),
            &mut self.finding,
        );
        let mut finding = self.finding;
        if finding.title.is_none() {
            finding.title = intro_title(self.doc.blocks, &finding);
        }
        finding.left_out = left_out(self.doc, &finding, self.title);
        finding
    }

    /// A heading that asks: not marked as a section nor closing, and reading as a question or
    /// numbered at a depth where numbered headings are the questions.
    fn asks(&self, h: &Block) -> bool {
        let cues = self.doc.cues;
        h.doubled
            || !cues.marked_as_section(&h.text)
                && !cues.is_closing_heading(&plain(&h.text))
                && (cues.reads_as_question(&h.text)
                    || (self.numbered_depths[(h.depth as usize).min(7)] && is_numbered(&h.text)))
    }

    /// The heading at `i`, its body ending at `end`, is a question.
    fn is_question_heading(&self, i: usize, end: usize) -> bool {
        let blocks = self.doc.blocks;
        let b = &blocks[i];
        let titles_a_task =
            self.task_depths[(b.depth as usize).min(7)] && opens_with_task(self.doc, i);
        // `## Struggling with interview questions?` over `### 1) Two Sum`, `### 2) …`: a heading
        // that asks but holds questions of its own is their section. A numbered question keeps
        // its numbered sub-headings (`## 1. Key features?` over `#### 1. Interpreted`).
        // Numbered sections of slide pages hold titles printed twice.
        let below = || {
            blocks[i + 1..end]
                .iter()
                .filter(|h| h.is_heading() && h.details_depth == 0 && self.asks(h))
        };
        let holds_questions = (!is_numbered(&b.text) || below().filter(|h| h.doubled).count() >= 2)
            && below().count() >= 2;
        (self.asks(b) || titles_a_task) && !holds_questions && !self.lists_questions(i, end)
    }

    /// `1. Core Python Concepts` over a list of questions: a numbered heading that does not
    /// ask, whose body is mostly blocks that ask, is their section.
    fn lists_questions(&self, i: usize, end: usize) -> bool {
        let doc = self.doc;
        if doc.cues.reads_as_question(&doc.blocks[i].text) {
            return false;
        }
        let (body, asking) = (i + 1..end)
            .filter(|&j| super::text_bearing(&doc.blocks[j]) && !doc.blocks[j].is_heading())
            .fold((0, 0), |(n, a), j| (n + 1, a + doc.asks[j] as usize));
        asking >= 2 && asking * 2 >= body
    }

    /// Takes the heading at `i` for a question, the blocks up to `end` for its answer.
    fn take_heading_question(&mut self, i: usize, end: usize) {
        let doc = self.doc;
        let mut body: Vec<usize> = (i + 1..end).collect();
        let strung_on = split_off_strung_on(doc, &mut body);
        let answer_blocks = take_answer(doc, &body, &mut self.finding);
        self.finding.found.push(found_of(
            doc,
            i,
            &answer_blocks,
            section_path(&self.sections),
            !doc.cues.reads_as_question(&doc.blocks[i].text),
        ));
        finish_run(doc, &strung_on, &self.sections, false, &mut self.finding);
    }

    /// Opens the section the heading at `i` names; a closing heading closes what lies below it.
    fn open_section(&mut self, i: usize) {
        let b = &self.doc.blocks[i];
        while self.sections.last().is_some_and(|(d, _)| *d >= b.depth) {
            self.sections.pop();
        }
        if self.closing.is_none() && self.doc.cues.is_closing_heading(&plain(&b.text)) {
            self.closing = Some(b.depth);
        }
        self.sections.push((b.depth, plain(&b.text).into_owned()));
        self.finding.rejects.push((i, RejectReason::Heading));
    }
}

/// Where the body of the heading at `i` ends: at the next heading at its depth or above.
fn body_end(blocks: &[Block], i: usize) -> usize {
    let b = &blocks[i];
    let mut end = i + 1;
    while end < blocks.len()
        && !(blocks[end].is_heading()
            && blocks[end].details_depth == 0
            && blocks[end].depth <= b.depth)
    {
        end += 1;
    }
    end
}

/// Numbered questions strung on as paragraphs under a question heading (a page whose Markdown
/// gave out half way, a chat export whose fences broke) are questions of their own, not its
/// answer: split off `body` and returned.
fn split_off_strung_on(doc: &Doc, body: &mut Vec<usize>) -> Vec<usize> {
    let blocks = doc.blocks;
    let cues = doc.cues;
    let strung = |j: &usize| {
        let b = &blocks[*j];
        // A paragraph, or anything read out of a broken code fence (there, `6. What…?` parses
        // as a list item).
        match b.kind {
            BlockKind::Paragraph if b.item_depth == 0 || b.unfenced => cues.opens_question(&b.text),
            BlockKind::ListItem { ordinal: Some(_) } if b.unfenced => {
                cues.reads_as_question(&b.text)
            }
            _ => false,
        }
    };
    let strung_count = body.iter().filter(|j| strung(j)).count();
    let strung_asking = body
        .iter()
        .filter(|j| {
            strung(j)
                && (blocks[**j].text.trim_end().ends_with(['?', '？'])
                    || cues.has_question_label(&blocks[**j].text))
        })
        .count();
    if strung_count >= 2 && strung_asking * 2 >= strung_count {
        let at = body.iter().position(strung).unwrap_or(body.len());
        return body.split_off(at);
    }
    Vec::new()
}

/// Question-like blocks rejected as boilerplate or headings, less the title and lead-ins that
/// end on a colon.
fn left_out(doc: &Doc, finding: &Finding, title: Option<usize>) -> usize {
    finding
        .rejects
        .iter()
        .filter(|(i, why)| {
            matches!(why, RejectReason::Boilerplate | RejectReason::Heading)
                && Some(*i) != title
                && doc.asks[*i]
                && !doc.blocks[*i].text.trim_end().ends_with(':')
        })
        .count()
}

/// The document's title: its first heading, when nothing but chrome and intro stands before it
/// and it does not ask.
pub(super) fn pick_title(blocks: &[Block], cues: &Cues) -> Option<usize> {
    let first = blocks
        .iter()
        .position(|b| b.is_heading() && b.details_depth == 0)?;
    let b = &blocks[first];
    let min_depth = blocks
        .iter()
        .filter(|b| b.is_heading())
        .map(|b| b.depth)
        .min()?;
    (b.depth == min_depth
        && !cues.reads_as_question(&b.text)
        && !is_numbered(&b.text)
        && !cues.has_question_label(&b.text))
    .then_some(first)
}

/// With no heading for a title, the paragraph that opens the document ahead of every question
/// (`Sure! Here are Python interview questions for 2+ years of experience:`) says what the
/// document is, and so what level its questions are for.
fn intro_title(blocks: &[Block], finding: &Finding) -> Option<String> {
    let first_question = finding.found.iter().map(|f| f.line).min()?;
    blocks
        .iter()
        .take_while(|b| b.line < first_question)
        .find(|b| matches!(b.kind, BlockKind::Paragraph) && !b.text.trim().is_empty())
        .map(|b| b.text.trim().trim_end_matches(':').to_string())
}

/// The heading at `i` is followed straight away by a paragraph that sets a task or asks
/// (`### Zero Matrix` / `Write an algorithm such that…`).
fn opens_with_task(doc: &Doc, i: usize) -> bool {
    let next = i + 1;
    // A paragraph with a question label of its own (`Q17. What is …?`) is the next question.
    doc.blocks.get(next).is_some_and(|b| {
        matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote)
            && doc.asks[next]
            && !doc.cues.has_question_label(&plain(&b.text))
    })
}

/// Depths at which headings title tasks: at least three headings there open with a paragraph
/// that sets a task or asks, and they are most of the headings of that depth.
fn task_heading_depths(doc: &Doc, title: Option<usize>) -> [bool; 8] {
    let mut all = [0usize; 8];
    let mut tasks = [0usize; 8];
    for (i, b) in doc.blocks.iter().enumerate() {
        if !b.is_heading() || b.details_depth > 0 || Some(i) == title {
            continue;
        }
        let d = (b.depth as usize).min(7);
        all[d] += 1;
        tasks[d] += opens_with_task(doc, i) as usize;
    }
    std::array::from_fn(|d| tasks[d] >= 3 && tasks[d] * 2 >= all[d])
}

/// Depths at which numbered headings are the questions: at least three, and most headings of
/// that depth.
fn numbered_heading_depths(blocks: &[Block], title: Option<usize>, cues: &Cues) -> [bool; 8] {
    let mut all = [0usize; 8];
    let mut numbered = [0usize; 8];
    for (i, b) in blocks.iter().enumerate() {
        if !b.is_heading() || b.details_depth > 0 || Some(i) == title {
            continue;
        }
        let d = (b.depth as usize).min(7);
        all[d] += 1;
        if is_numbered(&b.text) && !cues.marked_as_section(&b.text) {
            numbered[d] += 1;
        }
    }
    let mut out = [false; 8];
    for d in 0..8 {
        out[d] = numbered[d] >= 3 && numbered[d] * 2 >= all[d];
    }
    out
}

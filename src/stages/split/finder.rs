//! The question finder: one block list in, questions with their answers out, decided section by
//! section.
//!
//! 1. Headings first. A heading is a question when it reads as one, or when it is numbered at a
//!    depth where most headings are numbered (`## 3. Reverse a String`); it is a section when it is
//!    marked as one (`## # 3. Topic`, `🟢 Basic Level`) or reads as a title. Everything below a
//!    question heading, deeper headings too (`#### 1.` steps), is its answer.
//! 2. Between headings, each run of blocks picks the role that holds its questions: `Q:` markers,
//!    `<details>` summaries, table rows with a question column, bold paragraphs, numbered
//!    paragraphs, list items, or plain paragraphs that ask and are answered. The role with the
//!    most question-like blocks wins; its confidence and the runner-up are reported.
//! 3. A question's answer is every block after it up to the next question or the run's end.
//!
//! Never does: look at a file name, keep page chrome, take a question-like block that sits in an
//! answer for a question of its own.

use super::blocks::{Block, BlockKind};
use super::cues::Cues;
use crate::model::{RejectReason, SectionRole};
use regex::Regex;
use std::sync::OnceLock;

/// One question found, with what the record needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The question's own text, not yet cleaned of numbering and markers.
    pub question: String,
    /// Markdown; `None` when the source gives none.
    pub answer: Option<String>,
    pub line: usize,
    pub line_end: usize,
    pub section: Vec<String>,
    /// The difficulty a question bank or table states for it.
    pub difficulty: Option<String>,
    pub cell: Option<usize>,
    /// A title (`## 3. Reverse a String`), not a sentence that asks.
    pub from_title: bool,
    /// Found by a heading or by a role that most of its section's blocks fit.
    pub confident: bool,
}

/// Everything the finder decided about one document.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    pub title: Option<String>,
    pub found: Vec<Found>,
    /// Blocks in no question: (block index, reason).
    pub rejects: Vec<(usize, RejectReason)>,
    pub roles: Vec<SectionRole>,
    /// Question-like blocks that ended up rejected rather than taken.
    pub left_out: usize,
}

fn numbered_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:[*_]+)?(?:(?i:q(?:uestion)?|вопрос)\s*)?(?:\d{1,4}\s*[.):\-–]|\d{1,3}\s)\s*\S",
        )
        .expect("static regex")
    })
}

/// `1️⃣2️⃣ What…`: keycap digits, as numbering.
fn strip_keycaps(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\u{20e3}') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        if c.is_ascii_digit() && next == Some('\u{20e3}') {
            i += 2;
        } else if c.is_ascii_digit() && next == Some('\u{fe0f}') && after == Some('\u{20e3}') {
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    std::borrow::Cow::Owned(format!("1. {}", out.trim_start()))
}

/// The text a judgement reads: no keycaps, no leading emoji or bullets.
fn plain(text: &str) -> std::borrow::Cow<'_, str> {
    fn body(t: &str) -> &str {
        t.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '`' | '#' | '_' | '*'))
            .trim()
    }
    match strip_keycaps(text) {
        std::borrow::Cow::Borrowed(t) => std::borrow::Cow::Borrowed(body(t)),
        std::borrow::Cow::Owned(t) => std::borrow::Cow::Owned(body(&t).to_string()),
    }
}

fn is_numbered(text: &str) -> bool {
    let p = plain(text);
    // Only a digit, a `Q`, a `В` or emphasis can open a number: most text needs no regex.
    p.starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'q' | 'Q' | 'в' | 'В' | '*' | '_'))
        && numbered_re().is_match(&p)
}

/// What the finder reads with the cues: labels, and whether a text asks.
impl Cues {
    /// `Q:`, `Q1.`, `Question 3:`, `Вопрос:`: a question label opens the text.
    pub fn has_question_label(&self, text: &str) -> bool {
        label_word(text).is_some_and(|w| self.is_question_label(&w))
    }

    /// The text without its leading question label: `Вопрос 3: Что такое GIL?` -> `Что такое GIL?`.
    pub fn strip_question_label(&self, text: &str) -> String {
        let t = strip_keycaps(text);
        if !self.has_question_label(&t) {
            return t.into_owned();
        }
        let rest = t.trim_start_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
        let rest = rest.trim_start_matches(char::is_alphabetic);
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '*' || c == '_');
        let rest = rest.trim_start_matches([':', '.', ')', '-', '–']);
        rest.trim_start_matches(['*', '_', ' ']).to_string()
    }

    /// `A:`, `Answer:`, `Ответ:`: an answer label opens the text.
    pub fn has_answer_label(&self, text: &str) -> bool {
        label_word(text).is_some_and(|w| self.is_answer_label(&w))
    }

    /// Removes a leading answer label from an answer's first line: `A: Python is…` -> `Python is…`.
    fn strip_answer_label(&self, markdown: &str) -> String {
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(
                r"^\s*(?:[-*]\s+)?(?:\*\*|__)?\p{L}{1,12}(?:\*\*|__)?\s*[:.)\-–]\s*(?:\*\*|__)?\s*",
            )
            .expect("static regex")
        });
        if !self.has_answer_label(markdown.trim_start_matches(['-', ' '])) {
            return markdown.to_string();
        }
        re.replace(markdown, "").into_owned()
    }

    /// A heading that names a section rather than asks: `# 3. Topic`, `🟢 Basic Level`.
    fn marked_as_section(&self, text: &str) -> bool {
        let t = strip_keycaps(text);
        let t = t.trim();
        t.starts_with('#')
            || t.starts_with(|c: char| {
                !c.is_alphanumeric() && !matches!(c, '`' | '_' | '*' | '(' | '"')
            }) && !self.is_question_like(&plain(t))
    }

    /// A heading's or a block's text reads as a question: it asks, carries a `Q:` label, or asks
    /// after its number (`1. What is…`).
    fn reads_as_question(&self, text: &str) -> bool {
        let p = plain(text);
        self.is_question_like(&p) || self.has_question_label(&p) || {
            // `1. What is…`: judge the words after the number.
            let rest = numbered_re()
                .find(&p)
                .and_then(|m| p[..m.end()].char_indices().last().map(|(at, _)| &p[at..]))
                .unwrap_or("");
            !rest.is_empty() && self.is_question_like(rest)
        }
    }

    /// A line that opens a question by itself: numbered or labelled, and asking (`2. Explain X.`,
    /// `Q: Why?`). Front ends cut a paragraph that strings several of them together.
    pub fn opens_question(&self, line: &str) -> bool {
        let t = line.trim();
        (is_numbered(t) || self.has_question_label(t)) && self.reads_as_question(t)
    }
}

/// The word before a `:`/`.`/`)` (after optional digits) at the start of `text`, lower case.
fn label_word(text: &str) -> Option<String> {
    let t = text.trim_start_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let word: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    if word.is_empty() || word.chars().count() > 12 {
        return None;
    }
    let rest = t[word.len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let rest = rest.trim_start_matches(['*', '_']);
    rest.starts_with([':', '.', ')', '-', '–'])
        .then(|| word.to_lowercase())
}

/// The blocks of one document with what every role asks of them, judged once.
struct Doc<'a> {
    blocks: &'a [Block],
    cues: &'a Cues,
    /// The block's text reads as a question.
    asks: Vec<bool>,
    /// The block's text opens with a number (`3.`, `Q3.`, keycaps).
    numbered: Vec<bool>,
    /// The document's title says it holds questions (`Practice Questions`).
    title_names_questions: bool,
}

/// A block whose text a reader would read as prose or a title.
fn text_bearing(b: &Block) -> bool {
    !matches!(
        b.kind,
        BlockKind::Code { .. } | BlockKind::Rule | BlockKind::Chrome { .. }
    )
}

/// Finds the questions of one document's blocks.
pub fn find(blocks: &[Block], cues: &Cues) -> Finding {
    let doc = Doc {
        blocks,
        cues,
        // Code, rules and chrome never ask, whatever their text says.
        asks: blocks
            .iter()
            .map(|b| text_bearing(b) && cues.reads_as_question(&b.text))
            .collect(),
        numbered: blocks
            .iter()
            .map(|b| text_bearing(b) && is_numbered(&b.text))
            .collect(),
        title_names_questions: pick_title(blocks, cues)
            .is_some_and(|t| cues.names_questions(&blocks[t].text)),
    };
    let doc = &doc;
    let mut finding = Finding::default();
    let title = pick_title(blocks, cues);
    if let Some(t) = title {
        finding.title = Some(blocks[t].text.clone());
        finding.rejects.push((t, RejectReason::Heading));
    }
    let numbered_depths = numbered_heading_depths(blocks, title, cues);
    let task_depths = task_heading_depths(doc, title);
    let mut sections: Vec<(u8, String)> = Vec::new();
    let mut closing = false;
    let mut run: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        if Some(i) == title {
            i += 1;
            continue;
        }
        if !(b.is_heading() && b.details_depth == 0) {
            run.push(i);
            i += 1;
            continue;
        }
        finish_run(doc, &run, &sections, closing, &mut finding);
        run.clear();
        let asks = |h: &Block| {
            !cues.marked_as_section(&h.text)
                && !cues.is_closing_heading(&plain(&h.text))
                && (cues.reads_as_question(&h.text)
                    || (numbered_depths[(h.depth as usize).min(7)] && is_numbered(&h.text)))
        };
        let titles_a_task = task_depths[(b.depth as usize).min(7)] && opens_with_task(doc, i);
        // The body: every block up to the next heading at this depth or above.
        let mut end = i + 1;
        while end < blocks.len()
            && !(blocks[end].is_heading()
                && blocks[end].details_depth == 0
                && blocks[end].depth <= b.depth)
        {
            end += 1;
        }
        // `## Struggling with interview questions?` over `### 1) Two Sum`, `### 2) …`: a heading
        // that asks but holds questions of its own is their section. A numbered question keeps
        // its numbered sub-headings (`## 1. Key features?` over `#### 1. Interpreted`).
        let holds_questions = !is_numbered(&b.text)
            && blocks[i + 1..end]
                .iter()
                .filter(|h| h.is_heading() && h.details_depth == 0 && asks(h))
                .count()
                >= 2;
        let question = (asks(b) || titles_a_task) && !holds_questions;
        if question && !closing {
            let mut body: Vec<usize> = (i + 1..end).collect();
            // Numbered questions strung on as paragraphs under the heading (a page whose
            // Markdown gave out half way): they are questions of their own, not this answer.
            let strung = |j: &usize| {
                let b = &blocks[*j];
                b.kind == BlockKind::Paragraph && b.item_depth == 0 && cues.opens_question(&b.text)
            };
            let mut strung_on = Vec::new();
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
                strung_on = body.split_off(at);
            }
            let answer_blocks = take_answer(doc, &body, &mut finding);
            finding.found.push(found_of(
                doc,
                i,
                &answer_blocks,
                section_path(&sections),
                !cues.reads_as_question(&b.text),
            ));
            finish_run(doc, &strung_on, &sections, false, &mut finding);
            i = end;
            continue;
        }
        while sections.last().is_some_and(|(d, _)| *d >= b.depth) {
            sections.pop();
        }
        closing = cues.is_closing_heading(&plain(&b.text))
            || (closing && sections.iter().all(|(d, _)| *d >= b.depth));
        sections.push((b.depth, plain(&b.text).into_owned()));
        finding.rejects.push((i, RejectReason::Heading));
        i += 1;
    }
    finish_run(doc, &run, &sections, closing, &mut finding);
    if finding.title.is_none() {
        finding.title = intro_title(blocks, &finding);
    }
    finding.left_out = finding
        .rejects
        .iter()
        .filter(|(i, why)| {
            matches!(why, RejectReason::Boilerplate | RejectReason::Heading)
                && Some(*i) != title
                && doc.asks[*i]
                && !blocks[*i].text.trim_end().ends_with(':')
        })
        .count();
    finding
}

/// The document's title: its first heading, when nothing but chrome and intro stands before it
/// and it does not ask.
fn pick_title(blocks: &[Block], cues: &Cues) -> Option<usize> {
    let first = blocks
        .iter()
        .position(|b| b.is_heading() && b.details_depth == 0)?;
    let b = &blocks[first];
    let min_depth = blocks
        .iter()
        .filter(|b| b.is_heading())
        .map(|b| b.depth)
        .min()?;
    (b.depth == min_depth && !cues.reads_as_question(&b.text) && !is_numbered(&b.text))
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
    doc.blocks.get(next).is_some_and(|b| {
        matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote) && doc.asks[next]
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

fn section_path(sections: &[(u8, String)]) -> Vec<String> {
    sections.iter().map(|(_, s)| s.clone()).collect()
}

/// The blocks of an answer, less trailing chatter and chrome (rejected on the way).
fn take_answer(doc: &Doc, body: &[usize], finding: &mut Finding) -> Vec<usize> {
    let blocks = doc.blocks;
    let mut kept: Vec<usize> = Vec::with_capacity(body.len());
    for &j in body {
        if blocks[j].is_chrome() {
            finding.rejects.push((j, RejectReason::Chrome));
        } else {
            kept.push(j);
        }
    }
    while let Some(&last) = kept.last() {
        if matches!(blocks[last].kind, BlockKind::Paragraph)
            && doc.cues.is_chatter(&blocks[last].text)
        {
            finding.rejects.push((last, RejectReason::Chrome));
            kept.pop();
        } else {
            break;
        }
    }
    kept
}

/// A record's draft from its question block and answer blocks.
fn found_of(
    doc: &Doc,
    q: usize,
    answer: &[usize],
    section: Vec<String>,
    from_title: bool,
) -> Found {
    let blocks = doc.blocks;
    let qb = &blocks[q];
    let (question, difficulty, category, row_answer) = match &qb.kind {
        BlockKind::TableRow { header, cells } => row_fields(header, cells, doc.cues),
        _ => (strip_keycaps(&qb.text).into_owned(), None, None, None),
    };
    let mut section = section;
    if let Some(c) = category {
        section.push(c);
    }
    let mut parts: Vec<String> = row_answer.into_iter().collect();
    let mut prev: Option<&Block> = None;
    let mut text = String::new();
    for (k, &j) in answer.iter().enumerate() {
        let b = &blocks[j];
        // `<summary>Answer</summary>`, `Show solution`: the label of a reveal, not content.
        if b.kind == BlockKind::Summary && !doc.asks[j] && b.text.split_whitespace().count() <= 3 {
            continue;
        }
        let md = if k == 0 && parts.is_empty() {
            doc.cues.strip_answer_label(&b.markdown)
        } else {
            b.markdown.clone()
        };
        if md.trim().is_empty() {
            continue;
        }
        let tight = prev.is_some_and(|p| {
            (matches!(p.kind, BlockKind::ListItem { .. })
                && matches!(b.kind, BlockKind::ListItem { .. }))
                || matches!(
                    (&p.kind, &b.kind),
                    (BlockKind::TableRow { .. }, BlockKind::TableRow { .. })
                )
        });
        if !text.is_empty() {
            text.push_str(if tight { "\n" } else { "\n\n" });
        }
        text.push_str(md.trim_end());
        prev = Some(b);
    }
    if !text.is_empty() {
        parts.push(dedent(&text));
    }
    let answer_text = parts.join("\n\n");
    let line_end = answer
        .iter()
        .map(|&j| blocks[j].line_end)
        .max()
        .unwrap_or(qb.line_end)
        .max(qb.line_end);
    Found {
        question,
        answer: (!answer_text.trim().is_empty()).then_some(answer_text),
        line: qb.line,
        line_end,
        section,
        difficulty,
        cell: qb.cell,
        from_title,
        confident: true,
    }
}

/// Removes the indentation every non-blank line shares (answers inside list items).
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    if indent == 0 {
        return text.to_string();
    }
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Which column of a table or bank holds what.
#[derive(Debug, Default)]
struct Columns {
    question: Option<usize>,
    answer: Vec<usize>,
    difficulty: Option<usize>,
    category: Option<usize>,
}

fn columns(header: &[String]) -> Columns {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_matches(['*', '_']).to_lowercase())
        .collect();
    let find = |options: &[&str]| names.iter().position(|n| options.contains(&n.as_str()));
    let question = find(super::front::bank::QUESTION_FIELDS)
        .or_else(|| names.iter().position(|n| n.contains("question")));
    let difficulty = find(&[
        "difficulty",
        "level",
        "seniority",
        "complexity",
        "сложность",
        "уровень",
        "难度",
    ]);
    let category = find(&[
        "category",
        "topic",
        "type",
        "tags",
        "tag",
        "section",
        "тема",
        "категория",
        "分类",
    ]);
    let mut answer: Vec<usize> = [
        "answer",
        "answers",
        "a",
        "ideal_answer",
        "answer_description",
        "explanation",
        "solution",
        "ответ",
        "答案",
    ]
    .iter()
    .filter_map(|o| names.iter().position(|n| n == o))
    .collect();
    if answer.is_empty() {
        answer = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.contains("answer"))
            .map(|(i, _)| i)
            .collect();
    }
    Columns {
        question,
        answer,
        difficulty,
        category,
    }
}

/// Question, difficulty, category and answer of one table row.
fn row_fields(
    header: &[String],
    cells: &[String],
    cues: &Cues,
) -> (String, Option<String>, Option<String>, Option<String>) {
    let cols = columns(header);
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
    };
    let question = cell(cols.question)
        .or_else(|| cells.iter().find(|c| cues.reads_as_question(c)).cloned())
        .unwrap_or_default();
    let answer: Vec<String> = cols.answer.iter().filter_map(|&i| cell(Some(i))).collect();
    (
        question,
        cell(cols.difficulty),
        cell(cols.category),
        (!answer.is_empty()).then(|| answer.join("\n\n")),
    )
}

/// A table row's header and cells.
fn row_of(b: &Block) -> Option<(&[String], &[String])> {
    match &b.kind {
        BlockKind::TableRow { header, cells } => Some((header, cells)),
        _ => None,
    }
}

/// The roles a run's blocks can hold questions in, in the order ties are broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Marker,
    Summary,
    Row,
    Bold,
    Numbered,
    Item,
    Asking,
}

impl Role {
    const ALL: [Role; 7] = [
        Role::Marker,
        Role::Summary,
        Role::Row,
        Role::Bold,
        Role::Numbered,
        Role::Item,
        Role::Asking,
    ];

    fn name(self) -> &'static str {
        match self {
            Role::Marker => "q-markers",
            Role::Summary => "details-summaries",
            Role::Row => "table-rows",
            Role::Bold => "bold-paragraphs",
            Role::Numbered => "numbered-paragraphs",
            Role::Item => "list-items",
            Role::Asking => "asking-paragraphs",
        }
    }
}

/// The question blocks a role finds in a run: (candidates, questions).
fn questions_of(
    doc: &Doc,
    run: &[usize],
    sections: &[(u8, String)],
    role: Role,
) -> (usize, Vec<usize>) {
    let blocks = doc.blocks;
    let prose = |b: &Block| matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote);
    match role {
        Role::Marker => {
            let q: Vec<usize> = run
                .iter()
                .copied()
                .filter(|&i| {
                    let b = &blocks[i];
                    (prose(b) || matches!(b.kind, BlockKind::ListItem { .. }))
                        && b.item_depth == 0
                        && doc.cues.has_question_label(&plain(&b.text))
                })
                .collect();
            (q.len(), q)
        }
        Role::Summary => {
            let all: Vec<usize> = run
                .iter()
                .copied()
                .filter(|&i| blocks[i].kind == BlockKind::Summary)
                .collect();
            let q: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| doc.asks[i] || doc.numbered[i])
                .collect();
            (all.len(), q)
        }
        Role::Row => {
            let rows: Vec<usize> = run
                .iter()
                .copied()
                .filter(|&i| matches!(&blocks[i].kind, BlockKind::TableRow { header, .. } if !header.is_empty()))
                .collect();
            let q: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&i| match &blocks[i].kind {
                    BlockKind::TableRow { header, cells } => {
                        let cols = columns(header);
                        match cols.question {
                            Some(c) => cells.get(c).is_some_and(|c| !c.trim().is_empty()),
                            None => cells.iter().any(|c| doc.cues.reads_as_question(c)),
                        }
                    }
                    _ => false,
                })
                .collect();
            // A `Title` column names questions only when they read as questions: a table of
            // article titles is not a question bank.
            let weak = q
                .first()
                .and_then(|&i| row_of(&blocks[i]))
                .is_some_and(|(header, _)| {
                    columns(header)
                        .question
                        .and_then(|c| header.get(c))
                        .is_some_and(|h| h.trim().eq_ignore_ascii_case("title"))
                });
            let asking = q
                .iter()
                .filter_map(|&i| row_of(&blocks[i]))
                .filter(|(header, cells)| {
                    doc.cues
                        .reads_as_question(&row_fields(header, cells, doc.cues).0)
                })
                .count();
            if weak && asking * 2 < q.len() {
                return (rows.len(), Vec::new());
            }
            (rows.len(), q)
        }
        Role::Bold => {
            let all: Vec<usize> = run
                .iter()
                .copied()
                .filter(|&i| prose(&blocks[i]) && blocks[i].strong && blocks[i].item_depth == 0)
                .collect();
            let q = all.iter().copied().filter(|&i| doc.asks[i]).collect();
            (all.len(), q)
        }
        Role::Numbered => {
            let all: Vec<usize> = run
                .iter()
                .copied()
                .filter(|&i| prose(&blocks[i]) && blocks[i].item_depth == 0 && doc.numbered[i])
                .collect();
            let asking = all.iter().filter(|&&i| doc.asks[i]).count();
            let q = if all.len() >= 3 && asking * 2 >= all.len() {
                all.clone()
            } else {
                Vec::new()
            };
            (all.len(), q)
        }
        Role::Item => item_questions(doc, run, sections),
        Role::Asking => {
            let all: Vec<usize> = run
                .iter()
                .copied()
                .filter(|&i| {
                    let b = &blocks[i];
                    b.kind == BlockKind::Paragraph
                        && b.item_depth == 0
                        && b.text.trim_end().ends_with(['?', '？', '؟'])
                })
                .collect();
            // An asking paragraph counts when an answer (labelled, or plain prose) follows it.
            let asking: std::collections::HashSet<usize> = all.iter().copied().collect();
            let q: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| {
                    let next = run.get(run.partition_point(|&j| j <= i)).copied();
                    next.is_some_and(|j| {
                        let n = &blocks[j];
                        doc.cues.has_answer_label(&n.text)
                            || (!asking.contains(&j) && !n.is_chrome())
                    })
                })
                .collect();
            let labelled = q
                .iter()
                .filter(|&&i| {
                    run.get(run.partition_point(|&j| j <= i))
                        .copied()
                        .is_some_and(|j| doc.cues.has_answer_label(&blocks[j].text))
                })
                .count();
            let q = if labelled > 0 || q.len() >= 2 {
                q
            } else {
                Vec::new()
            };
            (all.len(), q)
        }
    }
}

/// List items that are questions: question-like items with no question above them in their
/// list, and in a list that is mostly questions, its top items even when they are titles.
fn item_questions(doc: &Doc, run: &[usize], sections: &[(u8, String)]) -> (usize, Vec<usize>) {
    let blocks = doc.blocks;
    let items: Vec<usize> = run
        .iter()
        .copied()
        .filter(|&i| matches!(blocks[i].kind, BlockKind::ListItem { .. }) && !blocks[i].links_only)
        .collect();
    let top = items.iter().map(|&i| blocks[i].depth).min().unwrap_or(0);
    let top_items: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| blocks[i].depth == top)
        .collect();
    let top_asking = top_items.iter().filter(|&&i| doc.asks[i]).count();
    // Under `Practice Questions` the items are the questions, also those that do not ask.
    let named = match sections.last() {
        Some((_, h)) => doc.cues.names_questions(h),
        None => doc.title_names_questions,
    };
    let titles_too = top_items.len() >= 3
        && (top_asking * 10 >= top_items.len() * 8 || (named && top_asking * 2 >= top_items.len()));
    // Per item: its direct sub-items, and how many of those ask.
    let mut children = vec![(0usize, 0usize); items.len()];
    for (k, &i) in items.iter().enumerate() {
        let d = blocks[i].depth;
        for &j in items[k + 1..].iter().take_while(|&&j| blocks[j].depth > d) {
            if blocks[j].depth == d + 1 {
                children[k].0 += 1;
                children[k].1 += doc.asks[j] as usize;
            }
        }
    }
    let mut q = Vec::new();
    // Depth of the innermost question item above, while its list goes on.
    let mut open: Option<u8> = None;
    for (k, &i) in items.iter().enumerate() {
        let b = &blocks[i];
        if open.is_some_and(|d| b.depth <= d) {
            open = None;
        }
        if open.is_some() {
            continue;
        }
        // `String indexing?` over `What is it?` / `Can we use negative indexes?`: the item
        // names a topic, its sub-items are the questions.
        let (kids, asking_kids) = children[k];
        if asking_kids >= 2 && asking_kids * 2 >= kids {
            continue;
        }
        let asks = doc.asks[i];
        let title = titles_too && b.depth == top && !b.text.trim().is_empty();
        if asks || title {
            q.push(i);
            open = Some(b.depth);
        }
    }
    (items.len(), q)
}

/// Decides one run's role, takes its questions and rejects the rest.
fn finish_run(
    doc: &Doc,
    run: &[usize],
    sections: &[(u8, String)],
    closing: bool,
    finding: &mut Finding,
) {
    let blocks = doc.blocks;
    if run.is_empty() {
        return;
    }
    let reject_all = |finding: &mut Finding| {
        for &i in run {
            let why = if blocks[i].is_chrome() || doc.cues.is_chatter(&blocks[i].text) {
                RejectReason::Chrome
            } else {
                RejectReason::Boilerplate
            };
            finding.rejects.push((i, why));
        }
    };
    if closing {
        reject_all(finding);
        return;
    }
    let mut scored: Vec<(Role, usize, Vec<usize>)> = Role::ALL
        .iter()
        .map(|&r| {
            let (all, q) = questions_of(doc, run, sections, r);
            (r, all, q)
        })
        .filter(|(_, _, q)| !q.is_empty())
        .collect();
    // Most questions first; ties keep the order of `Role::ALL`.
    scored.sort_by_key(|s| std::cmp::Reverse(s.2.len()));
    let Some((role, all, questions)) = scored.first().cloned() else {
        reject_all(finding);
        return;
    };
    // A runner-up that picks the very same blocks (bold numbered paragraphs are both) is the
    // same reading, not a rival one.
    let runner_up = scored.iter().skip(1).find(|(_, _, q)| *q != questions);
    let share = questions.len() as f32 / all.max(1) as f32;
    let confidence = match runner_up {
        Some((_, _, q2)) => share * questions.len() as f32 / (questions.len() + q2.len()) as f32,
        None => share,
    };
    finding.roles.push(SectionRole {
        section: section_path(sections).join(" > "),
        role: role.name().to_string(),
        questions: questions.len(),
        confidence: (confidence * 100.0).round() / 100.0,
        runner_up: runner_up.map(|(r, _, _)| r.name().to_string()),
    });
    let is_question: std::collections::HashSet<usize> = questions.iter().copied().collect();
    let first = run.iter().position(|&i| i == questions[0]).unwrap_or(0);
    for &i in &run[..first] {
        let why = if blocks[i].is_chrome() || doc.cues.is_chatter(&blocks[i].text) {
            RejectReason::Chrome
        } else {
            RejectReason::Boilerplate
        };
        finding.rejects.push((i, why));
    }
    // Non-question list items with question items below them are labels of a sub-list.
    let mut labels: Vec<(u8, String)> = Vec::new();
    let mut k = first;
    while k < run.len() {
        let q = run[k];
        let mut end = k + 1;
        while end < run.len() && !is_question.contains(&run[end]) {
            end += 1;
        }
        let mut body: Vec<usize> = run[k + 1..end].to_vec();
        // A list label closes this answer when the next question sits below it.
        let mut label_at = None;
        if role == Role::Item && end < run.len() {
            let next_depth = blocks[run[end]].depth;
            if let Some(pos) = body.iter().position(|&j| {
                matches!(blocks[j].kind, BlockKind::ListItem { .. })
                    && blocks[j].depth < next_depth
                    && blocks[j].depth <= blocks[q].depth
            }) {
                label_at = Some(pos);
            }
        }
        let mut tail = Vec::new();
        if let Some(pos) = label_at {
            tail = body.split_off(pos);
        }
        while labels
            .last()
            .is_some_and(|(d, _)| *d >= blocks[q].depth && role == Role::Item)
        {
            labels.pop();
        }
        let mut section = section_path(sections);
        section.extend(labels.iter().map(|(_, s)| s.clone()));
        let answer = take_answer(doc, &body, finding);
        let from_title = !doc.asks[q] && !matches!(blocks[q].kind, BlockKind::TableRow { .. });
        let mut found = found_of(doc, q, &answer, section, from_title);
        found.confident = confidence >= 0.6;
        finding.found.push(found);
        for &j in &tail {
            finding.rejects.push((j, RejectReason::Heading));
            if matches!(blocks[j].kind, BlockKind::ListItem { .. }) {
                while labels.last().is_some_and(|(d, _)| *d >= blocks[j].depth) {
                    labels.pop();
                }
                labels.push((blocks[j].depth, plain(&blocks[j].text).into_owned()));
            }
        }
        k = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_numbering() {
        let cases: &[(&str, bool, bool, bool)] = &[
            // text, numbered, question label, answer label
            ("1. What is Python?", true, false, false),
            ("Q3. What is a closure?", true, true, false),
            ("Q: What is PEP 8?", false, true, false),
            ("Question 12: Explain the GIL", true, true, false),
            ("Answer: a tuple is immutable", false, false, true),
            ("A: It is a list.", false, false, true),
            ("Ответ: список изменяем", false, false, true),
            ("1️⃣2️⃣ What is a generator?", true, false, false),
            ("Python is fun.", false, false, false),
            ("2024 was a year.", false, false, false),
        ];
        for &(text, numbered, q, a) in cases {
            assert_eq!(is_numbered(text), numbered, "numbered: {text}");
            assert_eq!(
                crate::settings::for_tests().cues.has_question_label(text),
                q,
                "question label: {text}"
            );
            assert_eq!(
                crate::settings::for_tests().cues.has_answer_label(text),
                a,
                "answer label: {text}"
            );
        }
    }

    #[test]
    fn sections_are_told_from_questions() {
        let cases: &[(&str, bool)] = &[
            ("# 3. Object-Oriented Programming", true),
            ("🟢 Basic Level", true),
            ("Core Python", false),
            ("🔹 1. What is Python?", false),
        ];
        for &(text, section) in cases {
            assert_eq!(
                crate::settings::for_tests().cues.marked_as_section(text),
                section,
                "{text}"
            );
        }
    }

    #[test]
    fn answer_labels_are_stripped() {
        let cases: &[(&str, &str)] = &[
            ("A: Python is interpreted.", "Python is interpreted."),
            ("**Answer:** It is.", "It is."),
            ("Ans. Yes.", "Yes."),
            ("Another paragraph.", "Another paragraph."),
            ("As you know: this stays.", "As you know: this stays."),
        ];
        for &(before, after) in cases {
            assert_eq!(
                crate::settings::for_tests().cues.strip_answer_label(before),
                after,
                "{before}"
            );
        }
    }
}

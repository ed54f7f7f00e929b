//! Pasted text, and Markdown read as pasted text: lines to the shared blocks.
//!
//! Pasted text has lost its markup. A question is a numbered line, a `Q:` line, a bold line or a
//! line that asks; an answer is an `Answer:` label and the lines after it; code has lost its
//! fences and its indentation; slide pages print every title twice. Each line gets a shape
//! ([`lines`]), code is told from prose ([`code`]), and the nesting the paste lost is restored:
//! a numbered line that breaks the sequence of the numbers before it is a step inside an answer,
//! and what follows a numbered question is inside it, as Markdown would have indented it. A
//! title printed twice is one heading whose span holds its copy ([`glue`] first cuts copies glued
//! to the line before).
//!
//! The blocks go to the same question finder as every other format's.

mod code;
mod glue;
mod judge;
pub mod lines;
mod numbered;

use super::super::blocks::{Block, BlockKind};
use super::super::cues::{is_heading_like, looks_like_code, Cues};
use super::super::question;
use crate::model::FixKind;
use code::Kind;
use judge::{followed_by_answer_label, is_slides, judge, next_non_blank};
use lines::{Line, Shape};

/// What the text front end read.
pub struct TextBlocks {
    pub blocks: Vec<Block>,
    /// Fixes made to regrouped code (typographic dashes) and copy-button words dropped from
    /// prose, each with the line it was made on.
    pub fixes: Vec<(usize, FixKind, String, String)>,
    /// Every numbered title printed twice (slide pages): a reading no other front end sees.
    pub slides: bool,
}

/// Page chrome that precedes the title on scraped pages.
const CHROME: &[&str] = &[
    "table of contents",
    "contents",
    "skip to content",
    "menu",
    "home",
    "search",
    "share",
    "print",
];

/// Reads pasted text into blocks. See the module header.
pub fn blocks(text: &str, cues: &Cues) -> TextBlocks {
    let lines = lines::classify(text);
    let slides = is_slides(&lines);
    let lines = if slides { glue::unglue(lines) } else { lines };
    let kinds = judge(&lines);
    let mut b = Builder {
        lines: &lines,
        kinds: &kinds,
        cues,
        slides,
        out: Vec::new(),
        fixes: Vec::new(),
        title_seen: false,
        open: Open::None,
        last_number: None,
        last_question: None,
        restart_ok: true,
        last_step: None,
        last_title: 0,
        parts_of: None,
    };
    b.build();
    TextBlocks {
        blocks: b.out,
        fixes: b.fixes,
        slides,
    }
}

/// The question the blocks being made belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    /// A numbered question: what follows is inside it.
    Item,
    /// A `Q:` line, a bold question, a heading: what follows stands beside it, and numbered
    /// lines are its steps.
    Marker,
    /// A paragraph that asks: what follows stands beside it.
    Asked,
}

struct Builder<'a> {
    lines: &'a [Line],
    kinds: &'a [Kind],
    cues: &'a Cues,
    slides: bool,
    out: Vec<Block>,
    fixes: Vec<(usize, FixKind, String, String)>,
    title_seen: bool,
    open: Open,
    /// The number of the last numbered question.
    last_number: Option<u32>,
    last_question: Option<String>,
    /// Numbering may restart (at the start, after a heading).
    restart_ok: bool,
    /// The number of the last numbered line inside this answer that was a step.
    last_step: Option<u32>,
    /// Slide pages: the number of the last question title.
    last_title: u32,
    /// The open question ends with `:` (this block), so short items after it are its parts.
    parts_of: Option<usize>,
}

impl Builder<'_> {
    fn build(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            i = self.step(i);
        }
    }

    /// Makes the block that starts at line `i`; returns the line after it.
    fn step(&mut self, i: usize) -> usize {
        let line = &self.lines[i];
        match self.kinds[i] {
            Kind::Blank => i + 1,
            Kind::Fence | Kind::Code => self.code(i),
            Kind::Debris => {
                let why = match line.shape {
                    Shape::CopyButton { .. } | Shape::LanguageLabel { .. } => "copy button",
                    _ => "line numbers",
                };
                let b = Block::new(
                    BlockKind::Chrome { why },
                    line.text().to_string(),
                    line.no,
                    line.no,
                );
                self.push(b);
                i + 1
            }
            Kind::Prose => self.prose(i),
            Kind::Shaped => self.shaped(i),
        }
    }

    /// Adds a block inside the open question: below a numbered question everything is
    /// inside its item; below a paragraph that asks, lists are.
    fn push(&mut self, mut b: Block) {
        let item = matches!(b.kind, BlockKind::ListItem { .. });
        match self.open {
            Open::Item if b.kind != BlockKind::Heading => {
                b.item_depth = b.item_depth.max(1);
                if item {
                    b.depth = b.depth.max(1);
                }
            }
            Open::Asked if item => b.depth = b.depth.max(1),
            _ => {}
        }
        self.out.push(b);
    }

    /// A heading: it closes the open question and lets numbering restart.
    fn heading(&mut self, text: &str, depth: u8, line: usize, line_end: usize) {
        self.open = Open::None;
        self.parts_of = None;
        self.restart_ok = true;
        self.last_number = None;
        let mut b = Block::new(BlockKind::Heading, text.to_string(), line, line_end);
        b.depth = depth;
        self.title_seen = true;
        self.out.push(b);
    }

    /// Consecutive code lines (blank lines between them included) as one block; a fence
    /// line with a new language starts another.
    fn code(&mut self, i: usize) -> usize {
        let lines = self.lines;
        let kinds = self.kinds;
        let lang_at = |k: usize| match &lines[k].shape {
            Shape::Fence { lang } => lang.clone(),
            _ => None,
        };
        // The language a label or copy button just before names.
        let label = (0..i)
            .rev()
            .take_while(|&k| matches!(kinds[k], Kind::Debris | Kind::Blank | Kind::Fence))
            .find_map(|k| match &lines[k].shape {
                Shape::LanguageLabel { lang } | Shape::CopyButton { lang: Some(lang) } => {
                    Some(lang.clone())
                }
                _ => None,
            });
        self.parts_of = None;
        let mut lang = lang_at(i).or(label);
        let mut end = i;
        let mut body: Vec<&str> = Vec::new();
        let mut k = i;
        while k < lines.len() {
            match kinds[k] {
                Kind::Code => {
                    body.push(lines[k].raw.trim_end());
                    end = k;
                }
                Kind::Fence => {
                    let l = lang_at(k);
                    if l.is_some() && lang.is_some() && l != lang && !body.is_empty() {
                        break;
                    }
                    lang = lang.or(l);
                    end = k;
                }
                Kind::Blank => {
                    let next = (k + 1..lines.len()).find(|&j| kinds[j] != Kind::Blank);
                    if !next.is_some_and(|j| matches!(kinds[j], Kind::Code | Kind::Fence)) {
                        break;
                    }
                    body.push("");
                }
                _ => break,
            }
            k += 1;
        }
        let line = lines[i].no;
        if body.iter().all(|l| l.trim().is_empty()) {
            // Fences with nothing inside them: debris of the page.
            let b = Block::new(BlockKind::Rule, String::new(), line, lines[end].no);
            self.push(b);
            return end + 1;
        }
        let mut changes = Vec::new();
        let markdown = code::fenced(&body, lang.clone(), &mut changes);
        self.record(line, changes);
        let mut b = Block::new(
            BlockKind::Code { lang },
            body.join("\n"),
            line,
            lines[end].no,
        );
        b.markdown = markdown;
        self.push(b);
        end + 1
    }

    /// A paragraph: consecutive prose lines, where a line that asks stands alone; a title or a
    /// section heading when it is one line that reads as one.
    fn prose(&mut self, i: usize) -> usize {
        let lines = self.lines;
        let first = self.clean(i);
        if self.parts_of.is_some() && first.split_whitespace().count() <= 8 {
            // `Write code to fetch 100 URLs using:` / `Threads` / `Compare performance.`
            self.add_part(&first, lines[i].no);
            return i + 1;
        }
        self.parts_of = None;
        if !self.title_seen {
            if CHROME.contains(&first.to_lowercase().as_str()) {
                let b = Block::new(
                    BlockKind::Chrome { why: "page chrome" },
                    first,
                    lines[i].no,
                    lines[i].no,
                );
                self.out.push(b);
                return i + 1;
            }
            self.title_seen = true;
            if is_heading_like(&first) && !self.cues.is_question_like(&first) {
                self.heading(&first, 1, lines[i].no, lines[i].no);
                return i + 1;
            }
        }
        // `Output: 5` inside an answer is a label and its value, not a heading.
        let inside = self.open != Open::None && first.contains(": ");
        if is_heading_like(&first)
            && !inside
            && (self.cues.is_closing_heading(&first)
                || self.open == Open::None
                || self.questions_follow(i))
        {
            self.heading(&first, 2, lines[i].no, lines[i].no);
            return i + 1;
        }
        let mut text = first;
        let mut markdown = lines[i].raw.trim_end().to_string();
        let mut end = i;
        let asks = |t: &str| t.trim_end().ends_with(['?', '？']);
        if !asks(&text) {
            while end + 1 < lines.len() && self.kinds[end + 1] == Kind::Prose {
                // Looked at before it is taken: its fixes are counted once, where it lands.
                let (next, changes) = cleaned(&lines[end + 1]);
                if asks(&next) || is_heading_like(&next) {
                    break;
                }
                self.record(lines[end + 1].no, changes);
                end += 1;
                text.push(' ');
                text.push_str(&next);
                markdown.push('\n');
                markdown.push_str(lines[end].raw.trim_end());
            }
        }
        // `…should be cacheable.` / blank / `and scalable.`: a paragraph broken mid-sentence.
        if let Some(last) = self.out.last_mut() {
            if last.kind == BlockKind::Paragraph
                && last.line_end + 1 < lines[i].no
                && continues(&last.markdown, &text)
            {
                last.text = format!("{} {text}", last.text.trim_end_matches('.'));
                last.markdown = format!("{} {markdown}", last.markdown.trim_end_matches('.'));
                last.line_end = lines[end].no;
                return end + 1;
            }
        }
        if followed_by_answer_label(lines, end) {
            // The author's `Answer:` label says this is a question: it stands on its own.
            self.open = Open::None;
        }
        if asks(&text) && self.open != Open::Item {
            self.open = Open::Asked;
        }
        let mut b = Block::new(BlockKind::Paragraph, text, lines[i].no, lines[end].no);
        b.markdown = markdown;
        self.push(b);
        end + 1
    }

    /// `Threads` under `Write code to fetch 100 URLs using:`: a part of the question, joined to
    /// it (`…using: Threads; AsyncIO`).
    fn add_part(&mut self, part: &str, line: usize) {
        let Some(q) = self.parts_of.and_then(|k| self.out.get_mut(k)) else {
            return;
        };
        let sep = if q.text.trim_end().ends_with(':') {
            " "
        } else {
            "; "
        };
        q.text = format!(
            "{}{sep}{}",
            q.text.trim_end(),
            question::clean_fragment(part)
        );
        q.line_end = line;
    }

    /// A line's text with copy-button words dropped (counted).
    fn clean(&mut self, i: usize) -> String {
        let (t, changes) = cleaned(&self.lines[i]);
        self.record(self.lines[i].no, changes);
        t
    }

    /// Counts fixes made on line `no`.
    fn record(&mut self, no: usize, changes: Vec<(FixKind, String, String)>) {
        self.fixes
            .extend(changes.into_iter().map(|(k, b, a)| (no, k, b, a)));
    }

    /// A line whose shape speaks for it.
    fn shaped(&mut self, i: usize) -> usize {
        let line = &self.lines[i];
        let no = line.no;
        match line.shape.clone() {
            Shape::Separator => {
                self.parts_of = None;
                // A rule is no part of an answer's text.
                let mut b = Block::new(BlockKind::Rule, line.text().into(), no, no);
                b.markdown = String::new();
                self.push(b);
                i + 1
            }
            Shape::MarkdownHeading { depth, text } => {
                let asks = self.cues.is_question_like(&text);
                if self.open == Open::None
                    || asks
                    || self.cues.is_closing_heading(&text)
                    || self.questions_follow(i)
                {
                    self.heading(&text, depth.min(6) as u8, no, no);
                    if asks {
                        self.open = Open::Marker;
                    }
                } else {
                    // A code comment or a label inside an answer.
                    let mut b = Block::new(BlockKind::Paragraph, line.text().into(), no, no);
                    b.markdown = line.raw.trim_end().into();
                    self.push(b);
                }
                self.title_seen = true;
                i + 1
            }
            Shape::QuestionMarker { .. } => {
                self.title_seen = true;
                self.open = Open::Marker;
                self.parts_of = None;
                let t = line.text();
                let (text, strong) = unwrap_line(t);
                if t.starts_with('#') {
                    let depth = t.chars().take_while(|&c| c == '#').count() as u8;
                    self.heading(text, depth, no, no);
                    self.open = Open::Marker;
                    return i + 1;
                }
                // A question that runs on to the next line (`…How much memory` / `do these
                // structures consume?`): the line breaks off mid-sentence, or the next line
                // asks.
                let mut text = text.to_string();
                let mut end = i;
                let lines = self.lines;
                let prose = |k: usize| {
                    self.kinds.get(k) == Some(&Kind::Prose) && lines[k].shape == Shape::Text
                };
                // The lines between a `Q:` line and its `A:` label are all question.
                let run = (i + 1..lines.len()).take_while(|&k| prose(k)).count();
                let labelled = run > 0
                    && lines
                        .get(i + 1 + run)
                        .is_some_and(|l| matches!(l.shape, Shape::AnswerLabel { .. }));
                while prose(end + 1)
                    && (labelled
                        || !text.trim_end().ends_with(['?', '？', '.', '!', ':'])
                        || lines[end + 1].text().ends_with(['?', '？']))
                {
                    end += 1;
                    text.push(' ');
                    text.push_str(self.lines[end].text());
                }
                let mut b = Block::new(BlockKind::Paragraph, text, no, self.lines[end].no);
                b.strong = strong;
                b.markdown = t.to_string();
                self.out.push(b);
                end + 1
            }
            Shape::AnswerLabel { .. } => {
                let t = line.text();
                let label = t.trim_start_matches(['-', '*', '•', '✓', '✔', ' ']);
                let (mut text, mut markdown) = (label.to_string(), label.to_string());
                // The lines right below the label are its paragraph.
                let mut end = i;
                while self.kinds.get(end + 1) == Some(&Kind::Prose)
                    && !self.lines[end + 1].text().ends_with(['?', '？'])
                {
                    end += 1;
                    text.push(' ');
                    text.push_str(self.lines[end].text());
                    markdown.push('\n');
                    markdown.push_str(self.lines[end].raw.trim_end());
                }
                let mut b = Block::new(BlockKind::Paragraph, text, no, self.lines[end].no);
                b.markdown = markdown;
                self.parts_of = None;
                self.push(b);
                end + 1
            }
            Shape::Numbered {
                n,
                style,
                indented,
                text,
            } => self.numbered(i, n, style, indented, &text),
            Shape::Bullet { text } => {
                self.title_seen = true;
                let mut b = Block::new(BlockKind::ListItem { ordinal: None }, text.clone(), no, no);
                b.markdown = format!("- {text}");
                if self.parts_of.is_some() && !text.ends_with('?') {
                    // `Threads` under `Write code to fetch 100 URLs using:`: a part of it.
                    self.add_part(&text, no);
                    return i + 1;
                }
                if is_heading_like(&text)
                    && !self.cues.is_question_like(&text)
                    && (self.open == Open::None || self.questions_follow(i))
                {
                    // `🔰 Practice Questions (Self-test)`
                    self.heading(&text, 2, no, no);
                    return i + 1;
                }
                b.depth = line.raw.starts_with([' ', '\t']) as u8;
                self.push(b);
                self.parts_of = (text.ends_with(':') && self.cues.is_question_like(&text))
                    .then(|| self.out.len() - 1);
                i + 1
            }
            _ => self.prose(i),
        }
    }

    /// A question starts within the next few lines, with only an intro sentence between
    /// (right away, inside an answer: `Output: 5` / a sentence / `Q11.` is part of the answer).
    fn questions_follow(&self, i: usize) -> bool {
        let lines = self.lines;
        let mut j = i;
        let tries = if self.open == Open::None { 3 } else { 1 };
        for _ in 0..tries {
            let Some(next) = next_non_blank(lines, j) else {
                return false;
            };
            let t = lines[next].text();
            match &lines[next].shape {
                Shape::QuestionMarker { .. } => return true,
                Shape::Numbered { n, .. } => return *n == 1,
                Shape::MarkdownHeading { text, .. } => return self.cues.is_question_like(text),
                Shape::Bullet { text } => {
                    return self.cues.is_question_like(text) && text.split_whitespace().count() >= 3
                }
                Shape::Text => {}
                _ => return false,
            }
            let sentence = t.ends_with(['.', ':', '!']) && t.split_whitespace().count() >= 5;
            if looks_like_code(t) || !sentence {
                return false;
            }
            j = next;
        }
        false
    }
}

/// A line's text with copy-button words dropped, and the fixes that made.
fn cleaned(line: &Line) -> (String, Vec<(FixKind, String, String)>) {
    let mut changes = Vec::new();
    let t = code::drop_inline_debris(line.text(), &mut changes);
    (t, changes)
}

/// A line in emphasis from end to end, and a bullet or heading mark before it, taken off:
/// (the text, whether it was bold).
fn unwrap_line(t: &str) -> (&str, bool) {
    let t = t
        .trim_start_matches('#')
        .trim_start()
        .strip_prefix(['-', '*', '•'])
        .filter(|r| r.starts_with(' '))
        .map_or(t.trim_start_matches('#').trim_start(), str::trim_start);
    for mark in ["***", "**", "__"] {
        if let Some(inner) = t.strip_prefix(mark).and_then(|r| r.strip_suffix(mark)) {
            if !inner.contains(mark) {
                return (inner.trim(), true);
            }
        }
    }
    (t, false)
}

/// A line that continues the previous prose paragraph across a blank line: it opens with a
/// lower-case conjunction, and the paragraph before it is a plain sentence.
fn continues(previous: &str, line: &str) -> bool {
    const CONJUNCTIONS: &[&str] = &[
        "and", "or", "but", "nor", "so", "yet", "which", "that", "with", "as", "while",
    ];
    let Some(first) = line.split_whitespace().next() else {
        return false;
    };
    CONJUNCTIONS.contains(&first)
        && !previous.starts_with("```")
        && !previous.starts_with(['-', '*', '|', '#'])
        && previous.ends_with('.')
}

#[cfg(test)]
mod tests;

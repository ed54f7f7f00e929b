//! Numbered lines of pasted text: a question of the numbered sequence, a step inside an
//! answer, a section over a list, or, on slide pages, a question title or a section.

use super::judge::{followed_by_answer_label, is_doubled, next_non_blank};
use super::lines::{NumberStyle, Shape};
use super::{Builder, Open};
use crate::stages::split::blocks::{Block, BlockKind};

impl Builder<'_> {
    /// A numbered line: a question of the numbered sequence, a step inside an answer, a section
    /// title over a list, or (on slide pages) a question title or a section.
    pub(super) fn numbered(
        &mut self,
        i: usize,
        n: u32,
        style: NumberStyle,
        indented: bool,
        text: &str,
    ) -> usize {
        let lines = self.lines;
        let no = lines[i].no;
        self.title_seen = true;
        if self.slides {
            let doubled = is_doubled(lines, i);
            let collides = next_non_blank(lines, i)
                .is_some_and(|j| matches!(lines[j].shape, Shape::Numbered { n: m, .. } if m == n));
            let copy = i > 0
                && matches!(lines[i - 1].shape, Shape::Numbered { .. })
                && is_doubled(lines, i - 1)
                && lines[i - 1].text() == lines[i].text();
            if copy {
                // Already inside the title's span.
                return i + 1;
            }
            if doubled || (n == self.last_title + 1 && !collides) {
                self.last_title = n;
                let end = match next_non_blank(lines, i) {
                    Some(j) if j == i + 1 && lines[j].text() == lines[i].text() => lines[j].no,
                    _ => no,
                };
                self.heading(lines[i].text(), 3, no, end);
                self.out.last_mut().expect("just pushed").doubled = true;
                self.open = Open::Marker;
            } else {
                self.heading(lines[i].text(), 2, no, no);
            }
            return i + 1;
        }
        let question_like = self.cues.is_question_like(text);
        let labelled = followed_by_answer_label(lines, i);
        if self.parts_of.is_some() && !text.ends_with('?') {
            // A part of the question above (`1. Threads` under `… using:`).
            self.add_part(text, no);
            return i + 1;
        }
        self.parts_of = None;
        if style == NumberStyle::Bare && !question_like && !labelled {
            // `3 Apples are red`: prose that opens with a number.
            return self.prose(i);
        }
        if !question_like && self.titles_list(i) {
            self.heading(lines[i].text(), 2, no, no);
            return i + 1;
        }
        if self.open != Open::Marker && self.fits(n, text, question_like, labelled) {
            let b = self.item(i, n, text);
            self.out.push(b);
            self.open = Open::Item;
            self.restart_ok = false;
            self.last_step = None;
            self.last_number = Some(n);
            self.last_question = Some(text.to_string());
            self.parts_of = text.ends_with(':').then(|| self.out.len() - 1);
            return i + 1;
        }
        // A step of the answer.
        let expected = self.last_number.map_or(1, |l| l + 1);
        if n < expected || self.last_step.is_some_and(|s| s + 1 == n) {
            self.last_step = Some(n);
        }
        let mut b = self.item(i, n, text);
        b.depth = 1 + indented as u8;
        self.push(b);
        i + 1
    }

    pub(super) fn item(&self, i: usize, n: u32, text: &str) -> Block {
        let line = &self.lines[i];
        let mut b = Block::new(
            BlockKind::ListItem {
                ordinal: Some(n as u64),
            },
            text.to_string(),
            line.no,
            line.no,
        );
        b.markdown = line.text().to_string();
        b
    }

    /// Whether number `n` continues the question sequence (or restarts it where that is
    /// allowed). Numbered steps inside an answer fail this: `1. Infinite counter` under
    /// question 9.
    pub(super) fn fits(&self, n: u32, text: &str, question_like: bool, labelled: bool) -> bool {
        let expected = self.last_number.map_or(1, |last| last + 1);
        let in_answer = self.open == Open::Item;
        let step = text.ends_with(':')
            || text.starts_with(|c: char| c.is_lowercase())
            || self.last_step.is_some_and(|s| s + 1 == n);
        (n == expected && (question_like || !in_answer || !step))
            || (n == 1 && (self.restart_ok || question_like))
            // Numbering that starts where a previous part of the series ended (`51. What…?`).
            || (self.last_number.is_none() && self.restart_ok && question_like)
            // The same question pasted twice: the record builder rejects the repeat.
            || (Some(n) == self.last_number && self.last_question.as_deref() == Some(text))
            || (question_like && n > expected && n <= expected + 3)
            // An `Answer:` label right after it makes any numbered line a question.
            || labelled
    }

    /// `1. Core Python Concepts` over a list of bullets or indented items: a section title.
    pub(super) fn titles_list(&self, i: usize) -> bool {
        let lines = self.lines;
        if lines[i].raw.starts_with([' ', '\t']) {
            return false;
        }
        let Some(j) = next_non_blank(lines, i) else {
            return false;
        };
        let k = next_non_blank(lines, j);
        let listed = |j: usize| match &lines[j].shape {
            Shape::Bullet { .. } => true,
            Shape::Numbered { indented, .. } => *indented,
            _ => false,
        };
        listed(j) && k.is_some_and(listed)
    }
}

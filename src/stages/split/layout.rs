//! Recognising a document's layout from the shapes of its lines (never from its name).
//!
//! Each layout is a detector (a score over the line model) plus the rule that says which lines
//! start a question; everything else (sections, answers, boilerplate, repeats) is shared by the
//! engine. A new layout is a new variant here and a new arm in [`Layout::starts_question`].

use super::cues::Cues;
use super::lines::{Line, NumberStyle, Shape};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `**Q: …**` / `Q1: …` markers with `A:` answers (Markdown Q&A).
    QaMarkers,
    /// Slide-like pages: every numbered title printed twice, one copy often glued to the line before.
    DoubledTitles,
    /// `N Question` (or a bare question) followed by an `Answer:` block (PDF and chat exports).
    AnswerLabels,
    /// Lists of questions as bullets under numbered topic sections, usually without answers.
    BulletQuestions,
    /// `N. Question` lines (or question headings) with everything up to the next one as the answer.
    NumberedQuestions,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::QaMarkers => "qa-markers",
            Layout::DoubledTitles => "doubled-titles",
            Layout::AnswerLabels => "answer-labels",
            Layout::BulletQuestions => "bullet-questions",
            Layout::NumberedQuestions => "numbered-questions",
        }
    }

    /// Whether a line, by its own shape and this layout, can open a question (the engine adds
    /// the numbering and context checks).
    pub fn starts_question(self, lines: &[Line], i: usize, cues: &Cues) -> bool {
        let line = &lines[i];
        match (self, &line.shape) {
            (Layout::QaMarkers, Shape::QuestionMarker { .. }) => true,
            (Layout::QaMarkers, _) => false,
            // Doubled or not (one copy may have been glued to the line before): the numbering decides.
            (Layout::DoubledTitles, Shape::Numbered { .. }) => true,
            (Layout::BulletQuestions, Shape::Bullet { text }) => {
                cues.is_question_like(text) && text.split_whitespace().count() >= 3
            }
            (
                Layout::BulletQuestions,
                Shape::Numbered {
                    indented: true,
                    text,
                    ..
                },
            ) => cues.is_question_like(text),
            (Layout::BulletQuestions, _) => false,
            (
                Layout::AnswerLabels,
                Shape::Text | Shape::Numbered { .. } | Shape::MarkdownHeading { .. },
            ) if followed_by_answer_label(lines, i) => true,
            (
                Layout::AnswerLabels | Layout::NumberedQuestions,
                Shape::Numbered { style, text, .. },
            ) => cues.is_question_like(text) || *style != NumberStyle::Bare,
            (
                Layout::AnswerLabels | Layout::NumberedQuestions,
                Shape::MarkdownHeading { depth, text },
            ) => *depth >= 2 && cues.is_question_like(text),
            (Layout::AnswerLabels | Layout::NumberedQuestions, Shape::QuestionMarker { .. }) => {
                true
            }
            _ => false,
        }
    }
}

/// The next non-blank line after `i`.
pub fn next_non_blank(lines: &[Line], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&j| !lines[j].is_blank())
}

/// An `Answer:` label follows (blank lines and a stray fence in between allowed).
pub fn followed_by_answer_label(lines: &[Line], i: usize) -> bool {
    let mut j = i;
    for _ in 0..3 {
        let Some(next) = next_non_blank(lines, j) else {
            return false;
        };
        match lines[next].shape {
            Shape::AnswerLabel { .. } => return true,
            Shape::Fence { .. } => j = next,
            _ => return false,
        }
    }
    false
}

/// The same numbered title on the next line, or its copy glued to the line before.
pub fn is_doubled(lines: &[Line], i: usize) -> bool {
    lines[i].glued_copy_before
        || next_non_blank(lines, i)
            .is_some_and(|j| j == i + 1 && lines[j].text() == lines[i].text())
}

/// Scores the layouts and picks the best; ties go to the more specific layout.
pub fn detect(lines: &[Line], cues: &Cues) -> Layout {
    let mut markers = 0;
    let mut answer_labels = 0;
    let mut numbered = 0;
    let mut doubled = 0;
    let mut question_bullets = 0;
    let mut text_lines = 0;
    for (i, line) in lines.iter().enumerate() {
        match &line.shape {
            Shape::QuestionMarker { .. } => markers += 1,
            Shape::AnswerLabel { .. } => answer_labels += 1,
            Shape::Numbered { .. } => {
                numbered += 1;
                if is_doubled(lines, i) {
                    doubled += 1;
                }
            }
            Shape::Bullet { text } if cues.is_question_like(text) => question_bullets += 1,
            Shape::Text => text_lines += 1,
            _ => {}
        }
    }
    if markers >= 2 {
        Layout::QaMarkers
    } else if doubled >= 3 && doubled * 3 >= numbered {
        Layout::DoubledTitles
    } else if answer_labels >= 2 && answer_labels * 3 >= numbered {
        Layout::AnswerLabels
    } else if question_bullets >= 3
        && question_bullets * 2 > numbered
        && question_bullets * 2 > text_lines
    {
        Layout::BulletQuestions
    } else {
        Layout::NumberedQuestions
    }
}

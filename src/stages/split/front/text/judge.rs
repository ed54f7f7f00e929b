//! Every line's kind before blocks are made: fences followed, code told from prose, debris
//! beside code marked; and the shapes that look at the lines around one (a title printed
//! twice, an answer label below).

use super::code::{self, Kind};
use super::lines::{Line, Shape};
use crate::stages::split::cues::looks_like_code;

/// Slide pages: at least three numbered titles printed twice, and a third of the numbered lines.
pub(super) fn is_slides(lines: &[Line]) -> bool {
    let numbered = lines
        .iter()
        .filter(|l| matches!(l.shape, Shape::Numbered { .. }))
        .count();
    let doubled = (0..lines.len())
        .filter(|&i| matches!(lines[i].shape, Shape::Numbered { .. }) && is_doubled(lines, i))
        .count();
    doubled >= 3 && doubled * 3 >= numbered
}

/// The same numbered title on the next line, or its copy glued to the line before.
pub(super) fn is_doubled(lines: &[Line], i: usize) -> bool {
    lines[i].glued_copy_before
        || next_non_blank(lines, i)
            .is_some_and(|j| j == i + 1 && lines[j].text() == lines[i].text())
}

pub(super) fn next_non_blank(lines: &[Line], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&j| !lines[j].is_blank())
}

/// Every line's kind: fences followed, code told from prose, debris next to code marked.
pub(super) fn judge(lines: &[Line]) -> Vec<Kind> {
    let mut kinds = Vec::with_capacity(lines.len());
    let mut fenced = false;
    for line in lines {
        let t = line.text();
        let kind = match &line.shape {
            Shape::Blank => Kind::Blank,
            Shape::Fence { .. } => {
                fenced = !fenced;
                Kind::Fence
            }
            Shape::CopyButton { .. } | Shape::LanguageLabel { .. } => Kind::Debris,
            _ if fenced && code::is_code(t, true) => Kind::Code,
            Shape::Text if code::is_code(t, false) => Kind::Code,
            Shape::Text => Kind::Prose,
            _ => Kind::Shaped,
        };
        kinds.push(kind);
    }
    // `1` / `2` / `3` on lines of their own: the line numbers of a code viewer, copied.
    let mut i = 0;
    while i < lines.len() {
        let count = (i..lines.len())
            .take_while(|&j| lines[j].text() == (j - i + 1).to_string())
            .count();
        if count >= 2 {
            kinds[i..i + count].fill(Kind::Debris);
        }
        i += count.max(1);
    }
    // A lone number beside code is a line number too.
    for i in 0..lines.len() {
        let t = lines[i].text();
        if kinds[i] == Kind::Prose
            && !t.is_empty()
            && t.len() <= 4
            && t.bytes().all(|b| b.is_ascii_digit())
        {
            let near = |j: Option<usize>| {
                j.is_some_and(|j| kinds[j] == Kind::Code || looks_like_code(lines[j].text()))
            };
            if near(next_non_blank(lines, i)) {
                kinds[i] = Kind::Debris;
            }
        }
    }
    // A lone language label away from any code is a word of prose.
    for i in 0..lines.len() {
        if matches!(lines[i].shape, Shape::LanguageLabel { .. }) {
            let near = |j: Option<usize>| {
                j.is_some_and(|j| {
                    matches!(kinds[j], Kind::Fence | Kind::Code | Kind::Debris)
                        && !matches!(lines[j].shape, Shape::LanguageLabel { .. })
                })
            };
            let before = (0..i).rev().find(|&j| !lines[j].is_blank());
            if !near(next_non_blank(lines, i)) && !near(before) {
                kinds[i] = Kind::Prose;
            }
        }
    }
    // Prose beside code may be code; so may a `# Output: 3` heading, which is a comment.
    let texts: Vec<&str> = lines.iter().map(|l| l.raw.as_str()).collect();
    code::settle(&texts, &mut kinds, |i, kind| {
        kind == Kind::Prose
            || kind == Kind::Shaped && matches!(lines[i].shape, Shape::MarkdownHeading { .. })
    });
    kinds
}

/// An `Answer:` label follows (blank lines and a stray fence in between allowed).
pub(super) fn followed_by_answer_label(lines: &[Line], i: usize) -> bool {
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

//! Gives every line of a document a role, walking it once with the layout's rules.
//!
//! Shared by all layouts: the document title, section headings (numbering restarts after them),
//! closing sections (`Final Thoughts`) and intros as boilerplate, copy-button debris as artifacts,
//! answer labels, an answer block whose question line is missing, numbered steps inside an answer
//! (their number breaks the question sequence), sub-items of a question that ends with `:`.

use super::cues::{is_heading_like, looks_like_code, Cues};
use super::layout::{followed_by_answer_label, is_doubled, next_non_blank, Layout};
use super::lines::{Line, Shape};
use crate::model::RejectReason;

/// What one line is in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Blank,
    Title,
    Heading {
        text: String,
    },
    QuestionStart {
        text: String,
    },
    /// A sub-item or continuation line that belongs to the question above.
    QuestionPart {
        text: String,
    },
    /// `Answer:`/`A:` label; `rest` is the answer text on the same line.
    AnswerLabel {
        rest: String,
    },
    Answer,
    Reject(RejectReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the first question: intros and page chrome.
    Preamble,
    /// After a section heading, before its first question.
    SectionIntro,
    /// Inside a question's answer.
    Answer,
    /// An answer block whose question is missing.
    Orphan,
    /// After a closing heading or a lead-in that is not a question.
    Closing,
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

struct State<'c> {
    cues: &'c Cues,
    phase: Phase,
    title_seen: bool,
    last_number: Option<u32>,
    last_question: Option<String>,
    /// Numbering may restart (at the start, after a heading).
    restart_ok: bool,
    /// The open question ends with `:`, so short items after it are its parts.
    parts_open: bool,
    /// The open question has had its answer label already.
    label_seen: bool,
    /// The open question has answer lines.
    has_answer: bool,
    /// The number of the last numbered line inside this answer that was a step, not a question.
    last_step: Option<u32>,
}

/// Assigns a role to every line.
pub fn assign_roles(lines: &[Line], layout: Layout, cues: &Cues) -> Vec<Role> {
    let mut roles = vec![Role::Blank; lines.len()];
    let mut st = State {
        cues,
        phase: Phase::Preamble,
        title_seen: false,
        last_number: None,
        last_question: None,
        restart_ok: true,
        parts_open: false,
        label_seen: false,
        has_answer: false,
        last_step: None,
    };
    for i in 0..lines.len() {
        if lines[i].is_blank() {
            continue;
        }
        roles[i] = role_of(lines, i, layout, &mut st);
    }
    roles
}

/// The role of line `i`, which is not blank; moves the walk's state on.
fn role_of(lines: &[Line], i: usize, layout: Layout, st: &mut State) -> Role {
    let line = &lines[i];
    if let Some(role) = title_role(lines, i, layout, st) {
        return role;
    }
    match question_start(lines, i, layout, st) {
        Some(q) => return open_question(q, line, st),
        None => note_step(line, st),
    }
    if layout == Layout::DoubledTitles && is_second_copy(lines, i) {
        return Role::Reject(RejectReason::VerbatimRepeat);
    }
    if st.phase == Phase::Answer && st.parts_open {
        if let Some(part) = question_part(line, layout) {
            return Role::QuestionPart { text: part };
        }
        st.parts_open = false;
    }
    if let Some(heading) = heading(lines, i, layout, st) {
        st.phase = if st.cues.is_closing_heading(&heading) {
            Phase::Closing
        } else {
            Phase::SectionIntro
        };
        st.restart_ok = true;
        st.last_number = None;
        return Role::Heading { text: heading };
    }
    match &line.shape {
        Shape::CopyButton { .. } | Shape::Separator => return Role::Reject(RejectReason::Artifact),
        Shape::LanguageLabel { .. } if next_is_code_block(lines, i) => {
            return Role::Reject(RejectReason::Artifact)
        }
        _ => {}
    }
    match st.phase {
        Phase::Preamble | Phase::SectionIntro | Phase::Closing => {
            Role::Reject(RejectReason::Boilerplate)
        }
        Phase::Orphan => match &line.shape {
            Shape::AnswerLabel { .. } => Role::Reject(RejectReason::OrphanAnswer),
            _ => Role::Reject(RejectReason::OrphanAnswer),
        },
        Phase::Answer => answer_role(line, layout, st),
    }
}

/// Before the title: page chrome, then the first line, which is the title when it reads as one
/// and does not open a question.
fn title_role(lines: &[Line], i: usize, layout: Layout, st: &mut State) -> Option<Role> {
    if st.title_seen || st.phase != Phase::Preamble {
        return None;
    }
    let line = &lines[i];
    let text = line.text();
    if CHROME.contains(&text.to_lowercase().as_str()) {
        return Some(Role::Reject(RejectReason::Boilerplate));
    }
    st.title_seen = true;
    let is_title = match &line.shape {
        Shape::MarkdownHeading { depth: 1, .. } => true,
        Shape::Text => is_heading_like(text),
        _ => false,
    };
    if is_title && !layout.starts_question(lines, i, st.cues) {
        st.restart_ok = true;
        return Some(Role::Title);
    }
    None
}

/// A numbered line that opens no question may be a step of the answer. Only a number below the
/// question sequence starts a run of steps; a question missed for another reason must not turn
/// the questions after it into steps.
fn note_step(line: &Line, st: &mut State) {
    if let Shape::Numbered { n, .. } = &line.shape {
        let expected = st.last_number.map_or(1, |last| last + 1);
        if *n < expected || st.last_step.is_some_and(|s| s + 1 == *n) {
            st.last_step = Some(*n);
        }
    }
}

/// Question `q` opens on `line`: a new answer begins.
fn open_question(q: String, line: &Line, st: &mut State) -> Role {
    st.last_step = None;
    st.phase = Phase::Answer;
    st.restart_ok = false;
    st.parts_open = q.ends_with(':');
    st.label_seen = false;
    st.has_answer = false;
    if let Shape::Numbered { n, .. } = line.shape {
        st.last_number = Some(n);
    }
    st.last_question = Some(q.clone());
    Role::QuestionStart { text: q }
}

/// A line inside an answer: its label, a line of it, or the end of a question list.
fn answer_role(line: &Line, layout: Layout, st: &mut State) -> Role {
    if let Shape::AnswerLabel { rest } = &line.shape {
        if st.label_seen && st.has_answer {
            // A second answer block: its question line is missing in the source.
            st.phase = Phase::Orphan;
            return Role::Reject(RejectReason::OrphanAnswer);
        }
        st.label_seen = true;
        st.has_answer |= !rest.is_empty();
        return Role::AnswerLabel { rest: rest.clone() };
    }
    if layout == Layout::BulletQuestions && !matches!(line.shape, Shape::Fence { .. }) {
        // Question lists have no answers: prose after the list is a lead-in to something else.
        st.phase = Phase::Closing;
        return Role::Reject(RejectReason::Boilerplate);
    }
    st.has_answer = true;
    Role::Answer
}

/// The question text when line `i` opens a question here.
fn question_start(lines: &[Line], i: usize, layout: Layout, st: &State) -> Option<String> {
    if !layout.starts_question(lines, i, st.cues) {
        return None;
    }
    let line = &lines[i];
    let text = match &line.shape {
        Shape::QuestionMarker { text }
        | Shape::Bullet { text }
        | Shape::MarkdownHeading { text, .. } => text.clone(),
        Shape::Numbered { n, text, .. } => {
            if !numbering_fits(lines, i, *n, text, layout, st) {
                return None;
            }
            text.clone()
        }
        _ => line.text().to_string(),
    };
    // Inside an open list of sub-items, a short fragment is a part, not a question.
    if st.phase == Phase::Answer
        && st.parts_open
        && !text.ends_with('?')
        && text.split_whitespace().count() <= 4
    {
        return None;
    }
    Some(text)
}

/// Whether number `n` continues the question sequence (or restarts it where that is allowed).
/// Numbered steps inside an answer fail this: `1. Infinite counter` under question 9.
fn numbering_fits(
    lines: &[Line],
    i: usize,
    n: u32,
    text: &str,
    layout: Layout,
    st: &State,
) -> bool {
    let expected = st.last_number.map_or(1, |last| last + 1);
    if layout == Layout::DoubledTitles {
        // A doubled title is a question whatever its number; a single one only when it is the
        // expected next number and does not collide with the doubled title that follows.
        if is_doubled(lines, i) {
            return true;
        }
        let collides = next_non_blank(lines, i)
            .is_some_and(|j| matches!(lines[j].shape, Shape::Numbered { n: m, .. } if m == n));
        return n == expected && !collides;
    }
    let question_like = st.cues.is_question_like(text);
    if n == expected
        && (question_like || st.phase != Phase::Answer || !looks_like_step(text, n, st))
    {
        return true;
    }
    if n == 1 && (st.restart_ok || question_like) {
        return true;
    }
    if Some(n) == st.last_number && st.last_question.as_deref() == Some(text) {
        // The same question pasted twice: the record builder rejects the repeat.
        return true;
    }
    if question_like && n > expected && n <= expected + 3 {
        return true;
    }
    // An `Answer:` label right after it makes any numbered line a question.
    layout == Layout::AnswerLabels && followed_by_answer_label(lines, i)
}

/// `Install Redis:`, `open the file`, or the next number after a step: a step inside the answer
/// rather than the next question (`Enum Class` under its expected number is a question).
fn looks_like_step(text: &str, n: u32, st: &State) -> bool {
    text.ends_with(':')
        || text.starts_with(|c: char| c.is_lowercase())
        || st.last_step.is_some_and(|s| s + 1 == n)
}

/// The second printed copy of a doubled title.
fn is_second_copy(lines: &[Line], i: usize) -> bool {
    i > 0 && matches!(lines[i].shape, Shape::Numbered { .. }) && is_doubled(lines, i - 1)
}

/// A sub-item or continuation of a question that ends with `:`.
fn question_part(line: &Line, layout: Layout) -> Option<String> {
    match &line.shape {
        Shape::Bullet { text } if !text.ends_with('?') => Some(text.clone()),
        Shape::Text
            if layout == Layout::BulletQuestions && line.text().split_whitespace().count() <= 8 =>
        {
            Some(line.text().to_string())
        }
        _ => None,
    }
}

/// The heading text when line `i` is a section heading here.
fn heading(lines: &[Line], i: usize, layout: Layout, st: &State) -> Option<String> {
    let line = &lines[i];
    let text = match &line.shape {
        Shape::MarkdownHeading { text, .. } => text.clone(),
        Shape::Numbered { text, .. }
            if matches!(layout, Layout::BulletQuestions | Layout::DoubledTitles) =>
        {
            // Numbered topic sections of question lists and slide pages.
            return (!st.cues.is_question_like(text) || layout == Layout::DoubledTitles)
                .then(|| text.clone());
        }
        Shape::Text | Shape::Bullet { .. } => {
            let t = match &line.shape {
                Shape::Bullet { text } => text.clone(),
                _ => line.text().to_string(),
            };
            if !is_heading_like(&t) {
                return None;
            }
            t
        }
        _ => return None,
    };
    if st.cues.is_closing_heading(&text) {
        return Some(text);
    }
    match st.phase {
        Phase::Preamble | Phase::SectionIntro | Phase::Closing | Phase::Orphan => Some(text),
        // Inside an answer a heading-like line is a heading only when questions follow it:
        // otherwise it is a code comment (`# Output`) or a label in the answer.
        Phase::Answer => questions_follow(lines, i, layout, st.cues).then_some(text),
    }
}

/// A question starts within the next few non-blank lines, with only prose in between.
fn questions_follow(lines: &[Line], i: usize, layout: Layout, cues: &Cues) -> bool {
    let mut j = i;
    for _ in 0..3 {
        let Some(next) = next_non_blank(lines, j) else {
            return false;
        };
        if layout.starts_question(lines, next, cues) {
            return match &lines[next].shape {
                Shape::Numbered { n, .. } => *n == 1,
                _ => true,
            };
        }
        // Only an intro sentence may stand between a heading and its questions.
        let t = lines[next].text();
        let sentence = t.ends_with(['.', ':', '!']) && t.split_whitespace().count() >= 5;
        if !matches!(lines[next].shape, Shape::Text) || looks_like_code(t) || !sentence {
            return false;
        }
        j = next;
    }
    false
}

/// A code block (fence, copy button or code) follows a lone language label.
fn next_is_code_block(lines: &[Line], i: usize) -> bool {
    let before = (0..i).rev().find(|&j| !lines[j].is_blank());
    let near = |j: Option<usize>| {
        j.is_some_and(|j| {
            matches!(
                lines[j].shape,
                Shape::Fence { .. } | Shape::CopyButton { .. }
            )
        })
    };
    near(next_non_blank(lines, i)) || near(before)
}

//! A run of blocks between headings: the role that holds its questions, how sure that reading
//! is, and the questions taken with their answers.

use super::super::blocks::BlockKind;
use super::answers::{found_of, take_answer};
use super::labels::plain;
use super::roles::{questions_of, Role};
use super::{section_path, Doc, Finding};
use crate::model::{RejectReason, SectionRole};
use std::collections::HashSet;

/// The role a run is read in, and how sure that reading is.
struct Reading {
    role: Role,
    questions: Vec<usize>,
    /// The best role that picks other blocks.
    runner_up: Option<Role>,
    confidence: f32,
}

/// Decides one run's role, takes its questions and rejects the rest.
pub(super) fn finish_run(
    doc: &Doc,
    run: &[usize],
    sections: &[(u8, String)],
    closing: bool,
    finding: &mut Finding,
) {
    if run.is_empty() {
        return;
    }
    let reading = if closing {
        None
    } else {
        read_run(doc, run, sections)
    };
    let Some(reading) = reading else {
        reject_blocks(doc, run, finding);
        return;
    };
    finding.roles.push(SectionRole {
        section: section_path(sections).join(" > "),
        role: reading.role.name().to_string(),
        questions: reading.questions.len(),
        confidence: (reading.confidence * 100.0).round() / 100.0,
        runner_up: reading.runner_up.map(|r| r.name().to_string()),
    });
    let first = run
        .iter()
        .position(|&i| i == reading.questions[0])
        .unwrap_or(0);
    reject_blocks(doc, &run[..first], finding);
    take_questions(doc, &run[first..], sections, &reading, finding);
}

/// The role with the most questions in the run, weighed against the runner-up; `None` when no
/// role finds any.
fn read_run(doc: &Doc, run: &[usize], sections: &[(u8, String)]) -> Option<Reading> {
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
    let (role, all, mut questions) = scored.first().cloned()?;
    // Whatever the role, a paragraph the author put an `Answer:` label under is a question;
    // where the author labels the questions too (`Q:`), only those are.
    let labelled = match role {
        Role::Marker => Vec::new(),
        _ => labelled_questions(doc, run, &questions),
    };
    if labelled.iter().any(|i| questions.binary_search(i).is_err()) {
        questions.extend(labelled);
        questions.sort_unstable();
        questions.dedup();
    }
    // A runner-up that picks the very same blocks (bold numbered paragraphs are both) is the
    // same reading, not a rival one.
    let runner_up = scored.iter().skip(1).find(|(_, _, q)| *q != questions);
    let share = questions.len() as f32 / all.max(1) as f32;
    let confidence = match runner_up {
        Some((_, _, q2)) => share * questions.len() as f32 / (questions.len() + q2.len()) as f32,
        None => share,
    };
    Some(Reading {
        role,
        runner_up: runner_up.map(|(r, _, _)| *r),
        questions,
        confidence,
    })
}

/// Paragraphs followed straight away by an answer label: one that asks, or one after which
/// no question of the role is still waiting for its label (`20. Convert this list:` / the list
/// / `Ans.`: the label answers question 20).
fn labelled_questions(doc: &Doc, run: &[usize], questions: &[usize]) -> Vec<usize> {
    let blocks = doc.blocks;
    // Rules and chrome between them (a label inside a fence of its own) do not count.
    let kept: Vec<usize> = run
        .iter()
        .copied()
        .filter(|&i| !matches!(blocks[i].kind, BlockKind::Rule | BlockKind::Chrome { .. }))
        .collect();
    let label = |i: usize| {
        blocks[i].kind == BlockKind::Paragraph && doc.cues.has_answer_label(&plain(&blocks[i].text))
    };
    let mut waiting = false;
    let mut out = Vec::new();
    // `questions` are in run order, as the roles pick them.
    for (k, &i) in kept.iter().enumerate() {
        if questions.binary_search(&i).is_ok() {
            waiting = true;
        } else if label(i) {
            waiting = false;
        } else if (doc.asks[i] || !waiting)
            && blocks[i].kind == BlockKind::Paragraph
            && kept.get(k + 1).is_some_and(|&j| label(j))
        {
            out.push(i);
            waiting = true;
        }
    }
    out
}

/// Rejects blocks in no question: chrome and chatter as chrome, the rest as boilerplate.
fn reject_blocks(doc: &Doc, run: &[usize], finding: &mut Finding) {
    for &i in run {
        let b = &doc.blocks[i];
        let why = if b.is_chrome() {
            b.chrome_reason()
        } else if doc.cues.is_chatter(&b.text) {
            RejectReason::Chrome
        } else {
            RejectReason::Boilerplate
        };
        finding.rejects.push((i, why));
    }
}

/// Takes each question of a run that opens with one, its answer every block up to the next.
/// Non-question list items with question items below them are labels of a sub-list: they
/// close the answer above and join the section path of the questions below.
fn take_questions(
    doc: &Doc,
    run: &[usize],
    sections: &[(u8, String)],
    reading: &Reading,
    finding: &mut Finding,
) {
    let blocks = doc.blocks;
    let is_question: HashSet<usize> = reading.questions.iter().copied().collect();
    let mut labels: Vec<(u8, String)> = Vec::new();
    let mut k = 0;
    while k < run.len() {
        let q = run[k];
        let mut end = k + 1;
        while end < run.len() && !is_question.contains(&run[end]) {
            end += 1;
        }
        let mut body: Vec<usize> = run[k + 1..end].to_vec();
        let tail = match label_at(doc, &body, q, run.get(end), reading.role) {
            Some(pos) => body.split_off(pos),
            None => Vec::new(),
        };
        if reading.role == Role::Item {
            close_labels(&mut labels, blocks[q].depth);
        }
        let mut section = section_path(sections);
        section.extend(labels.iter().map(|(_, s)| s.clone()));
        let answer = take_answer(doc, &body, finding);
        let from_title = !doc.asks[q] && !matches!(blocks[q].kind, BlockKind::TableRow { .. });
        let mut found = found_of(doc, q, &answer, section, from_title);
        found.confident = reading.confidence >= 0.6;
        finding.found.push(found);
        for &j in &tail {
            finding.rejects.push((j, RejectReason::Heading));
            if matches!(blocks[j].kind, BlockKind::ListItem { .. }) {
                close_labels(&mut labels, blocks[j].depth);
                labels.push((blocks[j].depth, plain(&blocks[j].text).into_owned()));
            }
        }
        k = end;
    }
}

/// Where in the answer of list question `q` a list label starts: an item no deeper than `q`
/// with the next question below it.
fn label_at(
    doc: &Doc,
    body: &[usize],
    q: usize,
    next_question: Option<&usize>,
    role: Role,
) -> Option<usize> {
    if role != Role::Item {
        return None;
    }
    let blocks = doc.blocks;
    let next_depth = blocks[*next_question?].depth;
    body.iter().position(|&j| {
        matches!(blocks[j].kind, BlockKind::ListItem { .. })
            && blocks[j].depth < next_depth
            && blocks[j].depth <= blocks[q].depth
    })
}

/// Drops the labels at `depth` or deeper: a new item at that depth ends them.
fn close_labels(labels: &mut Vec<(u8, String)>, depth: u8) {
    while labels.last().is_some_and(|(d, _)| *d >= depth) {
        labels.pop();
    }
}

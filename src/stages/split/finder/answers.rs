//! A question's answer: the blocks it keeps, and the record's draft made of them.

use super::super::blocks::{Block, BlockKind};
use super::labels::strip_keycaps;
use super::rows::row_fields;
use super::{Doc, Finding, Found};
use crate::model::RejectReason;

/// The blocks of an answer, less trailing chatter and chrome (rejected on the way).
pub(super) fn take_answer(doc: &Doc, body: &[usize], finding: &mut Finding) -> Vec<usize> {
    let blocks = doc.blocks;
    let mut kept: Vec<usize> = Vec::with_capacity(body.len());
    for &j in body {
        if blocks[j].is_chrome() {
            finding.rejects.push((j, blocks[j].chrome_reason()));
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
pub(super) fn found_of(
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
    // A label and nothing else (`# Frage 2`, `Question 5`): the question is the paragraph
    // that follows it.
    let (question, answer) = match answer.split_first() {
        Some((&first, rest))
            if doc.cues.has_question_label(&question)
                && doc.cues.strip_question_label(&question).trim().is_empty()
                && blocks[first].kind == BlockKind::Paragraph =>
        {
            (blocks[first].text.clone(), rest)
        }
        _ => (question, answer),
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
        let md = if k == 0 && parts.is_empty() && !opens_options(blocks, answer) {
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

/// The answer opens with lettered options (`A) …`, then `B) …`): `A)` is the first option, not
/// an answer label.
fn opens_options(blocks: &[Block], answer: &[usize]) -> bool {
    let letter = |j: usize| {
        let t = blocks[j].text.trim_start();
        let mut c = t.chars();
        match (c.next(), c.next()) {
            (Some(l), Some(p @ (')' | '.'))) if l.is_alphabetic() => Some((l, p)),
            _ => None,
        }
    };
    let Some((first, punct)) = answer.first().and_then(|&j| letter(j)) else {
        return false;
    };
    let next = char::from_u32(first as u32 + 1);
    answer[1..]
        .iter()
        .any(|&j| letter(j).is_some_and(|(l, p)| Some(l) == next && p == punct))
}

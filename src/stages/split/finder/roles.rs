//! The roles a run's blocks can hold questions in, and the questions each role finds.

use super::super::blocks::{Block, BlockKind};
use super::labels::plain;
use super::rows::{columns, row_fields, row_of};
use super::Doc;

/// The roles a run's blocks can hold questions in, in the order ties are broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Marker,
    Summary,
    Row,
    Bold,
    Numbered,
    Item,
    Asking,
}

impl Role {
    pub(super) const ALL: [Role; 7] = [
        Role::Marker,
        Role::Summary,
        Role::Row,
        Role::Bold,
        Role::Numbered,
        Role::Item,
        Role::Asking,
    ];

    pub(super) fn name(self) -> &'static str {
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
pub(super) fn questions_of(
    doc: &Doc,
    run: &[usize],
    sections: &[(u8, String)],
    role: Role,
) -> (usize, Vec<usize>) {
    match role {
        Role::Marker => marker_questions(doc, run),
        Role::Summary => summary_questions(doc, run),
        Role::Row => row_questions(doc, run),
        Role::Bold => bold_questions(doc, run),
        Role::Numbered => numbered_questions(doc, run),
        Role::Item => item_questions(doc, run, sections),
        Role::Asking => asking_questions(doc, run),
    }
}

/// A paragraph or a quote.
fn prose(b: &Block) -> bool {
    matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote)
}

/// The blocks of a run that pass `keep`.
fn picked(run: &[usize], keep: impl Fn(usize) -> bool) -> Vec<usize> {
    run.iter().copied().filter(|&i| keep(i)).collect()
}

/// Top-level paragraphs and items that open with a `Q:` label: each one a question.
fn marker_questions(doc: &Doc, run: &[usize]) -> (usize, Vec<usize>) {
    let q = picked(run, |i| {
        let b = &doc.blocks[i];
        (prose(b) || matches!(b.kind, BlockKind::ListItem { .. }))
            && b.item_depth == 0
            && doc.cues.has_question_label(&plain(&b.text))
    });
    (q.len(), q)
}

/// `<details>` summaries that ask or are numbered.
fn summary_questions(doc: &Doc, run: &[usize]) -> (usize, Vec<usize>) {
    let all = picked(run, |i| doc.blocks[i].kind == BlockKind::Summary);
    let q = picked(&all, |i| doc.asks[i] || doc.numbered[i]);
    (all.len(), q)
}

/// Rows of a table with a header whose question cell is filled, or, with no question column, a
/// cell that asks.
fn row_questions(doc: &Doc, run: &[usize]) -> (usize, Vec<usize>) {
    let blocks = doc.blocks;
    let rows = picked(
        run,
        |i| matches!(&blocks[i].kind, BlockKind::TableRow { header, .. } if !header.is_empty()),
    );
    let q = picked(&rows, |i| match &blocks[i].kind {
        BlockKind::TableRow { header, cells } => match columns(header).question {
            Some(c) => cells.get(c).is_some_and(|c| !c.trim().is_empty()),
            None => cells.iter().any(|c| doc.cues.reads_as_question(c)),
        },
        _ => false,
    });
    let asking = q
        .iter()
        .filter_map(|&i| row_of(&blocks[i]))
        .filter(|(header, cells)| {
            doc.cues
                .reads_as_question(&row_fields(header, cells, doc.cues).0)
        })
        .count();
    if titles_column(doc, &q) && asking * 2 < q.len() {
        return (rows.len(), Vec::new());
    }
    (rows.len(), q)
}

/// A `Title` column names questions only when they read as questions: a table of article
/// titles is not a question bank.
fn titles_column(doc: &Doc, rows: &[usize]) -> bool {
    rows.first()
        .and_then(|&i| row_of(&doc.blocks[i]))
        .is_some_and(|(header, _)| {
            columns(header)
                .question
                .and_then(|c| header.get(c))
                .is_some_and(|h| h.trim().eq_ignore_ascii_case("title"))
        })
}

/// Bold top-level paragraphs that ask.
fn bold_questions(doc: &Doc, run: &[usize]) -> (usize, Vec<usize>) {
    let blocks = doc.blocks;
    let all = picked(run, |i| {
        prose(&blocks[i]) && blocks[i].strong && blocks[i].item_depth == 0
    });
    let q = picked(&all, |i| doc.asks[i]);
    (all.len(), q)
}

/// Numbered top-level paragraphs, all of them, when there are three or more and most ask.
fn numbered_questions(doc: &Doc, run: &[usize]) -> (usize, Vec<usize>) {
    let blocks = doc.blocks;
    // `Q3. …` is numbered too, but its label makes it the marker role's.
    let all = picked(run, |i| {
        prose(&blocks[i])
            && blocks[i].item_depth == 0
            && doc.numbered[i]
            && !doc.cues.has_question_label(&plain(&blocks[i].text))
    });
    let asking = all.iter().filter(|&&i| doc.asks[i]).count();
    let q = if all.len() >= 3 && asking * 2 >= all.len() {
        all.clone()
    } else {
        Vec::new()
    };
    (all.len(), q)
}

/// Top-level paragraphs that end asking and are answered: an asking paragraph counts when an
/// answer (labelled, or plain prose) follows it; two of them, or one labelled answer, make the
/// role.
fn asking_questions(doc: &Doc, run: &[usize]) -> (usize, Vec<usize>) {
    let blocks = doc.blocks;
    let all = picked(run, |i| {
        let b = &blocks[i];
        b.kind == BlockKind::Paragraph
            && b.item_depth == 0
            && b.text.trim_end().ends_with(['?', '？', '؟'])
    });
    let asking: std::collections::HashSet<usize> = all.iter().copied().collect();
    let next = |i: usize| run.get(run.partition_point(|&j| j <= i)).copied();
    let q = picked(&all, |i| {
        next(i).is_some_and(|j| {
            let n = &blocks[j];
            doc.cues.has_answer_label(&n.text) || (!asking.contains(&j) && !n.is_chrome())
        })
    });
    let labelled = q
        .iter()
        .filter(|&&i| next(i).is_some_and(|j| doc.cues.has_answer_label(&blocks[j].text)))
        .count();
    let q = if labelled > 0 || q.len() >= 2 {
        q
    } else {
        Vec::new()
    };
    (all.len(), q)
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
    // An item the author gave an answer label under (`1. Convert input to int.` / `**Answer:**`)
    // is a question, whether or not it asks.
    let labelled = |i: usize| {
        blocks.get(i + 1).is_some_and(|n| {
            n.kind == BlockKind::Paragraph
                && n.item_depth > 0
                && doc.cues.has_answer_label(&plain(&n.text))
        })
    };
    let asks = |i: usize| doc.asks[i] || labelled(i);
    let top_asking = top_items.iter().filter(|&&i| asks(i)).count();
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
                // A sub-item asks when it ends on a question mark: `is compares identity`
                // under `is` vs `==` opens with a question word and is an answer.
                children[k].1 +=
                    (doc.asks[j] && blocks[j].text.trim_end().ends_with(['?', '？'])) as usize;
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
        if asking_kids >= 2 && asking_kids * 2 >= kids && !labelled(i) {
            continue;
        }
        let asks = asks(i);
        let title = titles_too && b.depth == top && !b.text.trim().is_empty();
        if asks || title {
            q.push(i);
            open = Some(b.depth);
        }
    }
    (items.len(), q)
}

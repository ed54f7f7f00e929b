//! Table rows and bank entries: which column holds what, and a row's fields.

use super::super::blocks::{Block, BlockKind};
use super::super::cues::Cues;

/// Which column of a table or bank holds what.
#[derive(Debug, Default)]
pub(super) struct Columns {
    pub(super) question: Option<usize>,
    answer: Vec<usize>,
    difficulty: Option<usize>,
    category: Option<usize>,
}

pub(super) fn columns(header: &[String]) -> Columns {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_matches(['*', '_']).to_lowercase())
        .collect();
    let find = |options: &[&str]| names.iter().position(|n| options.contains(&n.as_str()));
    let question = find(super::super::front::bank::QUESTION_FIELDS)
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
pub(super) fn row_fields(
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
pub(super) fn row_of(b: &Block) -> Option<(&[String], &[String])> {
    match &b.kind {
        BlockKind::TableRow { header, cells } => Some((header, cells)),
        _ => None,
    }
}

//! The columns of the canonical questions: one definition from which `questions.csv`'s header
//! and cells, the dataset card's field table and the data package's Table Schema all come.

use crate::model::Question;
use serde::Serialize;
use serde_json::{json, Value};

/// One column of `questions.csv` (and field of `questions.jsonl`).
pub struct Column {
    pub name: &'static str,
    /// Its type in `questions.jsonl`, as the card says it.
    pub json_type: &'static str,
    /// What it holds, as the card says it.
    pub meaning: &'static str,
    /// What its CSV cell holds, as the Table Schema says it.
    pub cell: &'static str,
    /// Table Schema constraints, as JSON text ("" for none).
    pub constraints: &'static str,
    /// The CSV cell of a question.
    pub value: fn(&Question) -> String,
}

fn enum_text<T: Serialize>(value: &Option<T>) -> String {
    value
        .as_ref()
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The columns, in order.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "id",
        json_type: "string",
        meaning: "stable id of the canonical record",
        cell: "stable id of the canonical record",
        constraints: r#"{"required": true, "unique": true, "pattern": "q[0-9a-f]{16}"}"#,
        value: |q| q.id.clone(),
    },
    Column {
        name: "question",
        json_type: "string",
        meaning: "one clean line",
        cell: "one clean line",
        constraints: r#"{"required": true}"#,
        value: |q| q.question.clone(),
    },
    Column {
        name: "answer",
        json_type: "string or null",
        meaning: "Markdown; code in fenced blocks, labelled by language",
        cell: "Markdown; empty when the source has none",
        constraints: "",
        value: |q| q.answer.clone().unwrap_or_default(),
    },
    Column {
        name: "level",
        json_type: "string or null",
        meaning: "beginner (0-1 years), intermediate (2-3), advanced (4-6), expert (7+)",
        cell: "experience band",
        constraints: r#"{"enum": ["beginner", "intermediate", "advanced", "expert"]}"#,
        value: |q| enum_text(&q.level),
    },
    Column {
        name: "level_source",
        json_type: "string or null",
        meaning: "marker, heading, title, path or inferred",
        cell: "where the level came from",
        constraints: "",
        value: |q| enum_text(&q.level_source),
    },
    Column {
        name: "topic",
        json_type: "string",
        meaning: "an id of `schema/topics.json`",
        cell: "topic id",
        constraints: "",
        value: |q| q.topic.clone().unwrap_or_default(),
    },
    Column {
        name: "topic_source",
        json_type: "string",
        meaning: "keywords, rule, heading, fallback or votes",
        cell: "where the topic came from",
        constraints: "",
        value: |q| enum_text(&q.topic_source),
    },
    Column {
        name: "topics",
        json_type: "array of strings",
        meaning: "secondary topics",
        cell: "secondary topics, joined with ;",
        constraints: "",
        value: |q| q.topics.join(";"),
    },
    Column {
        name: "flags",
        json_type: "array of strings",
        meaning: "no-answer, truncated-answer, needs-review, code-reindented, …",
        cell: "flags, joined with ;",
        constraints: "",
        value: |q| {
            q.flags
                .iter()
                .map(|f| enum_text(&Some(f)))
                .collect::<Vec<_>>()
                .join(";")
        },
    },
    Column {
        name: "cluster",
        json_type: "string",
        meaning: "id in `clusters.jsonl`",
        cell: "cluster id",
        constraints: "",
        value: |q| q.cluster.clone(),
    },
    Column {
        name: "sources",
        json_type: "array of {file, line}",
        meaning: "where every member of the cluster was found",
        cell: "file:line of every member, joined with ;",
        constraints: "",
        value: |q| {
            q.sources
                .iter()
                .map(|s| format!("{}:{}", s.file, s.line))
                .collect::<Vec<_>>()
                .join(";")
        },
    },
    Column {
        name: "duplicates",
        json_type: "array of strings",
        meaning: "ids of the other members",
        cell: "ids of the other members, joined with ;",
        constraints: "",
        value: |q| q.duplicates.join(";"),
    },
];

/// The Table Schema fields of `questions.csv`.
pub fn table_schema_fields() -> Vec<Value> {
    COLUMNS
        .iter()
        .map(|c| {
            let mut field = json!({"name": c.name, "type": "string", "description": c.cell});
            if !c.constraints.is_empty() {
                field["constraints"] =
                    serde_json::from_str(c.constraints).expect("constraints are JSON");
            }
            field
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column is a field of the question schema, and every field of the schema a column.
    #[test]
    fn the_columns_are_the_fields_of_the_question_schema() {
        let schema: Value = serde_json::from_str(include_str!("../schema/question.schema.json"))
            .expect("the schema is JSON");
        let mut fields: Vec<&str> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort();
        let mut names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        names.sort();
        assert_eq!(names, fields);
        for f in table_schema_fields() {
            assert!(f["description"].as_str().is_some_and(|d| !d.is_empty()));
        }
    }
}

//! Stage 6 (first half), validate: every row checked against its JSON Schema before anything is
//! written.
//!
//! Input: the schemas (as JSON values, read by the caller) and the rows. Output: the first
//! problem found, naming the row. Building the validators is the only step that can fail on
//! configuration; validating never panics.

use serde::Serialize;
use serde_json::Value;

/// A row that does not match its schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {name} does not match its schema: {message} (at {path})")]
pub struct Invalid {
    pub what: &'static str,
    pub name: String,
    pub message: String,
    pub path: String,
}

/// The kinds of row the dataset holds, each with its schema file in `schema/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Record,
    Reject,
    Question,
    Cluster,
}

impl Row {
    pub const ALL: [Row; 4] = [Row::Record, Row::Reject, Row::Question, Row::Cluster];

    pub fn name(self) -> &'static str {
        match self {
            Row::Record => "record",
            Row::Reject => "reject",
            Row::Question => "question",
            Row::Cluster => "cluster",
        }
    }

    /// The schema's file name in the schema folder.
    pub fn schema_file(self) -> String {
        format!("{}.schema.json", self.name())
    }
}

/// Compiled validators, built once per run.
pub struct Validators {
    compiled: Vec<(Row, jsonschema::Validator)>,
}

impl Validators {
    /// Compiles one schema per kind of row; the error names the schema that is broken.
    pub fn build(schemas: &[(Row, Value)]) -> Result<Validators, String> {
        let mut compiled = Vec::with_capacity(schemas.len());
        for (row, schema) in schemas {
            let validator = jsonschema::validator_for(schema)
                .map_err(|e| format!("{}: {e}", row.schema_file()))?;
            compiled.push((*row, validator));
        }
        Ok(Validators { compiled })
    }

    /// Checks one row; `name` identifies it in the message (an id, a file and line).
    /// `name` says which row it is in a message; it is only formatted when the row is invalid.
    pub fn check<T: Serialize>(
        &self,
        kind: Row,
        row: &T,
        name: impl std::fmt::Display,
    ) -> Result<(), Invalid> {
        match self.compiled.iter().find(|(r, _)| *r == kind) {
            Some((_, validator)) => check(validator, row, kind.name(), name),
            None => Err(Invalid {
                what: kind.name(),
                name: name.to_string(),
                message: "no schema loaded".into(),
                path: String::new(),
            }),
        }
    }
}

fn check<T: Serialize>(
    validator: &jsonschema::Validator,
    row: &T,
    what: &'static str,
    name: impl std::fmt::Display,
) -> Result<(), Invalid> {
    let value = serde_json::to_value(row).map_err(|e| Invalid {
        what,
        name: name.to_string(),
        message: e.to_string(),
        path: String::new(),
    })?;
    validator.validate(&value).map_err(|e| Invalid {
        what,
        name: name.to_string(),
        message: e.to_string(),
        path: {
            let p = e.instance_path().to_string();
            if p.is_empty() {
                "/".into()
            } else {
                p
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schemas() -> Validators {
        let read = |name: &str| -> Value {
            let path = format!("{}/schema/{name}", env!("CARGO_MANIFEST_DIR"));
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
        };
        let schemas: Vec<(Row, Value)> = Row::ALL
            .iter()
            .map(|r| (*r, read(&r.schema_file())))
            .collect();
        Validators::build(&schemas).unwrap()
    }

    #[test]
    fn accepts_good_rows_and_names_bad_ones() {
        let v = schemas();
        let good = json!({"id": "q0123456789abcdef", "question": "What is Python?", "answer": null, "file": "a.txt",
            "line": 3, "line_end": 4, "title": null, "section": [], "level": null, "level_source": null, "topic": "basics", "topic_source": "keywords", "topics": [], "flags": ["no-answer"]});
        assert_eq!(v.check(Row::Record, &good, "q0123456789abcdef"), Ok(()));
        let cases = [
            (
                "two-line question",
                json!({"question": "What\nis Python?"}),
                "/question",
            ),
            ("level without source", json!({"level": "beginner"}), ""),
            ("unknown flag", json!({"flags": ["shiny"]}), "/flags/0"),
            ("line zero", json!({"line": 0}), "/line"),
        ];
        for (name, patch, path) in cases {
            let mut row = good.clone();
            for (k, val) in patch.as_object().unwrap() {
                row[k] = val.clone();
            }
            let err = v
                .check(Row::Record, &row, "q0123456789abcdef")
                .expect_err(name);
            assert!(
                err.to_string()
                    .starts_with("record q0123456789abcdef does not match"),
                "{name}: {err}"
            );
            assert!(
                err.path.starts_with(path) || path.is_empty(),
                "{name}: {}",
                err.path
            );
        }
        let bad_reject =
            json!({"file": "a.txt", "line": 1, "line_end": 1, "text": "x", "reason": "because"});
        assert!(v.check(Row::Reject, &bad_reject, "a.txt:1").is_err());
    }
}

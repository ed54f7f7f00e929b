//! Stage 6 (first half), validate: every row checked against its JSON Schema before anything is
//! written.
//!
//! Input: the schemas (as JSON values, read by the caller) and the rows. Output: the first
//! problem found, naming the row. Building the validators is the only step that can fail on
//! configuration; validating never panics.

use serde::Serialize;
use serde_json::Value;

/// Compiled validators, built once per run.
pub struct Validators {
    record: jsonschema::Validator,
    reject: jsonschema::Validator,
}

/// A row that does not match its schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {name} does not match its schema: {message} (at {path})")]
pub struct Invalid {
    pub what: &'static str,
    pub name: String,
    pub message: String,
    pub path: String,
}

impl Validators {
    /// Compiles the record and reject schemas; the error says which schema is broken.
    pub fn build(record_schema: &Value, reject_schema: &Value) -> Result<Validators, String> {
        let compile = |name: &str, schema: &Value| {
            jsonschema::validator_for(schema).map_err(|e| format!("{name}: {e}"))
        };
        Ok(Validators {
            record: compile("record.schema.json", record_schema)?,
            reject: compile("reject.schema.json", reject_schema)?,
        })
    }

    /// Checks one record; `name` identifies it in the message (id, file and line).
    pub fn record<T: Serialize>(&self, row: &T, name: &str) -> Result<(), Invalid> {
        check(&self.record, row, "record", name)
    }

    /// Checks one reject.
    pub fn reject<T: Serialize>(&self, row: &T, name: &str) -> Result<(), Invalid> {
        check(&self.reject, row, "reject", name)
    }
}

fn check<T: Serialize>(
    validator: &jsonschema::Validator,
    row: &T,
    what: &'static str,
    name: &str,
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
        Validators::build(&read("record.schema.json"), &read("reject.schema.json")).unwrap()
    }

    #[test]
    fn accepts_good_rows_and_names_bad_ones() {
        let v = schemas();
        let good = json!({"id": "q0123456789abcdef", "question": "What is Python?", "answer": null, "file": "a.txt",
            "line": 3, "line_end": 4, "title": null, "section": [], "level": null, "level_source": null, "topics": [], "flags": ["no-answer"]});
        assert_eq!(v.record(&good, "q0123456789abcdef"), Ok(()));
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
            let err = v.record(&row, "q0123456789abcdef").expect_err(name);
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
        assert!(v.reject(&bad_reject, "a.txt:1").is_err());
    }
}

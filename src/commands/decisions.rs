//! The reviewers' decisions file (`review/decisions.jsonl`): one JSON object per line,
//! `{"a": ID, "b": ID, "decision": "same"|"different"}` plus the two questions for people to read.
//! It belongs to the user: qclean only ever appends to it (and `undo` removes the line it just
//! appended).

use crate::error::{Error, Result};
use crate::stages::cluster::Decision;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// One line of the file as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecisionLine {
    pub a: String,
    pub b: String,
    pub decision: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a_question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b_question: Option<String>,
}

fn is_record_id(id: &str) -> bool {
    id.len() == 17
        && id.starts_with('q')
        && id[1..]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Reads the decisions; a missing file is no decisions. A malformed line is an error that names
/// the file and the line: the run stops before writing anything.
pub fn read(path: &Path) -> Result<Vec<Decision>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let bytes = super::read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::BadConfig {
        path: path.to_path_buf(),
        message: "not UTF-8".into(),
    })?;
    let mut decisions = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| Error::BadLine {
            path: path.to_path_buf(),
            line: index + 1,
            message,
        };
        let parsed: DecisionLine =
            serde_json::from_str(line).map_err(|e| bad(format!("not a decision: {e}")))?;
        let same = match parsed.decision.as_str() {
            "same" => true,
            "different" => false,
            other => {
                return Err(bad(format!(
                    "unknown decision {other:?} (same or different)"
                )))
            }
        };
        for id in [&parsed.a, &parsed.b] {
            if !is_record_id(id) {
                return Err(bad(format!(
                    "{id:?} is not a record id (q and 16 hex digits)"
                )));
            }
        }
        if parsed.a == parsed.b {
            return Err(bad("a decision needs two different records".into()));
        }
        decisions.push(Decision {
            a: parsed.a,
            b: parsed.b,
            same,
            line: index + 1,
        });
    }
    Ok(decisions)
}

/// Appends one decision and syncs it to disk before returning: a crash right after loses nothing.
pub fn append(path: &Path, line: &DecisionLine) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|cause| Error::Write {
            path: dir.to_path_buf(),
            cause,
        })?;
    }
    let mut text = serde_json::to_string(line).expect("a decision serialises");
    text.push('\n');
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        // A file edited by hand may lack its last line break.
        let len = file.metadata()?.len();
        if len > 0 {
            let existing = std::fs::read(path)?;
            if existing.last() != Some(&b'\n') {
                file.write_all(b"\n")?;
            }
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()
    })();
    result.map_err(|cause| Error::Write {
        path: path.to_path_buf(),
        cause,
    })
}

/// Removes the last line, if it is `line` (undo of the decision just appended).
pub fn remove_last(path: &Path, line: &DecisionLine) -> Result<bool> {
    let text = std::fs::read_to_string(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let expected = serde_json::to_string(line).expect("a decision serialises");
    let trimmed = text.trim_end_matches('\n');
    let Some(cut) = trimmed.rfind('\n').map(|i| i + 1).or(Some(0)) else {
        return Ok(false);
    };
    if trimmed[cut..] != expected {
        return Ok(false);
    }
    let kept = &text[..cut];
    crate::output::write_all(
        path.parent().unwrap_or(Path::new(".")),
        &[crate::output::OutputFile::bytes(
            path.to_path_buf(),
            kept.as_bytes().to_vec(),
        )],
    )?;
    Ok(true)
}

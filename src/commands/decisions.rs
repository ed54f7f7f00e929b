//! The reviewers' decisions file (`review/decisions.jsonl`): one JSON object per line,
//! `{"a": ID, "b": ID, "decision": "same"|"different"}` plus the two questions for people to read.
//! It belongs to the user: qclean only ever appends to it (and `undo` removes the line it just
//! appended).

use crate::error::{Error, Result};
use crate::stages::cluster::Decision;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom, Write};
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

/// Checks one decision as `run` reads it: two different record ids and `same` or `different` (in
/// any case). Returns whether it says `same`; the error says what is wrong.
pub fn check(a: &str, b: &str, decision: &str) -> std::result::Result<bool, String> {
    let same = match decision.to_ascii_lowercase().as_str() {
        "same" => true,
        "different" => false,
        _ => return Err(format!("unknown decision {decision:?} (same or different)")),
    };
    for id in [a, b] {
        if !is_record_id(id) {
            return Err(format!("{id:?} is not a record id (q and 16 hex digits)"));
        }
    }
    if a == b {
        return Err("a decision needs two different records".into());
    }
    Ok(same)
}

/// Reads the decisions; a missing file is no decisions. A malformed line is an error that names
/// the file and the line: the run stops before writing anything.
pub fn read(path: &Path) -> Result<Vec<Decision>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = super::read_text(path)?;
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
        let same = check(&parsed.a, &parsed.b, &parsed.decision).map_err(bad)?;
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
            .read(true)
            .append(true)
            .open(path)?;
        // A file edited by hand may lack its last line break: read its last byte only.
        if file.metadata()?.len() > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::End(-1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
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
    let cut = trimmed.rfind('\n').map_or(0, |i| i + 1);
    if trimmed[cut..] != expected {
        return Ok(false);
    }
    crate::output::write_file(path, &text.as_bytes()[..cut])?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(decision: &str) -> DecisionLine {
        DecisionLine {
            a: "q0000000000000001".into(),
            b: "q0000000000000002".into(),
            decision: decision.into(),
            a_question: None,
            b_question: None,
        }
    }

    #[test]
    fn append_starts_a_new_line_and_undo_removes_only_its_own() {
        let same = r#"{"a":"q0000000000000001","b":"q0000000000000002","decision":"same"}"#;
        // (name, file before, file after appending `same`)
        let cases = [
            ("missing file", None, format!("{same}\n")),
            ("empty file", Some(""), format!("{same}\n")),
            ("ends with a newline", Some("x\n"), format!("x\n{same}\n")),
            (
                "edited by hand, no final newline",
                Some("x"),
                format!("x\n{same}\n"),
            ),
        ];
        for (name, before, after) in cases {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("review/decisions.jsonl");
            if let Some(before) = before {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, before).unwrap();
            }
            append(&path, &line("same")).unwrap();
            assert_eq!(std::fs::read_to_string(&path).unwrap(), after, "{name}");
            assert!(!remove_last(&path, &line("different")).unwrap(), "{name}");
            assert!(remove_last(&path, &line("same")).unwrap(), "{name}");
            let kept = std::fs::read_to_string(&path).unwrap();
            assert_eq!(kept, after[..after.len() - same.len() - 1], "{name}");
        }
    }
}

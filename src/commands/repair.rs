//! `qclean repair`: one text through decode and repair, to stdout.

use super::{read_input, Outcome};
use crate::error::{Error, Result};
use crate::stages::{decode, repair};
use std::io::{BufRead, Write};
use std::path::Path;

/// Repairs a file (or stdin) and writes the text to `out`; `--explain` lists fixes on `err`.
pub fn run(
    file: Option<&Path>,
    explain: bool,
    jsonl: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let (bytes, label) = read_input(file)?;
    let decoded = decode::decode(&bytes).map_err(|r| Error::NotText {
        path: label.clone(),
        reason: r.reason,
    })?;
    let write_err = |cause| Error::Write {
        path: "<stdout>".into(),
        cause,
    };
    if jsonl {
        return repair_jsonl(&decoded.text, &label, explain, out, err);
    }
    let repaired = repair::repair(&decoded.text);
    out.write_all(repaired.text.as_bytes()).map_err(write_err)?;
    if explain {
        for finding in &decoded.findings {
            let line = finding.line.map(|l| format!(":{l}")).unwrap_or_default();
            writeln!(
                err,
                "{}{line}: {}: {}",
                label.display(),
                finding.kind,
                finding.detail
            )
            .ok();
        }
        for fix in &repaired.fixes {
            writeln!(
                err,
                "{}:{}: {}: {:?} -> {:?}",
                label.display(),
                fix.line,
                fix.kind.name(),
                fix.before,
                fix.after
            )
            .ok();
        }
    }
    Ok(Outcome::Clean)
}

/// One JSON string per line in, one repaired JSON string per line out; blank lines pass through.
fn repair_jsonl(
    text: &str,
    label: &Path,
    explain: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let write_err = |cause| Error::Write {
        path: "<stdout>".into(),
        cause,
    };
    for (index, line) in text.as_bytes().lines().enumerate() {
        let line = line.map_err(|cause| Error::Read {
            path: label.to_path_buf(),
            cause,
        })?;
        if line.trim().is_empty() {
            writeln!(out).map_err(write_err)?;
            continue;
        }
        let value: String = serde_json::from_str(&line).map_err(|e| Error::BadLine {
            path: label.to_path_buf(),
            line: index + 1,
            message: format!("not a JSON string: {e}"),
        })?;
        let repaired = repair::repair(&value);
        if explain {
            for fix in &repaired.fixes {
                writeln!(
                    err,
                    "{}:{}: {}: {:?} -> {:?}",
                    label.display(),
                    index + 1,
                    fix.kind.name(),
                    fix.before,
                    fix.after
                )
                .ok();
            }
        }
        let encoded = serde_json::to_string(&repaired.text).unwrap_or_default();
        writeln!(out, "{encoded}").map_err(write_err)?;
    }
    Ok(Outcome::Clean)
}

//! `qclean repair`: one text through decode and repair, to stdout.

use super::{read_input, Outcome};
use crate::error::{Error, Result};
use crate::stages::code::CodeCounts;
use crate::stages::{decode, repair};
use std::io::{BufRead, Write};
use std::path::Path;

/// What `repair` does besides the character repairs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// List every fix on stderr.
    pub explain: bool,
    /// One JSON string per line.
    pub jsonl: bool,
    /// Label code blocks and restore lost Python indentation.
    pub code: bool,
}

/// The text's code handled as the pipeline handles an answer's: fenced blocks labelled and
/// re-indented; a text without fences taken as one Python block.
/// The code layout model is the built-in one: `repair` reads no schema folder.
fn fix_code(text: &str) -> (String, CodeCounts) {
    let model = crate::stages::code::layout::parse_model(crate::settings::built_in_file(
        "indent-model.json",
    ))
    .expect("the built-in indent model parses");
    if text.lines().any(|l| crate::text::fence::open(l).is_some()) {
        return crate::stages::code::fix_blocks(text, &model);
    }
    let (fixed, outcome) = crate::stages::code::indent::restore(text, &model);
    let mut counts = CodeCounts::default();
    counts.count(outcome);
    (fixed, counts)
}

/// Repairs a file (or stdin) and writes the text to `out`; `--explain` lists fixes on `err`.
pub fn run(
    file: Option<&Path>,
    options: Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let Options {
        explain,
        jsonl,
        code,
    } = options;
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
        return repair_jsonl(&decoded.text, &label, options, out, err);
    }
    let repaired = repair::repair(&decoded.text);
    let text = if code {
        let (fixed, counts) = fix_code(&repaired.text);
        say_code(&label, None, &counts, err);
        fixed
    } else {
        repaired.text.clone()
    };
    out.write_all(text.as_bytes()).map_err(write_err)?;
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

/// One JSON value per line in, one line out per line in: a string is repaired, any other value
/// (`null`, a number, an object) and a blank line pass through as they were. A line that is not
/// JSON passes through too, and is named on stderr; the exit status is then 1.
fn repair_jsonl(
    text: &str,
    label: &Path,
    options: Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let explain = options.explain;
    let mut unreadable = 0;
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
        let value = match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(_) => {
                writeln!(out, "{line}").map_err(write_err)?;
                continue;
            }
            Err(e) => {
                writeln!(
                    err,
                    "qclean: {}:{}: not JSON, passed through as it was: {e}",
                    label.display(),
                    index + 1
                )
                .ok();
                unreadable += 1;
                writeln!(out, "{line}").map_err(write_err)?;
                continue;
            }
        };
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
        let text = if options.code {
            let (fixed, counts) = fix_code(&repaired.text);
            say_code(label, Some(index + 1), &counts, err);
            fixed
        } else {
            repaired.text
        };
        let encoded = serde_json::to_string(&text).unwrap_or_default();
        writeln!(out, "{encoded}").map_err(write_err)?;
    }
    Ok(if unreadable > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// One line on stderr for what the code handling did, when it did something or could not.
fn say_code(label: &Path, line: Option<usize>, counts: &CodeCounts, err: &mut dyn Write) {
    if counts.reindented + counts.unparsed == 0 {
        return;
    }
    let at = line.map(|l| format!(":{l}")).unwrap_or_default();
    writeln!(
        err,
        "qclean: {}{at}: {} Python blocks re-indented, {} do not parse (left as written)",
        label.display(),
        counts.reindented,
        counts.unparsed
    )
    .ok();
}

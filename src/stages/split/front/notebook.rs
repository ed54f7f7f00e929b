//! Jupyter notebooks: Markdown cells through the Markdown front end, code cells as Python code.
//! A code cell may carry its questions as comments (`# Q3. Reverse a list`): each such comment
//! becomes a question paragraph with the code under it. Provenance is the cell's index and the
//! line in the `.ipynb` file where each source line stands.

use super::super::blocks::{Block, BlockKind, LineIndex};
use super::markdown;
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

fn question_comment() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*#+\s*((?i:q(?:uestion)?)\s*\d{1,4}\s*[.:)\-–]\s*\S.*)$")
            .expect("static regex")
    })
}

/// The source of a cell, line by line (each with its newline, as nbformat stores it).
fn source_lines(cell: &Value) -> Vec<String> {
    match cell.get("source") {
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.as_str())
            .flat_map(|p| {
                p.split_inclusive('\n')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect(),
        Some(Value::String(s)) => s.split_inclusive('\n').map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The blocks of a notebook, or `None` when the text is not one.
pub fn blocks(text: &str, cues: &super::super::Cues) -> Option<Vec<Block>> {
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    let cells = v.get("cells")?.as_array()?;
    let lang = v
        .pointer("/metadata/kernelspec/language")
        .or_else(|| v.pointer("/metadata/language_info/name"))
        .and_then(Value::as_str)
        .unwrap_or("python")
        .to_ascii_lowercase();
    let index = LineIndex::new(text);
    let mut from = 0usize;
    let mut out = Vec::new();
    for (k, cell) in cells.iter().enumerate() {
        let lines = source_lines(cell);
        // Where each source line stands in the file: found in order, by its JSON text.
        let mut at = Vec::with_capacity(lines.len());
        for line in &lines {
            let encoded = serde_json::to_string(line).unwrap_or_default();
            let needle: String = encoded.trim_matches('"').chars().take(80).collect();
            match text[from..].find(&needle) {
                Some(p) if !needle.is_empty() => {
                    from += p + needle.len();
                    at.push(index.line(from - 1));
                }
                _ => at.push(at.last().copied().unwrap_or_else(|| index.line(from))),
            }
        }
        if lines.is_empty() {
            continue;
        }
        let file_line = |r: usize| at[r.clamp(1, at.len()) - 1];
        let source: String = lines.concat();
        let kind = cell.get("cell_type").and_then(Value::as_str).unwrap_or("");
        match kind {
            "markdown" => {
                for mut b in markdown::blocks(&source, cues) {
                    b.line = file_line(b.line);
                    b.line_end = file_line(b.line_end).max(b.line);
                    b.cell = Some(k);
                    out.push(b);
                }
            }
            "code" => code_cell(&lines, &lang, k, &file_line, &mut out),
            _ => {
                let text = source.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    let mut b = Block::new(
                        BlockKind::Paragraph,
                        text,
                        file_line(1),
                        file_line(lines.len()),
                    );
                    b.markdown = source.trim_end().to_string();
                    b.cell = Some(k);
                    out.push(b);
                }
            }
        }
    }
    Some(out)
}

fn code_cell(
    lines: &[String],
    lang: &str,
    cell: usize,
    file_line: &dyn Fn(usize) -> usize,
    out: &mut Vec<Block>,
) {
    let mut start = 0;
    let push_code = |from: usize, to: usize, out: &mut Vec<Block>| {
        let code: String = lines[from..to].concat();
        let code = code.trim_matches('\n').trim_end().to_string();
        if code.trim().is_empty() {
            return;
        }
        let mut b = Block::new(
            BlockKind::Code {
                lang: Some(lang.to_string()),
            },
            code.clone(),
            file_line(from + 1),
            file_line(to),
        );
        b.markdown = format!("```{lang}\n{code}\n```");
        b.cell = Some(cell);
        out.push(b);
    };
    for (i, line) in lines.iter().enumerate() {
        if let Some(c) = question_comment().captures(line.trim_end()) {
            push_code(start, i, out);
            let mut q = Block::new(
                BlockKind::Paragraph,
                c[1].trim().to_string(),
                file_line(i + 1),
                file_line(i + 1),
            );
            q.cell = Some(cell);
            out.push(q);
            start = i + 1;
        }
    }
    push_code(start, lines.len(), out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_to_blocks_with_their_lines() {
        let nb = r###"{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "## Q1. What is a list?\n",
    "\n",
    "A mutable sequence."
   ]
  },
  {
   "cell_type": "code",
   "metadata": {},
   "outputs": [],
   "source": [
    "# Q2. Reverse a string\n",
    "s = 'abc'[::-1]\n",
    "# reverse with slicing\n",
    "print(s)"
   ]
  }
 ],
 "metadata": {"kernelspec": {"language": "python"}},
 "nbformat": 4
}"###;
        let b = blocks(nb, &crate::settings::for_tests().cues).unwrap();
        let got: Vec<(&str, usize, Option<usize>)> = b
            .iter()
            .map(|b| (b.text.as_str(), b.line, b.cell))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Q1. What is a list?", 7, Some(0)),
                ("A mutable sequence.", 9, Some(0)),
                ("Q2. Reverse a string", 17, Some(1)),
                (
                    "s = 'abc'[::-1]\n# reverse with slicing\nprint(s)",
                    18,
                    Some(1)
                ),
            ]
        );
        assert_eq!(b[3].line_end, 20);
    }
}

//! Undoing headings glued to the end of the line before (`Return True to suppress.8. Lambdas`),
//! on pages whose titles are printed twice.
//!
//! A glued copy of the next title is cut off (the standalone copy that follows opens the record;
//! the glued text stays in its line, which belongs to the answer before). A glued section heading
//! (`__eq__.3. Asyncio & Concurrency`) is cut off into a line of its own with the same line number,
//! but only when its number is the next section number: `3.7+` and `2-4x` never split.

use super::lines::{shape_of, Line, Shape};
use regex::Regex;
use std::sync::OnceLock;

/// Splits glued titles and section headings. Section headings are the numbered lines that are
/// not printed twice; their numbers run 1, 2, 3… apart from the question numbers.
pub fn unglue(lines: Vec<Line>) -> Vec<Line> {
    static GLUED_SECTION: OnceLock<Regex> = OnceLock::new();
    let glued_section = GLUED_SECTION.get_or_init(|| {
        Regex::new(r"^(.*[.):!?])(\d{1,3})\. ([A-Z`*_].*)$").expect("static regex")
    });
    let mut out: Vec<Line> = Vec::with_capacity(lines.len() + 8);
    let mut last_section = 0u32;
    // The line before held a glued copy of this line's title: this title is printed twice too.
    let mut copy_glued_before = false;
    for (i, mut line) in lines.iter().cloned().enumerate() {
        let next = lines.get(i + 1);
        let next_title = next.and_then(|n| match &n.shape {
            Shape::Numbered { .. } => Some(n.text().to_string()),
            _ => None,
        });
        line.glued_copy_before = copy_glued_before;
        if let Shape::Numbered { n, .. } = line.shape {
            let doubled = copy_glued_before
                || next.is_some_and(|nx| nx.text() == line.text())
                || (i > 0 && lines[i - 1].text() == line.text());
            if !doubled {
                last_section = n;
            }
        }
        copy_glued_before = false;
        // A copy of the next title glued to this line's end.
        if let Some(title) = &next_title {
            let raw = line.raw.trim_end();
            if raw.len() > title.len() && raw.ends_with(title.as_str()) {
                let prefix = &raw[..raw.len() - title.len()];
                if prefix.ends_with(|c: char| !c.is_whitespace()) {
                    copy_glued_before = true;
                    line.raw = prefix.to_string();
                    line.shape = shape_of(&line.raw);
                    out.push(line);
                    continue;
                }
            }
        }
        // A section heading glued to this line's end, followed by a question title.
        if let Some(c) = glued_section.captures(line.raw.trim_end()) {
            let n: u32 = c[2].parse().unwrap_or(0);
            if n == last_section + 1
                && next_title.is_some()
                && !matches!(line.shape, Shape::Numbered { .. })
            {
                last_section = n;
                let heading = format!("{}. {}", &c[2], &c[3]);
                let prefix = c[1].to_string();
                let no = line.no;
                line.shape = shape_of(&prefix);
                line.raw = prefix;
                out.push(line);
                out.push(Line {
                    no,
                    shape: shape_of(&heading),
                    raw: heading,
                    glued_copy_before: false,
                });
                continue;
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::classify;
    use super::*;

    fn texts(lines: &[Line]) -> Vec<(usize, String)> {
        lines.iter().map(|l| (l.no, l.raw.clone())).collect()
    }

    #[test]
    fn cuts_glued_titles_and_sections_from_seed_004() {
        let text = "2. Advanced OOP\n\
            20. Dataclasses (3.7+)\n20. Dataclasses (3.7+)\n\
            __init__, __repr__, __eq__.3. Asyncio & Concurrency\n\
            21. Threading vs Multiprocessing vs Asyncio\n21. Threading vs Multiprocessing vs Asyncio\n\
            Exception Handling: __exit__ receives exception details. Return True to suppress.8. Lambdas\n\
            8. Lambdas\n\
            Makes Python Asyncio 2-4x faster.";
        let got = texts(&unglue(classify(text)));
        let want: Vec<(usize, String)> = vec![
            (1, "2. Advanced OOP".into()),
            (2, "20. Dataclasses (3.7+)".into()),
            (3, "20. Dataclasses (3.7+)".into()),
            (4, "__init__, __repr__, __eq__.".into()),
            (4, "3. Asyncio & Concurrency".into()),
            (5, "21. Threading vs Multiprocessing vs Asyncio".into()),
            (6, "21. Threading vs Multiprocessing vs Asyncio".into()),
            (
                7,
                "Exception Handling: __exit__ receives exception details. Return True to suppress."
                    .into(),
            ),
            (8, "8. Lambdas".into()),
            (9, "Makes Python Asyncio 2-4x faster.".into()),
        ];
        assert_eq!(got, want);
    }
}

//! Questions kept as data in a page's scripts: `const questions = [{q: "…", a: "…"}, …]`, the
//! way many single-page quiz sites ship them. A JavaScript array of object literals is read as
//! JSON (bare keys quoted, single-quoted strings turned, trailing commas dropped), and its objects
//! become bank rows, at the lines where they stand in the page.

use super::super::super::blocks::{Block, BlockKind};
use super::super::bank::value_rows;
use super::super::lenient::lenient_json;

/// The bank rows of the data arrays in the page's `<script>` elements.
pub fn rows(page: &str) -> Vec<Block> {
    let lower = page.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script").map(|i| from + i) {
        let Some(body) = lower[open..].find('>').map(|i| open + i + 1) else {
            break;
        };
        let end = lower[body..]
            .find("</script")
            .map_or(page.len(), |i| body + i);
        let mut at = body;
        while let Some((start, stop)) = next_array(page, at, end) {
            if let Some((value, _)) = lenient_json(&as_json(&page[start..stop])) {
                out.extend(
                    value_rows(&value, page, start)
                        .into_iter()
                        .filter(|b| matches!(b.kind, BlockKind::TableRow { .. })),
                );
            }
            at = stop;
        }
        from = end;
    }
    out
}

/// The next array of objects (`[` then `{`) in `page[from..end]`, as a byte range through its
/// closing `]`; strings and comments are skipped when matching brackets.
fn next_array(page: &str, from: usize, end: usize) -> Option<(usize, usize)> {
    let bytes = page.as_bytes();
    let mut i = from;
    while i < end {
        if bytes[i] == b'[' {
            let next = page[i + 1..end].trim_start();
            if next.starts_with('{') {
                let stop = matching(bytes, i, end)?;
                return Some((i, stop));
            }
        }
        i += 1;
    }
    None
}

/// The byte after the bracket that closes the one at `open`.
fn matching(bytes: &[u8], open: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < end {
        match bytes[i] {
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < end && bytes[i] != q {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A JavaScript literal as JSON: bare keys quoted, strings in `'` or `` ` `` turned into `"`
/// strings. What JSON cannot hold (a function, a variable) makes it fail to read, as it should.
fn as_json(js: &str) -> String {
    let mut out = String::with_capacity(js.len() + js.len() / 8);
    let chars: Vec<char> = js.chars().collect();
    let mut i = 0;
    let mut last = ' ';
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' | '\'' | '`' => {
                out.push('"');
                i += 1;
                while i < chars.len() && chars[i] != c {
                    match chars[i] {
                        '\\' if i + 1 < chars.len() => {
                            if chars[i + 1] == '\'' || chars[i + 1] == '`' {
                                out.push(chars[i + 1]);
                            } else {
                                out.push('\\');
                                out.push(chars[i + 1]);
                            }
                            i += 2;
                            continue;
                        }
                        '"' => out.push_str("\\\""),
                        '\n' => out.push_str("\\n"),
                        ch => out.push(ch),
                    }
                    i += 1;
                }
                out.push('"');
                last = '"';
            }
            c if (c.is_alphabetic() || c == '_' || c == '$') && matches!(last, '{' | ',') => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '$'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let mut k = i;
                while k < chars.len() && chars[k].is_whitespace() {
                    k += 1;
                }
                if chars.get(k) == Some(&':') {
                    out.push('"');
                    out.push_str(&word);
                    out.push('"');
                } else {
                    out.push_str(&word);
                }
                last = 'w';
                continue;
            }
            c => {
                out.push(c);
                if !c.is_whitespace() {
                    last = c;
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_arrays_in_scripts() {
        let page = "<html><body><h1>Quiz</h1>\n<script>\nconst QS = [\n  {level:\"basic\",cat:\"Basics\",q:\"What is PEP 8?\",a:\"The style guide.\"},\n  {level:'hard', q:'What is the GIL?', a:'A lock, \\'global\\'.', code:`x = 1\ny = 2`},\n];\nfunction f() { return [1, 2]; }\n</script></body></html>\n";
        let got: Vec<(String, usize)> = rows(page)
            .iter()
            .map(|b| (b.text.clone(), b.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "basic | Basics | What is PEP 8? | The style guide.".to_string(),
                    4
                ),
                (
                    "hard | What is the GIL? | A lock, 'global'. | x = 1\ny = 2".to_string(),
                    5
                ),
            ]
        );
        // A page with no data array, or an array of numbers, gives none.
        assert!(rows("<script>var a = [1, 2]; var b = {x: 1};</script>").is_empty());
        assert!(rows("<p>[{not in a script}]</p>").is_empty());
    }
}

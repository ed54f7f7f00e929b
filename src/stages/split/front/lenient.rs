//! JSON read as its author meant it: trailing commas, several top-level values, the fragment of
//! an object before a whole one. Each liberty taken is a note, which the report shows as a
//! finding, so a bank read leniently is never read in silence.

use serde_json::Value;

/// A liberty taken reading a bank, at a line when it is about one place.
pub type Note = (Option<usize>, String);

/// A JSON text read as an author meant it, with a note for each liberty taken: commas before a
/// closing bracket dropped, a text that opens with a key (`"easy": [...] }`, the fragment of an
/// object) given its opening brace, several top-level values read as one list. Reading stops at
/// the first value that still does not parse, and a note names its line. `None` when not even
/// one value reads.
pub fn lenient_json(text: &str) -> Option<(Value, Vec<Note>)> {
    let text = text.trim_start_matches('\u{feff}');
    if let Ok(v) = serde_json::from_str(text) {
        return Some((v, Vec::new()));
    }
    let mut notes = Vec::new();
    let (mut fixed, commas) = drop_trailing_commas(text);
    if commas > 0 {
        notes.push((None, format!("{commas} trailing commas ignored")));
    }
    if fixed.trim_start().starts_with('"') {
        fixed.insert(0, '{');
        notes.push((
            Some(1),
            "the text opens inside an object; read as if its `{` were there".into(),
        ));
    }
    let mut values = read_values(&fixed, &mut notes);
    let value = match values.len() {
        0 => return None,
        1 => values.pop()?,
        n => {
            notes.push((
                None,
                format!("{n} top-level values, read one after another"),
            ));
            Value::Array(values)
        }
    };
    Some((value, notes))
}

/// The values of a text one after another. Where a value breaks off and a new one starts at
/// the place the parser stopped (a `{` or `[` where a key or a comma was due: the fragment of an
/// object pasted before a whole one), the fragment is closed with the brackets it left open.
/// Anywhere else, reading stops and a note names the line.
fn read_values(text: &str, notes: &mut Vec<Note>) -> Vec<Value> {
    let mut values = Vec::new();
    let mut from = 0;
    // Lines before `from`, counted as reading moves on (never again from the start).
    let mut line_before = 0;
    while from < text.len() {
        let rest = &text[from..];
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        match stream.next() {
            None => break,
            Some(Ok(v)) => {
                values.push(v);
                let read = stream.byte_offset();
                line_before += rest[..read].matches('\n').count();
                from += read;
            }
            Some(Err(e)) => {
                let at = byte_at(rest, e.line(), e.column());
                let next = rest[at..].trim_start();
                let closed = (next.starts_with(['{', '[']) && at > 0)
                    .then(|| close_fragment(&rest[..at]))
                    .flatten();
                match closed {
                    Some(v) => {
                        notes.push((
                            Some(line_before + 1),
                            format!(
                                "a value breaks off before line {}; read as if its brackets were closed",
                                line_before + e.line()
                            ),
                        ));
                        values.push(v);
                        line_before += rest[..at].matches('\n').count();
                        from += at;
                    }
                    None => {
                        notes.push((
                            Some(line_before + e.line()),
                            format!("not JSON from here: {e}; the rest is not read"),
                        ));
                        break;
                    }
                }
            }
        }
    }
    values
}

/// The byte offset of a 1-based line and column (the parser's, in bytes) in `text`, or the end.
fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = (start + column.saturating_sub(1)).min(text.len());
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// A value cut off before its end, closed: its trailing comma dropped and the brackets it left
/// open closed in order. `None` when that does not give JSON.
fn close_fragment(fragment: &str) -> Option<Value> {
    let mut open = Vec::new();
    let mut strings = Strings::default();
    for c in fragment.chars() {
        if strings.read(c) {
            continue;
        }
        match c {
            '{' => open.push('}'),
            '[' => open.push(']'),
            '}' | ']' => {
                open.pop();
            }
            _ => {}
        }
    }
    if strings.inside || open.is_empty() {
        return None;
    }
    let mut closed = fragment.trim_end().trim_end_matches(',').to_string();
    closed.extend(open.iter().rev());
    serde_json::from_str(&closed).ok()
}

/// Where a scan of JSON text stands: inside a string, and just after a backslash there.
#[derive(Default)]
struct Strings {
    inside: bool,
    escaped: bool,
}

impl Strings {
    /// Reads `c`: whether it belongs to a string, its quotes included.
    fn read(&mut self, c: char) -> bool {
        if self.inside {
            match (self.escaped, c) {
                (true, _) => self.escaped = false,
                (false, '\\') => self.escaped = true,
                (false, '"') => self.inside = false,
                _ => {}
            }
            true
        } else {
            self.inside = c == '"';
            self.inside
        }
    }
}

/// The text without the commas that stand right before a `]` or `}` (outside strings), and how
/// many there were.
fn drop_trailing_commas(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut strings = Strings::default();
    let mut pending: Option<usize> = None;
    let mut dropped = 0;
    for c in text.chars() {
        if strings.read(c) {
            pending = None;
            out.push(c);
            continue;
        }
        match c {
            ',' => {
                pending = Some(out.len());
                out.push(c);
            }
            ']' | '}' => {
                if let Some(at) = pending.take() {
                    out.remove(at);
                    dropped += 1;
                }
                out.push(c);
            }
            c if c.is_whitespace() => out.push(c),
            _ => {
                pending = None;
                out.push(c);
            }
        }
    }
    (out, dropped)
}

#[cfg(test)]
mod tests {
    use super::super::bank::{json_bank, tests::rows};

    #[test]
    fn json_that_is_not_strict_is_read_with_a_note() {
        // A fragment of an object (no opening brace), trailing commas.
        let fragment = "  \"easy\": [\n    {\"q\": \"How is an empty list written?\", \"a\": \"[]\"},\n    {\"q\": \"What marks a comment, \\\"#\\\"?\", \"a\": \"#\"},\n  ],\n}\n";
        let (b, notes) = json_bank(fragment).unwrap();
        assert_eq!(
            rows(&b),
            vec![
                ("How is an empty list written?".into(), 2),
                ("What marks a comment, \"#\"?".into(), 3)
            ]
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        // Two top-level values, one after another; a comma inside a string stays.
        let two =
            "[{\"question\": \"What is a, b = b, a?\"}]\n[{\"question\": \"What is PEP 8?\"}]\n";
        let (b, notes) = json_bank(two).unwrap();
        assert_eq!(rows(&b).len(), 2);
        assert!(notes[0].1.contains("2 top-level values"), "{notes:?}");
        // Strict JSON: no note. Garbage after a value: what read is kept, and the note says where.
        assert!(json_bank("[{\"q\": \"Why?\"}]").unwrap().1.is_empty());
        let (b, notes) = json_bank("[{\"q\": \"Why?\"}]\n\nsee you\n").unwrap();
        assert_eq!(rows(&b).len(), 1);
        assert_eq!(notes[0].0, Some(3), "{notes:?}");
        assert!(json_bank("not json at all").is_none());
        // The fragment of an object pasted before the whole object: closed where the whole
        // one starts, and both read.
        let pasted = "  \"easy\": [\n    {\"问题\": \"如何声明一个空列表?\", \"答案\": \"[]\"},\n  ],\n{\n  \"easy\": [\n    {\"问题\": \"什么是生成器?\", \"答案\": \"yield\"}\n  ]\n}\n";
        let (b, notes) = json_bank(pasted).unwrap();
        assert_eq!(
            rows(&b),
            vec![
                ("如何声明一个空列表?".into(), 2),
                ("什么是生成器?".into(), 6)
            ]
        );
        assert!(
            notes.iter().any(|n| n.1.contains("breaks off")),
            "{notes:?}"
        );
    }
}

//! Question banks: JSON (an array of objects, or objects of arrays by category and level),
//! JSON Lines, CSV and TSV with a question column. Each question becomes a table row whose
//! header is the field names, so the finder reads `question`/`q`/`title`, `answer`/`a`,
//! `difficulty`/`level` and `category`/`topic`/`tags` the same way for every bank and for
//! Markdown tables. Nesting keys (`"Python": {"easy": [...]}`) become headings.

use super::super::blocks::{Block, BlockKind, LineIndex};
use serde_json::Value;

/// Field names that hold the question, in banks and in table headers.
pub const QUESTION_FIELDS: &[&str] = &[
    "question",
    "questions",
    "q",
    "title",
    "prompt",
    "вопрос",
    "问题",
    "题目",
];

/// Keys that only wrap the list of questions: no section of their own.
const WRAPPERS: &[&str] = &[
    "questions",
    "items",
    "data",
    "records",
    "results",
    "entries",
    "bank",
    "quiz",
    "rows",
];

fn is_question_field(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    QUESTION_FIELDS.contains(&n.as_str()) || n.contains("question")
}

/// The delimiter of a CSV or TSV bank: its first line is a header of short field names, one of
/// them a question column (`question`, `q`, `Interview question`), and a data row follows.
pub fn csv_delimiter(text: &str) -> Option<u8> {
    let mut lines = text.lines();
    let first = lines.next()?;
    let second = lines.find(|l| !l.trim().is_empty())?;
    [b'\t', b',', b';'].into_iter().find(|&d| {
        let fields: Vec<&str> = first
            .split(d as char)
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        fields.len() >= 2
            && second.contains(d as char)
            && fields
                .iter()
                .all(|f| f.chars().count() <= 32 && !f.ends_with(['.', ':', '!', '?']))
            && fields.iter().any(|f| is_question_field(f))
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(o) => {
            // `{"label": "5", "is_correct": true}`: an option.
            o.get("label").or_else(|| o.get("text")).and_then(scalar)
        }
        Value::Null => None,
    }
}

/// Finds where each question stands in the raw text, in order.
struct Locator<'a> {
    text: &'a str,
    index: LineIndex,
    from: usize,
}

impl Locator<'_> {
    /// The line of `"key": "value"` (or of the key alone, for a nesting key), searched from
    /// where the last one was found.
    fn line_of(&mut self, key: &str, value: Option<&str>) -> usize {
        let key = serde_json::to_string(key).unwrap_or_default();
        let needles: Vec<String> = match value {
            Some(v) => {
                let v = serde_json::to_string(v).unwrap_or_default();
                vec![format!("{key}: {v}"), format!("{key}:{v}"), v]
            }
            None => vec![format!("{key}:"), key],
        };
        for needle in &needles {
            if let Some(at) = self.text[self.from..].find(needle.as_str()) {
                let start = self.from + at;
                self.from = start + needle.len();
                return self.index.line(start);
            }
        }
        self.index.line(self.from)
    }
}

fn row(keys: Vec<String>, cells: Vec<String>, line: usize, line_end: usize) -> Block {
    let text = cells.join(" | ");
    let mut b = Block::new(
        BlockKind::TableRow {
            header: keys,
            cells,
        },
        text,
        line,
        line_end,
    );
    b.markdown = String::new();
    b
}

/// The key of an object's question: a question field whose value is text (a `questions` key
/// that holds a list is a wrapper, not a question).
fn question_key(o: &serde_json::Map<String, Value>) -> Option<&String> {
    o.iter()
        .find(|(k, v)| is_question_field(k) && matches!(v, Value::String(_) | Value::Number(_)))
        .map(|(k, _)| k)
}

/// One object as a row; `inherited` are the scalar fields of the objects around it
/// (`{"difficulty": "easy", "questions": [...]}`), used where the row has none of its own.
fn object_row(
    o: &serde_json::Map<String, Value>,
    inherited: &[(String, String)],
    loc: &mut Locator,
) -> Option<Block> {
    let qkey = question_key(o)?;
    let line = match &o[qkey] {
        Value::String(s) => loc.line_of(qkey, Some(s)),
        _ => loc.line_of(qkey, None),
    };
    let mut keys = Vec::new();
    let mut cells = Vec::new();
    for (k, v) in o {
        if let Some(s) = scalar(v) {
            keys.push(k.clone());
            cells.push(s);
        }
    }
    for (k, v) in inherited {
        if !keys.contains(k) {
            keys.push(k.clone());
            cells.push(v.clone());
        }
    }
    Some(row(keys, cells, line, line))
}

fn walk(
    v: &Value,
    depth: u8,
    inherited: &[(String, String)],
    loc: &mut Locator,
    out: &mut Vec<Block>,
) {
    match v {
        Value::Array(items) => {
            for item in items {
                walk(item, depth, inherited, loc, out);
            }
        }
        Value::Object(o) => {
            if question_key(o).is_some() {
                if let Some(b) = object_row(o, inherited, loc) {
                    out.push(b);
                }
                return;
            }
            let mut around = inherited.to_vec();
            for (k, child) in o {
                if let (Value::String(_) | Value::Number(_), Some(s)) = (child, scalar(child)) {
                    around.push((k.clone(), s));
                }
            }
            for (k, child) in o {
                if !(child.is_array() || child.is_object()) {
                    continue;
                }
                let wrapper = WRAPPERS.contains(&k.to_lowercase().as_str());
                if !wrapper {
                    let line = loc.line_of(k, None);
                    let mut h = Block::new(BlockKind::Heading, k.clone(), line, line);
                    h.depth = depth.min(6);
                    out.push(h);
                }
                walk(
                    child,
                    if wrapper { depth } else { depth + 1 },
                    &around,
                    loc,
                    out,
                );
            }
        }
        _ => {}
    }
}

/// The rows of a JSON bank, or `None` when it holds no object with a question field.
pub fn json_blocks(text: &str) -> Option<Vec<Block>> {
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    let mut loc = Locator {
        text,
        index: LineIndex::new(text),
        from: 0,
    };
    let mut out = Vec::new();
    walk(&v, 2, &[], &mut loc, &mut out);
    out.iter()
        .any(|b| matches!(b.kind, BlockKind::TableRow { .. }))
        .then_some(out)
}

/// The rows of a JSON Lines bank.
pub fn jsonl_blocks(text: &str) -> Option<Vec<Block>> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let Ok(Value::Object(o)) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let mut loc = Locator {
            text: line,
            index: LineIndex::new(line),
            from: 0,
        };
        if let Some(mut b) = object_row(&o, &[], &mut loc) {
            b.line = i + 1;
            b.line_end = i + 1;
            out.push(b);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The rows of a CSV or TSV bank.
pub fn csv_blocks(text: &str) -> Option<Vec<Block>> {
    let delimiter = csv_delimiter(text)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .ok()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut out = vec![{
        let mut b = row(Vec::new(), header.clone(), 1, 1);
        b.markdown = String::new();
        b
    }];
    let mut record = csv::StringRecord::new();
    let mut starts = Vec::new();
    while let Ok(true) = reader.read_record(&mut record) {
        let line = record.position().map_or(1, |p| p.line() as usize);
        starts.push(line);
        out.push(row(
            header.clone(),
            record.iter().map(str::to_string).collect(),
            line,
            line,
        ));
    }
    // A quoted field may run over several lines: a row ends where the next begins.
    let total = text.split('\n').count();
    for k in 0..starts.len() {
        let end = starts.get(k + 1).map_or(total, |n| n - 1);
        out[k + 1].line_end = end.max(starts[k]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(blocks: &[Block]) -> Vec<(String, usize)> {
        blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::TableRow { header, cells } if !header.is_empty() => {
                    let q = header.iter().position(|h| is_question_field(h)).unwrap();
                    Some((cells[q].clone(), b.line))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn banks_of_every_shape() {
        let nested = "{\n  \"Python\": {\n    \"easy\": [\n      {\"question\": \"What is a list?\", \"ideal_answer\": \"A sequence.\"}\n    ],\n    \"hard\": [\n      {\"question\": \"Explain decorators.\", \"ideal_answer\": \"Wrappers.\"}\n    ]\n  }\n}\n";
        let b = json_blocks(nested).unwrap();
        assert_eq!(
            rows(&b),
            vec![
                ("What is a list?".into(), 4),
                ("Explain decorators.".into(), 7)
            ]
        );
        let headings: Vec<&str> = b
            .iter()
            .filter(|b| b.is_heading())
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(headings, ["Python", "easy", "hard"]);

        let jsonl = "{\"q\": \"What is PEP 8?\", \"a\": \"A style guide.\", \"difficulty\": \"easy\"}\n\n{\"q\": \"What is GIL?\"}\n";
        assert_eq!(
            rows(&jsonl_blocks(jsonl).unwrap()),
            vec![("What is PEP 8?".into(), 1), ("What is GIL?".into(), 3)]
        );

        let tsv = "id\tquestion\tanswer\n1\tWhat is a set?\t\"Unordered,\nunique\"\n2\tWhat is a dict?\tA map\n";
        let b = csv_blocks(tsv).unwrap();
        assert_eq!(
            rows(&b),
            vec![("What is a set?".into(), 2), ("What is a dict?".into(), 4)]
        );
        assert_eq!(b[1].line_end, 3);
        assert!(csv_blocks("name,age\nx,1\n").is_none());

        // A level around its list of questions: the rows take it.
        let grouped = "[{\"difficulty\": \"easy\", \"questions\": [{\"question\": \"What is a set?\", \"answer\": \"B\"}]}]";
        let b = json_blocks(grouped).unwrap();
        match &b[0].kind {
            BlockKind::TableRow { header, cells } => {
                assert_eq!(header, &["question", "answer", "difficulty"]);
                assert_eq!(cells[2], "easy");
            }
            other => panic!("{other:?}"),
        }
    }
}

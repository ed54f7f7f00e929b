//! Question banks: JSON (an array of objects, or objects of arrays by category and level; read
//! leniently), YAML with the same shapes, JSON Lines, CSV and TSV with a question column. Each question becomes a table row whose
//! header is the field names, so the finder reads `question`/`q`/`title`, `answer`/`a`,
//! `difficulty`/`level` and `category`/`topic`/`tags` the same way for every bank and for
//! Markdown tables. Nesting keys (`"Python": {"easy": [...]}`) become headings.

use super::super::blocks::{Block, BlockKind, LineIndex};
use super::lenient::{lenient_json, Note};
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

/// A field or column name that holds the question (`question`, `Q`, `Interview question`).
pub fn is_question_field(name: &str) -> bool {
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

/// Finds where each question stands in the document, in order.
enum Locator<'a> {
    /// A JSON text, searched for `"key": "value"` from where the last one was found.
    Text {
        text: &'a str,
        index: LineIndex,
        from: usize,
    },
    /// A YAML document's mapping entries in order: key, scalar value, line.
    Marks {
        marks: Vec<(String, Option<String>, usize)>,
        from: usize,
    },
}

impl Locator<'_> {
    fn text(text: &str) -> Locator<'_> {
        Locator::Text {
            text,
            index: LineIndex::new(text),
            from: 0,
        }
    }

    /// The line of `key` with `value` (or of the key alone, for a nesting key), searched from
    /// where the last one was found.
    fn line_of(&mut self, key: &str, value: Option<&str>) -> usize {
        match self {
            Locator::Text { text, index, from } => {
                let key = serde_json::to_string(key).unwrap_or_default();
                let needles: Vec<String> = match value {
                    Some(v) => {
                        // The value as JSON writes it, then as it stands unquoted (a script's
                        // `'single-quoted'` string): its first line.
                        let raw = v.lines().next().unwrap_or(v).to_string();
                        let v = serde_json::to_string(v).unwrap_or_default();
                        vec![format!("{key}: {v}"), format!("{key}:{v}"), v, raw]
                    }
                    None => vec![format!("{key}:"), key],
                };
                for needle in &needles {
                    if let Some(at) = text[*from..].find(needle.as_str()) {
                        let start = *from + at;
                        *from = start + needle.len();
                        return index.line(start);
                    }
                }
                index.line(*from)
            }
            Locator::Marks { marks, from } => {
                let found = marks[*from..]
                    .iter()
                    .position(|(k, v, _)| k == key && (value.is_none() || v.as_deref() == value));
                match found {
                    Some(at) => {
                        *from += at + 1;
                        marks[*from - 1].2
                    }
                    None => marks.get(*from).or(marks.last()).map_or(1, |m| m.2),
                }
            }
        }
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

/// The rows of a bank already read as a value (a script's data), found in `source` (the whole
/// document) from byte `from` on: their lines are the document's.
pub fn value_rows(value: &Value, source: &str, from: usize) -> Vec<Block> {
    let mut loc = Locator::text(source);
    if let Locator::Text { from: f, .. } = &mut loc {
        *f = from;
    }
    let mut out = Vec::new();
    walk(value, 2, &[], &mut loc, &mut out);
    out
}

/// The rows of a JSON bank, or `None` when it holds no object with a question field.
pub fn json_blocks(text: &str) -> Option<Vec<Block>> {
    json_bank(text).map(|(blocks, _)| blocks)
}

/// The rows of a JSON bank read leniently, and what was not strict JSON in it (see
/// [`lenient_json`]); `None` when it holds no object with a question field.
pub fn json_bank(text: &str) -> Option<(Vec<Block>, Vec<Note>)> {
    let (v, notes) = lenient_json(text)?;
    let mut out = Vec::new();
    walk(&v, 2, &[], &mut Locator::text(text), &mut out);
    out.iter()
        .any(|b| matches!(b.kind, BlockKind::TableRow { .. }))
        .then_some((out, notes))
}

/// The rows of a YAML bank (a list of questions, or lists under category and level keys), with
/// the same field names as a JSON bank; `None` when it is not YAML or holds no question.
pub fn yaml_blocks(text: &str) -> Option<Vec<Block>> {
    use saphyr::{LoadableYamlNode, MarkedYaml};
    let docs = MarkedYaml::load_from_str(text).ok()?;
    let mut marks = Vec::new();
    let values: Vec<Value> = docs.iter().map(|d| yaml_value(d, &mut marks)).collect();
    let value = match values.len() {
        1 => values.into_iter().next()?,
        _ => Value::Array(values),
    };
    let mut out = Vec::new();
    walk(
        &value,
        2,
        &[],
        &mut Locator::Marks { marks, from: 0 },
        &mut out,
    );
    // A key written twice in one mapping keeps only its last value: a paste of `Q:` and `A:`
    // lines reads as YAML but as one question. The bank must hold a row for (nearly) every line
    // that opens with a question field.
    let rows = out
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::TableRow { .. }))
        .count();
    let keyed = text
        .lines()
        .filter(|l| {
            let s = l.trim_start().trim_start_matches("- ");
            s.split_once(':').is_some_and(|(k, _)| is_question_field(k))
        })
        .count();
    (rows > 0 && rows * 10 >= keyed * 9).then_some(out)
}

/// A YAML node as JSON, noting each mapping entry's key, scalar value and line in `marks`.
fn yaml_value(
    node: &saphyr::MarkedYaml,
    marks: &mut Vec<(String, Option<String>, usize)>,
) -> Value {
    use saphyr::{Scalar, YamlData};
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Value::String(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Value::from(*i),
        YamlData::Value(Scalar::FloatingPoint(f)) => {
            serde_json::Number::from_f64(f.into_inner()).map_or(Value::Null, Value::Number)
        }
        YamlData::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        YamlData::Sequence(items) => {
            Value::Array(items.iter().map(|i| yaml_value(i, marks)).collect())
        }
        YamlData::Mapping(map) => {
            let mut o = serde_json::Map::new();
            for (k, v) in map.iter() {
                let key = match yaml_value(k, &mut Vec::new()) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                // The key's mark goes before its children's: the walk meets it first.
                let at = marks.len();
                marks.push((key.clone(), None, k.span.start.line()));
                let value = yaml_value(v, marks);
                marks[at].1 = scalar(&value).filter(|_| !value.is_array());
                o.insert(key, value);
            }
            Value::Object(o)
        }
        YamlData::Tagged(_, inner) => yaml_value(inner, marks),
        _ => Value::Null,
    }
}

/// The rows of a JSON Lines bank.
pub fn jsonl_blocks(text: &str) -> Option<Vec<Block>> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let Ok(Value::Object(o)) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if let Some(mut b) = object_row(&o, &[], &mut Locator::text(line)) {
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
pub(super) mod tests {
    use super::*;

    /// The question and line of each row with a question field.
    pub(in super::super) fn rows(blocks: &[Block]) -> Vec<(String, usize)> {
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

    #[test]
    fn yaml_banks_with_their_lines() {
        // A list of questions, one folded over two lines, options under each.
        let list = "- question: Which of these is NOT a JSON value?\n  answers:\n    - null\n    - None\n  day: 2\n- question: Which method of requests.Response reads\n    JSON from the body?\n  answers:\n    - .json()\n";
        assert_eq!(
            rows(&yaml_blocks(list).unwrap()),
            vec![
                ("Which of these is NOT a JSON value?".into(), 1),
                (
                    "Which method of requests.Response reads JSON from the body?".into(),
                    6
                )
            ]
        );
        // Levels as numbers, ids, tags in flow style; and levels as keys over the lists.
        let flat = "- id: py-01\n  difficulty: 3\n  q: \"Threads vs processes: and the GIL?\"\n  a: \"One thread runs bytecode at a time.\"\n  tags: [gil]\n";
        let b = yaml_blocks(flat).unwrap();
        assert_eq!(
            rows(&b),
            vec![("Threads vs processes: and the GIL?".into(), 3)]
        );
        match &b[0].kind {
            BlockKind::TableRow { header, cells } => {
                assert_eq!(header, &["id", "difficulty", "q", "a", "tags"]);
                assert_eq!(cells[1], "3");
            }
            other => panic!("{other:?}"),
        }
        let nested = "Python:\n  easy:\n    - question: What is a list?\n      answer: A sequence.\n  hard:\n    - question: What is a metaclass?\n";
        let b = yaml_blocks(nested).unwrap();
        assert_eq!(
            rows(&b),
            vec![
                ("What is a list?".into(), 3),
                ("What is a metaclass?".into(), 6)
            ]
        );
        let headings: Vec<(&str, usize)> = b
            .iter()
            .filter(|b| b.is_heading())
            .map(|b| (b.text.as_str(), b.line))
            .collect();
        assert_eq!(headings, [("Python", 1), ("easy", 2), ("hard", 5)]);
        // Not a bank: prose, or YAML without a question field.
        assert!(yaml_blocks("Just a line of text: with a colon\n").is_none());
        assert!(yaml_blocks("name: qclean\nversion: 1\n").is_none());
    }
}

//! Question by question: was each question of the truth found, with the author's exact words,
//! and does its answer start right? The truth is one JSON object per expected question:
//!
//! `{"file": F, "line": N, "question": Q, "answer_start": A or null}`, or, where a licence
//! forbids keeping the text, `"q_sha"` (the [`digest`] of the [`normalise`]d question) for
//! `"question"` and `"a_words"` + `"a_sha"` for `"answer_start"`; `{"file": F, "none": true}`
//! for a document that holds no question.
//!
//! A question matches when its normalised text is equal: Unicode NFC, curly quotes straight,
//! backticks removed, lower case, whitespace collapsed, surrounding spaces and `?.:;!` trimmed.
//! Everything else counts (`**kwargs` is not `kwargs`). An answer starts right when its first
//! words (up to 5, markup stripped) are the expected ones.

use crate::model::Record;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

/// One line of a truth file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub file: String,
    #[serde(default)]
    pub line: Option<usize>,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub q_sha: Option<String>,
    #[serde(default)]
    pub answer_start: Option<String>,
    #[serde(default)]
    pub a_words: Option<usize>,
    #[serde(default)]
    pub a_sha: Option<String>,
    /// The document holds no question.
    #[serde(default)]
    pub none: bool,
}

impl Expected {
    fn key(&self) -> String {
        self.q_sha
            .clone()
            .or_else(|| self.question.as_deref().map(|q| digest(&normalise(q))))
            .unwrap_or_default()
    }
}

/// How one document scored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileScore {
    pub file: String,
    pub records: usize,
    pub expected: usize,
    /// Expected questions some record holds word for word.
    pub exact: usize,
    /// Of those with an expected answer, the ones whose answer starts right.
    pub answers_right: usize,
    pub answers_expected: usize,
    /// Expected questions no record matched (their text, or their line when only a digest is
    /// kept).
    pub missed: Vec<String>,
}

/// The scores of every document of the truth, and the totals.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub files: Vec<FileScore>,
}

impl Scores {
    fn sum(&self, f: impl Fn(&FileScore) -> usize) -> usize {
        self.files.iter().map(f).sum()
    }

    /// 1 - sum |records - expected| / sum expected.
    pub fn count_score(&self) -> f64 {
        let err: usize = self.sum(|f| f.records.abs_diff(f.expected));
        (1.0 - err as f64 / self.sum(|f| f.expected).max(1) as f64).max(0.0)
    }

    pub fn exact_share(&self) -> f64 {
        self.sum(|f| f.exact) as f64 / self.sum(|f| f.expected).max(1) as f64
    }

    pub fn answer_share(&self) -> f64 {
        self.sum(|f| f.answers_right) as f64 / self.sum(|f| f.answers_expected).max(1) as f64
    }

    /// A line of totals, as the notes quote it.
    pub fn summary(&self) -> String {
        format!(
            "count score {:.3}; exact question text {}/{} = {:.3}; answers start right {}/{} = {:.3}",
            self.count_score(),
            self.sum(|f| f.exact),
            self.sum(|f| f.expected),
            self.exact_share(),
            self.sum(|f| f.answers_right),
            self.sum(|f| f.answers_expected),
            self.answer_share()
        )
    }
}

/// Reads a truth file; an error names the line.
pub fn read_truth(text: &str) -> Result<Vec<Expected>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// Scores the records against the truth, document by document (the truth's documents only).
pub fn score(records: &[Record], truth: &[Expected]) -> Scores {
    let mut by_file: HashMap<&str, Vec<&Record>> = HashMap::new();
    for r in records {
        by_file.entry(r.file.as_str()).or_default().push(r);
    }
    let mut expected: BTreeMap<&str, Vec<&Expected>> = BTreeMap::new();
    for t in truth {
        let list = expected.entry(t.file.as_str()).or_default();
        if !t.none {
            list.push(t);
        }
    }
    let files = expected
        .into_iter()
        .map(|(file, exp)| score_file(file, by_file.get(file).map_or(&[][..], |v| v), &exp))
        .collect();
    Scores { files }
}

fn score_file(file: &str, records: &[&Record], expected: &[&Expected]) -> FileScore {
    // Each record can match one expected question; the first record of a text gives the answer.
    let mut pool: HashMap<String, usize> = HashMap::new();
    let mut answers: HashMap<String, &str> = HashMap::new();
    for r in records {
        let key = digest(&normalise(&r.question));
        *pool.entry(key.clone()).or_default() += 1;
        answers
            .entry(key)
            .or_insert_with(|| r.answer.as_deref().unwrap_or(""));
    }
    let mut s = FileScore {
        file: file.to_string(),
        records: records.len(),
        expected: expected.len(),
        ..FileScore::default()
    };
    for t in expected {
        let key = t.key();
        match pool.get_mut(&key).filter(|n| **n > 0) {
            Some(n) => {
                *n -= 1;
                s.exact += 1;
                let answer = answers.get(&key).copied().unwrap_or("");
                if let Some(sha) = &t.a_sha {
                    s.answers_expected += 1;
                    let n = t.a_words.unwrap_or(5);
                    s.answers_right += usize::from(digest(&words(answer, n).join(" ")) == *sha);
                } else if let Some(start) = t.answer_start.as_deref().filter(|a| !a.is_empty()) {
                    s.answers_expected += 1;
                    let want = words(start, 5);
                    s.answers_right += usize::from(words(answer, want.len()) == want);
                }
            }
            None => s.missed.push(match (&t.question, t.line) {
                (Some(q), _) => q.clone(),
                (None, Some(line)) => format!("line {line}"),
                (None, None) => key,
            }),
        }
    }
    s
}

/// The question as the truth compares it (see the module header).
pub fn normalise(text: &str) -> String {
    let straight: String = text
        .nfc()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{a0}' => ' ',
            c => c,
        })
        .filter(|&c| c != '`')
        .collect::<String>()
        .to_lowercase();
    let collapsed = straight.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| c == ' ' || "?.:;!".contains(c))
        .to_string()
}

/// The first `n` words of an answer, lower case, markup (`` ` * # > | _ - ``) stripped.
pub fn words(text: &str, n: usize) -> Vec<String> {
    let lower: String = text
        .nfc()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{a0}' => ' ',
            '`' | '*' | '#' | '>' | '|' | '_' | '-' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || is_mark(c)))
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_string)
        .collect()
}

/// Combining marks belong to their word (`\w` in the scorer's regular expressions).
fn is_mark(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(
        get_general_category(c),
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark | G::ConnectorPunctuation
    )
}

/// The first 16 hex digits of the SHA-1 of `text`: how a truth keeps a question it may not copy.
pub fn digest(text: &str) -> String {
    sha1_smol::Sha1::from(text).digest().to_string()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(file: &str, question: &str, answer: Option<&str>) -> Record {
        Record::new(
            format!("q{question}"),
            question.into(),
            answer.map(str::to_string),
            file.into(),
            (1, 1),
            Vec::new(),
        )
    }

    #[test]
    fn normalised_as_the_contract_says() {
        let cases = [
            (
                "What are `*args` and `**kwargs`?",
                "what are *args and **kwargs",
            ),
            (
                "  Python’s  GIL\u{a0}explained.  ",
                "python's gil explained",
            ),
            ("What is `__init__`?", "what is __init__"),
            ("What is init?", "what is init"),
            ("Что такое GIL?", "что такое gil"),
        ];
        for (text, want) in cases {
            assert_eq!(normalise(text), want, "{text}");
        }
        assert_ne!(
            normalise("What are *args and **kwargs?"),
            normalise("What are args and kwargs?")
        );
        assert_eq!(
            words("**Answer:** `Lists` are mutable-ish, tuples", 5),
            ["answer", "lists", "are", "mutable", "ish"]
        );
        // The shared scorer's digest of "what is a list" (sha1, 16 hex digits).
        assert_eq!(digest("what is a list"), "af8498c04ebd125e");
    }

    #[test]
    fn question_by_question() {
        let truth = read_truth(concat!(
            r#"{"file": "a.md", "line": 1, "question": "What are *args and **kwargs?", "answer_start": "They let a function"}"#, "\n",
            r#"{"file": "a.md", "line": 5, "question": "What is `__init__`?", "answer_start": null}"#, "\n",
            r#"{"file": "a.md", "line": 9, "question": "Why?", "answer_start": "Because"}"#, "\n",
            r#"{"file": "b.md", "none": true}"#, "\n",
        ))
        .unwrap();
        let records = [
            record(
                "a.md",
                "What are args and kwargs?",
                Some("They let a function take"),
            ),
            record("a.md", "What is __init__", None),
            record("a.md", "Why?", Some("So that")),
            record("b.md", "Notes", None),
            record("c.md", "Not in the truth", None),
        ];
        let s = score(&records, &truth);
        let a = &s.files[0];
        assert_eq!((a.records, a.expected, a.exact), (3, 3, 2));
        assert_eq!((a.answers_right, a.answers_expected), (0, 1));
        assert_eq!(a.missed, ["What are *args and **kwargs?"]);
        let b = &s.files[1];
        assert_eq!((b.records, b.expected), (1, 0));
        assert_eq!(
            s.files.len(),
            2,
            "documents outside the truth are not scored"
        );
        // 1 - (0 + 1) / 3
        assert!((s.count_score() - 2.0 / 3.0).abs() < 1e-9);
        assert!(read_truth("{\"file\": \"a\", \"extra\": 1}")
            .unwrap_err()
            .contains("line 1"));
    }

    /// The committed truth of the real documents reads, names only documents of its sources, and
    /// counts what the sources say.
    #[test]
    fn the_real_documents_truth_reads() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/realdocs");
        let sources: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("sources.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        for (name, set) in [
            ("truth-tune.jsonl", "tune"),
            ("truth-heldout.jsonl", "heldout"),
        ] {
            let truth = read_truth(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
            let mine: Vec<&serde_json::Value> =
                sources.iter().filter(|s| s["set"] == set).collect();
            for s in &mine {
                let file = s["save_as"].as_str().unwrap();
                let n = truth.iter().filter(|t| t.file == file && !t.none).count();
                assert_eq!(n as u64, s["questions"].as_u64().unwrap(), "{file}");
                assert!(truth.iter().any(|t| t.file == file), "{file} has a truth");
            }
            assert!(truth
                .iter()
                .all(|t| mine.iter().any(|s| s["save_as"] == t.file.as_str())));
            assert!(truth.iter().all(|t| t.none || !t.key().is_empty()));
        }
    }
}

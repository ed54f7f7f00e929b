//! The seed documents against their ground truth (`tests/data/truth/seeds.jsonl`): per file the
//! exact number of records, and every expected question found by its first words.

use super::{split, Document, Split};
use crate::stages::{decode, repair};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
struct Expected {
    file: String,
    n: String,
    question_starts: String,
}

/// Lines of the truth file that give the damaged source text where the anatomy itself says the
/// record must be repaired (`Thow` is `7 How`; `111` is question 11's number printed twice).
const TRUTH_CORRECTIONS: &[(&str, &str)] = &[
    (
        "Thow do you implement authentication in FastAPI?",
        "How do you implement authentication in FastAPI?",
    ),
    (
        "111 How do you deploy a FastAPI application",
        "How do you deploy a FastAPI application",
    ),
];

use crate::synth::truth::words;

/// The lines of `tests/data/truth/seeds.jsonl`, each read as the caller's view of a record.
pub fn seed_truth<T: DeserializeOwned>() -> Vec<T> {
    let truth_path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/truth/seeds.jsonl");
    std::fs::read_to_string(truth_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The first words a truth line expects, after `TRUTH_CORRECTIONS`.
pub fn expected_start(question_starts: &str) -> &str {
    TRUTH_CORRECTIONS
        .iter()
        .find(|(from, _)| *from == question_starts)
        .map_or(question_starts, |(_, to)| to)
}

pub fn split_file(path: &std::path::Path) -> Split {
    let bytes = std::fs::read(path).unwrap();
    let text = decode::decode(&bytes).unwrap().text;
    let repaired = repair::repair(&text);
    let mojibake: BTreeSet<usize> = repaired.fixes.iter().map(|f| f.line).collect();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    split(
        &Document {
            file: &name,
            text: &repaired.text,
            mojibake_lines: &mojibake,
        },
        &crate::settings::for_tests().cues,
    )
}

#[test]
fn seeds_split_into_the_expected_records() {
    let truth: Vec<Expected> = seed_truth();
    let mut by_file: BTreeMap<&str, Vec<&Expected>> = BTreeMap::new();
    for e in &truth {
        by_file.entry(e.file.as_str()).or_default().push(e);
    }
    let mut problems = Vec::new();
    for (file, expected) in &by_file {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("raw")
            .join(file);
        let got = split_file(&path);
        if got.records.len() != expected.len() {
            problems.push(format!(
                "{file}: {} records, expected {}",
                got.records.len(),
                expected.len()
            ));
        }
        let questions: Vec<String> = got.records.iter().map(|r| words(&r.question)).collect();
        for e in expected {
            let start = words(expected_start(&e.question_starts));
            if !questions.iter().any(|q| q.starts_with(&start)) {
                problems.push(format!("{file} #{}: not found: {}", e.n, e.question_starts));
            }
        }
    }
    for p in &problems {
        eprintln!("{p}");
    }
    assert!(problems.is_empty(), "{} problems", problems.len());
}

//! `qclean review`: go through the flagged pairs of a dataset and record decisions.
//!
//! Reads the dataset folder (`clusters.jsonl`, `records.jsonl`) written by `run`; every decision
//! is appended to the decisions file at once. `run` applies the decisions on its next run.

use super::decisions::{self, DecisionLine};
use super::Outcome;
use crate::error::{Error, Result};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::Path;

/// A flagged pair as `review --list` prints it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReviewItem {
    pub a: String,
    pub b: String,
    pub score: f64,
    pub a_question: String,
    pub b_question: String,
    pub a_source: String,
    pub b_source: String,
    pub evidence: Value,
}

struct DatasetView {
    records: BTreeMap<String, Value>,
    items: Vec<ReviewItem>,
}

/// The flagged pairs of the dataset not yet decided, most uncertain first.
fn load(dataset: &Path) -> Result<DatasetView> {
    let records: BTreeMap<String, Value> = super::read_jsonl(&dataset.join("records.jsonl"))?
        .into_iter()
        .filter_map(|r| Some((r["id"].as_str()?.to_string(), r)))
        .collect();
    let mut seen = BTreeSet::new();
    let mut items = Vec::new();
    for cluster in super::read_jsonl(&dataset.join("clusters.jsonl"))? {
        for pair in cluster["pairs"].as_array().into_iter().flatten() {
            if pair.get("decision").is_some() {
                continue;
            }
            let (Some(a), Some(b)) = (pair["a"].as_str(), pair["b"].as_str()) else {
                continue;
            };
            if !seen.insert((a.to_string(), b.to_string())) {
                continue;
            }
            let question = |id: &str| {
                records
                    .get(id)
                    .and_then(|r| r["question"].as_str())
                    .unwrap_or("?")
                    .to_string()
            };
            let source = |id: &str| {
                records
                    .get(id)
                    .map(|r| format!("{}:{}", r["file"].as_str().unwrap_or("?"), r["line"]))
                    .unwrap_or_default()
            };
            let mut evidence = pair.clone();
            if let Some(map) = evidence.as_object_mut() {
                map.remove("a");
                map.remove("b");
            }
            items.push(ReviewItem {
                a: a.into(),
                b: b.into(),
                score: pair["score"].as_f64().unwrap_or(0.0),
                a_question: question(a),
                b_question: question(b),
                a_source: source(a),
                b_source: source(b),
                evidence,
            });
        }
    }
    // Most uncertain first: the score is a probability, so closest to one half.
    items.sort_by(|x, y| {
        (x.score - 0.5)
            .abs()
            .total_cmp(&(y.score - 0.5).abs())
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    Ok(DatasetView { records, items })
}

/// `review --list`: the flagged pairs as JSON Lines on `out`.
pub fn list(dataset: &Path, out: &mut dyn Write) -> Result<Outcome> {
    let view = load(dataset)?;
    for item in &view.items {
        let line = serde_json::to_string(item).expect("an item serialises");
        writeln!(out, "{line}").map_err(|cause| Error::Write {
            path: "<stdout>".into(),
            cause,
        })?;
    }
    Ok(Outcome::Clean)
}

/// `review --decide A B same|different`: appends one decision.
pub fn decide(
    dataset: &Path,
    decisions_path: &Path,
    a: &str,
    b: &str,
    decision: &str,
    err: &mut dyn Write,
) -> Result<Outcome> {
    // Refuse here what `run` would refuse on reading the file: nothing is written.
    let same = decisions::check(a, b, decision).map_err(|message| Error::BadConfig {
        path: decisions_path.to_path_buf(),
        message,
    })?;
    let decision = if same { "same" } else { "different" };
    let view = load(dataset)?;
    let question = |id: &str| -> Result<String> {
        view.records
            .get(id)
            .and_then(|r| r["question"].as_str())
            .map(str::to_string)
            .ok_or_else(|| Error::BadConfig {
                path: dataset.join("records.jsonl"),
                message: format!("no record {id}"),
            })
    };
    let line = DecisionLine {
        a: a.into(),
        b: b.into(),
        decision: decision.into(),
        a_question: Some(question(a)?),
        b_question: Some(question(b)?),
    };
    decisions::append(decisions_path, &line)?;
    writeln!(
        err,
        "qclean: {decision}: {a} / {b} -> {} (run `qclean run` to apply)",
        decisions_path.display()
    )
    .ok();
    Ok(Outcome::Clean)
}

fn short(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max).collect::<String>())
    }
}

/// The interactive review: one pair at a time; `s` same, `d` different, `k` skip, `u` undo,
/// `q` quit. Reads answers line by line from `input`, so scripts can drive it too.
pub fn interactive(
    dataset: &Path,
    decisions_path: &Path,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let view = load(dataset)?;
    let already: BTreeSet<(String, String)> = decisions::read(decisions_path)?
        .into_iter()
        .map(|d| (d.a, d.b))
        .collect();
    let todo: Vec<&ReviewItem> = view
        .items
        .iter()
        .filter(|i| !already.contains(&(i.a.clone(), i.b.clone())))
        .collect();
    let write_err = |cause| Error::Write {
        path: "<stdout>".into(),
        cause,
    };
    writeln!(
        out,
        "{} flagged pairs to review (most uncertain first); decisions go to {}",
        todo.len(),
        decisions_path.display()
    )
    .map_err(write_err)?;
    let mut done: Vec<(usize, DecisionLine)> = Vec::new();
    let mut k = 0;
    while k < todo.len() {
        let item = todo[k];
        let answer = |id: &str| {
            view.records
                .get(id)
                .and_then(|r| r["answer"].as_str())
                .map(|a| short(a, 300))
                .unwrap_or_else(|| "(no answer)".into())
        };
        let evidence = &item.evidence;
        writeln!(
            out,
            "\n[{}/{}, {} left] probability same {:.3}  rule {}",
            k + 1,
            todo.len(),
            todo.len() - k,
            item.score,
            evidence["rule"].as_str().unwrap_or("")
        )
        .map_err(write_err)?;
        writeln!(
            out,
            "  A {}  {}\n    {}\n    {}",
            item.a,
            item.a_source,
            item.a_question,
            answer(&item.a)
        )
        .map_err(write_err)?;
        writeln!(
            out,
            "  B {}  {}\n    {}\n    {}",
            item.b,
            item.b_source,
            item.b_question,
            answer(&item.b)
        )
        .map_err(write_err)?;
        writeln!(
            out,
            "  cosine {}  overlap {}  containment {}  jaro-winkler {}  only in A {}  only in B {}",
            evidence["cosine"],
            evidence["overlap"],
            evidence["containment"],
            evidence["jaro_winkler"],
            evidence["only_a"],
            evidence["only_b"]
        )
        .map_err(write_err)?;
        write!(out, "  [s]ame  [d]ifferent  s[k]ip  [u]ndo  [q]uit > ").map_err(write_err)?;
        out.flush().map_err(write_err)?;
        let mut reply = String::new();
        if input.read_line(&mut reply).map_err(|cause| Error::Read {
            path: "<stdin>".into(),
            cause,
        })? == 0
        {
            break;
        }
        match reply.trim() {
            "s" | "d" => {
                let decision = if reply.trim() == "s" {
                    "same"
                } else {
                    "different"
                };
                let line = DecisionLine {
                    a: item.a.clone(),
                    b: item.b.clone(),
                    decision: decision.into(),
                    a_question: Some(item.a_question.clone()),
                    b_question: Some(item.b_question.clone()),
                };
                decisions::append(decisions_path, &line)?;
                done.push((k, line));
                k += 1;
            }
            "k" => k += 1,
            "u" => match done.pop() {
                Some((at, line)) => {
                    decisions::remove_last(decisions_path, &line)?;
                    writeln!(out, "  undone: {} {} / {}", line.decision, line.a, line.b)
                        .map_err(write_err)?;
                    k = at;
                }
                None => writeln!(out, "  nothing to undo").map_err(write_err)?,
            },
            "q" => break,
            other => writeln!(out, "  {other:?}: answer s, d, k, u or q").map_err(write_err)?,
        }
    }
    writeln!(
        out,
        "\n{} decisions recorded; run `qclean run` to apply them.",
        done.len()
    )
    .map_err(write_err)?;
    Ok(Outcome::Clean)
}

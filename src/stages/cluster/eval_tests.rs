//! Pairwise precision and recall of the clusters against the hand-labelled seed duplicates.

use super::score::Lexicon;
use super::{cluster, ClusterParams};
use crate::model::Record;
use std::collections::{BTreeMap, BTreeSet};

/// The lexicon of `schema/contrasts.json`, read the way `run` reads it.
pub fn lexicon() -> Lexicon {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/contrasts.json");
    crate::stages::cluster::lexicon_from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn seed_records() -> Vec<Record> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("raw");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|p| crate::stages::split::truth_tests::split_file(p).records)
        .collect()
}

use crate::synth::truth::words;

#[derive(Debug, Default)]
struct Counts {
    merge_tp: usize,
    merge_fp: usize,
    flag_tp: usize,
    flag_fp: usize,
    positives: usize,
}

#[test]
fn seed_duplicates_precision_and_recall() {
    let records = seed_records();
    let clustering = cluster(&records, &ClusterParams::new(lexicon()), &[]);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/truth/seed-duplicates.json"
    );
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let normalised: Vec<String> = records.iter().map(|r| words(&r.question)).collect();
    // Each judged question: the records that hold it (exactly, else as the start of a longer one).
    let mut holders: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for q in truth["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap())
    {
        let w = words(q);
        let exact: Vec<usize> = (0..records.len()).filter(|&i| normalised[i] == w).collect();
        let found = if exact.is_empty() {
            (0..records.len())
                .filter(|&i| normalised[i].starts_with(&w))
                .collect()
        } else {
            exact
        };
        if !found.is_empty() {
            holders.insert(q.to_string(), found);
        }
    }
    let mut group_of: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (g, members) in truth["groups"].as_array().unwrap().iter().enumerate() {
        for m in members.as_array().unwrap() {
            group_of.entry(m.as_str().unwrap()).or_default().insert(g);
        }
    }
    let index: BTreeMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let flagged: BTreeSet<(usize, usize)> = clustering
        .flagged
        .iter()
        .map(|p| {
            let (i, j) = (index[p.a.as_str()], index[p.b.as_str()]);
            (i.min(j), i.max(j))
        })
        .collect();
    let mut counts = Counts::default();
    let mut wrong_merges = Vec::new();
    let mut missed = Vec::new();
    let judged: Vec<&String> = holders.keys().collect();
    for (k, a) in judged.iter().enumerate() {
        for b in &judged[k + 1..] {
            let same = group_of
                .get(a.as_str())
                .zip(group_of.get(b.as_str()))
                .is_some_and(|(x, y)| !x.is_disjoint(y));
            let pairs = || {
                holders[*a]
                    .iter()
                    .flat_map(|&i| holders[*b].iter().map(move |&j| (i.min(j), i.max(j))))
            };
            let merged = pairs().any(|(i, j)| clustering.cluster_of[i] == clustering.cluster_of[j]);
            let reviewable = merged || pairs().any(|p| flagged.contains(&p));
            counts.positives += same as usize;
            match (same, merged, reviewable) {
                (true, true, _) => counts.merge_tp += 1,
                (false, true, _) => {
                    counts.merge_fp += 1;
                    wrong_merges.push(format!("{a} | {b}"));
                }
                _ => {}
            }
            match (same, reviewable) {
                (true, true) => counts.flag_tp += 1,
                (false, true) => counts.flag_fp += 1,
                (true, false) => missed.push(format!("{a} | {b}")),
                _ => {}
            }
        }
    }
    let merge_precision =
        counts.merge_tp as f64 / (counts.merge_tp + counts.merge_fp).max(1) as f64;
    let merge_recall = counts.merge_tp as f64 / counts.positives as f64;
    let both_recall = counts.flag_tp as f64 / counts.positives as f64;
    let both_precision = counts.flag_tp as f64 / (counts.flag_tp + counts.flag_fp).max(1) as f64;
    eprintln!(
        "seed duplicates: {} judged questions found, {} labelled pairs; merge band: precision {merge_precision:.3} recall {merge_recall:.3} ({} right, {} wrong); merge+flag: precision {both_precision:.3} recall {both_recall:.3}; {} pairs flagged for review in all",
        holders.len(),
        counts.positives,
        counts.merge_tp,
        counts.merge_fp,
        clustering.flagged.len()
    );
    for w in &wrong_merges {
        eprintln!("wrong merge: {w}");
    }
    for m in &missed {
        eprintln!("missed: {m}");
    }
    assert!(
        merge_precision >= 0.95,
        "merge precision {merge_precision:.3}"
    );
    assert!(both_recall >= 0.90, "merge+flag recall {both_recall:.3}");
}

#[test]
fn pairs_that_only_share_a_template_never_merge() {
    let texts = [
        (
            "What is the difference between a list and a tuple?",
            "What is the difference between a list and a set?",
        ),
        (
            "How do you handle background tasks in Flask?",
            "How do you handle background tasks in FastAPI?",
        ),
        (
            "How do you secure a Django application?",
            "How do you secure a FastAPI application?",
        ),
        (
            "What are the key features of Flask?",
            "What are the key features of FastAPI?",
        ),
        (
            "Difference between is and == in Python.",
            "Difference between is and != in Python.",
        ),
    ];
    let mut records = seed_records();
    let base = records.len();
    for (k, (a, b)) in texts.iter().enumerate() {
        for (side, q) in [a, b].iter().enumerate() {
            let mut r = records[0].clone();
            r.id = format!("q{:016x}", 0xff00 + k * 2 + side);
            r.question = q.to_string();
            r.answer = None;
            records.push(r);
        }
    }
    let clustering = cluster(&records, &ClusterParams::new(lexicon()), &[]);
    for (k, pair) in texts.iter().enumerate() {
        let (i, j) = (base + 2 * k, base + 2 * k + 1);
        assert_ne!(
            clustering.cluster_of[i], clustering.cluster_of[j],
            "merged: {:?}",
            pair
        );
    }
}

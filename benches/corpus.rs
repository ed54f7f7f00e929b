//! How well `run` did on a generated corpus: `cargo bench --bench corpus -- --dir DIR`, after
//! `qclean gen-corpus --out DIR` and `qclean run --input DIR/raw --output DIR/clean`.
//!
//! Prints how many generated questions became a record at their line (extraction recall), and
//! pairwise precision and recall of the clusters against the generator's truth (two records
//! belong together when they are variants of the same base question, or of two base questions
//! the hand-labelled seed duplicates put in one group; in a web-shaped corpus, when the truth
//! gives them one group). Also: the flagged pairs per record, from the dataset's clusters.

use std::collections::HashMap;

fn pairs(n: usize) -> u64 {
    (n as u64) * (n as u64).saturating_sub(1) / 2
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .iter()
        .position(|a| a == "--dir")
        .and_then(|i| args.get(i + 1))
        .expect("--dir DIR");
    let dir = std::path::Path::new(dir);
    let read = |name: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let truth_lines = read("truth.jsonl");
    let web = truth_lines
        .first()
        .is_some_and(|t| t.get("group").is_some());
    let truth: HashMap<(String, u64), u64> = truth_lines
        .into_iter()
        .map(|t| {
            (
                (
                    t["file"].as_str().unwrap().to_string(),
                    t["line"].as_u64().unwrap(),
                ),
                t[if web { "group" } else { "base" }].as_u64().unwrap(),
            )
        })
        .collect();
    let records = read("clean/records.jsonl");
    // Seed shape: variants of two bases the labelled seed duplicates group are one question.
    let class: Vec<usize> = if web {
        Vec::new()
    } else {
        let bases: Vec<String> = read("bases.jsonl")
            .into_iter()
            .map(|b| b.as_str().unwrap().to_string())
            .collect();
        let labelled = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/truth/seed-duplicates.json"
        ))
        .unwrap();
        qclean::synth::truth::duplicate_classes(&bases, &labelled)
    };
    let flagged: usize = std::fs::read_to_string(dir.join("clean/report.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|r| r["clusters"]["flagged_pairs"].as_u64())
        .unwrap_or(0) as usize;
    let mut per_cluster_base: HashMap<(String, u64), usize> = HashMap::new();
    let mut per_cluster: HashMap<String, usize> = HashMap::new();
    let mut per_base: HashMap<u64, usize> = HashMap::new();
    let mut found = 0;
    for r in &records {
        let key = (
            r["file"].as_str().unwrap().to_string(),
            r["line"].as_u64().unwrap(),
        );
        let Some(&base) = truth.get(&key) else {
            continue;
        };
        let base = if web {
            base
        } else {
            class[base as usize] as u64
        };
        found += 1;
        let cluster = r["cluster"].as_str().unwrap().to_string();
        *per_cluster_base.entry((cluster.clone(), base)).or_insert(0) += 1;
        *per_cluster.entry(cluster).or_insert(0) += 1;
        *per_base.entry(base).or_insert(0) += 1;
    }
    let tp: u64 = per_cluster_base.values().map(|&k| pairs(k)).sum();
    let predicted: u64 = per_cluster.values().map(|&k| pairs(k)).sum();
    let actual: u64 = per_base.values().map(|&k| pairs(k)).sum();
    println!(
        "{}: {} generated questions, {} records, {} found at their line ({:.3}); clusters: pairwise precision {:.3} recall {:.3} ({tp} right pairs of {predicted} merged, {actual} true); {flagged} flagged pairs ({:.3} per record)",
        dir.display(),
        truth.len(),
        records.len(),
        found,
        found as f64 / truth.len() as f64,
        tp as f64 / predicted.max(1) as f64,
        tp as f64 / actual.max(1) as f64,
        flagged as f64 / records.len().max(1) as f64
    );
}

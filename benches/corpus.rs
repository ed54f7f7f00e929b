//! How well `run` did on a generated corpus: `cargo bench --bench corpus -- --dir DIR`, after
//! `qclean gen-corpus --out DIR` and `qclean run --input DIR/raw --output DIR/clean`.
//!
//! Prints how many generated questions became a record at their line (extraction recall), and
//! pairwise precision and recall of the clusters against the generator's truth (two records
//! belong together when they are variants of the same base question, or of two base questions
//! the hand-labelled seed duplicates put in one group).

use std::collections::HashMap;

fn words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A class per base question: bases that the hand-labelled seed duplicates put in one group are
/// one class, so their variants may rightly share a cluster.
fn classes(bases: &[String]) -> Vec<u64> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/truth/seed-duplicates.json"
    );
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let normalised: Vec<String> = bases.iter().map(|b| words(b)).collect();
    let mut class: Vec<u64> = (0..bases.len() as u64).collect();
    for group in truth["groups"].as_array().unwrap() {
        let members: Vec<usize> = group
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|q| {
                let w = words(q.as_str().unwrap());
                (0..bases.len())
                    .filter(|&i| normalised[i] == w || normalised[i].starts_with(&w))
                    .collect::<Vec<_>>()
            })
            .collect();
        if let Some(&first) = members.iter().min() {
            let (target, old): (u64, Vec<u64>) =
                (class[first], members.iter().map(|&m| class[m]).collect());
            for c in class.iter_mut().filter(|c| old.contains(c)) {
                *c = target;
            }
        }
    }
    class
}

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
    let truth: HashMap<(String, u64), u64> = read("truth.jsonl")
        .into_iter()
        .map(|t| {
            (
                (
                    t["file"].as_str().unwrap().to_string(),
                    t["line"].as_u64().unwrap(),
                ),
                t["base"].as_u64().unwrap(),
            )
        })
        .collect();
    let records = read("clean/records.jsonl");
    let bases: Vec<String> = read("bases.jsonl")
        .into_iter()
        .map(|b| b.as_str().unwrap().to_string())
        .collect();
    let class = classes(&bases);
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
        let base = class[base as usize];
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
        "{}: {} generated questions, {} records, {} found at their line ({:.3}); clusters: pairwise precision {:.3} recall {:.3}",
        dir.display(),
        truth.len(),
        records.len(),
        found,
        found as f64 / truth.len() as f64,
        tp as f64 / predicted.max(1) as f64,
        tp as f64 / actual.max(1) as f64
    );
}

//! Clustering at scale, timed and measured: reworded variants of the seed questions, or with
//! `--shape web` distinct questions from frames, vocabulary and contexts, a fifth reworded.
//!
//! `cargo bench --bench cluster -- --records 100000 [--shape web]` (default 10000). Run one size
//! per process: the peak memory printed is the process's own high-water mark (VmHWM). Also prints
//! pairwise precision and recall against the generator's truth (which base question each variant
//! came from; for the web shape, which group), and the flagged pairs per record.

use qclean::model::Record;
use qclean::stages::cluster::{self, ClusterParams};
use qclean::stages::{decode, repair, split};
use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

fn seed_questions() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/raw");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut questions = BTreeSet::new();
    let settings = qclean::settings::Settings::built_in();
    for path in paths {
        let text =
            repair::repair(&decode::decode(&std::fs::read(&path).unwrap()).unwrap().text).text;
        let doc = split::Document {
            file: "seed",
            text: &text,
            mojibake_lines: &BTreeSet::new(),
        };
        questions.extend(
            split::split(&doc, &settings.cues)
                .records
                .into_iter()
                .map(|r| r.question),
        );
    }
    questions.into_iter().collect()
}

fn peak_memory_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn pairs(n: usize) -> u64 {
    (n as u64) * (n as u64).saturating_sub(1) / 2
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .iter()
        .position(|a| a == "--records")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let bases = seed_questions();
    // `--records FILE`: cluster the questions of a records.jsonl instead (no truth to score).
    let from_file = args
        .iter()
        .position(|a| a == "--records-file")
        .and_then(|i| args.get(i + 1));
    let generated: Vec<(String, usize)> = match from_file {
        Some(path) => std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["question"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .map(|q| (q, 0))
            .collect(),
        None if args.iter().any(|a| a == "web") => {
            let mut web = qclean::synth::web::Web::default();
            let mut rng = qclean::synth::Rng::new(42);
            (0..n)
                .map(|_| {
                    let d = web.draw(&mut rng);
                    (d.question, d.group)
                })
                .collect()
        }
        None => qclean::synth::variants(&bases, n, 42),
    };
    let web = from_file.is_none() && args.iter().any(|a| a == "web");
    let n = generated.len();
    let records: Vec<Record> = generated
        .iter()
        .enumerate()
        .map(|(i, (q, _))| qclean::synth::record(i, q.clone(), None))
        .collect();
    let lexicon_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/contrasts.json"
    ))
    .unwrap();
    let model_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/cluster-model.json"
    ))
    .unwrap();
    let params = ClusterParams::new(
        cluster::lexicon_from_json(&lexicon_text).unwrap(),
        cluster::score::Model::from_json(&model_text).unwrap(),
    );
    let before = peak_memory_mb();
    let start = Instant::now();
    let clustering = cluster::cluster(&records, &params, &[]);
    let seconds = start.elapsed().as_secs_f64();
    // Pairwise precision and recall against the generator's truth (variants of one base question,
    // or of bases labelled as the same question), counted per cluster.
    let mut per_cluster_base: HashMap<(usize, usize), usize> = HashMap::new();
    let mut per_cluster = vec![0usize; clustering.clusters.len()];
    let groups = generated.iter().map(|g| g.1).max().unwrap_or(0) + 1;
    let mut per_base = vec![0usize; groups.max(bases.len())];
    let labelled = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/truth/seed-duplicates.json"
    ))
    .unwrap();
    let class: Vec<usize> = if web {
        (0..groups).collect()
    } else {
        qclean::synth::truth::duplicate_classes(&bases, &labelled)
    };
    for (i, (_, base)) in generated.iter().enumerate() {
        let base = &class[*base];
        let c = clustering.cluster_of[i];
        *per_cluster_base.entry((c, *base)).or_insert(0) += 1;
        per_cluster[c] += 1;
        per_base[*base] += 1;
    }
    let true_positive: u64 = per_cluster_base.values().map(|&k| pairs(k)).sum();
    let predicted: u64 = per_cluster.iter().map(|&k| pairs(k)).sum();
    let actual: u64 = per_base.iter().map(|&k| pairs(k)).sum();
    if from_file.is_some() {
        println!(
            "records {n}: {seconds:.2} s, peak memory {:.0} MB (before clustering {:.0} MB), {} clusters, {} candidate pairs, {} flagged pairs",
            peak_memory_mb(),
            before,
            clustering.clusters.len(),
            clustering.candidate_pairs,
            clustering.flagged.len()
        );
        return;
    }
    println!(
        "{} records {n}: {seconds:.2} s, peak memory {:.0} MB (before clustering {:.0} MB), {} clusters, {} candidate pairs, {} flagged pairs ({:.3} per record); pairwise precision {:.3} recall {:.3}",
        if web { "web-shaped" } else { "seed variants" },
        peak_memory_mb(),
        before,
        clustering.clusters.len(),
        clustering.candidate_pairs,
        clustering.flagged.len(),
        clustering.flagged.len() as f64 / n as f64,
        true_positive as f64 / predicted.max(1) as f64,
        true_positive as f64 / actual.max(1) as f64
    );
}

//! Pairwise precision and recall of the clusters against the hand-labelled seed duplicates.

use super::features::Lexicon;
use super::{cluster, ClusterParams};
use crate::model::Record;
use std::collections::{BTreeMap, BTreeSet};

/// The lexicon of `schema/contrasts.json`, read the way `run` reads it.
pub fn lexicon() -> Lexicon {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/contrasts.json");
    crate::stages::cluster::lexicon_from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The scorer of `schema/cluster-model.json`, read the way `run` reads it.
pub fn model() -> super::score::Model {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/cluster-model.json");
    super::score::Model::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The parameters `run` uses.
pub fn params() -> ClusterParams {
    ClusterParams::new(lexicon(), model())
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
    let clustering = cluster(&records, &params(), &[]);
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
    // The targets the fit aims at (`stages::cluster`): merge precision, merge+flag recall, and at
    // most so many flagged pairs (half of what the first scorer flagged).
    use super::{MERGE_OR_FLAG_RECALL, MERGE_PRECISION, SEED_FLAGGED_PAIRS};
    assert!(
        merge_precision >= MERGE_PRECISION,
        "merge precision {merge_precision:.3}"
    );
    assert!(
        both_recall >= MERGE_OR_FLAG_RECALL,
        "merge+flag recall {both_recall:.3}"
    );
    assert!(
        clustering.flagged.len() <= SEED_FLAGGED_PAIRS,
        "{} pairs flagged",
        clustering.flagged.len()
    );
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
    let clustering = cluster(&records, &params(), &[]);
    for (k, pair) in texts.iter().enumerate() {
        let (i, j) = (base + 2 * k, base + 2 * k + 1);
        assert_ne!(
            clustering.cluster_of[i], clustering.cluster_of[j],
            "merged: {:?}",
            pair
        );
    }
}

#[test]
fn the_words_only_one_side_has_are_on_that_side() {
    // Look-alikes in both orders of input and of text, so that the record order and the text
    // order disagree for some of them.
    let pairs = [
        (
            "How do you test decorators in a web API?",
            "How do you test generators in a web API?",
        ),
        (
            "What are the pitfalls of asyncio in a CLI tool?",
            "What are the pitfalls of asyncio in a data pipeline?",
        ),
        (
            "Zipping lists: how do you debug zip in a scraper?",
            "Apples: how do you debug zip in a game loop?",
        ),
    ];
    let mut records = seed_records();
    for (k, (a, b)) in pairs.iter().enumerate() {
        for (side, q) in [a, b].iter().enumerate() {
            let mut r = records[0].clone();
            // Odd pairs put the later text first.
            let order = if k % 2 == 0 { side } else { 1 - side };
            r.id = format!("q{:016x}", 0xee00 + k * 2 + order);
            r.question = q.to_string();
            records.push(r);
        }
    }
    let clustering = cluster(&records, &params(), &[]);
    let question: BTreeMap<&str, &str> = records
        .iter()
        .map(|r| (r.id.as_str(), r.question.as_str()))
        .collect();
    let lexicon = lexicon();
    let words_of = |q: &str| lexicon.tokens(q);
    let mut checked = 0;
    let all_pairs = clustering
        .flagged
        .iter()
        .chain(clustering.clusters.iter().flat_map(|c| c.pairs.iter()));
    for p in all_pairs {
        let (a, b) = (
            words_of(question[p.a.as_str()]),
            words_of(question[p.b.as_str()]),
        );
        // The evidence gives the words as written; their tokens are on one side only.
        for w in &p.evidence.only_a {
            let t = words_of(w);
            assert!(
                t.iter().all(|t| a.contains(t) && !b.contains(t)),
                "{w:?} is only in a: {p:?}"
            );
        }
        for w in &p.evidence.only_b {
            let t = words_of(w);
            assert!(
                t.iter().all(|t| b.contains(t) && !a.contains(t)),
                "{w:?} is only in b: {p:?}"
            );
        }
        checked += !(p.evidence.only_a.is_empty() && p.evidence.only_b.is_empty()) as usize;
    }
    assert!(
        checked >= 5,
        "enough pairs with one-sided words were checked: {checked}"
    );
}

#[test]
fn a_same_decision_only_joins_and_the_cluster_is_reviewed() {
    let records = seed_records();
    let before = cluster(&records, &params(), &[]);
    let merged = before
        .clusters
        .iter()
        .find(|c| c.members.len() >= 2)
        .expect("the seeds have a merged cluster");
    let single = before
        .clusters
        .iter()
        .find(|c| c.members.len() == 1 && c.status == super::Status::Single)
        .expect("the seeds have a single");
    let decision = super::Decision {
        a: merged.members[0].clone(),
        b: single.members[0].clone(),
        same: true,
        line: 1,
    };
    let after = cluster(&records, &params(), &[decision]);
    let index: BTreeMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    // Every pair together before is together after.
    for c in &before.clusters {
        let first = index[c.members[0].as_str()];
        for m in &c.members {
            assert_eq!(
                after.cluster_of[index[m.as_str()]],
                after.cluster_of[first],
                "{m} left {}",
                c.id
            );
        }
    }
    let joined = &after.clusters[after.cluster_of[index[single.members[0].as_str()]]];
    assert!(merged.members.iter().all(|m| joined.members.contains(m)));
    assert_eq!(joined.status, super::Status::Reviewed);
    assert_eq!(after.decisions.applied, 1);
}

#[test]
fn labelled_pairs_of_real_wordings_precision_and_recall() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pairs.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let pairs: Vec<(bool, &str, &str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "four columns: {l}");
            (f[0] == "same", f[1], f[2], f[3])
        })
        .collect();
    // The seeds give the corpus its word frequencies, as in a real run; each labelled question is
    // one more record.
    let mut records = seed_records();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for q in pairs.iter().flat_map(|p| [p.2, p.3]) {
        if !index.contains_key(q) {
            let mut r = records[0].clone();
            r.id = format!("q{:016x}", 0xab_0000 + index.len());
            r.question = q.to_string();
            r.answer = None;
            index.insert(q, records.len());
            records.push(r);
        }
    }
    let clustering = cluster(&records, &params(), &[]);
    let id = |q: &str| records[index[q]].id.clone();
    let flagged: BTreeSet<(String, String)> = clustering
        .flagged
        .iter()
        .flat_map(|p| [(p.a.clone(), p.b.clone()), (p.b.clone(), p.a.clone())])
        .collect();
    let (mut merged_same, mut merged_different, mut flagged_same, mut same) = (0, 0, 0, 0);
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for &(is_same, kind, a, b) in &pairs {
        let merged = clustering.cluster_of[index[a]] == clustering.cluster_of[index[b]];
        let asked = flagged.contains(&(id(a), id(b)));
        same += is_same as usize;
        merged_same += (is_same && merged) as usize;
        merged_different += (!is_same && merged) as usize;
        flagged_same += (is_same && asked) as usize;
        let entry = by_kind.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += merged as usize;
        if merged != is_same {
            eprintln!(
                "{}: {a} | {b}",
                if merged {
                    "wrong merge"
                } else if asked {
                    "flagged"
                } else {
                    "missed"
                }
            );
        }
    }
    let precision = merged_same as f64 / (merged_same + merged_different).max(1) as f64;
    let recall = merged_same as f64 / same as f64;
    let with_flags = (merged_same + flagged_same) as f64 / same as f64;
    eprintln!(
        "labelled pairs: {} ({same} same); merge precision {precision:.3} recall {recall:.3}; merge+flag recall {with_flags:.3}; merged per kind {by_kind:?}",
        pairs.len()
    );
    assert!(pairs.len() >= 300);
    assert!(precision >= 0.95, "merge precision {precision:.3}");
    assert!(recall >= 0.70, "merge recall {recall:.3}");
}

#[test]
fn a_different_decision_with_a_third_record_keeps_repeats_together() {
    let records = seed_records();
    let mut by_text: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        by_text.entry(words(&r.question)).or_default().push(i);
    }
    let (x, y) = by_text
        .values()
        .find_map(|v| (v.len() >= 2).then(|| (v[0], v[1])))
        .expect("the seeds repeat a question");
    let before = cluster(&records, &params(), &[]);
    let other = (0..records.len())
        .find(|&k| before.cluster_of[k] != before.cluster_of[x])
        .unwrap();
    let decision = super::Decision {
        a: records[x].id.clone(),
        b: records[other].id.clone(),
        same: false,
        line: 1,
    };
    let after = cluster(&records, &params(), &[decision]);
    assert_eq!(
        after.cluster_of[x], after.cluster_of[y],
        "the repeat stays joined"
    );
    assert_ne!(after.cluster_of[x], after.cluster_of[other]);
    assert_eq!(after.clusters.len(), before.clusters.len());
}

/// The module header promises that the order of the records does not matter: the seed records fed
/// reversed and interleaved give the same clusters (same ids, members, status and pairs) and the
/// same flagged pairs, and each record lands in the cluster of the same id.
#[test]
fn the_order_of_the_records_does_not_matter() {
    let records = seed_records();
    let reference = cluster(&records, &params(), &[]);
    let reversed: Vec<Record> = records.iter().rev().cloned().collect();
    let interleaved: Vec<Record> = records
        .iter()
        .step_by(2)
        .chain(records.iter().skip(1).step_by(2))
        .cloned()
        .collect();
    let cluster_id = |clustering: &super::Clustering, records: &[Record]| {
        records
            .iter()
            .zip(&clustering.cluster_of)
            .map(|(r, &c)| (r.id.clone(), clustering.clusters[c].id.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    for (name, order) in [("reversed", reversed), ("interleaved", interleaved)] {
        let other = cluster(&order, &params(), &[]);
        let differ: Vec<String> = other
            .clusters
            .iter()
            .zip(&reference.clusters)
            .filter(|(a, b)| a != b)
            .take(3)
            .map(|(a, b)| format!("{a:?}\n  against\n{b:?}"))
            .collect();
        assert!(
            differ.is_empty(),
            "{name}: clusters differ:\n{}",
            differ.join("\n\n")
        );
        assert_eq!(other.clusters, reference.clusters, "{name}: clusters");
        assert_eq!(other.flagged, reference.flagged, "{name}: flagged pairs");
        assert_eq!(
            cluster_id(&other, &order),
            cluster_id(&reference, &records),
            "{name}: cluster of each record"
        );
    }
}

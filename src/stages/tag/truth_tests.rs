//! Tags of the seed records against `tests/data/truth/seeds.jsonl`.

use super::{tag, TagRules};
use crate::model::Level;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Expected {
    file: String,
    question_starts: String,
    level: Level,
    level_source: String,
    topic: String,
    topic_alt: Vec<String>,
}

use crate::stages::split::truth_tests::{expected_start, seed_truth};
use crate::synth::truth::words;

pub fn rules() -> TagRules {
    TagRules::from_json(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema/topics.json"))
            .unwrap(),
    )
    .unwrap()
}

fn band(level: Level) -> i32 {
    match level {
        Level::Beginner => 0,
        Level::Intermediate => 1,
        Level::Advanced => 2,
        Level::Expert => 3,
    }
}

#[test]
fn seed_tags_against_the_truth() {
    let rules = rules();
    let records = crate::stages::cluster::eval_tests::seed_records();
    let truth: Vec<Expected> = seed_truth();
    let mut used = vec![false; records.len()];
    let (mut topic_right, mut given_total, mut given_right, mut inferred_total, mut inferred_near) =
        (0, 0, 0, 0, 0);
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut level_misses = Vec::new();
    for e in &truth {
        let start = words(expected_start(&e.question_starts));
        let Some(i) = (0..records.len()).find(|&i| {
            !used[i] && records[i].file == e.file && words(&records[i].question).starts_with(&start)
        }) else {
            panic!("no record for {}", e.question_starts);
        };
        used[i] = true;
        let tags = tag(&records[i], &rules);
        if tags.topic == e.topic || e.topic_alt.contains(&tags.topic) {
            topic_right += 1;
        } else {
            *confusion
                .entry((e.topic.clone(), tags.topic.clone()))
                .or_insert(0) += 1;
        }
        if e.level_source == "inferred" {
            inferred_total += 1;
            if tags
                .level
                .is_some_and(|l| (band(l) - band(e.level)).abs() <= 1)
            {
                inferred_near += 1;
            } else {
                level_misses.push(format!(
                    "inferred {:?} for {:?}: {}",
                    tags.level, e.level, e.question_starts
                ));
            }
        } else {
            given_total += 1;
            if tags.level == Some(e.level) {
                given_right += 1;
            } else {
                level_misses.push(format!(
                    "{:?} ({:?}) for {:?} [{}]: {}",
                    tags.level, tags.level_source, e.level, e.level_source, e.question_starts
                ));
            }
        }
    }
    let topic_accuracy = topic_right as f64 / truth.len() as f64;
    let inferred_rate = inferred_near as f64 / inferred_total.max(1) as f64;
    eprintln!(
        "tags: topic {topic_right}/{} = {topic_accuracy:.3}; level from heading or title {given_right}/{given_total}; inferred within one band {inferred_near}/{inferred_total} = {inferred_rate:.3}",
        truth.len()
    );
    let mut ranked: Vec<_> = confusion.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for ((want, got), n) in ranked {
        eprintln!("topic confusion: {want} -> {got}: {n}");
    }
    for m in &level_misses {
        eprintln!("level: {m}");
    }
    assert!(topic_accuracy >= 0.90, "topic accuracy {topic_accuracy:.3}");
    assert_eq!(given_right, given_total, "levels from headings and titles");
    assert!(
        inferred_rate >= 0.90,
        "inferred within one band {inferred_rate:.3}"
    );
}

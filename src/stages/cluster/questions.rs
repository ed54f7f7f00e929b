//! The canonical questions: one per cluster, its canonical record with every member's source
//! (`questions.jsonl`).

use super::Cluster;
use crate::model::{Question, Record, SourceRef};

/// One question per cluster: its canonical record, with every member's source, in source order.
pub fn questions(records: &[Record], clusters: &[Cluster]) -> Vec<Question> {
    let by_id: std::collections::HashMap<&str, &Record> =
        records.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut out: Vec<Question> = clusters
        .iter()
        .map(|c| {
            let canonical = by_id[c.canonical.as_str()];
            let mut others: Vec<&Record> = c
                .members
                .iter()
                .filter(|m| **m != c.canonical)
                .map(|m| by_id[m.as_str()])
                .collect();
            others.sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
            let sources = std::iter::once(canonical)
                .chain(others.iter().copied())
                .map(|r| SourceRef {
                    file: r.file.clone(),
                    line: r.line,
                })
                .collect();
            let members: Vec<&Record> = std::iter::once(canonical)
                .chain(others.iter().copied())
                .collect();
            let (topic, topic_source) = voted_topic(&members);
            let lowest = members
                .iter()
                .filter(|r| r.level.is_some())
                .min_by_key(|r| r.level);
            Question {
                id: canonical.id.clone(),
                question: canonical.question.clone(),
                answer: canonical.answer.clone(),
                level: lowest.and_then(|r| r.level),
                level_source: lowest.and_then(|r| r.level_source),
                topics: canonical
                    .topics
                    .iter()
                    .filter(|t| Some(*t) != topic.as_ref())
                    .cloned()
                    .collect(),
                topic,
                topic_source,
                flags: canonical.flags.clone(),
                cluster: c.id.clone(),
                sources,
                duplicates: others.iter().map(|r| r.id.clone()).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.sources[0].file.as_str(), a.sources[0].line)
            .cmp(&(b.sources[0].file.as_str(), b.sources[0].line))
    });
    out
}

/// The topic most members have; a tie goes to the canonical record's (listed first).
fn voted_topic(members: &[&Record]) -> (Option<String>, Option<crate::model::TopicSource>) {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for topic in members.iter().filter_map(|r| r.topic.as_deref()) {
        match counts.iter_mut().find(|(t, _)| *t == topic) {
            Some((_, n)) => *n += 1,
            None => counts.push((topic, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for &(topic, n) in &counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((topic, n));
        }
    }
    let Some((topic, _)) = best else {
        return (None, None);
    };
    let source = if members[0].topic.as_deref() == Some(topic) {
        members[0].topic_source
    } else {
        Some(crate::model::TopicSource::Votes)
    };
    (Some(topic.to_string()), source)
}

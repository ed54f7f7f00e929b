//! Stage 5, tag: a topic from the taxonomy and a level (experience band) for each record, each
//! with where it came from.
//!
//! Input: a record and the [`TagRules`] built from `schema/topics.json` (the code holds no topic
//! words). Output: [`Tags`].
//!
//! Topic: weighted keyword matches on the question (strong) and the answer (weak), the section
//! headings as a prior, then the taxonomy's tie-break rules: a behavioural cue wins; a coding task
//! is `algorithms` unless it builds a language feature; a cross-cutting concern (security,
//! databases, deployment, testing, architecture) beats `web`. Runners-up above a threshold are the
//! secondary topics.
//!
//! Level, strongest source first: a marker on the question (`[HARD]`, an emoji), the nearest level
//! heading above it, the document title, the file path, and last inference from the concepts the
//! question names, its form and its topic.
//!
//! Guarantees: pure, deterministic, never fails once the rules are built.

mod level;
mod rules;

#[cfg(test)]
mod truth_tests;

pub use crate::model::TopicSource;
use crate::model::{Level, LevelSource, Record};
pub use rules::TagRules;
use serde::Serialize;
use std::collections::HashMap;

/// What tagging found for one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tags {
    pub topic: String,
    pub topics: Vec<String>,
    pub topic_source: TopicSource,
    pub level: Option<Level>,
    pub level_source: Option<LevelSource>,
}

/// Tags every record of one document and writes the tags into them. What the headings, title
/// and path say is worked out once per section path, not once per record.
pub fn apply_to_document(records: &mut [Record], rules: &TagRules) {
    type Context = (Vec<usize>, Option<(Level, LevelSource)>);
    let mut contexts: HashMap<(Vec<String>, Option<String>, String), Context> = HashMap::new();
    for record in records.iter_mut() {
        let key = (
            record.section.clone(),
            record.title.clone(),
            record.file.clone(),
        );
        let (heading_topics, context) = contexts
            .entry(key)
            .or_insert_with(|| {
                (
                    rules.heading_topics(&record.section),
                    level::context_level(
                        &record.section,
                        record.title.as_deref(),
                        &record.file,
                        rules,
                    ),
                )
            })
            .clone();
        let tags = tag_with(record, rules, &heading_topics, context);
        write(record, tags);
    }
}

fn write(record: &mut Record, tags: Tags) {
    record.topic = Some(tags.topic);
    record.topic_source = Some(tags.topic_source);
    record.topics = tags.topics;
    record.level = tags.level;
    record.level_source = tags.level_source;
}

/// Tags one record.
pub fn tag(record: &Record, rules: &TagRules) -> Tags {
    let heading_topics = rules.heading_topics(&record.section);
    let context = level::context_level(
        &record.section,
        record.title.as_deref(),
        &record.file,
        rules,
    );
    tag_with(record, rules, &heading_topics, context)
}

fn tag_with(
    record: &Record,
    rules: &TagRules,
    heading_topics: &[usize],
    context: Option<(Level, LevelSource)>,
) -> Tags {
    let (topic, topics, topic_source) = rules.topic_of(record, heading_topics);
    let (level, level_source) = match level::marker(record, rules).or(context) {
        Some((level, source)) => (Some(level), Some(source)),
        None => match level::inferred_level(record, &topic, rules) {
            Some(level) => (Some(level), Some(LevelSource::Inferred)),
            None => (None, None),
        },
    };
    Tags {
        topic,
        topics,
        topic_source,
        level,
        level_source,
    }
}

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

/// What tagging found for one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tags {
    pub topic: String,
    pub topics: Vec<String>,
    pub topic_source: TopicSource,
    pub level: Option<Level>,
    pub level_source: Option<LevelSource>,
}

/// Tags one record and writes the tags into it.
pub fn apply(record: &mut Record, rules: &TagRules) {
    let tags = tag(record, rules);
    record.topic = Some(tags.topic);
    record.topic_source = Some(tags.topic_source);
    record.topics = tags.topics;
    record.level = tags.level;
    record.level_source = tags.level_source;
}

/// Tags one record.
pub fn tag(record: &Record, rules: &TagRules) -> Tags {
    let (topic, topics, topic_source) = rules.topic_of(record);
    let (level, level_source) = match level::given_level(record, rules) {
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

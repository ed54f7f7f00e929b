//! The tagging rules, built once from `schema/topics.json`, and topic scoring.

use super::TopicSource;
use crate::model::{Level, Record};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicFile {
    #[allow(dead_code)]
    about: String,
    topics: Vec<TopicEntry>,
    rules: RuleEntry,
    levels: LevelEntry,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicEntry {
    id: String,
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    definition: String,
    /// The level a question of this topic gets when nothing else tells one.
    #[serde(default)]
    usual_level: Option<Level>,
    keywords: std::collections::BTreeMap<String, f64>,
    #[serde(default)]
    headings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    behavioral_cues: Vec<String>,
    coding_task_openers: Vec<String>,
    feature_builds: Vec<(String, String)>,
    cross_cutting_precedence: Vec<String>,
    secondary_min_ratio: f64,
    secondary_min_score: f64,
    answer_weight: f64,
    heading_prior: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelEntry {
    bands: Vec<BandEntry>,
    heading_words_that_are_levels_alone: Vec<String>,
    concepts: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandEntry {
    id: Level,
    min_years: u32,
    #[allow(dead_code)]
    max_years: Option<u32>,
    words: Vec<String>,
    markers: Vec<String>,
}

/// A level band: its lower bound in years, the words and markers that name it.
#[derive(Debug, Clone)]
pub struct Band {
    pub level: Level,
    pub min_years: u32,
    pub words: Vec<String>,
    pub markers: Vec<String>,
}

/// Everything tagging needs, compiled once.
#[derive(Debug)]
pub struct TagRules {
    pub topic_ids: Vec<String>,
    /// By topic, the level its questions get when nothing else tells one (`usual_level`).
    pub usual_levels: Vec<Option<Level>>,
    headings: Vec<Vec<String>>,
    /// One automaton over every keyword of every topic; `keyword_of[pattern]` = (topic, weight).
    keywords: AhoCorasick,
    keyword_of: Vec<(usize, f64, bool, bool)>,
    behavioral_cues: Vec<String>,
    coding_openers: Vec<String>,
    feature_builds: Vec<(String, usize)>,
    precedence: Vec<usize>,
    secondary_min_ratio: f64,
    secondary_min_score: f64,
    answer_weight: f64,
    heading_prior: f64,
    pub bands: Vec<Band>,
    pub level_words: Vec<String>,
    /// Concept phrases with the level they indicate, and one automaton over all of them.
    pub concepts: Vec<(String, Level)>,
    pub concept_finder: AhoCorasick,
}

impl TagRules {
    /// Builds the rules from the text of `schema/topics.json`; the error says what is wrong.
    pub fn from_json(text: &str) -> Result<TagRules, String> {
        let file: TopicFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.topics.is_empty() {
            return Err("no topics".into());
        }
        let topic_ids: Vec<String> = file.topics.iter().map(|t| t.id.clone()).collect();
        let index_of = |id: &str| -> Result<usize, String> {
            topic_ids
                .iter()
                .position(|t| t == id)
                .ok_or_else(|| format!("unknown topic {id:?} in rules"))
        };
        let (keywords, keyword_of) = keyword_finder(&file.topics)?;
        let rules = &file.rules;
        let feature_builds = rules
            .feature_builds
            .iter()
            .map(|(k, t)| Ok((k.to_lowercase(), index_of(t)?)))
            .collect::<Result<_, String>>()?;
        let precedence = rules
            .cross_cutting_precedence
            .iter()
            .map(|t| index_of(t))
            .collect::<Result<_, String>>()?;
        let (concepts, concept_finder) = concept_finder(&file.levels.concepts)?;
        let usual_levels = file.topics.iter().map(|t| t.usual_level).collect();
        Ok(TagRules {
            usual_levels,
            concept_finder,
            headings: file.topics.iter().map(|t| lower(&t.headings)).collect(),
            topic_ids,
            keywords,
            keyword_of,
            behavioral_cues: lower(&rules.behavioral_cues),
            coding_openers: lower(&rules.coding_task_openers),
            feature_builds,
            precedence,
            secondary_min_ratio: rules.secondary_min_ratio,
            secondary_min_score: rules.secondary_min_score,
            answer_weight: rules.answer_weight,
            heading_prior: rules.heading_prior,
            bands: file.levels.bands.into_iter().map(Band::from).collect(),
            level_words: file.levels.heading_words_that_are_levels_alone,
            concepts,
        })
    }

    /// Adds each keyword's weight (once per keyword) found as a whole word in `text`.
    fn add_keywords(&self, text: &str, factor: f64, scores: &mut [f64]) {
        let bytes = text.as_bytes();
        let mut seen = vec![false; self.keyword_of.len()];
        for m in self.keywords.find_overlapping_iter(text) {
            let k = m.pattern().as_usize();
            let (topic, weight, starts_word, ends_word) = self.keyword_of[k];
            let before_ok =
                !starts_word || m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
            let after_ok =
                !ends_word || m.end() == bytes.len() || !bytes[m.end()].is_ascii_alphanumeric();
            if before_ok && after_ok && !seen[k] {
                seen[k] = true;
                scores[topic] += weight * factor;
            }
        }
    }

    /// The topics whose heading phrases the section path holds (a prior for every record under it).
    pub fn heading_topics(&self, section: &[String]) -> Vec<usize> {
        let mut out = Vec::new();
        for heading in section {
            let h = heading.to_lowercase();
            for (t, phrases) in self.headings.iter().enumerate() {
                if phrases.iter().any(|p| h.contains(p.as_str())) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// The topic, the secondary topics and where the topic came from; `heading_topics` is what
    /// [`TagRules::heading_topics`] says of the record's section path.
    pub fn topic_of(
        &self,
        record: &Record,
        heading_topics: &[usize],
    ) -> (String, Vec<String>, TopicSource) {
        let question = record.question.to_lowercase();
        let mut scores = vec![0.0; self.topic_ids.len()];
        self.add_keywords(&question, 1.0, &mut scores);
        let from_question = scores.iter().any(|&s| s > 0.0);
        if let Some(answer) = &record.answer {
            // The answer is weak evidence, and only its first thousand characters.
            let cut = answer
                .char_indices()
                .nth(1000)
                .map_or(answer.len(), |(i, _)| i);
            self.add_keywords(
                &answer[..cut].to_lowercase(),
                self.answer_weight,
                &mut scores,
            );
        }
        let from_heading = !heading_topics.is_empty();
        for &t in heading_topics {
            scores[t] += self.heading_prior;
        }
        let ranked = self.ranked(&scores);
        let best = ranked.first().copied().filter(|&t| scores[t] > 0.0);
        let (topic, source) = match self.rule_topic(&question, &scores) {
            Some(t) => (t, TopicSource::Rule),
            None => match best {
                Some(t) if from_question => (t, TopicSource::Keywords),
                Some(t) if from_heading => (t, TopicSource::Heading),
                Some(t) => (t, TopicSource::Keywords),
                None => (0, TopicSource::Fallback),
            },
        };
        let top = scores[topic].max(scores[ranked[0]]);
        let secondary = ranked
            .iter()
            .copied()
            .filter(|&t| {
                t != topic
                    && scores[t] >= self.secondary_min_score
                    && scores[t] >= top * self.secondary_min_ratio
            })
            .take(2)
            .map(|t| self.topic_ids[t].clone())
            .collect();
        (self.topic_ids[topic].clone(), secondary, source)
    }

    /// Topics by score, highest first; ties in taxonomy order.
    fn ranked(&self, scores: &[f64]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        order
    }

    /// The taxonomy's tie-break rules, in order.
    fn rule_topic(&self, question: &str, scores: &[f64]) -> Option<usize> {
        let behavioral = self.topic_ids.iter().position(|t| t == "behavioral");
        if self
            .behavioral_cues
            .iter()
            .any(|c| question.contains(c.as_str()))
        {
            return behavioral;
        }
        let first = question
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let opens_task = self
            .coding_openers
            .iter()
            .any(|o| question.starts_with(o.as_str()) && (o.contains(' ') || o == first));
        if opens_task {
            let built = self
                .feature_builds
                .iter()
                .find(|(k, _)| contains_word(question, k))
                .map(|(_, t)| *t);
            return built.or_else(|| self.topic_ids.iter().position(|t| t == "algorithms"));
        }
        // A cross-cutting concern beats the framework it is asked about.
        let ranked = self.ranked(scores);
        let web = *self.precedence.last()?;
        if ranked.first() == Some(&web) {
            let concern = self.precedence[..self.precedence.len() - 1]
                .iter()
                .copied()
                .find(|&t| scores[t] >= scores[web] * 0.6 && scores[t] >= 5.0);
            if concern.is_some() {
                return concern;
            }
        }
        None
    }
}

/// One automaton over every keyword of every topic (lower-cased), and for each keyword its
/// topic, its weight and whether it starts and ends with a word character.
type KeywordFinder = (AhoCorasick, Vec<(usize, f64, bool, bool)>);

fn keyword_finder(topics: &[TopicEntry]) -> Result<KeywordFinder, String> {
    let mut patterns = Vec::new();
    let mut keyword_of = Vec::new();
    for (t, topic) in topics.iter().enumerate() {
        for (keyword, weight) in &topic.keywords {
            let k = keyword.to_lowercase();
            let starts_word = k.starts_with(|c: char| c.is_alphanumeric());
            let ends_word = k.ends_with(|c: char| c.is_alphanumeric());
            patterns.push(k);
            keyword_of.push((t, *weight, starts_word, ends_word));
        }
    }
    let keywords = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .map_err(|e| e.to_string())?;
    Ok((keywords, keyword_of))
}

/// Concept phrases (lower-cased) with the level each indicates, and one automaton over all of
/// them.
fn concept_finder(
    by_level: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<(Vec<(String, Level)>, AhoCorasick), String> {
    let mut concepts = Vec::new();
    for (level, phrases) in by_level {
        let level: Level = serde_json::from_value(serde_json::Value::String(level.clone()))
            .map_err(|_| format!("unknown level {level:?}"))?;
        concepts.extend(phrases.iter().map(|p| (p.to_lowercase(), level)));
    }
    let finder = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(concepts.iter().map(|(p, _)| p.as_str()))
        .map_err(|e| e.to_string())?;
    Ok((concepts, finder))
}

impl From<BandEntry> for Band {
    fn from(b: BandEntry) -> Band {
        Band {
            level: b.id,
            min_years: b.min_years,
            words: b.words,
            markers: b.markers,
        }
    }
}

/// Each phrase lower-cased.
fn lower(phrases: &[String]) -> Vec<String> {
    phrases.iter().map(|p| p.to_lowercase()).collect()
}

/// `needle` in `text` as a whole word or phrase.
pub fn contains_word(text: &str, needle: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(needle).any(|(at, _)| {
        let before = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let end = at + needle.len();
        let after = end == bytes.len() || !bytes[end].is_ascii_alphanumeric() || bytes[end] == b's';
        before && after
    })
}

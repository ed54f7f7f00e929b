//! Levels: read from what the source says (marker, heading, title, path), else inferred.

use super::rules::{contains_word, TagRules};
use crate::model::{Level, LevelSource, Record};
use regex::Regex;
use std::sync::OnceLock;

fn years_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(\d{1,2})\s*(?:\+|&|-|–|to|and)?\s*(\d{1,2})?\s*\+?\s*(?:years?|yrs?|yoe)\b",
        )
        .expect("static regex")
    })
}

/// The band whose lower bound in years is the largest not above `years`.
fn band_of_years(years: u32, rules: &TagRules) -> Option<Level> {
    rules
        .bands
        .iter()
        .filter(|b| b.min_years <= years)
        .max_by_key(|b| b.min_years)
        .map(|b| b.level)
}

/// A years phrase: `Some(Some(level))` from its lower bound, `Some(None)` when it spans more than
/// one band (`0-6 years`: no level), `None` when the text names no years.
fn years_level(text: &str, rules: &TagRules) -> Option<Option<Level>> {
    let c = years_regex().captures(text)?;
    let low: u32 = c[1].parse().ok()?;
    let band = band_of_years(low, rules);
    match c.get(2).and_then(|m| m.as_str().parse::<u32>().ok()) {
        Some(high) if band_of_years(high, rules) != band => Some(None),
        _ => Some(band),
    }
}

/// The level a heading or title names. Explicit years beat words; a level word counts only as
/// `<Level> [Level] [Python] [Interview] Questions` or as a word that is a level on its own
/// (`Freshers`, `Senior`): `Advanced OOP` and `Advanced Topics` are topics, not levels.
pub fn heading_level(text: &str, rules: &TagRules) -> Option<Level> {
    if let Some(years) = years_level(text, rules) {
        return years;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    // A heading that is a level word and nothing else (`Easy`, `## Hard`, a bank's `"medium"` key).
    if let [only] = words.as_slice() {
        if let Some(band) = rules
            .bands
            .iter()
            .find(|b| b.words.iter().any(|w| w == only))
        {
            return Some(band.level);
        }
    }
    for band in &rules.bands {
        for word in &band.words {
            for (i, w) in words.iter().enumerate() {
                if w != word {
                    continue;
                }
                if rules.level_words.contains(word) {
                    return Some(band.level);
                }
                let rest: Vec<&str> = words[i + 1..]
                    .iter()
                    .copied()
                    .filter(|w| !matches!(*w, "level" | "python" | "interview"))
                    .take(1)
                    .collect();
                if rest
                    .first()
                    .is_some_and(|w| *w == "questions" || *w == "question")
                {
                    return Some(band.level);
                }
            }
        }
    }
    None
}

/// A per-question marker: `[HARD]`, an emoji of a band, `Difficulty: Medium`.
fn marker_level(record: &Record, rules: &TagRules) -> Option<Level> {
    // The difficulty a bank or a table states is the closest source there is.
    if let Some(d) = record.difficulty.as_deref() {
        let d = d.trim().to_lowercase();
        if let Some(band) = rules.bands.iter().find(|b| b.words.contains(&d)) {
            return Some(band.level);
        }
    }
    let first_answer_line = record
        .answer
        .as_deref()
        .and_then(|a| a.lines().next())
        .unwrap_or("");
    for text in [record.question.as_str(), first_answer_line] {
        for band in &rules.bands {
            if band.markers.iter().any(|m| text.contains(m.as_str())) {
                return Some(band.level);
            }
        }
        let lower = text.to_lowercase();
        if let Some(at) = lower.find("difficulty:") {
            let value = lower[at + "difficulty:".len()..]
                .split_whitespace()
                .next()
                .unwrap_or("");
            if let Some(band) = rules.bands.iter().find(|b| {
                b.words
                    .iter()
                    .any(|w| w == value.trim_matches(|c: char| !c.is_alphanumeric()))
            }) {
                return Some(band.level);
            }
        }
    }
    None
}

/// A level named by the file path: `junior_questions.md`, `senior/python.md`, `3-years.txt`.
fn path_level(file: &str, rules: &TagRules) -> Option<Level> {
    let spaced: String = file
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '+' {
                c
            } else {
                ' '
            }
        })
        .collect();
    if let Some(years) = years_level(&spaced, rules) {
        return years;
    }
    let lower = spaced.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    rules
        .bands
        .iter()
        .find(|b| b.words.iter().any(|w| words.contains(&w.as_str())))
        .map(|b| b.level)
}

/// The level a record's marker gives.
pub fn marker(record: &Record, rules: &TagRules) -> Option<(Level, LevelSource)> {
    marker_level(record, rules).map(|level| (level, LevelSource::Marker))
}

/// The level a record's context gives, and where: nearest level heading, title, path. The same
/// for every record under one section path of one document.
pub fn context_level(
    section: &[String],
    title: Option<&str>,
    file: &str,
    rules: &TagRules,
) -> Option<(Level, LevelSource)> {
    if let Some(level) = section.iter().rev().find_map(|h| heading_level(h, rules)) {
        return Some((level, LevelSource::Heading));
    }
    if let Some(level) = title.and_then(|t| heading_level(t, rules)) {
        return Some((level, LevelSource::Title));
    }
    path_level(file, rules).map(|level| (level, LevelSource::Path))
}

fn step(level: Level, by: i32) -> Level {
    const ORDER: [Level; 4] = [
        Level::Beginner,
        Level::Intermediate,
        Level::Advanced,
        Level::Expert,
    ];
    let at = ORDER.iter().position(|l| *l == level).unwrap_or(0) as i32;
    ORDER[(at + by).clamp(0, 3) as usize]
}

/// A level inferred from the question when the source gives none: the hardest concept it names,
/// else its topic's usual band; a design or operations question one band up. `None` when
/// neither a concept nor the topic says anything (a coding task or a behavioural question).
pub fn inferred_level(record: &Record, topic: &str, rules: &TagRules) -> Option<Level> {
    let q = record.question.to_lowercase();
    let concept = rules
        .concepts
        .iter()
        .filter(|(phrase, _)| starts_a_word(&q, phrase))
        .map(|(_, level)| *level)
        .max();
    // The topic's usual band, from the taxonomy (`usual_level` in `schema/topics.json`).
    let prior = rules
        .topic_ids
        .iter()
        .position(|t| t == topic)
        .and_then(|k| rules.usual_levels[k]);
    let base = concept.or(prior)?;
    let operations = [
        "design",
        "scale",
        "in production",
        "scenario",
        "trade-off",
        "at scale",
    ]
    .iter()
    .any(|cue| contains_word(&q, cue));
    Some(if operations { step(base, 1) } else { base })
}

/// `phrase` occurs in `text` starting at a word boundary (its end may run on: `profil` in
/// `profiling`).
fn starts_a_word(text: &str, phrase: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(phrase).any(|(at, _)| {
        at == 0
            || !bytes[at - 1].is_ascii_alphanumeric()
            || !phrase.starts_with(|c: char| c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::tag::truth_tests::rules;

    #[test]
    fn headings_and_titles_from_the_seeds() {
        use Level::*;
        let r = rules();
        let cases = [
            (
                "Python Interview Questions (3+ Years Experience)",
                Some(Intermediate),
            ),
            ("Python Interview Questions for Freshers", Some(Beginner)),
            (
                "Python Interview Questions For 2&3 Years Experience",
                Some(Intermediate),
            ),
            (
                "Python Interview Questions For 4&5 Years Experience",
                Some(Advanced),
            ),
            (
                "Python Interview Questions For 10 Years Experience",
                Some(Expert),
            ),
            (
                "Top Python Interview Questions & Answers for 10+ Years Experienced Candidates",
                Some(Expert),
            ),
            (
                "Python Interview Questions (4 Years Experience)",
                Some(Advanced),
            ),
            ("Python Medium Level Questions", Some(Intermediate)),
            ("Python Advanced Level Questions", Some(Advanced)),
            ("Basic Python Interview Questions", Some(Beginner)),
            ("Intermediate", Some(Intermediate)),
            ("Advanced OOP", None),
            ("Advanced Topics", None),
            ("Python Interview Questions (60+ Deep Dive Q&A)", None),
            ("Questions for 0-6 years of experience", None),
            ("Senior-level questions (10+ years)", Some(Expert)),
        ];
        for (text, want) in cases {
            assert_eq!(heading_level(text, &r), want, "{text}");
        }
    }

    #[test]
    fn paths_name_levels() {
        let r = rules();
        assert_eq!(path_level("junior_questions.md", &r), Some(Level::Beginner));
        assert_eq!(path_level("senior/python.md", &r), Some(Level::Advanced));
        assert_eq!(
            path_level("python-3-years.txt", &r),
            Some(Level::Intermediate)
        );
        assert_eq!(path_level("000_7d037de6090a6027.txt", &r), None);
    }
}

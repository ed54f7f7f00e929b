//! Comparing two questions: several signals, a veto for substituted words, and one score.
//!
//! The score is the 3-gram TF-IDF cosine, lowered by 0.2 when a contrast group is substituted
//! (`Flask` on one side, `FastAPI` on the other: such a pair is also vetoed from merging) and by
//! 0.2 when each side has a distinctive word the other lacks (a template with two fillings). The other signals (IDF-weighted token
//! overlap and containment, Jaro-Winkler) are evidence for the reviewer.

use super::features::{Corpus, Features};
use serde::Serialize;
use std::collections::BTreeSet;

/// Penalty for a substituted member of a contrast group (see `schema/contrasts.json`).
pub const CONTRAST_PENALTY: f64 = 0.2;
/// Penalty when both sides have distinctive words the other lacks.
pub const SUBSTITUTION_PENALTY: f64 = 0.2;

/// Everything said about one pair: the signals, the words only one side has, the rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub score: f64,
    pub cosine: f64,
    pub overlap: f64,
    pub containment: f64,
    pub jaro_winkler: f64,
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
    /// The contrast group substituted, when one is: such a pair is never merged without review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contrast: Option<String>,
    pub rule: String,
}

/// The words clustering needs to know, from `schema/contrasts.json`: two-word names joined into
/// one token, and groups of things of one kind (a question about one is not about another).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    compounds: Vec<(regex::Regex, String)>,
    /// Each group: its name and its members, each member a set of tokens that name it.
    groups: Vec<(String, Vec<BTreeSet<String>>)>,
}

impl Lexicon {
    /// Builds the lexicon; the error names the compound whose pattern cannot be built.
    pub fn new(
        compounds: &[(String, String)],
        groups: &[(String, Vec<Vec<String>>)],
    ) -> Result<Lexicon, String> {
        let mut built = Vec::with_capacity(compounds.len());
        for (phrase, token) in compounds {
            let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
            let pattern = format!(r"(?i)\b{}s?\b", words.join(r"\s+"));
            let re =
                regex::Regex::new(&pattern).map_err(|e| format!("compound {phrase:?}: {e}"))?;
            built.push((re, token.clone()));
        }
        let mut lexicon = Lexicon {
            compounds: built,
            groups: Vec::new(),
        };
        lexicon.groups = groups
            .iter()
            .map(|(name, members)| {
                let members = members
                    .iter()
                    .map(|synonyms| synonyms.iter().flat_map(|w| lexicon.tokens(w)).collect())
                    .collect();
                (name.clone(), members)
            })
            .collect();
        Ok(lexicon)
    }

    /// A question's tokens, compounds joined first.
    pub fn tokens(&self, text: &str) -> Vec<String> {
        if self.compounds.is_empty() {
            return super::features::tokens(text);
        }
        let mut joined = std::borrow::Cow::Borrowed(text);
        for (re, token) in &self.compounds {
            if re.is_match(&joined) {
                joined =
                    std::borrow::Cow::Owned(re.replace_all(&joined, token.as_str()).into_owned());
            }
        }
        super::features::tokens(&joined)
    }

    /// The first group in which the two token sets name different members.
    fn substituted(&self, a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> Option<String> {
        self.groups.iter().find_map(|(name, members)| {
            let named = |side: &BTreeSet<&str>| -> BTreeSet<usize> {
                members
                    .iter()
                    .enumerate()
                    .filter(|(_, words)| words.iter().any(|w| side.contains(w.as_str())))
                    .map(|(k, _)| k)
                    .collect()
            };
            let (in_a, in_b) = (named(a), named(b));
            (!in_a.is_empty() && !in_b.is_empty() && in_a != in_b).then(|| name.clone())
        })
    }
}

/// Two tokens that are the same word written differently (`deep` / `deepcopy`, `multithread` /
/// `threading`, `decorator` / `decroator`): equal, one holds the other, or nearly the same string.
fn alike(a: &str, b: &str) -> bool {
    a == b
        || (a.len() >= 4 && b.len() >= 4 && (a.contains(b) || b.contains(a)))
        // A typo or an OCR slip (`decroator`): long words that are nearly the same string.
        || (a.len() >= 6 && a.len().abs_diff(b.len()) <= 2 && a.as_bytes()[0] == b.as_bytes()[0] && strsim::jaro_winkler(a, b) >= 0.93)
}

/// Distinctive tokens of `a` with no alike token in `b`.
fn unmatched(a: &BTreeSet<&str>, b: &BTreeSet<&str>, corpus: &Corpus) -> Vec<String> {
    a.iter()
        .filter(|t| corpus.is_distinctive(t) && !b.iter().any(|u| alike(t, u)))
        .map(|t| t.to_string())
        .collect()
}

fn weighted_overlap(a: &BTreeSet<&str>, b: &BTreeSet<&str>, corpus: &Corpus) -> (f64, f64) {
    let weight = |set: &mut dyn Iterator<Item = &&str>| set.map(|t| corpus.idf(t)).sum::<f64>();
    let shared = weight(&mut a.intersection(b));
    let union = weight(&mut a.union(b));
    let smaller = weight(&mut a.iter()).min(weight(&mut b.iter()));
    let overlap = if union > 0.0 { shared / union } else { 0.0 };
    let containment = if smaller > 0.0 { shared / smaller } else { 0.0 };
    (overlap, containment)
}

/// Compares two questions.
pub fn compare(a: &Features, b: &Features, corpus: &Corpus, lexicon: &Lexicon) -> Evidence {
    let set_a: BTreeSet<&str> = a.tokens.iter().map(String::as_str).collect();
    let set_b: BTreeSet<&str> = b.tokens.iter().map(String::as_str).collect();
    let cosine = a.cosine(b);
    let (overlap, containment) = weighted_overlap(&set_a, &set_b, corpus);
    let jaro_winkler = strsim::jaro_winkler(&a.text, &b.text);
    let only_a = unmatched(&set_a, &set_b, corpus);
    let only_b = unmatched(&set_b, &set_a, corpus);
    let contrast = lexicon.substituted(&set_a, &set_b);
    let (score, rule) = if a.text == b.text {
        (1.0, "same-text".to_string())
    } else {
        let mut score = cosine;
        let mut rule = "cosine".to_string();
        if let Some(group) = &contrast {
            score -= CONTRAST_PENALTY;
            rule = format!("contrast:{group}");
        }
        if !only_a.is_empty() && !only_b.is_empty() {
            score -= SUBSTITUTION_PENALTY;
            rule.push_str("+substitution");
        }
        (score.max(0.0), rule)
    };
    Evidence {
        score: round(score),
        cosine: round(cosine),
        overlap: round(overlap),
        containment: round(containment),
        jaro_winkler: round(jaro_winkler),
        only_a,
        only_b,
        contrast,
        rule,
    }
}

/// Four decimals: enough to rank, and stable in the JSON output.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

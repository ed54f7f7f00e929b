//! Comparing two questions: several signals, a veto for substituted words, and one score.
//!
//! The score is the 3-gram TF-IDF cosine, lowered by 0.2 when a contrast group is substituted
//! (`Flask` on one side, `FastAPI` on the other: such a pair is also vetoed from merging) and by
//! 0.2 when each side has a distinctive word the other lacks (a template with two fillings). The other signals (IDF-weighted token
//! overlap and containment, Jaro-Winkler) are evidence for the reviewer.

use super::features::{Features, Token};
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
    /// One pattern for every compound, and the token each spelling (lower case, single spaces,
    /// no plural s) stands for.
    compounds: Option<regex::Regex>,
    compound_tokens: std::collections::HashMap<String, String>,
    /// Each group: its name and its members, each member the sorted tokens that name it.
    groups: Vec<(String, Vec<Vec<String>>)>,
}

impl Lexicon {
    /// Builds the lexicon; the error names what cannot be built.
    pub fn new(
        compounds: &[(String, String)],
        groups: &[(String, Vec<Vec<String>>)],
    ) -> Result<Lexicon, String> {
        let mut alternatives = Vec::with_capacity(compounds.len());
        let mut compound_tokens = std::collections::HashMap::new();
        for (phrase, token) in compounds {
            let words: Vec<String> = phrase
                .split_whitespace()
                .map(|w| regex::escape(&w.to_lowercase()))
                .collect();
            if words.is_empty() {
                return Err(format!("compound {phrase:?} has no words"));
            }
            alternatives.push(words.join(r"\s+"));
            compound_tokens.insert(words.join(" "), token.clone());
        }
        let compounds = if alternatives.is_empty() {
            None
        } else {
            let pattern = format!(r"(?i)\b(?:{})s?\b", alternatives.join("|"));
            Some(regex::Regex::new(&pattern).map_err(|e| format!("compounds: {e}"))?)
        };
        let mut lexicon = Lexicon {
            compounds,
            compound_tokens,
            groups: Vec::new(),
        };
        if groups.len() > u16::MAX as usize {
            return Err("too many groups".into());
        }
        lexicon.groups = groups
            .iter()
            .map(|(name, members)| {
                let members = members
                    .iter()
                    .map(|synonyms| {
                        let mut words: Vec<String> =
                            synonyms.iter().flat_map(|w| lexicon.tokens(w)).collect();
                        words.sort_unstable();
                        words.dedup();
                        words
                    })
                    .collect();
                (name.clone(), members)
            })
            .collect();
        Ok(lexicon)
    }

    /// A question's tokens, compounds joined first.
    pub fn tokens(&self, text: &str) -> Vec<String> {
        match &self.compounds {
            Some(re) if re.is_match(text) => {
                let joined = re.replace_all(text, |caps: &regex::Captures| {
                    let spelled = caps[0]
                        .to_lowercase()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let key = spelled
                        .strip_suffix('s')
                        .filter(|k| self.compound_tokens.contains_key(*k))
                        .unwrap_or(&spelled);
                    self.compound_tokens
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| caps[0].to_string())
                });
                super::features::tokens(&joined)
            }
            _ => super::features::tokens(text),
        }
    }

    /// The (group, member) pairs that the sorted `words` name.
    pub fn memberships(&self, words: &[String]) -> Vec<(u16, u16)> {
        let mut out = Vec::new();
        for (g, (_, members)) in self.groups.iter().enumerate() {
            for (m, names) in members.iter().enumerate() {
                if names.iter().any(|n| words.binary_search(n).is_ok()) {
                    out.push((g as u16, m as u16));
                }
            }
        }
        out
    }

    /// The first group in which the two questions name different members.
    fn substituted(&self, a: &[(u16, u16)], b: &[(u16, u16)]) -> Option<String> {
        let groups_a: BTreeSet<u16> = a.iter().map(|(g, _)| *g).collect();
        groups_a.into_iter().find_map(|g| {
            let in_a: Vec<u16> = a.iter().filter(|(x, _)| *x == g).map(|(_, m)| *m).collect();
            let in_b: Vec<u16> = b.iter().filter(|(x, _)| *x == g).map(|(_, m)| *m).collect();
            (!in_b.is_empty() && in_a != in_b).then(|| self.groups[g as usize].0.clone())
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

/// Distinctive tokens of `a` with no alike token in `b` (both sorted).
fn unmatched(a: &[Token], b: &[Token]) -> Vec<String> {
    a.iter()
        .filter(|t| {
            t.distinctive
                && b.binary_search_by(|u| u.word.as_str().cmp(&t.word))
                    .is_err()
        })
        .filter(|t| !b.iter().any(|u| alike(&t.word, &u.word)))
        .map(|t| t.word.clone())
        .collect()
}

/// IDF-weighted Jaccard overlap and containment (shared weight over the smaller side's).
fn weighted_overlap(a: &[Token], b: &[Token]) -> (f64, f64) {
    let (mut i, mut j, mut shared) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].word.cmp(&b[j].word) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += a[i].idf as f64;
                i += 1;
                j += 1;
            }
        }
    }
    let total_a: f64 = a.iter().map(|t| t.idf as f64).sum();
    let total_b: f64 = b.iter().map(|t| t.idf as f64).sum();
    let union = total_a + total_b - shared;
    let smaller = total_a.min(total_b);
    (
        if union > 0.0 { shared / union } else { 0.0 },
        if smaller > 0.0 { shared / smaller } else { 0.0 },
    )
}

/// Compares two questions.
pub fn compare(a: &Features, b: &Features, lexicon: &Lexicon) -> Evidence {
    compare_with_cosine(a, b, a.cosine(b), lexicon)
}

/// Compares two questions whose cosine is known already.
pub fn compare_with_cosine(a: &Features, b: &Features, cosine: f64, lexicon: &Lexicon) -> Evidence {
    let (overlap, containment) = weighted_overlap(&a.set, &b.set);
    let jaro_winkler = strsim::jaro_winkler(&a.text, &b.text);
    let only_a = unmatched(&a.set, &b.set);
    let only_b = unmatched(&b.set, &a.set);
    let contrast = lexicon.substituted(&a.groups, &b.groups);
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

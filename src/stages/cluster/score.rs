//! Comparing two questions: a few similarity signals, and a small logistic model over them that
//! says how likely the two ask the same thing.
//!
//! A rewording keeps a question's subject and changes its frame (`When should you avoid X in Y?` /
//! `In Y, when would you not use X?`); a look-alike keeps the frame and changes the subject (`... X
//! in Z?`). So the signals weigh the words only one side has by whether they are frame words
//! (`schema/contrasts.json`) and by how rare they are. The weights and the two thresholds are data
//! (`schema/cluster-model.json`), fitted by `qclean calibrate` on labelled pairs.

use super::features::{Features, Lexicon, Token};
pub use crate::text::words::alike;
use serde::Serialize;
use std::collections::BTreeSet;

/// The names of the signals, in the order of [`Signals::values`] and of the model's weights.
pub const SIGNALS: [&str; 11] = [
    "same_subject",
    "clause_subject",
    "relation_swap",
    "cosine",
    "content_overlap",
    "content_containment",
    "substitution",
    "extra",
    "frame_change",
    "contrast",
    "jaro_winkler",
];

/// What the model sees of a pair, each in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signals {
    /// 1 when neither side has a subject word the other lacks (a typo counts as the word).
    pub same_subject: f64,
    /// 1 when one clause of a question in several (`What is X? When would you use it?`) has the
    /// subject of the other question.
    pub clause_subject: f64,
    /// 1 when both ask `X instead of / over / rather than Z` with the sides swapped (`use X
    /// instead of Z` / `use Z instead of X`).
    pub relation_swap: f64,
    /// Character 3-gram TF-IDF cosine over every token.
    pub cosine: f64,
    /// Subject words both sides have (a typo counts as the word), IDF-weighted, over all of them.
    pub content_overlap: f64,
    /// The better-covered side's share of its subject words found in the other.
    pub content_containment: f64,
    /// A subject word swapped for another: the lesser of the two sides' rarest unmatched words.
    pub substitution: f64,
    /// The share of subject weight one side has and the other lacks, on the worse side.
    pub extra: f64,
    /// Frame words that differ, over all frame words of the pair.
    pub frame_change: f64,
    /// 1 when the pair names different members of one contrast group (Flask / FastAPI).
    pub contrast: f64,
    pub jaro_winkler: f64,
}

impl Signals {
    pub fn values(&self) -> [f64; 11] {
        [
            self.same_subject,
            self.clause_subject,
            self.relation_swap,
            self.cosine,
            self.content_overlap,
            self.content_containment,
            self.substitution,
            self.extra,
            self.frame_change,
            self.contrast,
            self.jaro_winkler,
        ]
    }
}

/// The logistic model: weights over [`SIGNALS`], and the probabilities at which a pair merges or is
/// flagged for review.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub bias: f64,
    pub weights: [f64; 11],
    pub merge: f64,
    pub flag: f64,
}

impl Model {
    /// The probability that the two questions ask the same thing.
    pub fn probability(&self, signals: &Signals) -> f64 {
        let z = self.bias
            + self
                .weights
                .iter()
                .zip(signals.values())
                .map(|(w, x)| w * x)
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// Reads `schema/cluster-model.json`: `bias`, `weights` (one per signal, by name), `merge` and
    /// `flag` (probabilities, flag below merge). The error says what is wrong.
    pub fn from_json(text: &str) -> Result<Model, String> {
        let file: ModelFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if let Some(unknown) = file.weights.keys().find(|k| !SIGNALS.contains(&k.as_str())) {
            return Err(format!(
                "unknown signal {unknown:?} (known: {})",
                SIGNALS.join(", ")
            ));
        }
        let mut weights = [0.0; 11];
        for (w, name) in weights.iter_mut().zip(SIGNALS) {
            *w = *file
                .weights
                .get(name)
                .ok_or_else(|| format!("no weight for the signal {name:?}"))?;
        }
        let model = Model {
            bias: file.bias,
            weights,
            merge: file.merge,
            flag: file.flag,
        };
        if !(0.0 < model.flag && model.flag <= model.merge && model.merge < 1.0) {
            return Err(format!(
                "thresholds must hold 0 < flag <= merge < 1 (flag {}, merge {})",
                model.flag, model.merge
            ));
        }
        Ok(model)
    }
}

/// The model file as written: serde refuses a field it does not know.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    #[serde(default, rename = "about")]
    _about: Option<serde_json::Value>,
    #[serde(default, rename = "fitted_on")]
    _fitted_on: Option<serde_json::Value>,
    bias: f64,
    weights: std::collections::BTreeMap<String, f64>,
    merge: f64,
    flag: f64,
}

/// Everything said about one pair: the probability, the signals a person reads, the words only
/// one side has, the rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Evidence {
    /// The model's probability that the two ask the same thing.
    pub score: f64,
    pub cosine: f64,
    /// Subject words shared (see [`Signals::content_overlap`]).
    pub overlap: f64,
    pub containment: f64,
    pub jaro_winkler: f64,
    /// Subject words of the pair's first question that the second lacks.
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
    /// The contrast group substituted, when one is: such a pair is never merged without review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contrast: Option<String>,
    pub rule: String,
}

impl Evidence {
    /// The same evidence with the pair's sides exchanged.
    pub fn flipped(mut self) -> Evidence {
        std::mem::swap(&mut self.only_a, &mut self.only_b);
        self
    }
}

/// Distinctive tokens of `a` that name nothing `b` names (both sorted by word).
fn unmatched<'t>(a: &'t [Token], b: &[Token], lexicon: &Lexicon) -> Vec<&'t Token> {
    let own: Vec<&str> = a.iter().map(|t| t.word.as_str()).collect();
    let other: Vec<&str> = b.iter().map(|t| t.word.as_str()).collect();
    a.iter()
        .filter(|t| {
            t.distinctive
                && b.binary_search_by(|u| u.word.as_str().cmp(&t.word))
                    .is_err()
                && !lexicon.names_any(&t.word, &own, &other)
        })
        .collect()
}

/// Whether a clause of `a` names exactly the subject words of `b`.
fn clause_has_subject(a: &Features, b: &Features, lexicon: &Lexicon) -> bool {
    if a.clauses.is_empty() {
        return false;
    }
    let distinctive = |w: &str| {
        a.set
            .binary_search_by(|t| t.word.as_str().cmp(w))
            .is_ok_and(|k| a.set[k].distinctive)
    };
    let words_b: Vec<&str> = b.set.iter().map(|t| t.word.as_str()).collect();
    let subject_b: Vec<&str> = b.subject().collect();
    a.clauses.iter().any(|clause| {
        let own: Vec<&str> = clause.iter().map(String::as_str).collect();
        let words: Vec<&str> = own.iter().copied().filter(|w| distinctive(w)).collect();
        !words.is_empty()
            && words.iter().all(|w| lexicon.names_any(w, &own, &words_b))
            && subject_b
                .iter()
                .all(|u| lexicon.names_any(u, &words_b, &own))
    })
}

/// The signals of a pair, and the subject words each side lacks in the other.
pub fn signals<'t>(
    a: &'t Features,
    b: &'t Features,
    cosine: f64,
    lexicon: &Lexicon,
) -> (Signals, Vec<&'t Token>, Vec<&'t Token>, Option<String>) {
    let only_a = unmatched(&a.set, &b.set, lexicon);
    let only_b = unmatched(&b.set, &a.set, lexicon);
    let weight = |ts: &mut dyn Iterator<Item = &Token>| ts.map(|t| t.idf as f64).sum::<f64>();
    let content_a = weight(&mut a.set.iter().filter(|t| t.distinctive));
    let content_b = weight(&mut b.set.iter().filter(|t| t.distinctive));
    let (lack_a, lack_b) = (
        weight(&mut only_a.iter().copied()),
        weight(&mut only_b.iter().copied()),
    );
    let cover = |lack: f64, all: f64| if all > 0.0 { 1.0 - lack / all } else { 1.0 };
    let (cover_a, cover_b) = (cover(lack_a, content_a), cover(lack_b, content_b));
    let content_overlap = if content_a + content_b > 0.0 {
        1.0 - (lack_a + lack_b) / (content_a + content_b)
    } else {
        1.0
    };
    let rarest = |ts: &[&Token]| ts.iter().map(|t| t.rarity as f64).fold(0.0, f64::max);
    let substitution = rarest(&only_a).min(rarest(&only_b));
    // Frame words: the words that are not distinctive, compared as sets.
    let frame = |f: &'t Features| {
        f.set
            .iter()
            .filter(|t| !t.distinctive)
            .map(|t| t.word.as_str())
    };
    let frame_a: BTreeSet<&str> = frame(a).collect();
    let frame_b: BTreeSet<&str> = frame(b).collect();
    let union = frame_a.union(&frame_b).count();
    let frame_change = if union == 0 {
        0.0
    } else {
        frame_a.symmetric_difference(&frame_b).count() as f64 / union as f64
    };
    let contrast = lexicon.substituted(&a.groups, &b.groups);
    let signals = Signals {
        same_subject: (only_a.is_empty() && only_b.is_empty()) as u8 as f64,
        relation_swap: match (&a.relation, &b.relation) {
            // Words crossed the relation both ways: what came after it in one comes before it in
            // the other. Moving a context (`In Y, ...`) crosses nothing.
            (Some((before_a, after_a)), Some((before_b, after_b))) => {
                let meet = |x: &[String], y: &[String]| {
                    x.iter().any(|w| y.iter().any(|v| lexicon.same_word(w, v)))
                };
                (meet(after_a, before_b) && meet(after_b, before_a)) as u8 as f64
            }
            _ => 0.0,
        },
        clause_subject: (clause_has_subject(a, b, lexicon) || clause_has_subject(b, a, lexicon))
            as u8 as f64,
        cosine,
        content_overlap,
        content_containment: cover_a.max(cover_b),
        substitution,
        extra: (1.0 - cover_a).max(1.0 - cover_b),
        frame_change,
        contrast: contrast.is_some() as u8 as f64,
        jaro_winkler: strsim::jaro_winkler(&a.text, &b.text),
    };
    (signals, only_a, only_b, contrast)
}

/// Compares two questions.
pub fn compare(a: &Features, b: &Features, lexicon: &Lexicon, model: &Model) -> Evidence {
    compare_with_cosine(a, b, a.cosine(b), lexicon, model)
}

/// Compares two questions whose cosine is known already.
pub fn compare_with_cosine(
    a: &Features,
    b: &Features,
    cosine: f64,
    lexicon: &Lexicon,
    model: &Model,
) -> Evidence {
    let (signals, only_a, only_b, contrast) = signals(a, b, cosine, lexicon);
    let (score, rule) = if a.text == b.text {
        (1.0, "same-text".to_string())
    } else {
        let mut rule = "model".to_string();
        if let Some(group) = &contrast {
            rule.push_str(&format!("+contrast:{group}"));
        }
        if signals.substitution > 0.0 {
            rule.push_str("+substitution");
        }
        let mut p = model.probability(&signals);
        // `use X instead of Z` and `use Z instead of X` read alike and ask the opposite: kept
        // apart, and not put to a person (a family of such pairs would flood the review).
        if signals.relation_swap > 0.0 {
            rule.push_str("+relation-swapped");
            p = p.min(model.flag / 2.0);
        }
        (p, rule)
    };
    let words = |ts: Vec<&Token>| ts.into_iter().map(|t| t.word.clone()).collect();
    Evidence {
        score: round(score),
        cosine: round(cosine),
        overlap: round(signals.content_overlap),
        containment: round(signals.content_containment),
        jaro_winkler: round(signals.jaro_winkler),
        only_a: words(only_a),
        only_b: words(only_b),
        contrast,
        rule,
    }
}

/// The word of `text` a token was made from (`performance` for `performanc`), for people to read;
/// the token itself when it is a compound or a folded phrase.
pub fn surface(token: &str, text: &str) -> String {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(str::to_lowercase)
        .find(|w| !w.is_empty() && (w == token || super::features::stem(w) == token))
        .unwrap_or_else(|| token.to_string())
}

/// Four decimals: enough to rank, and stable in the JSON output.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

//! What clustering compares: each question as content tokens and a vector of character 3-grams
//! weighted by the tokens' corpus IDF. Normalised for matching only; the stored text never changes.

pub use super::lexicon::Lexicon;
use std::collections::HashMap;

/// Spellings of "these two differ" folded into one token, so `A vs B`, `difference between A and
/// B` and `compare A and B` read alike; `dictionary` is the `dict` of code.
fn fold(token: &str) -> Option<&str> {
    match token {
        "vs" | "versus" | "differ" | "difference" | "differences" | "different" | "compare"
        | "comparison" | "distinguish" => Some("difference"),
        "between" => None,
        "dictionary" | "dictionaries" => Some("dict"),
        other => Some(other),
    }
}

/// A light suffix stripper: `decorators`/`decorator`, `handling`/`handle`, `classes`/`class`.
/// Dunder and snake_case names are code and stay whole.
pub fn stem(word: &str) -> String {
    if word.contains('_') || word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    // `used` is `use` with a `d`, not `us`.
    if word.len() == 4 && word.ends_with("ed") {
        return word[..3].to_string();
    }
    // The plural first, then one ending: `docstrings` and `docstring` both become `docstr`.
    let mut word = word;
    for plural in ["es", "s"] {
        if word.ends_with(plural) && !word.ends_with("ss") && word.len() - plural.len() >= 3 {
            word = &word[..word.len() - plural.len()];
            break;
        }
    }
    for suffix in ["ment", "ing", "ed", "e"] {
        // `-ment` only off long words: `management`, not `statement`.
        let shortest = if suffix == "ment" { 6 } else { 3 };
        if word.ends_with(suffix) && word.len() - suffix.len() >= shortest {
            let stem = &word[..word.len() - suffix.len()];
            // `management` and `manage` share a stem.
            return if suffix == "ment" {
                stem.strip_suffix('e').unwrap_or(stem).to_string()
            } else {
                stem.to_string()
            };
        }
    }
    word.to_string()
}

/// Content tokens of a text: lower-cased words, code tokens (`==`, `__init__`, `@staticmethod`
/// as `staticmethod`), folded and stemmed; single letters (not digits) dropped.
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (b == b'=' || b == b'!') && bytes.get(i + 1) == Some(&b'=') {
            out.push(if b == b'=' {
                "==".to_string()
            } else {
                "!=".to_string()
            });
            i += 2;
            continue;
        }
        if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
            {
                i += 1;
            }
            let word = &lower[start..i];
            if let Some(folded) = fold(word) {
                // Single letters say nothing; a single digit does (`Python 2` / `Python 3`).
                if folded.chars().count() >= 2 || folded.bytes().all(|b| b.is_ascii_digit()) {
                    // Folded spellings are already canonical; other words lose their endings.
                    out.push(
                        if folded == word && !matches!(folded, "difference" | "dict") {
                            stem(folded)
                        } else {
                            folded.to_string()
                        },
                    );
                }
            }
            continue;
        }
        i += 1;
    }
    out
}

/// Records counted for document frequencies; more are sampled evenly.
pub const SAMPLE: usize = 50_000;

/// Document frequencies over the corpus's questions. Answers do not count: a word common in
/// answers (`library`, `state`) can still tell two questions apart, and the words that tell none
/// apart are the lexicon's frame words.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: usize,
    df: HashMap<String, u32>,
}

impl Corpus {
    /// Document frequencies over the questions. Above [`SAMPLE`] questions, an evenly spaced sample
    /// of that many stands for the whole: the frequency of a word is as well known from 50,000
    /// questions as from a million.
    pub fn build<'a>(questions: impl Iterator<Item = &'a str>, lexicon: &Lexicon) -> Corpus {
        use rayon::prelude::*;
        let all: Vec<&str> = questions.collect();
        let step = all.len().div_ceil(SAMPLE).max(1);
        let texts: Vec<&str> = all.into_iter().step_by(step).collect();
        let df = texts
            .par_chunks(4096)
            .map(|chunk| {
                let mut df: HashMap<String, u32> = HashMap::new();
                for question in chunk {
                    let mut seen: Vec<String> = lexicon.tokens(question);
                    seen.sort_unstable();
                    seen.dedup();
                    for token in seen {
                        *df.entry(token).or_insert(0) += 1;
                    }
                }
                df
            })
            .reduce(HashMap::new, |mut a, b| {
                for (token, n) in b {
                    *a.entry(token).or_insert(0) += n;
                }
                a
            });
        Corpus {
            documents: texts.len(),
            df,
        }
    }

    pub fn df(&self, token: &str) -> u32 {
        self.df.get(token).copied().unwrap_or(0)
    }

    /// Smoothed inverse document frequency.
    pub fn idf(&self, token: &str) -> f64 {
        ((self.documents as f64 + 1.0) / (self.df(token) as f64 + 1.0)).ln() + 1.0
    }

    /// A token rare enough to say what a question is about (at most 10% of documents, at least
    /// 3); frame words never do (see [`Lexicon::is_frame`]).
    pub fn is_distinctive(&self, token: &str) -> bool {
        self.df(token) as f64 <= (0.1 * self.documents as f64).max(3.0)
    }

    /// Seen in at most 0.2% of the questions (or 20): a typo is rare, a word is not.
    pub fn is_rare(&self, token: &str) -> bool {
        self.df(token) as f64 <= (0.002 * self.documents as f64).max(20.0)
    }

    /// The IDF of a word seen once: the most a token can weigh in this corpus.
    pub fn max_idf(&self) -> f64 {
        ((self.documents as f64 + 1.0) / 1.0).ln() + 1.0
    }
}

/// One distinct token of a question, with what comparing needs to know about it.
#[derive(Debug, Clone)]
pub struct Token {
    pub word: String,
    pub idf: f32,
    /// IDF over the most a token can weigh here: comparable across corpora of any size.
    pub rarity: f32,
    /// Says what the question is about: not a frame word, and not in every other question.
    pub distinctive: bool,
}

/// One question ready to compare.
#[derive(Debug, Clone)]
pub struct Features {
    /// Its distinct tokens, sorted by word.
    pub set: Vec<Token>,
    /// The contrast-group members it names: (group, member), sorted.
    pub groups: Vec<(u16, u16)>,
    /// Character 3-grams of the padded tokens, weighted by token IDF, as a sorted sparse vector
    /// (compact: a million questions must fit in memory).
    pub grams: Vec<(u32, f32)>,
    pub norm: f32,
    /// The normalised text, for exact-repeat checks and string metrics.
    pub text: String,
    /// The subject words before and after the last `instead of`, `over`, `rather than`, `than`,
    /// `to` or `into`: `use X instead of Z` does not ask what `use Z instead of X` asks, nor does
    /// `convert X to Z` what `convert Z to X` does.
    pub relation: Option<(Vec<String>, Vec<String>)>,
    /// When the question asks in more than one clause (`What is X? When would you use it?`,
    /// `X (a, b, c)`), the sorted tokens of each; else empty.
    pub clauses: Vec<Vec<String>>,
}

/// The clauses of a question: sentences, a parenthetical, `... and how/why/when ...`, and a
/// qualifier that narrows it (`... in terms of performance`, `... with an example`).
fn clauses(question: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = question;
    while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        let cut = [
            ". ",
            "? ",
            "! ",
            " (",
            " and how ",
            " and why ",
            " and when ",
            " and what ",
            " in terms of ",
            " with an example",
            " with examples",
        ]
        .iter()
        .filter_map(|sep| lower.find(sep).map(|at| (at, sep.len())))
        .min();
        match cut {
            Some((at, len)) if rest.is_char_boundary(at) && rest.is_char_boundary(at + len) => {
                out.push(&rest[..at]);
                rest = &rest[at + len..];
            }
            _ => {
                out.push(rest);
                break;
            }
        }
    }
    out.retain(|c| c.chars().any(char::is_alphanumeric));
    out
}

fn gram_key(gram: &[u8]) -> u32 {
    gram.iter().fold(0u32, |acc, &b| acc << 8 | b as u32)
}

impl Features {
    pub fn of(question: &str, corpus: &Corpus, lexicon: &Lexicon) -> Features {
        let tokens = lexicon.tokens(question);
        let mut grams: HashMap<u32, f32> = HashMap::new();
        for token in &tokens {
            let weight = corpus.idf(token) as f32;
            let padded = format!("_{token}_");
            for gram in padded.as_bytes().windows(3) {
                *grams.entry(gram_key(gram)).or_insert(0.0) += weight;
            }
        }
        let mut grams: Vec<(u32, f32)> = grams.into_iter().collect();
        grams.sort_unstable_by_key(|(k, _)| *k);
        let norm = grams.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        let text = tokens.join(" ");
        // The subject words before and after a relation word, in its clause.
        let relation = tokens
            .iter()
            .rposition(|t| {
                matches!(
                    t.as_str(),
                    "instead" | "over" | "rather" | "than" | "to" | "into"
                )
            })
            .map(|at| {
                let subject = |ts: &[String]| -> Vec<String> {
                    ts.iter()
                        .filter(|t| !lexicon.is_frame(t) && corpus.is_distinctive(t))
                        .cloned()
                        .collect()
                };
                (subject(&tokens[..at]), subject(&tokens[at + 1..]))
            });
        let mut words = tokens;
        words.sort_unstable();
        words.dedup();
        let groups = lexicon.memberships(&words);
        let parts = clauses(question);
        let clauses = if parts.len() > 1 {
            parts
                .iter()
                .map(|c| {
                    let mut t = lexicon.tokens(c);
                    t.sort_unstable();
                    t.dedup();
                    t
                })
                .collect()
        } else {
            Vec::new()
        };
        let max_idf = corpus.max_idf();
        let set = words
            .into_iter()
            .map(|word| {
                let idf = corpus.idf(&word);
                Token {
                    idf: idf as f32,
                    rarity: (idf / max_idf) as f32,
                    distinctive: !lexicon.is_frame(&word)
                        && corpus.is_distinctive(&word)
                        && !(corpus.is_rare(&word) && lexicon.is_misspelt_frame(&word)),
                    word,
                }
            })
            .collect();
        Features {
            set,
            groups,
            grams,
            norm,
            text,
            relation,
            clauses,
        }
    }

    /// Its subject words (the distinctive tokens), sorted.
    pub fn subject(&self) -> impl Iterator<Item = &str> {
        self.set
            .iter()
            .filter(|t| t.distinctive)
            .map(|t| t.word.as_str())
    }

    /// Cosine of the two 3-gram vectors.
    pub fn cosine(&self, other: &Features) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
        while i < self.grams.len() && j < other.grams.len() {
            match self.grams[i].0.cmp(&other.grams[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += self.grams[i].1 as f64 * other.grams[j].1 as f64;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot / (self.norm as f64 * other.norm as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_fold_stem_and_keep_code() {
        let cases = [
            (
                "What are Python decorators?",
                vec!["what", "are", "python", "decorator"],
            ),
            (
                "What is a Python decorator?",
                vec!["what", "is", "python", "decorator"],
            ),
            (
                "Difference between is and == in Python.",
                vec!["difference", "is", "and", "==", "in", "python"],
            ),
            ("is vs ==", vec!["is", "difference", "=="]),
            (
                "Explain @staticmethod and __init__",
                vec!["explain", "staticmethod", "and", "__init__"],
            ),
            (
                "List vs Tuple vs Set vs Dictionary",
                vec![
                    "list",
                    "difference",
                    "tupl",
                    "difference",
                    "set",
                    "difference",
                    "dict",
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(tokens(text), want, "{text}");
        }
    }

    #[test]
    fn cosine_is_one_for_the_same_words_and_low_for_others() {
        let lexicon = Lexicon::default();
        let corpus = Corpus::build(
            ["What is a decorator?", "What is a metaclass?"].into_iter(),
            &lexicon,
        );
        let a = Features::of("What are decorators?", &corpus, &lexicon);
        let b = Features::of("what is a decorator", &corpus, &lexicon);
        let c = Features::of("What is a metaclass?", &corpus, &lexicon);
        assert!(a.cosine(&a) > 0.999);
        assert!(a.cosine(&b) > 0.7, "{}", a.cosine(&b));
        assert!(a.cosine(&c) < 0.5, "{}", a.cosine(&c));
    }
}

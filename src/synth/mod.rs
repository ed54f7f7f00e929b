//! Synthetic data for benchmarks and scale tests: reworded variants of real questions, each
//! labelled with the question it came from. Deterministic for a seed (SplitMix64: a generator
//! whose output never changes between versions or platforms). [`corpus`] builds whole documents.

pub mod corpus;
pub mod truth;
pub mod web;

/// SplitMix64.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Ways people ask the same thing: (this opening, that opening).
const OPENINGS: &[(&str, &str)] = &[
    ("What is ", "Can you explain "),
    ("What is ", "Explain "),
    ("What are ", "Tell me about "),
    ("What are ", "Describe "),
    ("How do you ", "How would you "),
    ("How do you ", "How can you "),
    ("What is the difference between ", "Difference between "),
    ("Explain ", "What is "),
];

const SWAPS: &[(&str, &str)] = &[
    ("difference", "differences"),
    ("function", "method"),
    ("use", "usage of"),
    ("handle", "deal with"),
    ("implement", "build"),
    ("Python's", "the Python"),
];

/// One reworded variant of `question`: a different opening, a swapped word, ` in Python` added
/// or dropped, a typo, lost capitals or question mark. The meaning stays.
pub fn variant(question: &str, rng: &mut Rng) -> String {
    let mut q = question.to_string();
    if rng.chance(0.5) {
        let (from, to) = OPENINGS[rng.below(OPENINGS.len())];
        if let Some(rest) = q.strip_prefix(from) {
            q = format!("{to}{rest}");
        }
    }
    if rng.chance(0.3) {
        let (a, b) = SWAPS[rng.below(SWAPS.len())];
        q = q.replacen(a, b, 1);
    }
    if rng.chance(0.3) {
        q = if q.contains(" in Python") {
            q.replacen(" in Python", "", 1)
        } else {
            q.trim_end_matches(['?', '.']).to_string() + " in Python?"
        };
    }
    if rng.chance(0.2) {
        q = typo(&q, rng);
    }
    if rng.chance(0.1) {
        q = q.to_lowercase();
    }
    if rng.chance(0.1) {
        q = q.trim_end_matches('?').to_string();
    }
    q
}

/// Swaps two letters inside one long word.
fn typo(q: &str, rng: &mut Rng) -> String {
    let words: Vec<&str> = q.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].len() >= 6 && words[i].is_ascii())
        .collect();
    if long.is_empty() {
        return q.to_string();
    }
    let w = long[rng.below(long.len())];
    let mut bytes = words[w].as_bytes().to_vec();
    let at = 1 + rng.below(bytes.len() - 3);
    bytes.swap(at, at + 1);
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    out[w] = String::from_utf8(bytes).unwrap_or_else(|_| words[w].to_string());
    out.join(" ")
}

/// `n` questions drawn from `bases`, each a variant of one; returns (question, base index).
pub fn variants(bases: &[String], n: usize, seed: u64) -> Vec<(String, usize)> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let b = rng.below(bases.len());
            (variant(&bases[b], &mut rng), b)
        })
        .collect()
}

/// A bare record for a generated question (no source document): id `q` + `i` in 16 hex digits,
/// line `i + 1` of `synthetic.txt`.
pub fn record(i: usize, question: String, answer: Option<String>) -> crate::model::Record {
    crate::model::Record::new(
        format!("q{i:016x}"),
        question,
        answer,
        "synthetic.txt".into(),
        (i + 1, i + 1),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_variants() {
        let bases = vec![
            "What is the difference between a list and a tuple?".to_string(),
            "How do you handle exceptions in Python?".to_string(),
        ];
        let a = variants(&bases, 50, 7);
        assert_eq!(a, variants(&bases, 50, 7));
        assert_ne!(a, variants(&bases, 50, 8));
        assert!(
            a.iter().any(|(q, b)| q != &bases[*b]),
            "some variants differ from their base"
        );
        assert!(a.iter().all(|(q, _)| !q.is_empty()));
    }
}

//! Words written differently: the one rule for a typo.

/// Two tokens that are the same word written differently: equal, or one misspelt (`decorator` /
/// `decroator`, an OCR slip). A word inside another is not alike (`socket` / `websocket`,
/// `string` / `docstring`); two-word names the lexicon joins (`deep copy`) are already one token.
pub fn alike(a: &str, b: &str) -> bool {
    a == b || misspelt(a, b)
}

/// One word misspelt as the other: two letters swapped, or (words of 6 letters or more) the same
/// first letter, nearly the same length and nearly the same letters. The one rule for a typo, in
/// question cues and in clustering alike.
pub fn misspelt(a: &str, b: &str) -> bool {
    transposed(a, b)
        || (a.len() >= 6
            && a.len().abs_diff(b.len()) <= 2
            && a.as_bytes()[0] == b.as_bytes()[0]
            && strsim::jaro_winkler(a, b) >= 0.93)
}

/// Two letters swapped (`mdoule` / `module`, `tset` / `test`): same length (4 or more), same first
/// letter, same letters, and at most two places that differ.
fn transposed(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() != y.len() || x.len() < 4 || x[0] != y[0] {
        return false;
    }
    let differ: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
    differ.len() == 2
        && differ[1] == differ[0] + 1
        && x[differ[0]] == y[differ[1]]
        && x[differ[1]] == y[differ[0]]
}

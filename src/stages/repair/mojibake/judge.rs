//! Judging candidates: which sequences are certain enough to repair (see the module header of
//! `mojibake`).

use super::candidates::{neighbours, Candidate, Kind};
use crate::stages::repair::codepages::CodePage;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Confidence {
    Reject,
    Weak,
    Strong,
}

/// Keeps the candidates that are certain enough; see the module header for the rules.
pub fn judge(chars: &[char], page: &CodePage, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let n = candidates.len();
    let mut verdicts = Vec::with_capacity(n);
    for (k, cand) in candidates.iter().enumerate() {
        let (left, right) = neighbours(chars, &candidates, k);
        verdicts.push(confidence(chars, cand, page, left, right));
    }
    // A run of non-ASCII characters that two or more candidates tile exactly is a whole layer of
    // misreading (`Ã\u{90}Âº` for `Ðº`): every byte of it belongs to a valid sequence.
    for (first, last) in tiled_runs(chars, &candidates) {
        for verdict in &mut verdicts[first..=last] {
            *verdict = Confidence::Strong;
        }
    }
    // `Bremer/Mccoy – DrÃ¥ber`: one short candidate in a line whose other non-ASCII characters are
    // correct is inconsistent evidence; a line misread as a whole would have garbled them too.
    if let [only] = candidates.as_slice() {
        let outside_non_ascii = chars[..only.start]
            .iter()
            .chain(&chars[only.end..])
            .any(|c| !c.is_ascii());
        if only.len_bytes == 2
            && only.kind == Kind::Exact
            && outside_non_ascii
            && verdicts[0] == Confidence::Strong
        {
            verdicts[0] = Confidence::Weak;
        }
    }
    let strong = verdicts
        .iter()
        .filter(|v| **v == Confidence::Strong)
        .count();
    let weak = verdicts.iter().filter(|v| **v == Confidence::Weak).count();
    let weak_ok = strong > 0 || weak >= 2;
    candidates
        .into_iter()
        .zip(verdicts)
        .filter(|(_, v)| *v == Confidence::Strong || (*v == Confidence::Weak && weak_ok))
        .map(|(c, _)| c)
        .collect()
}

/// Index ranges (first, last) of candidates that tile a maximal non-ASCII run of two or more.
fn tiled_runs(chars: &[char], candidates: &[Candidate]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut k = 0;
    while k < candidates.len() {
        let start = candidates[k].start;
        let mut last = k;
        while last + 1 < candidates.len() && candidates[last + 1].start == candidates[last].end {
            last += 1;
        }
        let end = candidates[last].end;
        let run_starts_here = start == 0 || chars[start - 1].is_ascii();
        let run_ends_here = end == chars.len() || chars[end].is_ascii();
        let exact = candidates[k..=last].iter().all(|c| {
            c.kind == Kind::Exact
                && c.decoded
                    .chars()
                    .all(|d| !is_rare(d) || ('\u{80}'..='\u{9f}').contains(&d))
        });
        if last > k && run_starts_here && run_ends_here && exact {
            runs.push((k, last));
        }
        k = last + 1;
    }
    runs
}

/// How sure a candidate is, by its kind, what it decodes to and the characters beside it.
fn confidence(
    chars: &[char],
    cand: &Candidate,
    page: &CodePage,
    left: Option<char>,
    right: Option<char>,
) -> Confidence {
    use Confidence::*;
    match cand.kind {
        Kind::LostToReplacement | Kind::LostLastByte => return Strong,
        Kind::LostToQuestionMark => return Weak,
        Kind::Exact | Kind::Cesu | Kind::SpaceForNbsp => {}
    }
    let Some(d) = cand.decoded.chars().next() else {
        return Reject;
    };
    if let Some(verdict) = by_sequence(chars, cand, d, left) {
        return verdict;
    }
    if cand.len_bytes >= 3 {
        let glued_to_latin =
            left.is_some_and(is_latin_letter) || right.is_some_and(is_latin_letter);
        if d.is_alphabetic() && script(d) != Script::Latin && glued_to_latin {
            return Reject;
        }
        return Strong;
    }
    if ('\u{300}'..='\u{36f}').contains(&d) {
        return Weak;
    }
    if !d.is_alphabetic() {
        return if page.name == "windows-1252" && chars[cand.start] == 'Â' {
            Strong
        } else {
            Weak
        };
    }
    if script(d) != Script::Latin {
        return other_script_letter(d, left, right);
    }
    latin_letter(chars, cand, page, d, left, right)
}

/// What the sequence as a whole tells, whatever its neighbours' script: C1 controls, a rare
/// character, a CESU-8 pair, a space that stood for a no-break space (None: it tells nothing).
fn by_sequence(
    chars: &[char],
    cand: &Candidate,
    d: char,
    left: Option<char>,
) -> Option<Confidence> {
    use Confidence::*;
    // Real text never holds C1 controls: one inside the sequence means bytes were read as Latin-1.
    let has_c1 = chars[cand.start..cand.end]
        .iter()
        .any(|c| ('\u{80}'..='\u{9f}').contains(c));
    if has_c1 && cand.kind == Kind::Exact && cand.len_bytes == 2 {
        return Some(Strong);
    }
    if ('\u{80}'..='\u{9f}').contains(&d) {
        // Only ever a step in a deeper layer of encoding.
        return Some(Weak);
    }
    if is_rare(d) {
        return Some(Reject);
    }
    match cand.kind {
        Kind::Cesu => Some(Strong),
        // `voilÃ le`: a capital glued to the end of a lower-case word is not a real capital.
        Kind::SpaceForNbsp if cand.len_bytes == 2 && left.is_some_and(|c| c.is_lowercase()) => {
            Some(Strong)
        }
        Kind::SpaceForNbsp => Some(Weak),
        _ => None,
    }
}

/// A letter of another script than Latin from two bytes: trusted beside letters of its script
/// (or, for Greek, inside a word).
fn other_script_letter(d: char, left: Option<char>, right: Option<char>) -> Confidence {
    let same_script =
        |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && script(c) == script(d));
    if same_script(left) || same_script(right) {
        return Confidence::Strong;
    }
    let inside_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    if script(d) == Script::Greek && inside_word(left) && inside_word(right) {
        return Confidence::Strong;
    }
    Confidence::Reject
}

/// A Latin letter from two bytes, by the case of its neighbours and the glyphs it was misread
/// as.
fn latin_letter(
    chars: &[char],
    cand: &Candidate,
    page: &CodePage,
    d: char,
    left: Option<char>,
    right: Option<char>,
) -> Confidence {
    use Confidence::*;
    let (lead_glyph, cont_glyph) = (chars[cand.start], chars[cand.start + 1]);
    if matches!(cont_glyph, '’' | '\'')
        && right == Some('s')
        && chars.get(cand.end + 1).is_none_or(|c| !c.is_alphabetic())
    {
        return Reject;
    }
    let left_upper = left.is_some_and(|c| c.is_uppercase());
    let right_lower = right.is_some_and(|c| c.is_lowercase());
    let right_letter = right.is_some_and(|c| c.is_alphabetic());
    if d.is_lowercase() && left_upper && !right_lower {
        return Reject;
    }
    if d.is_uppercase() && !cont_glyph.is_alphabetic() && !right_letter && !left_upper {
        return Weak;
    }
    if page.name == "windows-1252" && matches!(lead_glyph, 'Ã' | 'Â') {
        return Strong;
    }
    let left_letter = left.is_some_and(|c| c.is_alphabetic());
    // `g√¢teaux`: a symbol glyph right after a letter spells a letter of the same word.
    if !page.glyph_is_letter(lead_glyph) && left_letter {
        return Strong;
    }
    if d.is_lowercase() && left_letter && (right_lower || !right_letter) && !left_upper {
        return Strong;
    }
    // A word start (`Ä°stanbul`, `─îeština`): trusted from a letter glyph, not from box drawing.
    if (left_letter || left.is_none_or(|c| !c.is_alphanumeric()))
        && right_lower
        && (d.is_lowercase() || !left_letter)
        && page.glyph_is_letter(lead_glyph)
    {
        return Strong;
    }
    Weak
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Other,
}

fn script(c: char) -> Script {
    match c as u32 {
        0x41..=0x5A
        | 0x61..=0x7A
        | 0xC0..=0x24F
        | 0x1E00..=0x1EFF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xFB00..=0xFB06 => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F => Script::Arabic,
        _ => Script::Other,
    }
}

fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && script(c) == Script::Latin
}

/// Characters that real text almost never holds, so a decode that yields one is wrong.
pub fn is_rare(c: char) -> bool {
    const RARE_LATIN_EXT_A: &[u32] = &[
        0x108, 0x109, 0x10A, 0x10B, 0x114, 0x115, 0x11C, 0x11D, 0x120, 0x121, 0x124, 0x125, 0x126,
        0x127, 0x128, 0x129, 0x12C, 0x12D, 0x134, 0x135, 0x138, 0x13F, 0x140, 0x149, 0x14A, 0x14B,
        0x14E, 0x14F, 0x156, 0x157, 0x15C, 0x15D, 0x166, 0x167, 0x168, 0x169, 0x16C, 0x16D, 0x174,
        0x175, 0x176, 0x177, 0x17F,
    ];
    let u = c as u32;
    match u {
        0x100..=0x17F => RARE_LATIN_EXT_A.contains(&u),
        // Latin Extended-B, but for Vietnamese ơ/ư and Romanian ș/ț.
        0x180..=0x24F => !matches!(u, 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x218..=0x21B),
        // IPA and spacing modifier letters, but for the accents Windows-1252 itself has (ˆ ˜ ˛).
        0x250..=0x2C5 | 0x2DE..=0x2FF => true,
        // Archaic Greek and Coptic.
        0x370..=0x385 | 0x3E2..=0x3FF => true,
        // Historic Cyrillic, Cyrillic supplement.
        0x460..=0x48F | 0x500..=0x52F => true,
        // Hebrew points and cantillation marks.
        0x591..=0x5CF => true,
        // Syriac, Thaana, NKo, Samaritan, Mandaic.
        0x700..=0x85F => true,
        0xE000..=0xF8FF | 0xFFF0..=0xFFFC | 0xFFFE | 0xFFFF => true,
        0x1D00..=0x1DBF => true,
        _ => c.is_control(),
    }
}

//! Undoing mojibake: UTF-8 bytes that were read in a single-byte code page.
//!
//! Method (our own): within one line and for each code page of [`codepages::all`], map the
//! characters back to the bytes they stand for and look for valid UTF-8 multi-byte sequences.
//! Each sequence found is a *candidate*, judged on its own and in its neighbourhood:
//!
//! * **strong**: a 3- or 4-byte sequence (`â€™`, `ðŸ“Œ`), a CESU-8 surrogate pair, a sequence
//!   whose last byte was lost (`â€` + a non-continuation), a Windows-1252 `Ã`/`Â` pair that
//!   gives a Latin-1 letter or symbol in a word whose letter case fits, a letter of another
//!   script next to letters of that script (`Ð±Ñ` -> `бр`);
//! * **weak**: a plausible 2-byte sequence in a less common page, a combining mark, a sequence
//!   with a lost byte shown as `?`, a no-break space that became a plain space (`Ã ` -> `à`);
//! * **rejected**: the result is a rare character (IPA, C1 controls, Latin Extended-B, Cyrillic
//!   supplement, NKo...), a letter of another script glued to Latin letters (`Brontë…”` is not a
//!   Korean syllable), a lower-case letter inside an all-capitals word (`MÄ£ÄM`), or the English
//!   possessive (`Ã’s`).
//!
//! A line is fixed in the page whose accepted candidates cover the most bytes; weak candidates
//! are accepted only next to other evidence in the same line (a strong one, or a second weak one).
//! The whole thing repeats until nothing changes, which undoes double and triple encodings.
//! Text with no candidate is returned untouched: correct text is never changed.

use super::codepages::{self, CodePage};
use std::sync::OnceLock;

/// Most layers of encoding undone in one line (three is the most seen in the wild).
const MAX_LAYERS: usize = 4;

/// One replacement inside a line, for the fix log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub before: String,
    pub after: String,
}

/// Repairs the mojibake in one line (no `\n` inside). Returns `None` when nothing changed.
pub fn fix_line(line: &str) -> Option<(String, Vec<Replacement>)> {
    if line.is_ascii() || !might_have_mojibake(line) {
        return None;
    }
    let mut current = line.to_string();
    let mut log = Vec::new();
    for _ in 0..MAX_LAYERS {
        match fix_layer(&current) {
            Some((next, mut replaced)) => {
                log.append(&mut replaced);
                current = next;
            }
            None => break,
        }
        if !might_have_mojibake(&current) {
            break;
        }
    }
    // A repair that leaves a pile of lead/continuation pairs behind did not understand the line
    // (lower-cased or re-cased mojibake): leave it as it was rather than half-fix it.
    if leftover_pairs(&current) >= 3 {
        return None;
    }
    (current != line).then_some((current, log))
}

/// Pairs of characters that still spell a UTF-8 lead and continuation byte in Windows-1252.
fn leftover_pairs(line: &str) -> usize {
    let page = &codepages::all()[0];
    let mut count = 0;
    let mut previous_lead = false;
    for c in line.chars() {
        let byte = if c.is_ascii() { None } else { page.byte(c) };
        if previous_lead && byte.is_some_and(is_cont_byte) {
            count += 1;
        }
        previous_lead = byte.is_some_and(|b| sequence_len(b) > 0);
    }
    count
}

/// Cheap filter: a character that is a UTF-8 lead byte in some page followed by one that can
/// continue a sequence (or a stand-in for a lost continuation byte).
fn might_have_mojibake(line: &str) -> bool {
    let glyphs = glyph_sets();
    let mut previous_is_lead = false;
    for c in line.chars() {
        if previous_is_lead && (glyphs.is_cont(c) || matches!(c, ' ' | '?' | '\u{fffd}')) {
            return true;
        }
        previous_is_lead = glyphs.is_lead(c);
    }
    false
}

/// Which characters stand for a lead byte (0xC2..=0xF4) or a continuation byte (0x80..=0xBF) in at
/// least one page, as bitmaps over the Basic Multilingual Plane.
struct GlyphSets {
    lead: Vec<u64>,
    cont: Vec<u64>,
}

impl GlyphSets {
    fn is_lead(&self, c: char) -> bool {
        test_bit(&self.lead, c)
    }
    fn is_cont(&self, c: char) -> bool {
        test_bit(&self.cont, c)
    }
}

fn test_bit(bits: &[u64], c: char) -> bool {
    let u = c as usize;
    u < 0x10000 && bits[u >> 6] & (1 << (u & 63)) != 0
}

fn glyph_sets() -> &'static GlyphSets {
    static SETS: OnceLock<GlyphSets> = OnceLock::new();
    SETS.get_or_init(|| {
        let mut lead = vec![0u64; 0x10000 / 64];
        let mut cont = vec![0u64; 0x10000 / 64];
        let set = |bits: &mut Vec<u64>, c: char| {
            let u = c as usize;
            if u < 0x10000 {
                bits[u >> 6] |= 1 << (u & 63);
            }
        };
        for page in codepages::all() {
            for byte in 0x80u32..=0xFF {
                let Some(c) = page.chars[(byte - 0x80) as usize] else {
                    continue;
                };
                if (0xC2..=0xF4).contains(&byte) {
                    set(&mut lead, c);
                }
                if (0x80..=0xBF).contains(&byte) {
                    set(&mut cont, c);
                }
            }
            for c in '\u{80}'..='\u{bf}' {
                if page.byte(c) == Some(c as u8) {
                    set(&mut cont, c);
                }
            }
        }
        GlyphSets { lead, cont }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A valid UTF-8 sequence.
    Exact,
    /// Two UTF-8-encoded surrogates (CESU-8) that make one supplementary character.
    Cesu,
    /// A sequence with a byte lost to U+FFFD.
    LostToReplacement,
    /// A sequence with a byte lost to `?`.
    LostToQuestionMark,
    /// `â€` whose third byte (0x9D, undefined in Windows-1252) was dropped.
    LostLastByte,
    /// A sequence whose no-break space continuation became a plain space.
    SpaceForNbsp,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Confidence {
    Reject,
    Weak,
    Strong,
}

#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    decoded: String,
    len_bytes: usize,
    kind: Kind,
}

fn fix_layer(line: &str) -> Option<(String, Vec<Replacement>)> {
    let chars: Vec<char> = line.chars().collect();
    // Score: characters repaired, then fewer C1 controls read as something the page has a glyph
    // for (text that holds raw C1 controls was decoded by a page where they are controls).
    type Score = (usize, std::cmp::Reverse<usize>);
    let mut best: Option<(Score, Vec<Candidate>)> = None;
    for page in codepages::all() {
        let candidates = find_candidates(&chars, page);
        if candidates.is_empty() {
            continue;
        }
        let accepted = judge(&chars, page, candidates);
        let covered: usize = accepted.iter().map(|c| c.end - c.start).sum();
        let foreign_c1 = accepted
            .iter()
            .flat_map(|c| &chars[c.start..c.end])
            .filter(|&&ch| {
                ('\u{80}'..='\u{9f}').contains(&ch)
                    && page.chars[ch as usize - 0x80].is_some_and(|g| g != ch)
            })
            .count();
        let score = (covered, std::cmp::Reverse(foreign_c1));
        if covered > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, accepted));
        }
    }
    let (_, accepted) = best?;
    let mut out = String::with_capacity(line.len());
    let mut log = Vec::with_capacity(accepted.len());
    let mut at = 0;
    for cand in &accepted {
        out.extend(&chars[at..cand.start]);
        out.push_str(&cand.decoded);
        log.push(Replacement {
            before: chars[cand.start..cand.end].iter().collect(),
            after: cand.decoded.clone(),
        });
        at = cand.end;
    }
    out.extend(&chars[at..]);
    Some((out, log))
}

fn sequence_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

fn is_cont_byte(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Every non-overlapping UTF-8 sequence spelled by the characters of `chars` in `page`.
fn find_candidates(chars: &[char], page: &CodePage) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match candidate_at(chars, i, page) {
            Some(cand) => {
                i = cand.end;
                found.push(cand);
            }
            None => i += 1,
        }
    }
    found
}

fn candidate_at(chars: &[char], i: usize, page: &CodePage) -> Option<Candidate> {
    let c = chars[i];
    if c.is_ascii() {
        return None;
    }
    let lead = page.byte(c)?;
    let n = sequence_len(lead);
    if n == 0 {
        return None;
    }
    let mut bytes = vec![lead];
    let mut kind = Kind::Exact;
    for k in 1..n {
        let Some(&next) = chars.get(i + k) else { break };
        match page.byte(next) {
            Some(b) if is_cont_byte(b) => bytes.push(b),
            _ if next == '\u{fffd}' => {
                kind = Kind::LostToReplacement;
                bytes.push(0x80);
            }
            _ if next == '?' && k > 0 => {
                kind = Kind::LostToQuestionMark;
                bytes.push(0x80);
            }
            // `â€` + space: the lost byte is the 0x9D of a closing quote, not a no-break space.
            _ if next == ' ' && bytes == [0xE2, 0x80] => break,
            _ if next == ' ' && kind == Kind::Exact && c.is_alphabetic() => {
                kind = Kind::SpaceForNbsp;
                bytes.push(0xA0);
            }
            _ => break,
        }
    }
    if bytes.len() < n {
        // `â€` + something else: the 0x9D of a closing quote was dropped on the way.
        if lead == 0xE2 && bytes == [0xE2, 0x80] && page.name == "windows-1252" {
            return Some(Candidate {
                start: i,
                end: i + 2,
                decoded: "\u{201d}".into(),
                len_bytes: 3,
                kind: Kind::LostLastByte,
            });
        }
        return None;
    }
    let end = i + n;
    match kind {
        Kind::LostToReplacement | Kind::LostToQuestionMark => {
            // Only a lead that would make a valid sequence with some continuation counts.
            let real_cont = bytes[1..]
                .iter()
                .zip(&chars[i + 1..end])
                .any(|(_, &ch)| ch != '\u{fffd}' && ch != '?');
            if kind == Kind::LostToQuestionMark && lead < 0xC3 && !real_cont {
                return None;
            }
            Some(Candidate {
                start: i,
                end,
                decoded: "\u{fffd}".into(),
                len_bytes: n,
                kind,
            })
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let decoded = text.to_string();
                if kind == Kind::SpaceForNbsp {
                    return space_for_nbsp(chars, i, end, decoded, n);
                }
                return Some(Candidate {
                    start: i,
                    end,
                    decoded,
                    len_bytes: n,
                    kind,
                });
            }
            if kind == Kind::Exact && lead == 0xED {
                return cesu_pair(chars, i, &bytes, page);
            }
            None
        }
    }
}

/// A no-break space continuation that became a plain space (`Ã ` for `à`, `Å ` for `Š`, `â € `
/// for U+2800). With two spaces, one was the no-break space. With one, it was absorbed: the
/// next word follows directly, except after `à`, which is a word of its own in French and
/// Portuguese (`voilÃ le` -> `voilà le`), but for the contractions `às`, `àquele`.
fn space_for_nbsp(
    chars: &[char],
    i: usize,
    end: usize,
    decoded: String,
    n: usize,
) -> Option<Candidate> {
    let next = chars.get(end).copied();
    let mut decoded = decoded.replace('\u{a0}', " ");
    if decoded == " " {
        // `Â ` was a no-break space on its own.
        return Some(Candidate {
            start: i,
            end,
            decoded,
            len_bytes: n,
            kind: Kind::SpaceForNbsp,
        });
    }
    if n == 2 && decoded == "à" {
        match next {
            Some(' ') => {}
            Some(c) if c.is_lowercase() => {
                let word: String = chars[end..]
                    .iter()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                let after = chars.get(end + word.chars().count()).copied();
                let contraction = matches!(
                    word.as_str(),
                    "s" | "quele" | "quela" | "queles" | "quelas" | "quilo"
                ) && after.is_none_or(|c| {
                    c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '!' | '?')
                });
                if !contraction {
                    decoded.push(' ');
                }
            }
            _ => return None,
        }
    } else if n == 2
        && (next.is_none_or(|c| c.is_whitespace()) || !decoded.chars().all(char::is_alphabetic))
    {
        return None;
    }
    Some(Candidate {
        start: i,
        end,
        decoded,
        len_bytes: n,
        kind: Kind::SpaceForNbsp,
    })
}

/// `í\u{a0}½í¸\u{8d}`: a UTF-16 surrogate pair written as two 3-byte sequences.
fn cesu_pair(chars: &[char], i: usize, first: &[u8], page: &CodePage) -> Option<Candidate> {
    if first.len() != 3 || !(0xA0..=0xAF).contains(&first[1]) {
        return None;
    }
    let second: Vec<u8> = chars
        .get(i + 3..i + 6)?
        .iter()
        .map(|&c| page.byte(c))
        .collect::<Option<_>>()?;
    if second[0] != 0xED || !(0xB0..=0xBF).contains(&second[1]) || !is_cont_byte(second[2]) {
        return None;
    }
    let high = 0xD000 | ((first[1] as u32 & 0x3F) << 6) | (first[2] as u32 & 0x3F);
    let low = 0xD000 | ((second[1] as u32 & 0x3F) << 6) | (second[2] as u32 & 0x3F);
    let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?;
    Some(Candidate {
        start: i,
        end: i + 6,
        decoded: c.to_string(),
        len_bytes: 4,
        kind: Kind::Cesu,
    })
}

/// Keeps the candidates that are certain enough; see the module header for the rules.
fn judge(chars: &[char], page: &CodePage, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let n = candidates.len();
    let mut verdicts = Vec::with_capacity(n);
    for (k, cand) in candidates.iter().enumerate() {
        // Neighbours as they will read after the fix, when a neighbouring candidate touches.
        let left = match k.checked_sub(1).map(|j| &candidates[j]) {
            Some(prev) if prev.end == cand.start => prev.decoded.chars().last(),
            _ => cand.start.checked_sub(1).map(|j| chars[j]),
        };
        let right = match candidates.get(k + 1) {
            Some(next) if next.start == cand.end => next.decoded.chars().next(),
            _ => chars.get(cand.end).copied(),
        };
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
    // Real text never holds C1 controls: one inside the sequence means bytes were read as Latin-1.
    let has_c1 = chars[cand.start..cand.end]
        .iter()
        .any(|c| ('\u{80}'..='\u{9f}').contains(c));
    if has_c1 && cand.kind == Kind::Exact && cand.len_bytes == 2 {
        return Strong;
    }
    if ('\u{80}'..='\u{9f}').contains(&d) {
        // Only ever a step in a deeper layer of encoding.
        return Weak;
    }
    if is_rare(d) {
        return Reject;
    }
    match cand.kind {
        Kind::Cesu => return Strong,
        // `voilÃ le`: a capital glued to the end of a lower-case word is not a real capital.
        Kind::SpaceForNbsp if cand.len_bytes == 2 && left.is_some_and(|c| c.is_lowercase()) => {
            return Strong
        }
        Kind::SpaceForNbsp => return Weak,
        _ => {}
    }
    let lead_glyph = chars[cand.start];
    let cont_glyph = chars[cand.start + 1];
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
    let windows_1252 = page.name == "windows-1252";
    if !d.is_alphabetic() {
        return if windows_1252 && lead_glyph == 'Â' {
            Strong
        } else {
            Weak
        };
    }
    if script(d) != Script::Latin {
        let same_script =
            |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && script(c) == script(d));
        if same_script(left) || same_script(right) {
            return Strong;
        }
        let inside_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        if script(d) == Script::Greek && inside_word(left) && inside_word(right) {
            return Strong;
        }
        return Reject;
    }
    // A Latin letter from two bytes.
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
    if windows_1252 && matches!(lead_glyph, 'Ã' | 'Â') {
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
fn is_rare(c: char) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        fix_line(s).map(|(t, _)| t).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn repairs_mojibake_from_the_seeds() {
        let cases = [
            (
                "bullet",
                "\tâ€¢\tDifference between deepcopy and shallow copy?",
                "\t•\tDifference between deepcopy and shallow copy?",
            ),
            (
                "apostrophe",
                "Explain Pythonâ€™s memory management",
                "Explain Python’s memory management",
            ),
            (
                "em dash",
                "when to use each â€” and why",
                "when to use each — and why",
            ),
            ("arrow", "list â†’ tuple", "list → tuple"),
            ("separator", "â¸»", "⸻"),
            (
                "emoji",
                "ðŸ“Œ Practice Questions (Self-test)",
                "📌 Practice Questions (Self-test)",
            ),
            (
                "pointing emoji",
                "ðŸ‘‰ For 4 years experience",
                "👉 For 4 years experience",
            ),
            (
                "latin-1 c1 quotes",
                "â\u{80}\u{9c}quoted\u{94}",
                "“quoted\u{94}",
            ),
            ("triple encoded", "doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t", "doesn’t"),
            (
                "lost last byte",
                "He said â€œhiâ€ and left",
                "He said “hi” and left",
            ),
            ("french a-grave", "voilÃ  le travail", "voilà le travail"),
            (
                "french a-grave one space",
                "Ã perturber la rÃ©flexion",
                "à perturber la réflexion",
            ),
            (
                "cyrillic with a c1 byte",
                "Ð±ÑŠÐ»Ð³Ð°Ñ€Ñ\u{81}ÐºÐ¸",
                "български",
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(fixed(input), want, "{name}");
        }
    }

    #[test]
    fn leaves_correct_text_alone() {
        let cases = [
            ("python code", "print(\"Hello, World!\")"),
            (
                "curly quotes",
                "What is Python’s GIL? “Global Interpreter Lock”",
            ),
            ("portuguese", "C O N C L U S Ã O"),
            ("possessive", "There are a lot of Ã’s in mojibake text"),
            ("brand", "AHÅ™, the new sofa from IKEA"),
            ("brontë", "Charlotte Brontë…”"),
            ("all caps", "MÄ£ÄM ÌÑÌ Q £ÄGÌ"),
            ("kaomoji", "( o¬ô )"),
            ("math", "(-1/2)! = √π"),
            ("greek", "Η ¨ανατροφή¨ δυστυχώς"),
            ("en dash", "Easy to Learn & Readable – Uses simple syntax"),
            ("arrow", "Instance method → operates on object instance"),
            ("cyrillic homoglyph", "Architectur е"),
        ];
        for (name, input) in cases {
            assert_eq!(fixed(input), input, "{name}");
        }
    }
}

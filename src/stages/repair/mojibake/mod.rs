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

mod candidates;
mod judge;

use super::codepages;
use candidates::{find_candidates, is_cont_byte, sequence_len, Candidate};
use judge::judge;
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

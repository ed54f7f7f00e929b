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
//! Text with no candidate is returned untouched.
//!
//! The rules propose; the evidence decides. Every candidate the rules accept must make its piece
//! of the line more plausible as correct text, by the [`plausibility`] model, than it was, by a
//! margin the model file sets: a larger one where the line's other letters read as correct text
//! in that page (a line misread as a whole leaves no such letter), and where the repair would
//! bring a script found nowhere else in the document. Correct Belarusian `лёў` spells a
//! valid UTF-8 sequence in Windows-1251, but `븢` between Cyrillic letters is far less plausible
//! than what stood there.

mod candidates;
mod judge;

use super::codepages;
use super::plausibility::{self, Model};
use candidates::{find_candidates, is_cont_byte, neighbours, sequence_len, Candidate};
use judge::judge;
use std::cell::OnceCell;
use std::sync::OnceLock;
use unicode_script::Script;

/// What the judge may know of the whole document: the scripts its letters are written in,
/// found on first need (a document with no candidate never pays for it).
pub struct Context<'a> {
    text: &'a str,
    scripts: OnceCell<Vec<Script>>,
}

impl<'a> Context<'a> {
    pub fn new(text: &'a str) -> Context<'a> {
        Context {
            text,
            scripts: OnceCell::new(),
        }
    }

    fn has_script(&self, script: Script) -> bool {
        self.scripts
            .get_or_init(|| {
                let mut found: Vec<Script> = Vec::new();
                for c in self
                    .text
                    .chars()
                    .filter(|c| !c.is_ascii() && c.is_alphabetic())
                {
                    if let Some(s) = plausibility::script_of(c) {
                        if !found.contains(&s) {
                            found.push(s);
                        }
                    }
                }
                found
            })
            .contains(&script)
    }
}

/// Most layers of encoding undone in one line (three is the most seen in the wild).
const MAX_LAYERS: usize = 4;

/// One replacement inside a line, for the fix log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub before: String,
    pub after: String,
}

/// Repairs the mojibake in one line (no `\n` inside) with the built-in model, the line taken as
/// a document of its own. Returns `None` when nothing changed.
pub fn fix_line(line: &str) -> Option<(String, Vec<Replacement>)> {
    fix_line_in(line, &Context::new(line), Model::built_in())
}

/// Repairs the mojibake in one line of a document. Returns `None` when nothing changed.
///
/// The rules' repair of the whole line, through every layer, is weighed first as one: a line
/// misread twice is implausible after its first layer too, and only the end shows what it said.
/// When that whole repair lacks the evidence (a line with letters read as correct, one correct
/// word among mojibake), each layer's candidates are weighed one by one instead.
pub fn fix_line_in(
    line: &str,
    context: &Context,
    model: &Model,
) -> Option<(String, Vec<Replacement>)> {
    if line.is_ascii() || !might_have_mojibake(line) {
        return None;
    }
    let (layers, mixed) = fix_layers(line, None)?;
    let before: Vec<char> = line.chars().collect();
    // Layer after layer, as the rules undo them, but for a layer that makes the line less
    // plausible with what the model weighs (letters, not typography): a correct word under
    // mojibake can itself spell a sequence in another page (`адмалёўкі` -> `адма븢кі`,
    // `отличие ?` -> `отличи�`), while a real layer below gives letters back (`Ð°Ð´` -> `ад`)
    // or punctuation (`‚Äî` -> `—`).
    let mut chosen: Option<(String, Vec<Replacement>)> = None;
    for (text, log) in layers {
        if let Some((previous, done)) = &chosen {
            let old: Vec<char> = previous.chars().collect();
            let new: Vec<char> = text.chars().collect();
            let weighed = log[done.len()..].iter().any(|r| needs_weighing(&r.after));
            if weighed && gain_of_change(model, &old, &new) < 0.0 {
                break;
            }
        }
        chosen = Some((text, log));
    }
    let (whole, log) = chosen?;
    // A repair that gives back only typography (`â€”` -> `—`, `‚Üí` -> `→`, emoji) is the rules'
    // to make. A correct word misread as a sequence turns into letters of another script, a
    // Latin-1 symbol or an unassigned code point, and those the model must find plausible.
    if !log.iter().any(|r| needs_weighing(&r.after)) {
        return Some((whole, log));
    }
    let after: Vec<char> = whole.chars().collect();
    let gain = gain_of_change(model, &before, &after);
    if gain > margin_for(model, mixed, brings_new_script(&whole, context)) {
        return Some((whole, log));
    }
    let (layers, _) = fix_layers(line, Some((context, model)))?;
    layers.into_iter().last()
}

/// log P(after) - log P(before) for a whole line, from the part that differs (with one
/// character of context each side): the steps of a common start and end cancel out.
fn gain_of_change(model: &Model, before: &[char], after: &[char]) -> f64 {
    let shorter = before.len().min(after.len());
    let start = before.iter().zip(after).take_while(|(a, b)| a == b).count();
    let end = before
        .iter()
        .rev()
        .zip(after.iter().rev())
        .take(shorter - start)
        .take_while(|(a, b)| a == b)
        .count();
    let left = start.checked_sub(1).map(|i| before[i]);
    let right = (end > 0).then(|| before[before.len() - end]);
    model.score(left, &after[start..after.len() - end], right)
        - model.score(left, &before[start..before.len() - end], right)
}

/// The rules' repair through every layer, each layer's candidates weighed when `weigh_with` is
/// given: the line after each layer with the replacements so far, and whether the first layer's
/// page left letters it read as correct text. `None` when nothing changed.
#[allow(clippy::type_complexity)]
fn fix_layers(
    line: &str,
    weigh_with: Option<(&Context, &Model)>,
) -> Option<(Vec<(String, Vec<Replacement>)>, bool)> {
    let mut current = line.to_string();
    let mut log = Vec::new();
    let mut layers = Vec::new();
    let mut mixed = None;
    for _ in 0..MAX_LAYERS {
        match fix_layer(&current, weigh_with) {
            Some((next, mut replaced, layer_mixed)) => {
                mixed.get_or_insert(layer_mixed);
                log.append(&mut replaced);
                current = next;
                layers.push((current.clone(), log.clone()));
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
    let layers: Vec<_> = layers
        .into_iter()
        .filter(|(text, _)| text != line)
        .collect();
    (!layers.is_empty()).then_some((layers, mixed.unwrap_or(false)))
}

/// Whether a repair's result is something the model must weigh: anything but typography
/// (punctuation, arrows, symbols and dingbats of U+2000..U+27BF and U+2900..U+2BFF, emoji). Letters
/// of another script, Braille, unassigned code points, Latin-1 symbols and a bare space are what a
/// correct word misread as a sequence turns into (`лёў` -> `븢`, `в —` -> `⠗`, `В ` -> ` `).
fn needs_weighing(decoded: &str) -> bool {
    let typographic = |d: char| matches!(d as u32, 0x2000..=0x27BF | 0x2900..=0x2BFF | 0x1F000..=0x1FAFF | 0xFE0F);
    !(decoded.chars().any(typographic) && decoded.chars().all(|d| d.is_ascii() || typographic(d)))
}

/// Whether a repaired text holds a letter of a script found nowhere in the document.
fn brings_new_script(text: &str, context: &Context) -> bool {
    text.chars().any(|d| {
        !d.is_ascii()
            && d.is_alphabetic()
            && plausibility::script_of(d).is_some_and(|s| !context.has_script(s))
    })
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

fn fix_layer(
    line: &str,
    weigh_with: Option<(&Context, &Model)>,
) -> Option<(String, Vec<Replacement>, bool)> {
    let chars: Vec<char> = line.chars().collect();
    // Score: characters repaired, then fewer C1 controls read as something the page has a glyph
    // for (text that holds raw C1 controls was decoded by a page where they are controls).
    type Score = (usize, std::cmp::Reverse<usize>);
    let mut best: Option<(Score, Vec<Candidate>, bool)> = None;
    for page in codepages::all() {
        let candidates = find_candidates(&chars, page);
        if candidates.is_empty() {
            continue;
        }
        let mixed = has_letters_outside(&chars, &candidates);
        let accepted = judge(&chars, page, candidates);
        let accepted = match weigh_with {
            Some((context, model)) => weigh(&chars, accepted, mixed, context, model),
            None => accepted,
        };
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
        if covered > 0 && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, accepted, mixed));
        }
    }
    let (_, accepted, mixed) = best?;
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
    Some((out, log, mixed))
}

/// Whether the line holds a non-ASCII letter that no candidate of the page covers: a letter the
/// page reads as correct text.
fn has_letters_outside(chars: &[char], candidates: &[Candidate]) -> bool {
    let mut at = 0;
    for cand in candidates {
        if chars[at..cand.start]
            .iter()
            .any(|c| !c.is_ascii() && c.is_alphabetic())
        {
            return true;
        }
        at = cand.end;
    }
    chars[at..]
        .iter()
        .any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// Keeps the candidates whose repair makes their piece of the line more plausible by the margin
/// the evidence asks for. Neighbours are read as they will be after the kept repairs; two rounds,
/// since a candidate dropped in the first changes its neighbours' context.
fn weigh(
    chars: &[char],
    mut accepted: Vec<Candidate>,
    mixed: bool,
    context: &Context,
    model: &Model,
) -> Vec<Candidate> {
    for _ in 0..2 {
        let gains: Vec<Option<f64>> = (0..accepted.len())
            .map(|k| gain(chars, &accepted, k, model))
            .collect();
        let before = accepted.len();
        let mut k = 0;
        accepted.retain(|cand| {
            let keep = match gains[k] {
                // Lost bytes are believed only in a line misread as a whole: in a line whose
                // other letters read as correct, `е ?` is a word and a question mark.
                None if mixed && cand.decoded.contains('\u{fffd}') => false,
                None => true,
                Some(gain) => {
                    gain > margin_for(model, mixed, brings_new_script(&cand.decoded, context))
                }
            };
            k += 1;
            keep
        });
        if accepted.len() == before {
            break;
        }
    }
    accepted
}

/// How much a repair must gain: the largest margin that applies, for a line with letters read
/// as correct (`mixed`) and for a repair that brings a script new to the document.
fn margin_for(model: &Model, mixed: bool, new_script: bool) -> f64 {
    let mut margin = model.margin;
    if mixed {
        margin = margin.max(model.mixed_line_margin);
    }
    if new_script {
        margin = margin.max(model.new_script_margin);
    }
    margin
}

/// log P(repaired piece) - log P(piece as it stands), with the neighbours as repaired. `None`
/// for a repair that gives no letter (the rules decide those, see [`fix_line_in`]), for a step in
/// a deeper layer (a C1 control comes out), which only the next layer can judge,
/// and for a sequence whose bytes were lost (`â?¢`): what comes out is U+FFFD, which marks the
/// loss and is no text to weigh; the rules alone decide those.
fn gain(chars: &[char], accepted: &[Candidate], k: usize, model: &Model) -> Option<f64> {
    let cand = &accepted[k];
    if cand
        .decoded
        .chars()
        .any(|d| ('\u{80}'..='\u{9f}').contains(&d) || d == '\u{fffd}')
        || !needs_weighing(&cand.decoded)
    {
        return None;
    }
    let (left, right) = neighbours(chars, accepted, k);
    let decoded: Vec<char> = cand.decoded.chars().collect();
    Some(
        model.score(left, &decoded, right) - model.score(left, &chars[cand.start..cand.end], right),
    )
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
            // Typography under mojibake: the rules undo it, the model does not weigh it.
            ("mac arrow", "source ‚Üí bytecode", "source → bytecode"),
            (
                "mac dash twice",
                "random() ‚Äö√Ñ√Æ a number",
                "random() — a number",
            ),
            (
                "mac emoji",
                "answers here \u{f8ff}üëâ [link]",
                "answers here 👉 [link]",
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
            // Correct words that spell UTF-8 in a Cyrillic or Central European page.
            ("belarusian", "вобласць адмалёўкі"),
            ("ukrainian", "Рік тому"),
            ("romanian", "„necesită” și"),
            ("vietnamese", "KHÔNG CÓ BẢO HÀNH"),
            ("russian", "сложные и «дорогие» блокировки"),
            ("russian question", "В чем их отличие ?"),
            ("czech", "Přečtěte si dokumentaci"),
            // Correct Russian where Windows-1251 spells a Braille cell or a no-break space.
            ("russian dash", "Что такое GIL в — Python"),
            ("russian preposition", "В чем разница между list и tuple?"),
        ];
        for (name, input) in cases {
            assert_eq!(fixed(input), input, "{name}");
        }
    }
}

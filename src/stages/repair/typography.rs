//! Typography and character-level clean-up, one line at a time.
//!
//! Each function returns the new line when it changed something and logs one entry per
//! replacement; none of them adds or removes a line break.

use crate::model::FixKind;
pub use crate::text::dashes::code_dashes;
use crate::text::dashes::{is_dash, option_dash};
use regex::Regex;
use std::sync::OnceLock;

pub use crate::model::Change;

/// The Windows-1252 character a C1 control (U+0080..U+009F) stands for, from encoding_rs's table;
/// `None` for the five bytes Windows-1252 leaves undefined.
fn c1_as_windows_1252(c: char) -> Option<char> {
    let page = &crate::stages::repair::codepages::all()[0];
    page.chars[c as usize - 0x80].filter(|&w| w != c)
}

/// Lone C1 controls that stand for a Windows-1252 character (`parlé\u{85}` -> `parlé…`).
/// The five bytes Windows-1252 leaves undefined have no meaning to restore and are kept.
pub fn c1_controls(line: &str, log: &mut Vec<Change>) -> Option<String> {
    if !line.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return None;
    }
    let mut changed = false;
    let out = line
        .chars()
        .map(|c| match c {
            '\u{80}'..='\u{9f}' => match c1_as_windows_1252(c) {
                Some(w) => {
                    changed = true;
                    log.push((FixKind::C1Control, c.to_string(), w.to_string()));
                    w
                }
                None => c,
            },
            _ => c,
        })
        .collect();
    changed.then_some(out)
}

fn entity_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});").unwrap()
    })
}

fn entity_text(body: &str) -> Option<String> {
    let c = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
    } else if let Some(dec) = body.strip_prefix('#') {
        char::from_u32(dec.parse().ok()?)?
    } else {
        // The HTML standard's 2,231 names, from html5ever's table.
        let &(first, second) = html5ever::data::NAMED_ENTITIES.get(&format!("{body};"))?;
        return [first, second]
            .into_iter()
            .filter(|&u| u != 0)
            .map(char::from_u32)
            .collect::<Option<String>>();
    };
    // A line break or control from an entity would change the line structure or hide text.
    (!c.is_control() || c == '\t').then(|| c.to_string())
}

/// The entity reference that `text` starts with, if it starts with one that decodes: its length.
pub fn entity_at(text: &str) -> Option<usize> {
    let found = entity_regex().find(text).filter(|m| m.start() == 0)?;
    entity_text(&text[1..found.end() - 1]).map(|_| found.end())
}

/// `&amp;`, `&#8217;`, `&quot;` and friends. Unknown names are left as they are.
pub fn html_entities(line: &str, log: &mut Vec<Change>) -> Option<String> {
    if !line.contains('&') {
        return None;
    }
    let mut changed = false;
    let out =
        entity_regex().replace_all(line, |caps: &regex::Captures| match entity_text(&caps[1]) {
            Some(text) => {
                changed = true;
                log.push((FixKind::HtmlEntity, caps[0].to_string(), text.clone()));
                text
            }
            None => caps[0].to_string(),
        });
    changed.then(|| out.into_owned())
}

fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF | 0xFE0F)
}

/// Soft hyphens, stray BOMs, and zero-width characters where they are junk. Zero-width spaces,
/// joiners and non-joiners are part of the spelling in many scripts: a non-joiner in Persian
/// `دسترسی‌پذیری`, joiners in Malayalam, Sinhala and emoji sequences, a zero-width space between
/// the words of Khmer, Thai or Burmese. So one goes only where it is junk: in code, at the start of
/// a line, or where neither neighbour is a letter or mark of a script other than Latin (inside a
/// Latin word or an identifier, beside punctuation) and it does not join two pictographs.
pub fn invisible(line: &str, in_code: bool, log: &mut Vec<Change>) -> Option<String> {
    let is_invisible = |c: char| {
        matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
    };
    if line.is_ascii() || !line.chars().any(is_invisible) {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    // Where the line's text starts: invisibles before it are junk.
    let text_start = chars
        .iter()
        .position(|&p| !p.is_whitespace() && !is_invisible(p))
        .unwrap_or(chars.len());
    let mut out = String::with_capacity(line.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let junk = match c {
            '\u{ad}' | '\u{feff}' => true,
            _ if !is_invisible(c) => false,
            _ => {
                // The nearest visible neighbours on each side.
                let before = chars[..i]
                    .iter()
                    .rev()
                    .find(|&&p| !is_invisible(p))
                    .copied();
                let after = chars[i + 1..].iter().find(|&&n| !is_invisible(n)).copied();
                let emoji_joiner = c == '\u{200d}'
                    && before.is_some_and(is_pictograph)
                    && after.is_some_and(is_pictograph);
                in_code
                    || i < text_start
                    || (!emoji_joiner
                        && !before.is_some_and(spelled_with_invisibles)
                        && !after.is_some_and(spelled_with_invisibles))
            }
        };
        if junk {
            changed = true;
            log.push((
                FixKind::Invisible,
                format!("U+{:04X}", c as u32),
                String::new(),
            ));
        } else {
            out.push(c);
        }
    }
    changed.then_some(out)
}

/// A letter or mark of a script other than Latin: one whose writing may hold zero-width
/// characters as part of the text.
fn spelled_with_invisibles(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    let letter_or_mark = c.is_alphabetic()
        || matches!(
            unicode_general_category::get_general_category(c),
            unicode_general_category::GeneralCategory::NonspacingMark
                | unicode_general_category::GeneralCategory::SpacingMark
        );
    letter_or_mark
        && !matches!(
            c.script(),
            Script::Latin | Script::Common | Script::Inherited | Script::Unknown
        )
}

/// No-break and fixed-width spaces to plain spaces.
pub fn spaces(line: &str, log: &mut Vec<Change>) -> Option<String> {
    let is_odd_space = |c: char| {
        matches!(
            c,
            '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2002}' | '\u{2003}'
        )
    };
    if line.is_ascii() || !line.chars().any(is_odd_space) {
        return None;
    }
    Some(
        line.chars()
            .map(|c| {
                if is_odd_space(c) {
                    log.push((FixKind::Space, format!("U+{:04X}", c as u32), " ".into()));
                    ' '
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// Unicode NFC.
pub fn nfc(line: &str, log: &mut Vec<Change>) -> Option<String> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if line.is_ascii() || is_nfc_quick(line.chars()) == IsNormalized::Yes {
        return None;
    }
    let out: String = line.nfc().collect();
    (out != line).then(|| {
        log.push((FixKind::Normalization, line.to_string(), out.clone()));
        out
    })
}

fn ascii_quote(c: char) -> Option<char> {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' => Some('\''),
        '“' | '”' | '„' | '‟' | '″' => Some('"'),
        _ => None,
    }
}

/// Curly quotes and primes to ASCII quotes, everywhere: interview text quotes code as often as
/// it quotes words, and matching needs one spelling.
pub fn quotes(line: &str, log: &mut Vec<Change>) -> Option<String> {
    if line.is_ascii() || !line.chars().any(|c| ascii_quote(c).is_some()) {
        return None;
    }
    Some(
        line.chars()
            .map(|c| match ascii_quote(c) {
                Some(q) => {
                    log.push((FixKind::Quote, c.to_string(), q.to_string()));
                    q
                }
                None => c,
            })
            .collect(),
    )
}

/// A code operand next to a minus: a number, a one-letter name, a name with `_` or digits, a
/// call or an index (`len(s)`, `a[i]`). Plain words (`Readable – Uses`) are not operands.
fn is_operand(token: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(\d+(\.\d+)?|[A-Za-z_]|[A-Za-z_]*_[A-Za-z0-9_]*|[A-Za-z_]+[0-9]+|.*[)\]]|[A-Za-z_][A-Za-z0-9_.]*[(\[].*)$").unwrap()
    });
    re.is_match(token)
}

/// Dashes in prose: punctuation stays, but an option (`pip list –outdated`) or a minus between
/// code operands (`n – 1`, `len(s) – 1`) becomes ASCII. Inline code spans get the code rule.
pub fn prose_dashes(line: &str, log: &mut Vec<Change>) -> Option<String> {
    if line.is_ascii() || !line.contains('`') && !has_replaceable_dash(line) {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    // Split on backticks: a piece after an odd number of them is inline code if a tick closes it.
    let ticks = line.matches('`').count();
    for (k, piece) in line.split('`').enumerate() {
        if k > 0 {
            out.push('`');
        }
        if k % 2 == 1 && k < ticks {
            out.push_str(&code_dashes(piece, log));
        } else {
            out.push_str(&prose_piece_dashes(piece, log));
        }
    }
    (out != line).then_some(out)
}

/// Quick check before the exact rules: a minus sign, a dash glued to a lower-case word after a
/// space, or a dash with a space on each side.
fn has_replaceable_dash(line: &str) -> bool {
    let mut previous = ' ';
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if is_dash(c) {
            let next = chars.peek().copied().unwrap_or('\n');
            if c == '−' || (previous == ' ' && (next == ' ' || next.is_ascii_lowercase())) {
                return true;
            }
        }
        previous = c;
    }
    false
}

fn prose_piece_dashes(text: &str, log: &mut Vec<Change>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if !is_dash(c) {
            out.push(c);
            continue;
        }
        let replacement = if c == '−' {
            Some("-")
        } else if let Some(n) = option_dash(&chars, i).filter(|_| c == '–' || c == '—') {
            Some(if n == 2 { "--" } else { "-" })
        } else if is_minus_between_operands(&chars, i) {
            Some("-")
        } else {
            None
        };
        match replacement {
            Some(r) => {
                log.push((FixKind::Dash, c.to_string(), r.into()));
                out.push_str(r);
            }
            None => out.push(c),
        }
    }
    out
}

fn is_minus_between_operands(chars: &[char], i: usize) -> bool {
    if i < 2 || i + 2 >= chars.len() || chars[i - 1] != ' ' || chars[i + 1] != ' ' {
        return false;
    }
    let operand_char =
        |c: &&char| c.is_alphanumeric() || matches!(**c, '_' | '.' | '(' | ')' | '[' | ']');
    let left: String = {
        let mut run: Vec<char> = chars[..i - 1]
            .iter()
            .rev()
            .take_while(operand_char)
            .copied()
            .collect();
        run.reverse();
        // `fib(n` is the operand `n`: drop what an open bracket leaves behind.
        let start = run
            .iter()
            .rposition(|c| matches!(c, '(' | '['))
            .map_or(0, |p| p + 1);
        run[start..].iter().collect()
    };
    let right: String = chars[i + 2..].iter().take_while(operand_char).collect();
    let right = right.trim_end_matches(['.', ')', ']']);
    !left.is_empty() && !right.is_empty() && is_operand(&left) && is_operand(right)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&str, &mut Vec<Change>) -> Option<String>, s: &str) -> String {
        let mut log = Vec::new();
        f(s, &mut log).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn dashes_in_commands_and_arithmetic_become_ascii() {
        let cases = [
            (
                "docker option",
                "Run docker –version to check",
                "Run docker --version to check",
            ),
            ("pip option", "pip list –outdated", "pip list --outdated"),
            ("short option", "ls –l", "ls -l"),
            (
                "minus",
                "return fib(n – 1) + fib(n – 2)",
                "return fib(n - 1) + fib(n - 2)",
            ),
            ("minus sign", "x = −5", "x = -5"),
            ("inline code", "use `a – b` here", "use `a - b` here"),
            (
                "prose dash stays",
                "Easy to Learn & Readable – Uses simple syntax",
                "Easy to Learn & Readable – Uses simple syntax",
            ),
            ("range stays", "For 0–1 years", "For 0–1 years"),
            ("em dash prose", "It works — mostly.", "It works — mostly."),
        ];
        for (name, input, want) in cases {
            assert_eq!(run(prose_dashes, input), want, "{name}");
        }
    }

    #[test]
    fn quotes_entities_spaces_invisibles() {
        assert_eq!(
            run(quotes, "print(“hi”) it’s ″HS256″"),
            "print(\"hi\") it's \"HS256\""
        );
        assert_eq!(
            run(
                html_entities,
                "R&amp;D &#8217; &#x2019; &lt;pre&gt; &bogus; &#10;"
            ),
            "R&D ’ ’ <pre> &bogus; &#10;"
        );
        // Every name of the HTML standard, two code points where it has two.
        assert_eq!(
            run(
                html_entities,
                "&CounterClockwiseContourIntegral; &NotEqualTilde; &Scaron;"
            ),
            "∳ \u{2242}\u{338} Š"
        );
        assert_eq!(run(spaces, "a\u{a0}b\u{202f}c"), "a b c");
        assert_eq!(run(c1_controls, "parlé\u{85} \u{81}"), "parlé… \u{81}");
        assert_eq!(run(nfc, "cafe\u{301}"), "café");
    }

    #[test]
    fn invisibles_go_only_where_they_are_junk() {
        // (name, line, in code, repaired)
        let cases = [
            (
                "latin words",
                "zero\u{200b}width soft\u{ad}hyphen \u{feff}bom",
                false,
                "zerowidth softhyphen bom",
            ),
            (
                "identifier",
                "call my\u{200d}_func()",
                false,
                "call my_func()",
            ),
            (
                "line start",
                "\u{200b}\u{200c}Что такое GIL?",
                false,
                "Что такое GIL?",
            ),
            (
                "in code",
                "x = 'دسترسی\u{200c}پذیری'",
                true,
                "x = 'دسترسیپذیری'",
            ),
            (
                "emoji sequence",
                "family 👨\u{200d}👩",
                false,
                "family 👨\u{200d}👩",
            ),
            (
                "persian",
                "دسترسی\u{200c}پذیری",
                false,
                "دسترسی\u{200c}پذیری",
            ),
            ("kurdish", "بە\u{200c}کارهێنان", false, "بە\u{200c}کارهێنان"),
            (
                "malayalam chillu",
                "അവന്\u{200d} വന്നു",
                false,
                "അവന്\u{200d} വന്നു",
            ),
            ("sinhala", "ශ්\u{200d}රී ලංකා", false, "ශ්\u{200d}රී ලංකා"),
            ("hindi half form", "लक्\u{200d}ष्य", false, "लक्\u{200d}ष्य"),
            (
                "khmer word break",
                "ឯកសារ\u{200b}ទាំងអស់",
                false,
                "ឯកសារ\u{200b}ទាំងអស់",
            ),
            (
                "burmese word break",
                "ဖိုင်\u{200b}များ",
                false,
                "ဖိုင်\u{200b}များ",
            ),
            (
                "thai word break",
                "ไฟล์\u{200b}ทั้งหมด",
                false,
                "ไฟล์\u{200b}ทั้งหมด",
            ),
        ];
        for (name, line, in_code, want) in cases {
            let mut log = Vec::new();
            let got = invisible(line, in_code, &mut log).unwrap_or_else(|| line.to_string());
            assert_eq!(got, want, "{name}");
        }
    }
}

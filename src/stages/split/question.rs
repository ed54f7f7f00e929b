//! Cleaning question and heading text: one line, no numbering, list marker, `Q:` or emphasis.

use regex::Regex;
use std::sync::OnceLock;

struct Patterns {
    leading_marker: Regex,
    decimal: Regex,
    digit_glued: Regex,
    toggle: Regex,
    spaces: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Patterns {
            // `1. `, `1.What`, `1) `, `(1) `, `1、`, `１．`, `（1）`; never `3.14`.
            leading_marker: re(
                r"^(?:(?:Q|Question)\s*\d{0,3}\s*[:.)]\s*|\d{1,3}\s*[.)]\s+|\d{1,3}[.)]|[(（]\d{1,3}[)）]\s*|\d{1,3}\s*[、．）：]\s*|[-*•]\s+)",
            ),
            decimal: re(r"^\d+\.\d"),
            // OCR read the question number as a letter glued to the first word: `7 How` -> `Thow`.
            digit_glued: re(r"^[TIlZBGO](how|what|why|when|where|which|who)\b"),
            toggle: re(r"^Toggle(\p{Lu})"),
            spaces: re(r"\s+"),
        }
    })
}

/// A cleaned question, and whether its number had to be repaired.
pub fn clean_question(text: &str) -> (String, bool) {
    let p = patterns();
    // Each pattern runs only where the text can hold what it removes: this runs per record.
    let mut q = if text.contains("**") {
        strip_emphasis(text)
    } else {
        text.to_string()
    };
    // Numbering and decoration, in any order (`1. 🔧 How…? 🔴`, `:blue_book: 2) What…`).
    let mut q_trimmed = strip_decoration(q.trim()).to_string();
    while q_trimmed
        .starts_with(|c: char| c.is_numeric() || matches!(c, 'Q' | '-' | '*' | '•' | '(' | '（'))
        && !p.decimal.is_match(&q_trimmed)
    {
        let stripped = p.leading_marker.replace(&q_trimmed, "");
        let stripped = strip_decoration(stripped.trim());
        if stripped == q_trimmed || stripped.is_empty() {
            break;
        }
        q_trimmed = stripped.to_string();
    }
    q = q_trimmed;
    let mut repaired_number = false;
    if q.starts_with(['T', 'I', 'l', 'Z', 'B', 'G', 'O']) {
        if let Some(c) = p.digit_glued.captures(&q) {
            let word = &c[1];
            let mut fixed = word[..1].to_uppercase();
            fixed.push_str(&word[1..]);
            q = format!("{fixed}{}", &q[1 + word.len()..]);
            repaired_number = true;
        }
    }
    // A line break pasted in from HTML (`What is X?<br>`) is not part of the question.
    if q.contains("<br") {
        q = q
            .replace("<br/>", " ")
            .replace("<br />", " ")
            .replace("<br>", " ");
    }
    let single_spaced = !q.contains("  ") && !q.contains(['\t', '\n', '\r']);
    let q = q.trim();
    (
        if single_spaced {
            q.to_string()
        } else {
            p.spaces.replace_all(q, " ").into_owned()
        },
        repaired_number,
    )
}

/// The text without the pictographs that decorate its ends (`🔧 How do you…? 🔴`) and without
/// an emoji shortcode before it (`:blue_book: What is…`); the text itself when nothing else
/// would be left.
pub fn strip_decoration(text: &str) -> &str {
    fn pictograph(c: char) -> bool {
        use unicode_general_category::{get_general_category, GeneralCategory as G};
        matches!(c, '\u{fe0f}' | '\u{fe0e}' | '\u{200d}' | '\u{20e3}')
            || matches!(c, '\u{1f3fb}'..='\u{1f3ff}')
            || get_general_category(c) == G::OtherSymbol
    }
    // Most texts open with a letter and end with one or with punctuation: nothing to strip.
    let plain_end = |c: char| c.is_alphanumeric() || c.is_ascii_punctuation();
    if text.starts_with(char::is_alphanumeric) && text.ends_with(plain_end) {
        return text;
    }
    let mut t = text;
    loop {
        let before = t;
        t = t.trim_start_matches(|c: char| pictograph(c) || c.is_whitespace());
        t = t.trim_end_matches(|c: char| pictograph(c) || c.is_whitespace());
        if let Some(rest) = t.strip_prefix(':') {
            if let Some((code, after)) = rest.split_once(':') {
                let shortcode = !code.is_empty()
                    && code
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_+-".contains(c));
                if shortcode && after.starts_with(char::is_whitespace) {
                    t = after;
                }
            }
        }
        if t == before {
            break;
        }
    }
    if t.chars().any(char::is_alphanumeric) {
        t
    } else {
        text
    }
}

/// A part of a question (`Threads` under `…using:`), as it joins the question.
pub fn clean_fragment(text: &str) -> String {
    strip_emphasis(text.trim())
}

/// The text without its bold markers: a run of two or three `*` that closes (text before it)
/// paired with the nearest earlier run of the same length that opens (text after it). Code is the
/// author's: nothing inside backticks is touched, and a run nothing closes stays
/// (`*args and **kwargs`).
pub fn strip_emphasis(text: &str) -> String {
    let runs = bold_runs(text);
    let mut drop = vec![false; runs.len()];
    // Like CommonMark: a run that can close takes the nearest open run of its length.
    let mut open: Vec<usize> = Vec::new();
    for (i, &(_, len, opens, closes)) in runs.iter().enumerate() {
        let partner = closes
            .then(|| open.iter().rposition(|&o| runs[o].1 == len))
            .flatten();
        if let Some(k) = partner {
            drop[open[k]] = true;
            drop[i] = true;
            open.truncate(k);
        } else if opens {
            open.push(i);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for ((at, len, _, _), d) in runs.iter().zip(drop) {
        if d {
            out.push_str(&text[from..*at]);
            from = at + len;
        }
    }
    out.push_str(&text[from..]);
    out
}

/// The runs of two or three `*` outside backticks: byte offset, length, whether text follows
/// (it can open) and whether text precedes (it can close).
fn bold_runs(text: &str) -> Vec<(usize, usize, bool, bool)> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut in_code = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                in_code = !in_code;
                i += 1;
            }
            b'*' if !in_code => {
                let start = i;
                while i < bytes.len() && bytes[i] == b'*' {
                    i += 1;
                }
                let len = i - start;
                if (2..=3).contains(&len) {
                    let before = text[..start].chars().next_back();
                    let after = text[i..].chars().next();
                    let opens = after.is_some_and(|c| !c.is_whitespace());
                    let closes = before.is_some_and(|c| !c.is_whitespace());
                    runs.push((start, len, opens, closes));
                }
            }
            _ => i += 1,
        }
    }
    runs
}

/// A cleaned heading: no numbering, bullet, emoji, `#`, emphasis, TOC `Toggle` prefix or colon.
pub fn clean_heading(text: &str) -> String {
    let p = patterns();
    let t = text
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '(' | '`' | '_' | '*'))
        .trim();
    let t = strip_emphasis(t);
    let t = p.leading_marker.replace(t.trim(), "");
    let t = p.toggle.replace(t.trim(), "$1");
    let t = t.trim().trim_end_matches(':').trim();
    p.spaces.replace_all(t, " ").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_questions_from_the_seeds() {
        let cases: &[(&str, &str, bool)] = &[
            (
                "What are Python's key features?",
                "What are Python's key features?",
                false,
            ),
            (
                "***Q: How do you deploy a Flask project?***",
                "How do you deploy a Flask project?",
                false,
            ),
            (
                "Thow do you implement authentication in FastAPI?",
                "How do you implement authentication in FastAPI?",
                true,
            ),
            (
                "Show how to reverse a list.",
                "Show how to reverse a list.",
                false,
            ),
            (
                "`__init__` vs `__new__` (Diagram)",
                "`__init__` vs `__new__` (Diagram)",
                false,
            ),
            ("  What   is\tPython? ", "What is Python?", false),
            // Numbering as other typographies write it; a decimal is no number.
            ("1.What is a list?", "What is a list?", false),
            ("（3）什么是装饰器？", "什么是装饰器？", false),
            (
                "12、Python 中的 GIL 是什么？",
                "Python 中的 GIL 是什么？",
                false,
            ),
            ("１．什么是生成器？", "什么是生成器？", false),
            ("(2) What is PEP 8?", "What is PEP 8?", false),
            ("3.14 is pi: why?", "3.14 is pi: why?", false),
            // Code stays as written: in backticks, and where no bold closes.
            (
                "Q: What is `*args, **kwargs` in function definition?",
                "What is `*args, **kwargs` in function definition?",
                false,
            ),
            (
                "Explain *args and **kwargs in Python.",
                "Explain *args and **kwargs in Python.",
                false,
            ),
            (
                "What does **kwargs do, and what is **the** point?",
                "What does **kwargs do, and what is the point?",
                false,
            ),
            ("**What is `a ** b`?**", "What is `a ** b`?", false),
        ];
        for (text, want, repaired) in cases {
            assert_eq!(
                clean_question(text),
                (want.to_string(), *repaired),
                "{text}"
            );
        }
    }

    #[test]
    fn cleans_headings_from_the_seeds() {
        let cases = [
            (
                "TogglePython Questions for Interview",
                "Python Questions for Interview",
            ),
            ("1. Core Python Concepts", "Core Python Concepts"),
            (
                "📌 Practice Questions (Self-test)",
                "Practice Questions (Self-test)",
            ),
            (
                "7. Python Medium Level Questions",
                "Python Medium Level Questions",
            ),
            ("Topics covered:", "Topics covered"),
        ];
        for (text, want) in cases {
            assert_eq!(clean_heading(text), want, "{text}");
        }
    }
}

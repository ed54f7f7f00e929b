//! What the finder reads in a text: numbering, question and answer labels, and whether a
//! heading or a block asks.

use super::super::cues::Cues;
use regex::Regex;
use std::sync::OnceLock;

fn numbered_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:[*_]+)?(?:(?i:q(?:uestion)?|вопрос)\s*)?(?:[(（]\d{1,4}[)）]|\d{1,4}\s*[.):\-–、．）：]|\d{1,3}\s)\s*\S",
        )
        .expect("static regex")
    })
}

/// `1️⃣2️⃣ What…`: keycap digits, as numbering.
pub(super) fn strip_keycaps(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\u{20e3}') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        if c.is_ascii_digit() && next == Some('\u{20e3}') {
            i += 2;
        } else if c.is_ascii_digit() && next == Some('\u{fe0f}') && after == Some('\u{20e3}') {
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    std::borrow::Cow::Owned(format!("1. {}", out.trim_start()))
}

/// The text a judgement reads: no keycaps, no leading emoji or bullets.
pub(super) fn plain(text: &str) -> std::borrow::Cow<'_, str> {
    fn body(t: &str) -> &str {
        // Decoration first: a shortcode (`:blue_book: 76) Define GIL.`) opens with letters.
        super::super::question::strip_decoration(t)
            .trim_start_matches(|c: char| {
                !c.is_alphanumeric() && !matches!(c, '`' | '#' | '_' | '*')
            })
            .trim()
    }
    match strip_keycaps(text) {
        std::borrow::Cow::Borrowed(t) => std::borrow::Cow::Borrowed(body(t)),
        std::borrow::Cow::Owned(t) => std::borrow::Cow::Owned(body(&t).to_string()),
    }
}

pub(super) fn is_numbered(text: &str) -> bool {
    let p = plain(text);
    // Only a digit, a `Q`, a `В` or emphasis can open a number: most text needs no regex.
    p.starts_with(|c: char| {
        c.is_numeric() || matches!(c, 'q' | 'Q' | 'в' | 'В' | '*' | '_' | '(' | '（')
    }) && numbered_re().is_match(&p)
}

/// What the finder reads with the cues: labels, and whether a text asks.
impl Cues {
    /// `Q:`, `Q1.`, `Question 3:`, `Вопрос:`: a question label opens the text.
    pub fn has_question_label(&self, text: &str) -> bool {
        label_word(text).is_some_and(|w| self.is_question_label(&w))
    }

    /// The text without its leading question label: `Вопрос 3: Что такое GIL?` -> `Что такое GIL?`.
    pub fn strip_question_label(&self, text: &str) -> String {
        let t = strip_keycaps(text);
        if !self.has_question_label(&t) {
            return t.into_owned();
        }
        let rest = t.trim_start_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
        let rest = rest.trim_start_matches(char::is_alphabetic);
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '*' || c == '_');
        let rest = rest.trim_start_matches([':', '.', ')', '-', '–']);
        rest.trim_start_matches(['*', '_', ' ']).to_string()
    }

    /// `A:`, `Answer:`, `Ответ:`: an answer label opens the text.
    pub fn has_answer_label(&self, text: &str) -> bool {
        label_word(text).is_some_and(|w| self.is_answer_label(&w))
    }

    /// Removes a leading answer label from an answer's first line: `A: Python is…` -> `Python is…`.
    pub(super) fn strip_answer_label(&self, markdown: &str) -> String {
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(
                r"^\s*(?:[-*]\s+)?(?:\*\*|__)?\p{L}{1,12}(?:\*\*|__)?\s*[:.)\-–]\s*(?:\*\*|__)?\s*",
            )
            .expect("static regex")
        });
        if !self.has_answer_label(markdown.trim_start_matches(['-', ' '])) {
            return markdown.to_string();
        }
        re.replace(markdown, "").into_owned()
    }

    /// A heading that names a section rather than asks: `# 3. Topic`, `🟢 Basic Level`.
    pub(super) fn marked_as_section(&self, text: &str) -> bool {
        let t = strip_keycaps(text);
        let t = t.trim();
        t.starts_with('#')
            || t.starts_with(|c: char| {
                !c.is_alphanumeric() && !matches!(c, '`' | '_' | '*' | '(' | '"')
            }) && !self.is_question_like(&plain(t))
    }

    /// A heading's or a block's text reads as a question: it asks, carries a `Q:` label, or asks
    /// after its number (`1. What is…`).
    pub(super) fn reads_as_question(&self, text: &str) -> bool {
        let p = plain(text);
        self.is_question_like(&p) || self.has_question_label(&p) || {
            // `1. What is…`: judge the words after the number.
            let rest = numbered_re()
                .find(&p)
                .and_then(|m| p[..m.end()].char_indices().last().map(|(at, _)| &p[at..]))
                .unwrap_or("");
            !rest.is_empty() && self.is_question_like(rest)
        }
    }

    /// A line that opens a question by itself: numbered or labelled, and asking (`2. Explain X.`,
    /// `Q: Why?`). Front ends cut a paragraph that strings several of them together.
    pub fn opens_question(&self, line: &str) -> bool {
        let t = line.trim();
        (is_numbered(t) || self.has_question_label(t)) && self.reads_as_question(t)
    }
}

/// The word before a `:`/`.`/`)` (after optional digits) at the start of `text`, lower case.
fn label_word(text: &str) -> Option<String> {
    let t = text.trim_start_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let word: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    if word.is_empty() || word.chars().count() > 12 {
        return None;
    }
    let after = &t[word.len()..];
    let rest = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let numbered = after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    let rest = rest.trim_start_matches(['*', '_']);
    // `Q3:`, `Answer -`, a label and its number alone (`# Frage 2`), or a number the text
    // follows with no space (`<span>Q1</span>Python 是…` read as `Q1Python 是…`).
    (rest.starts_with([':', '.', ')', '-', '–'])
        || numbered && (rest.trim().is_empty() || rest.starts_with(char::is_alphabetic)))
    .then(|| word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_numbering() {
        let cases: &[(&str, bool, bool, bool)] = &[
            // text, numbered, question label, answer label
            ("1. What is Python?", true, false, false),
            ("Q3. What is a closure?", true, true, false),
            ("Q: What is PEP 8?", false, true, false),
            ("Question 12: Explain the GIL", true, true, false),
            ("Frage 2", false, true, false),
            ("Q1Python 是解释型语言吗？", false, true, false),
            ("Python3 is here.", false, false, false),
            (":blue_book: 76) Define GIL.", true, false, false),
            ("Questions", false, false, false),
            ("Answer: a tuple is immutable", false, false, true),
            ("A: It is a list.", false, false, true),
            ("Ответ: список изменяем", false, false, true),
            ("1️⃣2️⃣ What is a generator?", true, false, false),
            ("Python is fun.", false, false, false),
            ("2024 was a year.", false, false, false),
        ];
        for &(text, numbered, q, a) in cases {
            assert_eq!(is_numbered(text), numbered, "numbered: {text}");
            assert_eq!(
                crate::settings::for_tests().cues.has_question_label(text),
                q,
                "question label: {text}"
            );
            assert_eq!(
                crate::settings::for_tests().cues.has_answer_label(text),
                a,
                "answer label: {text}"
            );
        }
    }

    #[test]
    fn sections_are_told_from_questions() {
        let cases: &[(&str, bool)] = &[
            ("# 3. Object-Oriented Programming", true),
            ("🟢 Basic Level", true),
            ("Core Python", false),
            ("🔹 1. What is Python?", false),
        ];
        for &(text, section) in cases {
            assert_eq!(
                crate::settings::for_tests().cues.marked_as_section(text),
                section,
                "{text}"
            );
        }
    }

    #[test]
    fn answer_labels_are_stripped() {
        let cases: &[(&str, &str)] = &[
            ("A: Python is interpreted.", "Python is interpreted."),
            ("**Answer:** It is.", "It is."),
            ("Ans. Yes.", "Yes."),
            ("Another paragraph.", "Another paragraph."),
            ("As you know: this stays.", "As you know: this stays."),
        ];
        for &(before, after) in cases {
            assert_eq!(
                crate::settings::for_tests().cues.strip_answer_label(before),
                after,
                "{before}"
            );
        }
    }
}

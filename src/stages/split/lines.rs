//! The line model every layout works on: each raw line classified once by its shape.

use regex::Regex;
use std::sync::OnceLock;

/// One line of a repaired document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the source file.
    pub no: usize,
    /// The line as repaired, without its line break.
    pub raw: String,
    pub shape: Shape,
    /// A copy of this line's title was glued to the end of the line before (slide pages).
    pub glued_copy_before: bool,
}

/// How a number is attached to its text: `1.`, `1)`, `1` alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    Dot,
    Paren,
    Bare,
}

/// What a line looks like, before any layout decides what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Blank,
    /// A Markdown code fence, with its language when it names one.
    Fence {
        lang: Option<String>,
    },
    /// `#`..`######` heading.
    MarkdownHeading {
        depth: usize,
        text: String,
    },
    /// `**Q: ...**`, `Q1. ...`, `Question 3: ...`.
    QuestionMarker {
        text: String,
    },
    /// `A: ...`, `Answer:`, `- Answer:`, `✓ Answer:`; `rest` is the text after the label.
    AnswerLabel {
        rest: String,
    },
    /// `12. Text`, `12) Text`, `12 Text`, `\t7.\tText`.
    Numbered {
        n: u32,
        style: NumberStyle,
        indented: bool,
        text: String,
    },
    /// `- text`, `• text`, `\t•\ttext`, emoji bullets.
    Bullet {
        text: String,
    },
    /// Copy-button debris of chat exports: `CopyEdit`, `Copy code`, with an optional language label.
    CopyButton {
        lang: Option<String>,
    },
    /// A lone language label (`python`, `bash`) left behind by a code block's header.
    LanguageLabel {
        lang: String,
    },
    /// `---`, `***`, `⸻`.
    Separator,
    Text,
}

const LANGUAGES: &str = "python|py|python3|bash|sh|shell|console|zsh|html|css|javascript|js|typescript|ts|json|yaml|yml|sql|dockerfile|docker|text|plaintext|ini|toml|xml|java|go|rust|c|cpp|makefile|nginx|jinja|django";

fn regexes() -> &'static Regexes {
    static RE: OnceLock<Regexes> = OnceLock::new();
    RE.get_or_init(Regexes::build)
}

struct Regexes {
    fence: Regex,
    heading: Regex,
    question: Regex,
    answer: Regex,
    numbered: Regex,
    bullet: Regex,
    copy_button: Regex,
    language: Regex,
    separator: Regex,
}

impl Regexes {
    fn build() -> Self {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Regexes {
            fence: re(r"^\s*(?:```+|~~~+)\s*([A-Za-z0-9_+-]*)\s*$"),
            heading: re(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$"),
            question: re(
                r"^\s*(?:[-*•]\s+)?(?:\*{1,3}|_{2})?\s*(?:Q|Question)\s*\d{0,3}\s*[:.)]\s*(?:\*{1,3}\s*)?(.+?)\s*(?:\*{1,3}|_{2})?\s*$",
            ),
            answer: re(
                r"^\s*(?:[-*•✓✔]\s*)?(?:\*\*)?(?:A|Ans|Answer)\s*(?:\*\*)?\s*:(?:\*\*)?\s*(.*)$",
            ),
            numbered: re(r"^(\s*)(\d{1,3})(\.|\)|\s)\s*(\S.*)$"),
            bullet: re(r"^\s*(?:[-*•●▪◦‣⁃➤►▶✓✔✅❌→]|[\x{1F300}-\x{1FAFF}])\x{FE0F}?\s+(\S.*)$"),
            copy_button: re(&format!(
                r"(?i)^\s*(?:({LANGUAGES})\s+)?(?:copyedit|copy code|copy|edit)\s*$"
            )),
            language: re(&format!(r"(?i)^\s*({LANGUAGES})\s*$")),
            separator: re(r"^\s*(?:(?:[-*_=~]\s*){3,}|[⸻—─═]+)\s*$"),
        }
    }
}

/// Classifies every line of a repaired text.
pub fn classify(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .map(|(i, raw)| Line {
            no: i + 1,
            raw: raw.to_string(),
            shape: shape_of(raw),
            glued_copy_before: false,
        })
        .collect()
}

/// The shape of one line.
pub fn shape_of(raw: &str) -> Shape {
    let re = regexes();
    let t = raw.trim();
    if t.is_empty() {
        return Shape::Blank;
    }
    if let Some(c) = re.fence.captures(raw) {
        let lang = c
            .get(1)
            .map(|m| m.as_str().to_ascii_lowercase())
            .filter(|s| !s.is_empty());
        return Shape::Fence { lang };
    }
    if let Some(c) = re.copy_button.captures(raw) {
        return Shape::CopyButton {
            lang: c.get(1).map(|m| m.as_str().to_ascii_lowercase()),
        };
    }
    if let Some(c) = re.language.captures(raw) {
        return Shape::LanguageLabel {
            lang: c[1].to_ascii_lowercase(),
        };
    }
    if re.separator.is_match(raw) {
        return Shape::Separator;
    }
    if let Some(c) = re.question.captures(raw) {
        return Shape::QuestionMarker {
            text: c[1].to_string(),
        };
    }
    if let Some(c) = re.answer.captures(raw) {
        return Shape::AnswerLabel {
            rest: c[1].trim().to_string(),
        };
    }
    if let Some(c) = re.heading.captures(raw) {
        return Shape::MarkdownHeading {
            depth: c[1].len(),
            text: c[2].to_string(),
        };
    }
    // `**1. What is a decorator?**`: a whole line in emphasis is judged by what it wraps.
    if let Some(inner) = strip_emphasis(t) {
        match shape_of(inner) {
            numbered @ Shape::Numbered { .. } => return numbered,
            _ if inner.ends_with('?') => {
                return Shape::QuestionMarker {
                    text: inner.to_string(),
                }
            }
            _ => {}
        }
    }
    if let Some(c) = re.numbered.captures(raw) {
        let text = c[4].trim().to_string();
        let style = match &c[3] {
            "." => NumberStyle::Dot,
            ")" => NumberStyle::Paren,
            _ => NumberStyle::Bare,
        };
        // `3 apples`: a bare number is a list number only before a capitalised word.
        let plausible = style != NumberStyle::Bare || text.starts_with(|c: char| c.is_uppercase());
        if plausible {
            if let Ok(n) = c[2].parse() {
                return Shape::Numbered {
                    n,
                    style,
                    indented: !c[1].is_empty(),
                    text,
                };
            }
        }
    }
    if let Some(c) = re.bullet.captures(raw) {
        return Shape::Bullet {
            text: c[1].trim().to_string(),
        };
    }
    Shape::Text
}

/// The text inside `**…**`, `__…__` or `*…*` when the emphasis wraps the whole line.
fn strip_emphasis(t: &str) -> Option<&str> {
    for mark in ["***", "**", "__", "*", "_"] {
        if let Some(inner) = t
            .strip_prefix(mark)
            .and_then(|rest| rest.strip_suffix(mark))
        {
            let inner = inner.trim();
            if !inner.is_empty() && !inner.contains(mark) {
                return Some(inner);
            }
        }
    }
    None
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.shape == Shape::Blank
    }
    pub fn text(&self) -> &str {
        self.raw.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_real_lines() {
        use NumberStyle::*;
        let num = |n, style, indented, text: &str| Shape::Numbered {
            n,
            style,
            indented,
            text: text.into(),
        };
        let cases = [
            (
                "seed 000 bold question",
                "**Q: What are Python's key features?**",
                Shape::QuestionMarker {
                    text: "What are Python's key features?".into(),
                },
            ),
            (
                "seed 000 bold italic",
                "***Q: How do you deploy a Flask project?***",
                Shape::QuestionMarker {
                    text: "How do you deploy a Flask project?".into(),
                },
            ),
            (
                "seed 000 answer",
                "A: Python is an interpreted language.",
                Shape::AnswerLabel {
                    rest: "Python is an interpreted language.".into(),
                },
            ),
            (
                "seed 000 title",
                "# Python Interview Questions (3+ Years Experience)",
                Shape::MarkdownHeading {
                    depth: 1,
                    text: "Python Interview Questions (3+ Years Experience)".into(),
                },
            ),
            (
                "seed 001 question",
                "1. What is Python?",
                num(1, Dot, false, "What is Python?"),
            ),
            (
                "seed 002 question",
                "1 What are Python's key features?",
                num(1, Bare, false, "What are Python's key features?"),
            ),
            (
                "seed 002 answer label",
                "Answer:",
                Shape::AnswerLabel {
                    rest: String::new(),
                },
            ),
            (
                "seed 002 bullet answer label",
                "- Answer:",
                Shape::AnswerLabel {
                    rest: String::new(),
                },
            ),
            (
                "seed 002 copy button",
                "CopyEdit",
                Shape::CopyButton { lang: None },
            ),
            (
                "seed 002 copy with label",
                "python CopyEdit",
                Shape::CopyButton {
                    lang: Some("python".into()),
                },
            ),
            (
                "seed 002 language label",
                "python",
                Shape::LanguageLabel {
                    lang: "python".into(),
                },
            ),
            ("seed 002 fence", "```", Shape::Fence { lang: None }),
            (
                "seed 003 bullet",
                "\t•\tDifference between is and == in Python.",
                Shape::Bullet {
                    text: "Difference between is and == in Python.".into(),
                },
            ),
            (
                "seed 003 tab number",
                "\t2.\tImplement a generator for Fibonacci numbers.",
                num(2, Dot, true, "Implement a generator for Fibonacci numbers."),
            ),
            ("seed 003 separator", "⸻", Shape::Separator),
            (
                "seed 001 emoji bullet",
                "🔹 Examples of itertools:",
                Shape::Bullet {
                    text: "Examples of itertools:".into(),
                },
            ),
            (
                "seed 001 code comment",
                "# This is a comment",
                Shape::MarkdownHeading {
                    depth: 1,
                    text: "This is a comment".into(),
                },
            ),
            ("a count is not a number", "3 apples", Shape::Text),
            (
                "bold numbered question",
                "**1. What is a decorator?**",
                num(1, Dot, false, "What is a decorator?"),
            ),
            (
                "bold question",
                "**What is a decorator?**",
                Shape::QuestionMarker {
                    text: "What is a decorator?".into(),
                },
            ),
            ("bold label stays text", "**Note:**", Shape::Text),
            (
                "prose",
                "Python automatically detects the type.",
                Shape::Text,
            ),
        ];
        for (name, raw, want) in cases {
            assert_eq!(shape_of(raw), want, "{name}");
        }
    }
}

//! Each line of pasted text classified once by its shape, before blocks are made of them.

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
    heading: Regex,
    question: Regex,
    answer: Regex,

    copy_button: Regex,
    language: Regex,
    separator: Regex,
}

impl Regexes {
    fn build() -> Self {
        let re = |s: &str| Regex::new(s).expect("static regex");
        Regexes {
            heading: re(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$"),
            question: re(
                r"^\s*(?:[-*•]\s+|#{1,6}\s+)?(?:\*{1,3}|_{2})?\s*(?:Q|Question)\s*\d{0,3}\s*[:.)]\s*(?:\*{1,3}\s*)?(.+?)\s*(?:\*{1,3}|_{2})?\s*$",
            ),
            answer: re(
                r"^\s*(?:[-*•✓✔]\s*)?(?:\*\*)?(?:A|Ans|Answer)\s*(?:\*\*)?\s*:(?:\*\*)?\s*(.*)$",
            ),
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
    let t = raw.trim();
    if t.is_empty() {
        return Shape::Blank;
    }
    let line = Probe::new(raw, t);
    line.fence()
        .or_else(|| line.debris())
        .or_else(|| line.separator())
        .or_else(|| line.labelled())
        .or_else(|| line.heading())
        .or_else(|| line.emphasised())
        .or_else(|| line.listed())
        .unwrap_or(Shape::Text)
}

/// A non-blank line, with what says which patterns may match it: each pattern runs only where
/// its first character allows it, since most lines are plain prose.
struct Probe<'a> {
    raw: &'a str,
    /// The line trimmed.
    t: &'a str,
    first: char,
    /// Short and plain enough to be a copy button or a language label.
    short_word: bool,
}

impl<'a> Probe<'a> {
    fn new(raw: &'a str, t: &'a str) -> Self {
        Probe {
            raw,
            t,
            first: t.chars().next().unwrap_or(' '),
            short_word: t.len() <= 24
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'+'),
        }
    }

    /// The one definition of a fence, shared with repair (`text::fence`).
    fn fence(&self) -> Option<Shape> {
        if self.first != '`' && self.first != '~' {
            return None;
        }
        let f = crate::text::fence::open(self.raw)?;
        Some(Shape::Fence { lang: f.lang() })
    }

    /// A copy button or a lone language label.
    fn debris(&self) -> Option<Shape> {
        if !self.short_word {
            return None;
        }
        let re = regexes();
        if let Some(c) = re.copy_button.captures(self.raw) {
            return Some(Shape::CopyButton {
                lang: c.get(1).map(|m| m.as_str().to_ascii_lowercase()),
            });
        }
        let c = re.language.captures(self.raw)?;
        Some(Shape::LanguageLabel {
            lang: c[1].to_ascii_lowercase(),
        })
    }

    fn separator(&self) -> Option<Shape> {
        (matches!(
            self.first,
            '-' | '*' | '_' | '=' | '~' | '⸻' | '—' | '─' | '═'
        ) && regexes().separator.is_match(self.raw))
        .then_some(Shape::Separator)
    }

    /// A question marker or an answer label, both within the line's first 16 characters.
    fn labelled(&self) -> Option<Shape> {
        let re = regexes();
        let t = self.t;
        let head = &t[..t.char_indices().nth(16).map_or(t.len(), |(i, _)| i)];
        let question = if head.contains('Q') {
            re.question.captures(self.raw)
        } else {
            None
        };
        if let Some(c) = question {
            return Some(Shape::QuestionMarker {
                text: c[1].to_string(),
            });
        }
        if !head.contains('A') {
            return None;
        }
        let c = re.answer.captures(self.raw)?;
        Some(Shape::AnswerLabel {
            rest: c[1].trim().to_string(),
        })
    }

    fn heading(&self) -> Option<Shape> {
        if self.first != '#' {
            return None;
        }
        let c = regexes().heading.captures(self.raw)?;
        Some(Shape::MarkdownHeading {
            depth: c[1].len(),
            text: c[2].to_string(),
        })
    }

    /// `**1. What is a decorator?**`: a whole line in emphasis is judged by what it wraps.
    fn emphasised(&self) -> Option<Shape> {
        if self.first != '*' && self.first != '_' {
            return None;
        }
        let inner = strip_emphasis(self.t)?;
        match shape_of(inner) {
            numbered @ Shape::Numbered { .. } => Some(numbered),
            _ if inner.ends_with('?') => Some(Shape::QuestionMarker {
                text: inner.to_string(),
            }),
            _ => None,
        }
    }

    /// A numbered line or a bullet.
    fn listed(&self) -> Option<Shape> {
        if self.first.is_ascii_digit() {
            if let Some(shape) = numbered(self.raw) {
                return Some(shape);
            }
        }
        if self.first.is_ascii_alphanumeric() {
            return None;
        }
        Some(Shape::Bullet {
            text: bullet_text(self.t)?.to_string(),
        })
    }
}

/// `12. Text`, `12) Text`, `12 Text` (the last only before a capital: `3 apples` is prose),
/// indented or not. Parsed by hand: this runs on every line.
fn numbered(raw: &str) -> Option<Shape> {
    let body = raw.trim_start();
    let indented = body.len() != raw.len();
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let n: u32 = body[..digits].parse().ok()?;
    let rest = &body[digits..];
    let (style, rest) = match rest.as_bytes().first()? {
        b'.' => (NumberStyle::Dot, &rest[1..]),
        b')' => (NumberStyle::Paren, &rest[1..]),
        b' ' | b'\t' => (NumberStyle::Bare, rest),
        _ => return None,
    };
    let text = rest.trim();
    // `3.14 is pi` is a decimal number, not item 3.
    let decimal = style == NumberStyle::Dot && rest.starts_with(|c: char| c.is_ascii_digit());
    if text.is_empty() || decimal {
        return None;
    }
    if style == NumberStyle::Bare && !text.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    Some(Shape::Numbered {
        n,
        style,
        indented,
        text: text.to_string(),
    })
}

/// The text after a list marker (`-`, `•`, `✓`, an emoji…) and at least one space.
fn bullet_text(t: &str) -> Option<&str> {
    let mut chars = t.char_indices();
    let (_, marker) = chars.next()?;
    let is_marker = matches!(
        marker,
        '-' | '*'
            | '•'
            | '●'
            | '▪'
            | '◦'
            | '‣'
            | '⁃'
            | '➤'
            | '►'
            | '▶'
            | '✓'
            | '✔'
            | '✅'
            | '❌'
            | '→'
            | '○'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '★'
            // A bullet whose bytes did not decode (`\t�\t` for `\t•\t`).
            | '\u{FFFD}'
    ) || ('\u{1F300}'..='\u{1FAFF}').contains(&marker);
    if !is_marker {
        return None;
    }
    let mut rest = &t[marker.len_utf8()..];
    rest = rest.strip_prefix('\u{FE0F}').unwrap_or(rest);
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let text = rest.trim();
    (!text.is_empty()).then_some(text)
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
                "a heading that carries the label (a Q&A page in Markdown)",
                "# Q4.Python an interpreted language. Explain.",
                Shape::QuestionMarker {
                    text: "Python an interpreted language. Explain.".into(),
                },
            ),
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
                "a bullet that did not decode",
                "\t\u{FFFD}\tHow is memory managed in Python?",
                Shape::Bullet {
                    text: "How is memory managed in Python?".into(),
                },
            ),
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
            ("a decimal is not a number", "3.14 is pi", Shape::Text),
            (
                "paren number",
                "2) read it",
                num(2, Paren, false, "read it"),
            ),
            ("bullet needs a space", "-not a bullet", Shape::Text),
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

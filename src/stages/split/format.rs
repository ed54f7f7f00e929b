//! Recognising a document's format from its content. The file name plays no part: a saved page
//! called `notes.txt` is still HTML, a Markdown file called `.html` still Markdown.

use serde_json::Value;

/// The formats split has a front end for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Rst,
    Notebook,
    Json,
    Yaml,
    JsonLines,
    Csv,
    /// Pasted or extracted text: read line by line (`front::text`).
    Text,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Rst => "rst",
            Format::Notebook => "notebook",
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::JsonLines => "jsonl",
            Format::Csv => "csv",
            Format::Text => "text",
        }
    }
}

/// The format of a repaired text.
pub fn detect(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') || t.starts_with('"') {
        if let Some(format) = json_format(t) {
            return format;
        }
    }
    if looks_like_html(t) {
        return Format::Html;
    }
    if super::front::bank::csv_delimiter(t).is_some() {
        return Format::Csv;
    }
    if looks_like_yaml_bank(t) {
        return Format::Yaml;
    }
    markup_format(t)
}

/// A notebook, JSON or JSON Lines, when the text parses as one.
fn json_format(t: &str) -> Option<Format> {
    if let Ok(v) = serde_json::from_str::<Value>(t) {
        if v.get("cells").is_some_and(Value::is_array) {
            return Some(Format::Notebook);
        }
        return Some(Format::Json);
    }
    let mut lines = t.lines().filter(|l| !l.trim().is_empty()).peekable();
    if lines.peek().is_some()
        && lines.all(|l| serde_json::from_str::<Value>(l).is_ok_and(|v| v.is_object()))
    {
        return Some(Format::JsonLines);
    }
    // Not strict JSON: a bank all the same when read leniently (trailing commas, several
    // top-level values, the fragment of an object) it holds questions.
    super::front::bank::json_bank(t).map(|_| Format::Json)
}

/// A YAML bank: the text is structured like YAML (its first content line a list item or a key,
/// and most of its content lines keys, items or their indented continuation), parses as YAML,
/// and holds questions under a question field. Prose with a `Q:` line is not: its other lines
/// are not keys or items.
fn looks_like_yaml_bank(t: &str) -> bool {
    let mut content = t
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && l.trim() != "---");
    let structural = |l: &str| {
        let s = l.trim_start();
        l.starts_with([' ', '\t']) || s.starts_with("- ") || s == "-" || yaml_key(s)
    };
    // The first content line decides most texts at once.
    if !content
        .next()
        .is_some_and(|l| l.trim_start().starts_with("- ") || yaml_key(l))
    {
        return false;
    }
    let (mut lines, mut keyed) = (1usize, 1usize);
    for l in content {
        lines += 1;
        keyed += usize::from(structural(l));
    }
    keyed * 10 >= lines * 9 && super::front::bank::yaml_blocks(t).is_some()
}

/// `key:` or `key: value`, the key a short name with no space before the colon.
fn yaml_key(s: &str) -> bool {
    s.split_once(':').is_some_and(|(k, rest)| {
        !k.is_empty()
            && k.len() <= 40
            && k.chars()
                .all(|c| c.is_alphanumeric() || "_- \"'".contains(c))
            && !k.ends_with(' ')
            && (rest.is_empty() || rest.starts_with(' '))
    })
}

/// Markdown, reStructuredText or text, by the marks of the lines.
fn markup_format(t: &str) -> Format {
    let mut marks = Marks::default();
    let mut prev = "";
    for line in t.lines() {
        let l = line.trim_end();
        marks.count(l, prev);
        // An ATX heading, a fence or a table rules out reStructuredText: it is Markdown.
        if marks.atx + marks.fences + marks.tables > 0 {
            return Format::Markdown;
        }
        prev = l;
    }
    // Titles underlined in reST's way are reST, with or without a directive: two of them, or
    // one beside another reST mark.
    if marks.rst_titles >= 2 || marks.rst_titles == 1 && marks.rst_marks >= 1 {
        return Format::Rst;
    }
    if marks.atx + marks.fences + marks.tables > 0 || marks.markup >= 2 {
        return Format::Markdown;
    }
    Format::Text
}

/// Lines that mark Markdown or reStructuredText, counted.
#[derive(Default)]
struct Marks {
    /// `## Heading`.
    atx: usize,
    fences: usize,
    /// `|---|---|`.
    tables: usize,
    /// Links, bold, line breaks and HTML blocks: Markdown inline.
    markup: usize,
    /// Underlined titles.
    rst_titles: usize,
    /// Directives, `::`, roles, and titles underlined with other than `=` or `-`.
    rst_marks: usize,
}

impl Marks {
    /// Counts the marks of line `l` (trimmed at its end) under line `prev`.
    fn count(&mut self, l: &str, prev: &str) {
        let trimmed = l.trim_start();
        if trimmed.starts_with('#') {
            let hashes = trimmed.chars().take_while(|&c| c == '#').count();
            if hashes <= 6 && trimmed[hashes..].starts_with(' ') {
                self.atx += 1;
            }
        }
        if crate::text::fence::open(trimmed).is_some() {
            self.fences += 1;
        }
        if trimmed.starts_with('|') && trimmed.contains("---") {
            self.tables += 1;
        }
        if opens_html_block(trimmed)
            || trimmed.contains("](")
            || trimmed.contains("**")
            || trimmed.ends_with("<br>")
            || trimmed.ends_with("<br/>")
        {
            self.markup += 1;
        }
        if is_rst_underline(l, prev) {
            self.rst_titles += 1;
            if !matches!(l.chars().next(), Some('=') | Some('-')) {
                self.rst_marks += 1;
            }
        }
        if trimmed.starts_with(".. ")
            || (l.ends_with("::") && !l.ends_with(":::"))
            || trimmed.starts_with(":ref:")
            || is_field(l)
            || has_inline_literal(trimmed)
        {
            self.rst_marks += 1;
        }
    }
}

/// `:Date: 2018-12-23`: a reST field at the start of a line.
fn is_field(l: &str) -> bool {
    l.strip_prefix(':')
        .and_then(|r| r.split_once(": "))
        .is_some_and(|(name, _)| !name.is_empty() && !name.contains(' ') && !name.contains(':'))
}

/// ``` ``yield`` ```: a reST inline literal (Markdown writes one backtick).
fn has_inline_literal(trimmed: &str) -> bool {
    trimmed.contains('`') && trimmed.split("``").count() >= 3 && !trimmed.contains("```")
}

/// `<details>`, `<div>`, `<h2>`…: an HTML block inside Markdown.
fn opens_html_block(trimmed: &str) -> bool {
    trimmed.starts_with('<') && {
        let lower = trimmed.get(..12).unwrap_or(trimmed).to_ascii_lowercase();
        [
            "<details", "<summary", "<h1", "<h2", "<h3", "<h4", "<div", "<p>", "<table",
        ]
        .iter()
        .any(|t| lower.starts_with(t))
    }
}

/// `=====` under a title at least as long (RST section titles).
pub fn is_rst_underline(line: &str, title: &str) -> bool {
    let mut chars = line.chars();
    let Some(c) = chars.next() else { return false };
    "=-~^\"'`*+#:.".contains(c)
        && line.chars().all(|x| x == c)
        && line.chars().count() >= 3
        && !title.trim().is_empty()
        && line.chars().count() >= title.trim_end().chars().count()
        && !title.chars().all(|x| x == c)
}

fn looks_like_html(t: &str) -> bool {
    let head: String = t.chars().take(512).collect::<String>().to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
    {
        return true;
    }
    // A fragment of a page: most lines are tags, and block tags close.
    let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return false;
    }
    let tagged = lines.iter().filter(|l| l.starts_with('<')).count();
    let lower = t.to_ascii_lowercase();
    let closes = [
        "</p>", "</h1>", "</h2>", "</h3>", "</li>", "</div>", "</table>", "</tr>",
    ]
    .iter()
    .filter(|c| lower.contains(*c))
    .count();
    tagged * 10 >= lines.len() * 6 && closes >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_content() {
        let cases: &[(&str, Format)] = &[
            ("# Title\n\n## 1. What is Python?\n", Format::Markdown),
            (
                "<!DOCTYPE html><html><body><p>x</p></body></html>",
                Format::Html,
            ),
            (
                "<h3>Question 1: What?</h3>\n<p>Yes.</p>\n<p>No.</p>\n",
                Format::Html,
            ),
            ("{\"cells\": [], \"nbformat\": 4}", Format::Notebook),
            (
                "[{\"question\": \"What?\", \"answer\": \"x\"}]",
                Format::Json,
            ),
            ("{\"q\": \"What?\"}\n{\"q\": \"Why?\"}\n", Format::JsonLines),
            ("question,answer\nWhat is a list?,A sequence\n", Format::Csv),
            (
                "Python\n======\n\nBasics\n------\n\n.. code-block:: python\n\n   x = 1\n",
                Format::Rst,
            ),
            ("1. What is Python?\n- It is a language.\n", Format::Text),
            ("Title\n=====\n\nSome text\n", Format::Text),
            // Underlined titles alone make reST (a blog post with no directive).
            (
                "What is a tuple?\n----------------\n\nImmutable.\n\nWhat is a list?\n---------------\n\nMutable.\n",
                Format::Rst,
            ),
            (
                ":Title: Questions\n\nWhat is a tuple?\n----------------\n\nImmutable, see ``tuple``.\n",
                Format::Rst,
            ),
            // Banks that are not strict JSON: trailing commas, two top-level values, a fragment.
            (
                "[{\"question\": \"What is a list?\", \"answer\": \"x\",},]",
                Format::Json,
            ),
            (
                "[{\"question\": \"What?\"}]\n[{\"question\": \"Why?\"}]\n",
                Format::Json,
            ),
            (
                "\"easy\": [{\"question\": \"What is a tuple?\"}]\n}\n",
                Format::Json,
            ),
            // YAML banks, a list or lists under keys; a paste of Q:/A: lines is not one.
            (
                "- question: What is a list?\n  answer: A sequence.\n- question: What is a dict?\n  answer: A map.\n",
                Format::Yaml,
            ),
            (
                "python:\n  easy:\n    - q: What is PEP 8?\n      a: The style guide.\n",
                Format::Yaml,
            ),
            (
                "Q: What is a list?\nA: A sequence.\nQ: What is a dict?\nA: A map.\n",
                Format::Text,
            ),
            ("key: value\nother: thing\n", Format::Text),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), *want, "{text}");
        }
    }
}

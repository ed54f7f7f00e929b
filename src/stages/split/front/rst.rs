//! reStructuredText to blocks: section titles (underlined, optionally overlined; the depth
//! follows the order in which the title styles appear), paragraphs, bullet and enumerated
//! lists, literal blocks after `::` and `.. code-block::` directives. Other directives and
//! comments carry no text and are left to the markup rejects.

use super::super::blocks::{Block, BlockKind};
use super::super::format::is_rst_underline;
use regex::Regex;
use std::sync::OnceLock;

fn list_marker() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\s*)(?:[-*+•]|\d{1,4}[.)]|#\.|\(\d{1,4}\))\s+(\S.*)$").expect("static regex")
    })
}

/// Inline markup reduced: ``code`` to `code`, `link <url>`_ to its text, :role:`x` to `x`.
fn inline(text: &str) -> (String, bool) {
    static RE: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    let (literal, link, role) = RE.get_or_init(|| {
        (
            Regex::new(r"``([^`]+)``").expect("static regex"),
            Regex::new(r"`([^`<]+?)\s*<[^>]+>`_+").expect("static regex"),
            Regex::new(r":[a-z:]+:`([^`]+)`").expect("static regex"),
        )
    });
    let t = link.replace_all(text, "$1");
    let t = role.replace_all(&t, "`$1`");
    let t = literal.replace_all(&t, "`$1`");
    let strong = t.starts_with("**") && t.ends_with("**") && t.len() > 4;
    // Bold runs that pair go; escaped stars (`\*\*kwargs`) are the author's text.
    let t = super::super::question::strip_emphasis(&t).replace("\\*", "*");
    (t.trim().to_string(), strong)
}

/// The blocks of an RST text.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut reader = Reader {
        lines: &lines,
        styles: Vec::new(),
        literal_next: false,
        out: Vec::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        i = reader.step(i);
    }
    reader.out
}

/// The reading of one text, block by block.
struct Reader<'a> {
    lines: &'a [&'a str],
    /// Title styles (adornment character, overlined) in the order they first appear: the
    /// position of a title's style is its depth.
    styles: Vec<(char, bool)>,
    /// The paragraph before ended in `::`: an indented literal block may follow.
    literal_next: bool,
    out: Vec<Block>,
}

impl Reader<'_> {
    /// Reads what starts at line `i`; returns the line to read on from.
    fn step(&mut self, i: usize) -> usize {
        let l = self.lines[i].trim_end();
        if l.trim().is_empty() {
            return i + 1;
        }
        let indent = l.len() - l.trim_start().len();
        if let Some(next) = self.title(i, indent) {
            return next;
        }
        let directive = l.trim_start();
        if self.literal_next && indent > 0
            || directive.starts_with(".. code")
            || directive.starts_with(".. sourcecode")
        {
            return self.literal(i, indent);
        }
        if directive.starts_with("..") {
            if let Some(title) = titled_directive(directive) {
                return self.titled(i, title);
            }
            return self.skip_directive(i);
        }
        self.paragraph(i)
    }

    /// A directive whose argument is a title in words (`.. an:: What is Python really?`, an
    /// `.. admonition:: …`): a heading one level below the titles so far, its options skipped and
    /// its body read as reST.
    fn titled(&mut self, i: usize, title: &str) -> usize {
        let end = self.skip_directive(i);
        let depth = (self.styles.len() + 1).min(6);
        let mut h = Block::new(BlockKind::Heading, inline(title).0, i + 1, i + 1);
        h.depth = depth as u8;
        h.markdown = format!("{} {}", "#".repeat(depth), h.text);
        self.out.push(h);
        let body: Vec<&str> = self.lines[i + 1..end]
            .iter()
            .map(|l| {
                l.get(3..)
                    .filter(|_| l.starts_with("   "))
                    .unwrap_or(l.trim_start())
            })
            .collect();
        // Options (`:tags: python`) open the body; they are settings, not text.
        let options = body.iter().take_while(|l| is_option(l.trim())).count();
        let text = body[options..].join("\n");
        for mut b in blocks(&text) {
            b.line += i + 1 + options;
            b.line_end += i + 1 + options;
            self.out.push(b);
        }
        end
    }

    /// A section title at line `i` (overline, title, underline; or title, underline) becomes a
    /// heading; returns the line after it, or `None` when there is no title here.
    fn title(&mut self, i: usize, indent: usize) -> Option<usize> {
        let lines = self.lines;
        let l = lines[i].trim_end();
        let over = i + 2 < lines.len()
            && is_rst_underline(l, lines[i + 1])
            && lines[i + 2].trim_end() == l;
        let under =
            i + 1 < lines.len() && indent == 0 && is_rst_underline(lines[i + 1].trim_end(), l);
        if !(over || (under && !is_rst_underline(l, "x"))) {
            return None;
        }
        let (title, end) = if over {
            (lines[i + 1].trim(), i + 2)
        } else {
            (l.trim(), i + 1)
        };
        let style = (
            lines[if over { i } else { i + 1 }]
                .chars()
                .next()
                .unwrap_or('='),
            over,
        );
        let depth = match self.styles.iter().position(|s| *s == style) {
            Some(p) => p + 1,
            None => {
                self.styles.push(style);
                self.styles.len()
            }
        };
        let mut b = Block::new(BlockKind::Heading, inline(title).0, i + 1, end + 1);
        b.depth = depth.min(6) as u8;
        b.markdown = format!("{} {}", "#".repeat(depth.min(6)), b.text);
        self.out.push(b);
        Some(end + 1)
    }

    /// A literal block: the indented lines after a `::` paragraph or a code directive at line
    /// `i`, in the language the directive names (Python when it names none).
    fn literal(&mut self, i: usize, indent: usize) -> usize {
        let lines = self.lines;
        let directive = lines[i].trim_end().trim_start();
        let lang = directive
            .strip_prefix(".. code-block::")
            .or_else(|| directive.strip_prefix(".. code::"))
            .or_else(|| directive.strip_prefix(".. sourcecode::"))
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty());
        let is_directive = directive.starts_with("..");
        let base = if is_directive {
            indent
        } else {
            indent.saturating_sub(1)
        };
        let start = if is_directive { i + 1 } else { i };
        let end = indented_end(lines, start, base);
        let code = dedented(&lines[start..end.max(start)]);
        if !code.is_empty() {
            let first = (start..end)
                .find(|&k| !lines[k].trim().is_empty())
                .unwrap_or(start);
            let mut b = Block::new(
                BlockKind::Code {
                    lang: lang.clone().or(Some("python".into())),
                },
                code.clone(),
                first + 1,
                end.max(first + 1),
            );
            b.markdown = format!(
                "```{}\n{code}\n```",
                lang.unwrap_or_else(|| "python".into())
            );
            self.out.push(b);
        }
        self.literal_next = false;
        end.max(i + 1)
    }

    /// Another directive or a comment at line `i`, with its indented body: skipped.
    fn skip_directive(&self, i: usize) -> usize {
        let lines = self.lines;
        let mut i = i + 1;
        while i < lines.len() && (lines[i].trim().is_empty() || lines[i].starts_with(' ')) {
            if lines[i].trim().is_empty() && i + 1 < lines.len() && !lines[i + 1].starts_with(' ') {
                break;
            }
            i += 1;
        }
        i
    }

    /// A paragraph or a list item from line `i`: lines up to a blank line, the next item or a
    /// title.
    fn paragraph(&mut self, i: usize) -> usize {
        let lines = self.lines;
        let item = list_marker().captures(lines[i].trim_end());
        let mut end = i + 1;
        while end < lines.len()
            && !lines[end].trim().is_empty()
            && list_marker().captures(lines[end]).is_none()
            && !(end + 1 < lines.len() && is_rst_underline(lines[end + 1].trim_end(), lines[end]))
        {
            end += 1;
        }
        let all = joined(&lines[i..end]);
        self.literal_next = all.ends_with("::");
        let (kind, body, depth) = match &item {
            Some(c) => {
                let body = list_marker()
                    .captures(&all)
                    .map(|m| m[2].to_string())
                    .unwrap_or(all);
                (
                    BlockKind::ListItem { ordinal: None },
                    body,
                    (c[1].len() / 2) as u8,
                )
            }
            None => (BlockKind::Paragraph, paragraph_text(&all), 0),
        };
        let (text, strong) = inline(&body);
        let mut b = Block::new(kind, text, i + 1, end);
        b.depth = depth;
        b.strong = strong;
        b.markdown = lines[i..end].join("\n");
        if !b.text.is_empty() {
            self.out.push(b);
        }
        end
    }
}

/// The title of a directive whose argument is words, not a name or a path: two words or more,
/// and a directive that is not one of the standard ones that take a path or a language.
fn titled_directive(line: &str) -> Option<&str> {
    let (name, arg) = line.strip_prefix("..")?.trim_start().split_once("::")?;
    let arg = arg.trim();
    let name = name.trim();
    let standard = [
        "image",
        "figure",
        "include",
        "literalinclude",
        "toctree",
        "code",
        "code-block",
        "sourcecode",
        "raw",
        "csv-table",
        "list-table",
        "table",
        "math",
        "highlight",
        "meta",
        "index",
        "only",
        "needlist",
        "needtable",
        "needflow",
    ];
    (!name.is_empty()
        && !name.contains(' ')
        && !standard.contains(&name)
        && arg.split_whitespace().count() >= 2)
        .then_some(arg)
}

/// `:tags: python`: a directive option.
fn is_option(l: &str) -> bool {
    l.strip_prefix(':')
        .and_then(|r| r.split_once(':'))
        .is_some_and(|(name, _)| !name.is_empty() && !name.contains(' '))
}

/// Where the lines from `start` indented deeper than `base` end (blank lines between them
/// belong to them, blank lines after do not).
fn indented_end(lines: &[&str], start: usize, base: usize) -> usize {
    let mut end = start;
    let mut k = start;
    while k < lines.len() {
        let t = lines[k];
        if t.trim().is_empty() {
            k += 1;
            continue;
        }
        let ind = t.len() - t.trim_start().len();
        if ind <= base {
            break;
        }
        end = k + 1;
        k += 1;
    }
    end
}

/// Lines less the indentation they share, trimmed of blank lines at either end.
fn dedented(body: &[&str]) -> String {
    let cut = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let code: String = body
        .iter()
        .map(|l| l.get(cut..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    code.trim_matches('\n').to_string()
}

/// A paragraph's text: one that opens a literal block with `::` ends on a single colon.
fn paragraph_text(text: &str) -> String {
    let opens_literal = text.ends_with("::");
    let text = text.trim_end_matches("::").trim_end().to_string();
    if opens_literal && !text.ends_with(':') {
        format!("{text}:")
    } else {
        text
    }
}

/// Lines trimmed and joined with spaces.
fn joined(lines: &[&str]) -> String {
    lines.iter().map(|s| s.trim()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lists_and_literal_blocks() {
        let src = "==================\nPython Interview\n==================\n\nBasics\n======\n\nWhat is a list?\n---------------\n\nA mutable sequence::\n\n    xs = [1, 2]\n    xs.append(3)\n\n- ``append`` adds one\n- ``extend`` adds many\n\n.. code-block:: python\n\n   print(xs)\n\n.. note:: skipped\n\n.. an:: What is Python really?\n   :tags: python\n\n   It is interpreted.\n\nWhat are \\*args and \\*\\*kwargs? **Both**.\n";
        let b = blocks(src);
        let got: Vec<(String, usize, u8)> = b
            .iter()
            .map(|b| (b.text.clone(), b.line, b.depth))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Python Interview".into(), 1, 1),
                ("Basics".into(), 5, 2),
                ("What is a list?".into(), 8, 3),
                ("A mutable sequence:".into(), 11, 0),
                ("xs = [1, 2]\nxs.append(3)".into(), 13, 0),
                ("`append` adds one".into(), 16, 0),
                ("`extend` adds many".into(), 17, 0),
                ("print(xs)".into(), 21, 0),
                // A directive titled in words: a heading, its options skipped, its body read.
                ("What is Python really?".into(), 25, 4),
                ("It is interpreted.".into(), 28, 0),
                ("What are *args and **kwargs? Both.".into(), 30, 0),
            ]
        );
    }
}

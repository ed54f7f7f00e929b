//! HTML to blocks: a saved web page or a static site's output, parsed by html5ever (see
//! [`dom`](super::dom)). `h1`-`h6`, `p`, `li`, `table`, `pre`, `blockquote`, `details` and
//! `summary` are content; page chrome (`nav`, `header` outside the article, `footer`, `aside`,
//! share buttons, reader comments: by element or by class) becomes one `Chrome` block, so its
//! lines are accounted for but never taken as questions. Scripts, styles and forms carry no text.

use super::super::blocks::{Block, BlockKind, InlineTally};
use super::dom::{self, Node, NodeKind};
use chrome::chrome_reason;

mod chrome;
mod script;
mod table;

/// Elements whose content is never text of the page.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "input",
    "select", "textarea", "canvas", "meta", "link", "object", "video", "audio",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "blockquote",
    "details",
    "summary",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "body",
    "html",
    "address",
    "center",
    "caption",
    "fieldset",
];

/// The blocks of a whole page.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = fragment_blocks(text, 1);
    // Questions shipped as data in the page's scripts, among the blocks at their lines.
    let data = script::rows(text);
    if !data.is_empty() {
        blocks.extend(data);
        blocks.sort_by_key(|b| b.line);
    }
    blocks
}

/// The blocks of HTML whose first line is `first_line` of the document (HTML inside Markdown).
pub fn fragment_blocks(text: &str, first_line: usize) -> Vec<Block> {
    let nodes = dom::parse(text);
    let mut w = Walker {
        nodes: &nodes,
        out: Vec::new(),
        shift: first_line - 1,
        list_depth: 0,
        item_depth: 0,
        details: 0,
        quote: 0,
        in_article: 0,
    };
    w.children(0);
    w.out
}

#[derive(Default)]
struct Inline {
    text: String,
    markdown: String,
    tally: InlineTally,
    line: usize,
    line_end: usize,
}

impl Inline {
    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

struct Walker<'a> {
    nodes: &'a [Node],
    out: Vec<Block>,
    shift: usize,
    list_depth: u8,
    item_depth: u8,
    details: u8,
    quote: u8,
    in_article: u8,
}

fn is_block(node: &Node) -> bool {
    node.kind == NodeKind::Element && BLOCK_TAGS.contains(&node.tag())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Walker<'_> {
    /// The first and last source line of a node's subtree.
    fn span(&self, id: usize) -> (usize, usize) {
        let n = &self.nodes[id];
        let mut first = n.line;
        let mut last = n.line;
        if let NodeKind::Text(t) = &n.kind {
            last += t.trim_end().matches('\n').count();
        }
        for &c in &n.children {
            let (f, l) = self.span(c);
            first = first.min(f);
            last = last.max(l);
        }
        (first + self.shift, last + self.shift)
    }

    fn push(&mut self, kind: BlockKind, inline: Inline, depth: u8) {
        let text = collapse(&inline.text);
        if text.is_empty() && !matches!(kind, BlockKind::ListItem { .. }) {
            return;
        }
        let links_only = inline.tally.links_only();
        let kind = inline.tally.kind(kind);
        let md = collapse(&inline.markdown);
        let markdown = match &kind {
            BlockKind::Heading => format!("{} {md}", "#".repeat(depth.clamp(1, 6) as usize)),
            BlockKind::ListItem { ordinal } => {
                let indent = "  ".repeat(depth as usize);
                match ordinal {
                    Some(n) => format!("{indent}{n}. {md}"),
                    None => format!("{indent}- {md}"),
                }
            }
            BlockKind::Quote => format!("> {md}"),
            BlockKind::Summary => format!("**{text}**"),
            _ => md,
        };
        let mut b = Block::new(kind, text, inline.line, inline.line_end);
        b.markdown = markdown;
        b.depth = depth;
        b.item_depth = self.item_depth;
        b.details_depth = self.details;
        b.strong = inline.tally.all_strong();
        b.links_only = links_only;
        self.out.push(b);
    }

    /// Walks the children of `id`, gathering inline runs into paragraphs.
    fn children(&mut self, id: usize) {
        let mut run = Inline::default();
        let kids = self.nodes[id].children.clone();
        for c in kids {
            let n = &self.nodes[c];
            if is_block(n) {
                self.flush(&mut run);
                self.element(c);
            } else {
                self.inline(c, &mut run, false, None);
            }
        }
        self.flush(&mut run);
    }

    fn flush(&mut self, run: &mut Inline) {
        if !run.is_empty() {
            let kind = if self.quote > 0 {
                BlockKind::Quote
            } else {
                BlockKind::Paragraph
            };
            self.push(kind, std::mem::take(run), 0);
        } else {
            *run = Inline::default();
        }
    }

    /// Inline content of `id` into `run`.
    fn inline(&self, id: usize, run: &mut Inline, strong: bool, link: Option<bool>) {
        let n = &self.nodes[id];
        let (first, last) = self.span(id);
        match &n.kind {
            NodeKind::Text(t) => {
                if t.trim().is_empty() {
                    if !run.text.is_empty() {
                        run.text.push(' ');
                        run.markdown.push(' ');
                    }
                    return;
                }
                if run.line == 0 {
                    run.line = first;
                }
                run.line_end = run.line_end.max(last);
                run.text.push_str(t);
                run.markdown.push_str(t);
                run.tally.add(t, strong, link);
            }
            NodeKind::Element => {
                let tag = n.tag();
                if SKIPPED.contains(&tag) {
                    return;
                }
                if tag == "br" {
                    run.text.push(' ');
                    run.markdown.push(' ');
                    return;
                }
                let strong = strong || matches!(tag, "b" | "strong");
                let link = if tag == "a" {
                    Some(n.attr("href").is_some_and(|h| h.starts_with('#')))
                } else {
                    link
                };
                let (open, close) = match tag {
                    "code" | "kbd" | "samp" | "tt" => ("`", "`"),
                    "b" | "strong" => ("**", "**"),
                    _ => ("", ""),
                };
                if tag == "code" || tag == "kbd" || tag == "samp" || tag == "tt" {
                    let text = self.text_of(id);
                    if text.trim().is_empty() {
                        return;
                    }
                    if run.line == 0 {
                        run.line = first;
                    }
                    run.line_end = run.line_end.max(last);
                    let code = format!("`{}`", text.trim());
                    run.text.push_str(&code);
                    run.markdown.push_str(&code);
                    run.tally.add(&code, false, None);
                    return;
                }
                run.markdown.push_str(open);
                for &c in &n.children {
                    self.inline(c, run, strong, link);
                }
                if run.markdown.ends_with(open) && !open.is_empty() {
                    run.markdown.truncate(run.markdown.len() - open.len());
                } else {
                    run.markdown.push_str(close);
                }
            }
            _ => {}
        }
    }

    /// All text under `id`, as it stands (for code).
    fn text_of(&self, id: usize) -> String {
        let n = &self.nodes[id];
        match &n.kind {
            NodeKind::Text(t) => t.clone(),
            NodeKind::Element if n.tag() == "br" => "\n".into(),
            NodeKind::Element if SKIPPED.contains(&n.tag()) => String::new(),
            _ => n.children.iter().map(|&c| self.text_of(c)).collect(),
        }
    }

    fn inline_of(&self, id: usize) -> Inline {
        let mut run = Inline::default();
        for &c in &self.nodes[id].children {
            self.inline(c, &mut run, false, None);
        }
        if run.line == 0 {
            let (f, l) = self.span(id);
            run.line = f;
            run.line_end = l;
        }
        run
    }

    /// A block element: its block, its blocks, or its children walked under what it opens.
    fn element(&mut self, id: usize) {
        let n = &self.nodes[id];
        let tag = n.tag().to_string();
        if SKIPPED.contains(&tag.as_str()) {
            return;
        }
        if let Some(why) = chrome_reason(n, self.in_article > 0) {
            self.chrome(id, why);
            return;
        }
        match tag.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let depth = tag.as_bytes()[1] - b'0';
                let inline = self.inline_of(id);
                self.push(BlockKind::Heading, inline, depth);
            }
            "p" | "dt" | "dd" | "figcaption" | "caption" | "address" => self.paragraph(id),
            "summary" => {
                let inline = self.inline_of(id);
                self.push(BlockKind::Summary, inline, 0);
            }
            "details" => {
                self.details += 1;
                self.children(id);
                self.details -= 1;
            }
            "blockquote" => {
                self.quote += 1;
                self.children(id);
                self.quote -= 1;
            }
            "ul" | "ol" => self.list(id, tag == "ol"),
            "li" => self.item(id, None),
            "pre" => self.code(id),
            "table" => self.table(id),
            "hr" => {
                let (line, end) = self.span(id);
                let mut b = Block::new(BlockKind::Rule, String::new(), line, end);
                b.markdown = String::new();
                self.out.push(b);
            }
            "article" | "main" => {
                self.in_article += 1;
                self.children(id);
                self.in_article -= 1;
            }
            _ => self.children(id),
        }
    }

    /// Page chrome: one `Chrome` block of its text, cut at 300 characters.
    fn chrome(&mut self, id: usize, why: &'static str) {
        let (line, end) = self.span(id);
        let text: String = collapse(&self.text_of(id)).chars().take(300).collect();
        if !text.is_empty() {
            let mut b = Block::new(BlockKind::Chrome { why }, text, line, end);
            b.details_depth = self.details;
            self.out.push(b);
        }
    }

    /// A paragraph, or a quote inside `blockquote`.
    fn paragraph(&mut self, id: usize) {
        let kind = if self.quote > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        };
        // A `p` may hold block children after html5ever's repairs; read them too.
        if self.nodes[id]
            .children
            .iter()
            .any(|&c| is_block(&self.nodes[c]))
        {
            self.children(id);
        } else {
            let inline = self.inline_of(id);
            self.push(kind, inline, 0);
        }
    }

    /// A `ul` or `ol`: its items, numbered from `start` when ordered.
    fn list(&mut self, id: usize, ordered: bool) {
        let start: u64 = self.nodes[id]
            .attr("start")
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        self.list_depth += 1;
        let mut ordinal = start;
        for c in self.nodes[id].children.clone() {
            if self.nodes[c].tag() == "li" {
                self.item(c, ordered.then_some(ordinal));
                ordinal += 1;
            } else if is_block(&self.nodes[c]) {
                self.element(c);
            }
        }
        self.list_depth -= 1;
    }

    /// A `pre`: one code block, in the language its class names.
    fn code(&mut self, id: usize) {
        let code = self.text_of(id);
        let lang = self.code_language(id);
        let (line, end) = self.span(id);
        let code = code
            .trim_end_matches('\n')
            .trim_start_matches('\n')
            .to_string();
        if code.trim().is_empty() {
            return;
        }
        let mut b = Block::new(
            BlockKind::Code { lang: lang.clone() },
            code.clone(),
            line,
            end,
        );
        b.markdown = format!("```{}\n{code}\n```", lang.unwrap_or_default());
        b.item_depth = self.item_depth;
        b.details_depth = self.details;
        self.out.push(b);
    }

    fn code_language(&self, pre: usize) -> Option<String> {
        let mut ids = vec![pre];
        ids.extend(self.nodes[pre].children.iter().copied());
        ids.iter().find_map(|&i| {
            self.nodes[i].attr("class").and_then(|c| {
                c.split_whitespace().find_map(|w| {
                    w.strip_prefix("language-")
                        .or_else(|| w.strip_prefix("lang-"))
                        .map(|l| l.to_ascii_lowercase())
                })
            })
        })
    }

    /// A list item: its own text first (up to its first block child), then its blocks.
    fn item(&mut self, id: usize, ordinal: Option<u64>) {
        let depth = self.list_depth.saturating_sub(1);
        let mut own = Inline::default();
        let kids = self.nodes[id].children.clone();
        let mut rest = Vec::new();
        for (k, &c) in kids.iter().enumerate() {
            let n = &self.nodes[c];
            if is_block(n) {
                if own.is_empty() && n.tag() == "p" && rest.is_empty() {
                    own = self.inline_of(c);
                    continue;
                }
                rest.extend_from_slice(&kids[k..]);
                break;
            }
            self.inline(c, &mut own, false, None);
        }
        if own.line == 0 {
            let (f, _) = self.span(id);
            own.line = f;
            own.line_end = f;
        }
        self.push(BlockKind::ListItem { ordinal }, own, depth);
        self.item_depth += 1;
        let mut run = Inline::default();
        for c in rest {
            if is_block(&self.nodes[c]) {
                self.flush(&mut run);
                self.element(c);
            } else {
                self.inline(c, &mut run, false, None);
            }
        }
        self.flush(&mut run);
        self.item_depth -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(html: &str) -> Vec<(String, String, usize)> {
        blocks(html)
            .into_iter()
            .map(|b| {
                let k = match b.kind {
                    BlockKind::Heading => format!("h{}", b.depth),
                    BlockKind::Paragraph => "p".into(),
                    BlockKind::ListItem { .. } => format!("li{}", b.depth),
                    BlockKind::TableRow { .. } => "tr".into(),
                    BlockKind::Code { .. } => "code".into(),
                    BlockKind::Quote => "quote".into(),
                    BlockKind::Summary => "summary".into(),
                    BlockKind::Rule => "hr".into(),
                    BlockKind::Chrome { why } => format!("chrome:{why}"),
                };
                (k, b.text, b.line)
            })
            .collect()
    }

    #[test]
    fn page_chrome_is_not_content() {
        let page = "<!doctype html>\n<html><head><title>T</title><style>p{}</style></head>\n<body>\n<nav><a href=\"/\">Home</a></nav>\n<article>\n<h1>Python Questions</h1>\n<h3>Question 1: What is PEP 8?</h3>\n<p>A style guide.</p>\n</article>\n<div class=\"comments-area\"><p>2. What is a list? Great post!</p></div>\n<footer>(c) 2024</footer>\n</body></html>\n";
        let got = summary(page);
        assert_eq!(
            got,
            vec![
                ("chrome:navigation".to_string(), "Home".to_string(), 4),
                ("h1".into(), "Python Questions".into(), 6),
                ("h3".into(), "Question 1: What is PEP 8?".into(), 7),
                ("p".into(), "A style guide.".into(), 8),
                (
                    "chrome:reader comments".into(),
                    "2. What is a list? Great post!".into(),
                    10
                ),
                ("chrome:page chrome".into(), "(c) 2024".into(), 11),
            ]
        );
    }

    #[test]
    fn lists_code_and_tables() {
        let page = "<ol>\n<li>What is a tuple?\n<ul><li>an option</li></ul>\n</li>\n<li><p>What is a set?</p><pre><code class=\"language-python\">s = {1}\nprint(s)</code></pre></li>\n</ol>\n<table><tr><th>Question</th><th>Difficulty</th></tr><tr><td>What is GIL?</td><td>Hard</td></tr></table>\n";
        let b = blocks(page);
        let kinds: Vec<String> = b
            .iter()
            .map(|b| format!("{:?}", std::mem::discriminant(&b.kind)))
            .collect();
        assert_eq!(b[0].text, "What is a tuple?");
        assert_eq!(b[0].kind, BlockKind::ListItem { ordinal: Some(1) });
        assert_eq!(
            (b[1].text.as_str(), b[1].depth, b[1].item_depth),
            ("an option", 1, 1)
        );
        assert_eq!(b[2].text, "What is a set?");
        assert_eq!(
            b[3].kind,
            BlockKind::Code {
                lang: Some("python".into())
            }
        );
        assert_eq!(b[3].markdown, "```python\ns = {1}\nprint(s)\n```");
        assert!(
            matches!(&b[5].kind, BlockKind::TableRow { header, cells } if header[0] == "Question" && cells[1] == "Hard"),
            "{kinds:?}"
        );
    }
}

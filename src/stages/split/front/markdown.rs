//! Markdown to blocks, with pulldown-cmark (CommonMark and GFM tables): headings, paragraphs,
//! list items with their nesting, table rows with the header's names, code with its language,
//! quotes. HTML blocks inside the Markdown go through the HTML front end (`<details>`,
//! `<summary>`, `<div>` chrome). A block's Markdown is its own source lines, as written.

use super::super::blocks::{Block, BlockKind, InlineTally, LineIndex};
use super::super::cues::Cues;
use super::html;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// A block being read.
struct Leaf {
    kind: BlockKind,
    text: String,
    start: usize,
    end: usize,
    depth: u8,
    tally: InlineTally,
}

struct State<'a> {
    src: &'a str,
    cues: &'a Cues,
    index: LineIndex,
    out: Vec<Block>,
    leaf: Option<Leaf>,
    /// Per open list: the next ordinal (None for bullets).
    lists: Vec<Option<u64>>,
    /// Per open item: whether its own text is still to come.
    items: Vec<bool>,
    quote: usize,
    strong: usize,
    /// Per open emphasis or strong span: the delimiters it was written with, when they are the
    /// underscores of a Python name (`__init__`) and so text, not markup.
    literal: Vec<Option<&'static str>>,
    /// Inside a link: (anchor-only?).
    link: Vec<bool>,
    code: Option<(Option<String>, usize, String)>,
    table_header: Vec<String>,
    row: Vec<String>,
    cell: Option<String>,
    in_head: bool,
    head_start: usize,
    html: Option<(usize, usize, String)>,
    details: u8,
}

/// The blocks of a Markdown text.
pub fn blocks(src: &str, cues: &Cues) -> Vec<Block> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let mut st = State {
        src,
        cues,
        index: LineIndex::new(src),
        out: Vec::new(),
        leaf: None,
        lists: Vec::new(),
        items: Vec::new(),
        quote: 0,
        strong: 0,
        literal: Vec::new(),
        link: Vec::new(),
        code: None,
        table_header: Vec::new(),
        row: Vec::new(),
        cell: None,
        in_head: false,
        head_start: 0,
        html: None,
        details: 0,
    };
    for (event, range) in Parser::new_ext(src, opts).into_offset_iter() {
        st.event(event, range);
    }
    st.flush_html();
    st.close_leaf();
    st.out
}

impl State<'_> {
    fn event(&mut self, event: Event, range: std::ops::Range<usize>) {
        if !matches!(event, Event::Html(_)) {
            self.flush_html();
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => self.text(&t, range),
            Event::Code(t) => self.text(&format!("`{t}`"), range),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, range),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = self.cell.as_mut() {
                    c.push(' ');
                } else if let Some(l) = self.leaf.as_mut() {
                    l.text.push(' ');
                }
            }
            Event::Html(t) => {
                let h = self
                    .html
                    .get_or_insert((range.start, range.end, String::new()));
                h.1 = h.1.max(range.end);
                h.2.push_str(&t);
            }
            Event::InlineHtml(t) => {
                if t.to_ascii_lowercase().starts_with("<br") {
                    self.text(" ", range);
                }
            }
            Event::Rule => {
                self.close_leaf();
                let (line, end) = self.index.span(range.start, range.end);
                let mut b = Block::new(BlockKind::Rule, String::new(), line, end);
                b.markdown = String::new();
                self.push(b);
            }
            Event::TaskListMarker(_) | Event::FootnoteReference(_) => {}
        }
    }

    fn start(&mut self, tag: Tag, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => {
                if self.items.last() == Some(&true) {
                    self.open_item_leaf(range.start);
                } else if self.leaf.is_none() {
                    let kind = if self.quote > 0 {
                        BlockKind::Quote
                    } else {
                        BlockKind::Paragraph
                    };
                    self.open(kind, range.start, 0);
                }
            }
            Tag::Heading { level, .. } => {
                self.close_leaf();
                self.open(BlockKind::Heading, range.start, level as u8);
            }
            Tag::BlockQuote(_) => {
                self.close_leaf();
                self.quote += 1;
            }
            Tag::CodeBlock(kind) => {
                self.close_leaf();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .map(|s| s.trim_matches('.').to_ascii_lowercase())
                        .filter(|s| !s.is_empty()),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, range.start, String::new()));
                // The item's text is not to come any more: its first block is code.
                if let Some(p) = self.items.last_mut() {
                    *p = false;
                }
                let _ = range;
            }
            Tag::List(first) => {
                self.close_leaf();
                self.lists.push(first);
            }
            Tag::Item => {
                self.close_leaf();
                self.items.push(true);
            }
            Tag::Table(_) => {
                self.close_leaf();
                self.table_header.clear();
            }
            Tag::TableHead => {
                self.in_head = true;
                self.row.clear();
                self.head_start = range.start;
            }
            Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.cell = Some(String::new()),
            Tag::Strong | Tag::Emphasis => {
                let delimiter = python_name_delimiter(&self.src[range.clone()]);
                self.literal.push(delimiter);
                match delimiter {
                    Some(d) => self.text(d, range.start..range.start + d.len()),
                    None if matches!(tag, Tag::Strong) => self.strong += 1,
                    None => {}
                }
            }
            Tag::Link { dest_url, .. } => self.link.push(dest_url.starts_with('#')),
            Tag::HtmlBlock => self.close_leaf(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: std::ops::Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                if let Some(l) = self.leaf.as_mut() {
                    l.end = l.end.max(range.end);
                }
                self.close_leaf();
            }
            TagEnd::BlockQuote(_) => {
                self.close_leaf();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => self.end_code(range),
            TagEnd::List(_) => {
                self.close_leaf();
                self.lists.pop();
            }
            TagEnd::Item => self.end_item(range),
            TagEnd::TableCell => {
                let cell = self.cell.take().unwrap_or_default();
                self.row.push(cell.trim().to_string());
            }
            TagEnd::TableHead => self.end_table_head(range),
            TagEnd::TableRow => self.end_table_row(range),
            TagEnd::Strong | TagEnd::Emphasis => match self.literal.pop().flatten() {
                Some(d) => self.text(d, range.end - d.len()..range.end),
                None if matches!(tag, TagEnd::Strong) => {
                    self.strong = self.strong.saturating_sub(1)
                }
                None => {}
            },
            TagEnd::Link => {
                self.link.pop();
            }
            TagEnd::HtmlBlock => self.flush_html(),
            _ => {}
        }
    }

    /// The code block read so far becomes a block; indented code gets a fence.
    fn end_code(&mut self, range: std::ops::Range<usize>) {
        if let Some((lang, start, code)) = self.code.take() {
            let (line, end) = self.index.span(start, range.end);
            let source = self.source_lines(line, end);
            let fenced = source.trim_start().starts_with(['`', '~']);
            // A fence that holds prose and numbered questions, not code: a chat export whose
            // fences broke. Its text is read as Markdown, and the split says so.
            let plain_lang = lang
                .as_deref()
                .is_none_or(|l| matches!(l, "text" | "txt" | "markdown" | "md" | "plaintext"));
            if fenced && plain_lang && holds_questions(&code, self.cues) {
                let shift = line; // the text starts on the line after the opening fence
                for mut b in blocks(&code, self.cues) {
                    b.line += shift;
                    b.line_end += shift;
                    b.unfenced = true;
                    self.push(b);
                }
                return;
            }
            // Indented code becomes a fenced block: answers are Markdown with fences.
            let lang =
                lang.or_else(|| (!fenced && reads_as_python(&code)).then(|| "python".into()));
            let markdown = if fenced {
                source
            } else {
                format!(
                    "```{}\n{}\n```",
                    lang.as_deref().unwrap_or(""),
                    code.trim_end()
                )
            };
            let mut b = Block::new(BlockKind::Code { lang }, code, line, end);
            b.markdown = markdown;
            self.push(b);
        }
    }

    /// A list item ends: its own text closes and the list counts on.
    fn end_item(&mut self, range: std::ops::Range<usize>) {
        if let Some(l) = self.leaf.as_mut() {
            if matches!(l.kind, BlockKind::ListItem { .. }) {
                l.end = l.end.max(range.start + 1);
            }
        }
        self.close_leaf();
        self.items.pop();
        if let Some(Some(n)) = self.lists.last_mut() {
            *n += 1;
        }
    }

    /// A table's header row becomes a block of its own and the names of the rows below.
    fn end_table_head(&mut self, range: std::ops::Range<usize>) {
        self.in_head = false;
        self.table_header = std::mem::take(&mut self.row);
        let (line, end) = self.index.span(self.head_start, range.end);
        // The delimiter row `|---|---|` belongs to the header.
        let end = end + 1;
        let text = self.table_header.join(" | ");
        let mut b = Block::new(
            BlockKind::TableRow {
                header: Vec::new(),
                cells: self.table_header.clone(),
            },
            text,
            line,
            end,
        );
        b.markdown = self.source_lines(line, end);
        self.push(b);
    }

    /// A table row becomes a block with the header's names.
    fn end_table_row(&mut self, range: std::ops::Range<usize>) {
        let cells = std::mem::take(&mut self.row);
        let (line, end) = self.index.span(range.start, range.end);
        let text = cells.join(" | ");
        let mut b = Block::new(
            BlockKind::TableRow {
                header: self.table_header.clone(),
                cells,
            },
            text,
            line,
            end,
        );
        b.markdown = self.source_lines(line, end);
        self.push(b);
    }

    fn text(&mut self, t: &str, range: std::ops::Range<usize>) {
        if let Some((_, _, code)) = self.code.as_mut() {
            code.push_str(t);
            return;
        }
        if let Some(c) = self.cell.as_mut() {
            c.push_str(t);
            return;
        }
        if self.leaf.is_none() {
            if self.items.last() == Some(&true) {
                self.open_item_leaf(range.start);
            } else {
                self.open(BlockKind::Paragraph, range.start, 0);
            }
        }
        let strong = self.strong > 0;
        let link = self.link.last().copied();
        if let Some(l) = self.leaf.as_mut() {
            l.text.push_str(t);
            l.end = l.end.max(range.end);
            l.tally.add(t, strong, link);
        }
    }

    fn open(&mut self, kind: BlockKind, start: usize, depth: u8) {
        self.leaf = Some(Leaf {
            kind,
            text: String::new(),
            start,
            end: start,
            depth,
            tally: InlineTally::default(),
        });
    }

    /// The first text of a list item: the item itself. Its start is the marker's line.
    fn open_item_leaf(&mut self, start: usize) {
        if let Some(p) = self.items.last_mut() {
            *p = false;
        }
        let ordinal = self.lists.last().copied().flatten();
        let depth = self.lists.len().saturating_sub(1) as u8;
        // The item's marker stands at the start of the line that holds its text.
        let line_start = self.src[..start].rfind('\n').map_or(0, |i| i + 1);
        self.open(
            BlockKind::ListItem { ordinal },
            line_start.min(start),
            depth,
        );
    }

    fn close_leaf(&mut self) {
        let Some(l) = self.leaf.take() else { return };
        let text = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let (line, end) = self.index.span(l.start, l.end);
        let links_only = l.tally.links_only();
        let kind = l.tally.kind(l.kind);
        if text.is_empty() && !matches!(kind, BlockKind::ListItem { .. }) {
            return;
        }
        if end > line
            && !matches!(kind, BlockKind::Heading)
            && self.cut_lazy_lines(&kind, line, end, l.depth)
        {
            return;
        }
        let mut b = Block::new(kind, text, line, end);
        b.depth = l.depth;
        b.strong = l.tally.all_strong();
        b.links_only = links_only;
        b.markdown = self.source_lines(line, end);
        self.push(b);
    }

    /// Pasted text often strings numbered questions together with no blank line between them,
    /// and CommonMark reads them as one paragraph (`2.` cannot interrupt a paragraph). When two or
    /// more of its later lines open a question, each line is a block of its own.
    fn cut_lazy_lines(&mut self, kind: &BlockKind, line: usize, end: usize, depth: u8) -> bool {
        let src = self.src;
        let lines: Vec<&str> = self.index.slice(src, line, end).split('\n').collect();
        // Only a line that opens with a digit or a letter can open a question by itself.
        let openers = lines[1..]
            .iter()
            .filter(|l| l.trim_start().starts_with(|c: char| c.is_alphanumeric()))
            .filter(|l| self.cues.opens_question(l))
            .count();
        if openers < 2 {
            // `1. What is a list?` with its answer on the next line, no blank between: the
            // question is the first line, the rest its answer.
            let first = lines[0]
                .trim()
                .trim_end_matches("<br>")
                .trim_end_matches("<br/>")
                .trim_end_matches("<br />")
                .trim_end_matches(['*', '_']);
            // A hard line break (`<br>`, two spaces, a backslash) after the first line also
            // sets the question apart from what follows.
            let raw = lines[0].trim_start();
            let hard_break = raw.ends_with("<br>")
                || raw.ends_with("<br/>")
                || raw.ends_with("<br />")
                || raw.ends_with("  ")
                || raw.ends_with('\\');
            let asks = first.ends_with(['?', '？']) || hard_break;
            if !asks || lines[1..].iter().all(|l| l.trim().is_empty()) {
                return false;
            }
            let first = first.trim_end_matches('\\').trim_end();
            let text = match kind {
                BlockKind::ListItem { .. } => strip_marker(first),
                _ => first,
            };
            let mut q = Block::new(kind.clone(), unbold(text), line, line);
            q.depth = depth;
            q.markdown = lines[0].to_string();
            self.push(q);
            let rest: Vec<&str> = lines[1..].iter().map(|l| l.trim()).collect();
            let mut a = Block::new(BlockKind::Paragraph, rest.join(" "), line + 1, end);
            a.markdown = rest.join("\n");
            self.push(a);
            return true;
        }
        for (k, raw) in lines.iter().enumerate() {
            let t = raw.trim();
            if t.is_empty() {
                continue;
            }
            let (kind, text) = if k == 0 {
                let text = match kind {
                    BlockKind::ListItem { .. } => strip_marker(t),
                    _ => t,
                };
                (kind.clone(), text)
            } else {
                (BlockKind::Paragraph, t)
            };
            let mut b = Block::new(kind, unbold(text), line + k, line + k);
            b.depth = if k == 0 { depth } else { 0 };
            b.markdown = raw.trim_start().to_string();
            self.push(b);
            if k > 0 {
                // Lazy lines stand at the left margin, whatever the parser nested them in.
                if let Some(last) = self.out.last_mut() {
                    last.item_depth = 0;
                }
            }
        }
        true
    }

    fn push(&mut self, mut b: Block) {
        b.item_depth = self.items.len() as u8;
        if matches!(b.kind, BlockKind::ListItem { .. }) {
            b.item_depth = b.item_depth.saturating_sub(1);
        }
        b.details_depth = self.details;
        self.out.push(b);
    }

    /// HTML inside Markdown: its blocks from the HTML front end, `<details>` nesting counted.
    fn flush_html(&mut self) {
        let Some((start, end, html)) = self.html.take() else {
            return;
        };
        let first_line = self.index.line(start);
        let (_, last_line) = self.index.span(start, end);
        let lower = html.to_ascii_lowercase();
        let opens = lower.matches("<details").count() as u8;
        let closes = lower.matches("</details").count() as u8;
        let outer = self.details;
        for mut b in html::fragment_blocks(&html, first_line) {
            b.line = b.line.clamp(first_line, last_line);
            b.line_end = b.line_end.clamp(b.line, last_line);
            let inner = b.details_depth;
            self.push(b);
            if let Some(last) = self.out.last_mut() {
                last.details_depth = outer.saturating_add(inner);
            }
        }
        self.details = outer.saturating_add(opens).saturating_sub(closes);
    }

    /// Lines `line..=end` of the source, as written.
    fn source_lines(&self, line: usize, end: usize) -> String {
        self.index.slice(self.src, line, end).to_string()
    }
}

/// Most lines of `code` read as Python statements.
/// A source line's text without its bold markers: `**` runs that pair (never inside backticks,
/// so `*args and **kwargs` stays) and `__` around the whole line; a dunder (`__init__`) stays.
fn unbold(text: &str) -> String {
    let t = super::super::question::strip_emphasis(text);
    match t.strip_prefix("__").and_then(|r| r.strip_suffix("__")) {
        Some(inner) if python_name_delimiter(&t).is_none() && !inner.is_empty() => {
            inner.to_string()
        }
        _ => t,
    }
}

/// The delimiters of a strong span that is a Python dunder written without backticks:
/// `__init__` parses as strong `init`, but it is the name `__init__`. A word in single
/// underscores (`_Python_`) stays emphasis.
fn python_name_delimiter(span: &str) -> Option<&'static str> {
    let inner = span.strip_prefix("__")?.strip_suffix("__")?;
    (!inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !inner.starts_with('_')
        && !inner.ends_with('_'))
    .then_some("__")
}

/// Prose with a numbered or labelled question in it (`7. What are *args and **kwargs?`), and
/// not code: most of its lines do not read as code.
fn holds_questions(text: &str, cues: &Cues) -> bool {
    let numbered = |l: &str| {
        let t = l.trim_start();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        (1..=3).contains(&digits)
            && t[digits..].starts_with(['.', ')'])
            && cues.is_question_like(t[digits + 1..].trim())
    };
    !reads_as_python(text) && text.lines().any(numbered)
}

fn reads_as_python(code: &str) -> bool {
    let lines: Vec<&str> = code.lines().filter(|l| !l.trim().is_empty()).collect();
    let python = lines
        .iter()
        .filter(|l| crate::stages::split::cues::looks_like_code(l))
        .count();
    !lines.is_empty() && python * 2 > lines.len()
}

/// A list item's text without its marker (`- `, `3. `, `2) `).
fn strip_marker(line: &str) -> &str {
    let t = line.trim_start();
    let after = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let after = if after.len() < t.len() {
        after.strip_prefix(['.', ')']).unwrap_or(t)
    } else {
        after.strip_prefix(['-', '*', '+']).unwrap_or(t)
    };
    after.trim_start()
}

#[cfg(test)]
mod tests;

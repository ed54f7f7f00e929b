//! The one tree every front end reduces its format to: a flat list of blocks in document order,
//! each with its source lines and its depth (heading level, list nesting).
//!
//! Flat rather than nested because every question finder question is "which blocks come between
//! this question and the next": nesting is kept as `depth` and `item_depth`, enough to tell a
//! sub-list of options from a list of questions.

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's inline text on one line: markup reduced, code spans kept in backticks.
    pub text: String,
    /// How the block reads inside an answer, as Markdown.
    pub markdown: String,
    /// 1-based source lines, first and last.
    pub line: usize,
    pub line_end: usize,
    /// Heading level (1-6) for a heading; nesting depth (0 = top) for a list item.
    pub depth: u8,
    /// Inside how many list items this block stands (0 for a top-level paragraph).
    pub item_depth: u8,
    /// Inside how many `<details>` this block stands.
    pub details_depth: u8,
    /// The whole inline text is bold (`**Q: …**`).
    pub strong: bool,
    /// The inline text is nothing but links (a contents entry, a list of resources).
    pub links_only: bool,
    /// The notebook cell the block came from.
    pub cell: Option<usize>,
}

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem {
        ordinal: Option<u64>,
    },
    /// One body row of a table, with the header's names.
    TableRow {
        header: Vec<String>,
        cells: Vec<String>,
    },
    Code {
        lang: Option<String>,
    },
    Quote,
    /// The always-visible line of a `<details>` block.
    Summary,
    Rule,
    /// What a page shows around its content: navigation, share buttons, reader comments.
    Chrome {
        why: &'static str,
    },
}

impl Block {
    /// A block with the given kind, text and lines; the rest at its defaults.
    pub fn new(kind: BlockKind, text: String, line: usize, line_end: usize) -> Block {
        Block {
            kind,
            markdown: text.clone(),
            text,
            line,
            line_end: line_end.max(line),
            depth: 0,
            item_depth: 0,
            details_depth: 0,
            strong: false,
            links_only: false,
            cell: None,
        }
    }

    pub fn is_heading(&self) -> bool {
        self.kind == BlockKind::Heading
    }

    pub fn is_chrome(&self) -> bool {
        matches!(self.kind, BlockKind::Chrome { .. })
    }
}

/// `- **What is a set?** An unordered collection.`: a bold question that opens a list item or a
/// paragraph, its answer after it on the same line. Each such block becomes the question and a
/// paragraph holding the rest, so that every finder role sees the question on its own.
pub fn split_bold_leads(blocks: Vec<Block>) -> Vec<Block> {
    use regex::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^\s*(?:[-*+]\s+|\d{1,4}[.)]\s+)?\*\*([^*\n]+?[?？])\*\*\s*[:\-–—]?\s*(\S[\s\S]*)$",
        )
        .expect("static regex")
    });
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let candidate = matches!(b.kind, BlockKind::ListItem { .. } | BlockKind::Paragraph)
            && !b.strong
            && b.markdown.contains("**");
        let caps = candidate.then(|| re.captures(&b.markdown)).flatten();
        let Some(c) = caps else {
            out.push(b);
            continue;
        };
        let (question, rest) = (c[1].trim().to_string(), c[2].trim().to_string());
        let mut q = b.clone();
        q.text = question.clone();
        q.markdown = format!("**{question}**");
        q.strong = true;
        q.line_end = q.line;
        let mut a = Block::new(
            BlockKind::Paragraph,
            rest.replace("**", ""),
            b.line,
            b.line_end,
        );
        a.markdown = rest;
        a.item_depth = b.item_depth + matches!(b.kind, BlockKind::ListItem { .. }) as u8;
        a.details_depth = b.details_depth;
        a.cell = b.cell;
        out.push(q);
        out.push(a);
    }
    out
}

/// Byte offsets to 1-based line numbers, for front ends whose parser reports offsets.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// The lines of the byte range `start..end` (an empty range is its start's line).
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.line(start);
        let last = if end > start {
            self.line(end - 1)
        } else {
            first
        };
        (first, last.max(first))
    }

    /// Lines `line..=end` (1-based) of `text`, without the final line break.
    pub fn slice<'t>(&self, text: &'t str, line: usize, end: usize) -> &'t str {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        let stop = self
            .starts
            .get(end)
            .map_or(text.len(), |&next| next.saturating_sub(1))
            .max(start);
        &text[start..stop.min(text.len())]
    }
}

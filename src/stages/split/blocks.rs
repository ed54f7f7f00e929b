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
    /// Read out of a code fence that held prose and questions (a chat export whose fences
    /// broke): the split reports it.
    pub unfenced: bool,
    /// A title printed twice (slide pages): it titles a question.
    pub doubled: bool,
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
            unfenced: false,
            doubled: false,
        }
    }

    pub fn is_heading(&self) -> bool {
        self.kind == BlockKind::Heading
    }

    pub fn is_chrome(&self) -> bool {
        matches!(self.kind, BlockKind::Chrome { .. })
    }

    /// Why a chrome block is rejected: debris of a copy (a copy button, a code viewer's line
    /// numbers) is an artifact; navigation and the like are chrome.
    pub fn chrome_reason(&self) -> crate::model::RejectReason {
        match self.kind {
            BlockKind::Chrome {
                why: "copy button" | "line numbers",
            } => crate::model::RejectReason::Artifact,
            _ => crate::model::RejectReason::Chrome,
        }
    }
}

/// What a block's inline text was made of, counted as a front end reads it: how much was bold,
/// how much sat in links and of which kind. One tally for every front end, so that "bold
/// question" and "contents entry" mean the same in Markdown and in HTML.
#[derive(Debug, Default, Clone)]
pub struct InlineTally {
    strong_chars: usize,
    plain_chars: usize,
    anchor_links: usize,
    other_links: usize,
    link_chars: usize,
    /// Whether the first visible text stood in an anchor link (`[Intro](#intro): …`).
    opens_with_anchor: Option<bool>,
}

impl InlineTally {
    /// Counts `text`, read inside bold when `strong`, inside a link when `link` is set (`true`
    /// for a link to an anchor of the same page).
    pub fn add(&mut self, text: &str, strong: bool, link: Option<bool>) {
        let visible = text.chars().filter(|c| !c.is_whitespace()).count();
        if strong {
            self.strong_chars += visible;
        } else {
            self.plain_chars += visible;
        }
        if visible > 0 && self.opens_with_anchor.is_none() {
            self.opens_with_anchor = Some(link == Some(true));
        }
        match link {
            Some(true) => {
                self.anchor_links += 1;
                self.link_chars += visible;
            }
            Some(false) => {
                self.other_links += 1;
                self.link_chars += visible;
            }
            None => {}
        }
    }

    /// All of the text is bold.
    pub fn all_strong(&self) -> bool {
        self.strong_chars > 0 && self.plain_chars == 0
    }

    /// The text is nothing but links.
    pub fn links_only(&self) -> bool {
        self.link_chars > 0 && self.link_chars * 10 >= (self.strong_chars + self.plain_chars) * 9
    }

    /// The block's kind, or `Chrome` for a contents entry: a list item that opens with an anchor
    /// link, or any block but a heading made of anchor links alone.
    pub fn kind(&self, kind: BlockKind) -> BlockKind {
        let entry =
            matches!(kind, BlockKind::ListItem { .. }) && self.opens_with_anchor == Some(true);
        let anchors_only = self.links_only()
            && self.other_links == 0
            && self.anchor_links > 0
            && kind != BlockKind::Heading;
        if entry || anchors_only {
            BlockKind::Chrome { why: "contents" }
        } else {
            kind
        }
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

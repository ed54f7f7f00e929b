//! The question finder: one block list in, questions with their answers out, decided section by
//! section.
//!
//! 1. Headings first. A heading is a question when it reads as one, or when it is numbered at a
//!    depth where most headings are numbered (`## 3. Reverse a String`); it is a section when it is
//!    marked as one (`## # 3. Topic`, `🟢 Basic Level`) or reads as a title. Everything below a
//!    question heading, deeper headings too (`#### 1.` steps), is its answer.
//! 2. Between headings, each run of blocks picks the role that holds its questions: `Q:` markers,
//!    `<details>` summaries, table rows with a question column, bold paragraphs, numbered
//!    paragraphs, list items, or plain paragraphs that ask and are answered. The role with the
//!    most question-like blocks wins; its confidence and the runner-up are reported.
//! 3. A question's answer is every block after it up to the next question or the run's end.
//!
//! Never does: look at a file name, keep page chrome, take a question-like block that sits in an
//! answer for a question of its own.

mod answers;
mod labels;
mod roles;
mod rows;
mod runs;
mod walk;

use super::blocks::{Block, BlockKind};
use super::cues::Cues;
use crate::model::{RejectReason, SectionRole};
use labels::is_numbered;
use walk::{pick_title, Walk};

/// One question found, with what the record needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The question's own text, not yet cleaned of numbering and markers.
    pub question: String,
    /// Markdown; `None` when the source gives none.
    pub answer: Option<String>,
    pub line: usize,
    pub line_end: usize,
    pub section: Vec<String>,
    /// The difficulty a question bank or table states for it.
    pub difficulty: Option<String>,
    pub cell: Option<usize>,
    /// A title (`## 3. Reverse a String`), not a sentence that asks.
    pub from_title: bool,
    /// Found by a heading or by a role that most of its section's blocks fit.
    pub confident: bool,
}

/// Everything the finder decided about one document.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    pub title: Option<String>,
    pub found: Vec<Found>,
    /// Blocks in no question: (block index, reason).
    pub rejects: Vec<(usize, RejectReason)>,
    pub roles: Vec<SectionRole>,
    /// Question-like blocks that ended up rejected rather than taken.
    pub left_out: usize,
}

/// The blocks of one document with what every role asks of them, judged once.
struct Doc<'a> {
    blocks: &'a [Block],
    cues: &'a Cues,
    /// The block's text reads as a question.
    asks: Vec<bool>,
    /// The block's text opens with a number (`3.`, `Q3.`, keycaps).
    numbered: Vec<bool>,
    /// The document's title says it holds questions (`Practice Questions`).
    title_names_questions: bool,
}

impl<'a> Doc<'a> {
    fn new(blocks: &'a [Block], cues: &'a Cues, title: Option<usize>) -> Self {
        Doc {
            blocks,
            cues,
            // Code, rules and chrome never ask, whatever their text says.
            asks: blocks
                .iter()
                .map(|b| text_bearing(b) && cues.reads_as_question(&b.text))
                .collect(),
            numbered: blocks
                .iter()
                .map(|b| text_bearing(b) && is_numbered(&b.text))
                .collect(),
            title_names_questions: title.is_some_and(|t| cues.names_questions(&blocks[t].text)),
        }
    }
}

/// A block whose text a reader would read as prose or a title.
fn text_bearing(b: &Block) -> bool {
    !matches!(
        b.kind,
        BlockKind::Code { .. } | BlockKind::Rule | BlockKind::Chrome { .. }
    )
}

/// Finds the questions of one document's blocks.
pub fn find(blocks: &[Block], cues: &Cues) -> Finding {
    let title = pick_title(blocks, cues);
    let doc = Doc::new(blocks, cues, title);
    let mut walk = Walk::new(&doc, title);
    let mut i = 0;
    while i < blocks.len() {
        i = walk.step(i);
    }
    walk.finish()
}

/// The headings above, as a record's section path.
fn section_path(sections: &[(u8, String)]) -> Vec<String> {
    sections.iter().map(|(_, s)| s.clone()).collect()
}
